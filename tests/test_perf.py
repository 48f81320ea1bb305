"""partnermap.perf: the collector is paused while big object graphs are made, and given back after."""

from __future__ import annotations

import gc

from partnermap.perf import gc_paused


def test_the_collector_is_paused_inside_and_given_back_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_the_block_raises():
    try:
        with gc_paused():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()


def test_the_console_script_runs_its_command_with_the_collector_paused(monkeypatch):
    from partnermap import cli

    seen = []
    monkeypatch.setattr(cli, "cli", lambda **kwargs: seen.append(gc.isenabled()))
    cli.main()
    assert seen == [False] and gc.isenabled()
