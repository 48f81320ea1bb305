"""partnermap.perf: the collector is paused while big object graphs are made, and only the console
script freezes what was made (a library in a long-lived process must not)."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import gc, sys
from partnermap import perf
if sys.argv[1] == "command":
    perf.one_command()
before = gc.get_freeze_count()
with perf.gc_paused():
    assert not gc.isenabled()
    made = [[i] for i in range(10_000)]
print(gc.isenabled(), gc.get_freeze_count() - before >= 10_000)
"""


def _run(mode: str) -> str:
    return subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, check=True).stdout.split()


def test_a_library_caller_gets_the_collector_back_with_nothing_frozen():
    assert _run("library") == ["True", "False"]


def test_the_console_script_freezes_what_a_paused_block_made():
    assert _run("command") == ["True", "True"]


def test_the_console_script_entry_point_turns_it_on():
    program = ("import sys\nfrom partnermap import cli, perf\nsys.argv = ['partnermap', '--version']\n"
               "try:\n    cli.main()\nexcept SystemExit:\n    pass\nprint(perf._freeze_after)")
    assert subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True).stdout.split()[-1] == "True"


def _double_in_worker(x: int) -> tuple[int, bool]:
    """x * 2, and whether it ran in a worker process."""
    import multiprocessing

    return x * 2, multiprocessing.parent_process() is not None


def _die_in_worker(x: int) -> int:
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None:
        os._exit(3)  # the worker dies; the caller must still get the answer
    return x * 2


def _sleep_in_worker(seconds: float) -> float:
    import time

    time.sleep(seconds)
    return seconds


def test_background_work_goes_to_another_process_only_in_the_console_script(monkeypatch):
    from partnermap import perf

    monkeypatch.delenv(perf.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(perf, "_freeze_after", False)  # a library caller: here, when asked
    job = perf.Background(_double_in_worker, 21)
    assert not job.in_worker and job.result() == (42, False)
    monkeypatch.setattr(perf, "_freeze_after", True)  # the console script
    monkeypatch.setattr(perf.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    job = perf.Background(_double_in_worker, 21)
    assert job.in_worker and job.result() == (42, True)
    monkeypatch.setenv(perf.WORKERS_VARIABLE, "0")  # turned off
    job = perf.Background(_double_in_worker, 21)
    assert not job.in_worker and job.result() == (42, False)
    monkeypatch.setenv(perf.WORKERS_VARIABLE, "")
    monkeypatch.setattr(perf.os, "sched_getaffinity", lambda pid: {0})  # one core
    assert not perf.Background(_double_in_worker, 1).in_worker


def test_a_worker_that_dies_costs_time_not_the_answer(monkeypatch):
    from partnermap import perf

    monkeypatch.setattr(perf, "_freeze_after", True)
    monkeypatch.setattr(perf.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    job = perf.Background(_die_in_worker, 5)
    assert job.in_worker and job.result() == 10


def test_a_job_nobody_collects_is_stopped(monkeypatch):
    from partnermap import perf

    monkeypatch.setattr(perf, "_freeze_after", True)
    monkeypatch.setattr(perf.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    job = perf.Background(_sleep_in_worker, 60)
    processes = list(job._pool._processes.values())
    assert job.in_worker and processes
    job.close()
    for process in processes:
        process.join(timeout=10)
        assert not process.is_alive()
