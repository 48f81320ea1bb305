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


def _ends(process, seconds: float = 10) -> bool:
    """Whether a worker process ends within ``seconds`` (reaped by its ``join``, or a pid that is gone)."""
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        process.join(timeout=0.1)
        if process.exitcode is not None:
            return True
        try:
            os.kill(process.pid, 0)
        except ProcessLookupError:
            return True
    return False


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


def test_a_worker_that_dies_costs_time_not_the_answer(workers_on):
    perf = workers_on
    job = perf.Background(_die_in_worker, 5)
    assert job.in_worker and job.result() == 10


def test_a_job_nobody_collects_is_stopped(workers_on):
    perf = workers_on
    job = perf.Background(_sleep_in_worker, 60)
    processes = [job.process]
    assert job.in_worker and processes
    job.close()
    for process in processes:
        assert _ends(process)


def _scaled_in_worker(factor: int, x: int) -> tuple[int, bool]:
    """x * factor (the context), and whether it ran in a worker process."""
    import multiprocessing
    import time

    in_worker = multiprocessing.parent_process() is not None
    if not in_worker:
        time.sleep(0.05)  # here is slow, so the worker gets ahead
    return x * factor, in_worker


def _die_with_context(factor: int, x: int) -> int:
    _die_in_worker(x)  # dies in a worker; here, goes on
    return x * factor


def test_ahead_gives_every_result_in_order_most_from_the_worker(workers_on):
    perf = workers_on
    ahead = perf.Ahead(_scaled_in_worker, list(range(40)), context=3)
    results = list(ahead)
    assert [value for value, _ in results] == [3 * x for x in range(40)]
    assert ahead.from_worker == sum(in_worker for _, in_worker in results) > 0
    here = perf.Ahead(_scaled_in_worker, [1, 2], context=3, here=True)  # small work: no worker
    assert list(here) == [(3, False), (6, False)] and here.from_worker == 0


def test_ahead_with_a_worker_that_dies_still_gives_every_answer(workers_on):
    perf = workers_on
    ahead = perf.Ahead(_die_with_context, [1, 2, 3], context=5)
    assert list(ahead) == [5, 10, 15] and ahead.from_worker == 0


def test_ahead_with_a_job_that_cannot_go_to_a_worker_computes_here(workers_on):
    ahead = workers_on.Ahead(lambda factor, x: x * factor, [1, 2], context=3)  # a lambda does not pickle
    assert list(ahead) == [3, 6] and ahead.from_worker == 0


def test_ahead_left_part_way_stops_its_worker(workers_on):
    ahead = workers_on.Ahead(_sleep_with_context, [0.0, 60.0, 60.0])
    processes = [ahead.process]
    assert processes
    results = iter(ahead)
    assert next(results) == 0.0
    results.close()  # the caller stops part way (as an exception in the build would)
    for process in processes:
        assert _ends(process)


def _sleep_with_context(_: object, seconds: float) -> float:
    return _sleep_in_worker(seconds)


def _stuck_in_worker(_: object, x: int) -> int:
    """x at once here; in a worker, stuck for a minute first (the caller gets ahead of it)."""
    import multiprocessing
    import time

    if multiprocessing.parent_process() is not None:
        time.sleep(60)
    return x


def test_ahead_overtaking_its_worker_stops_it_quietly(workers_on, monkeypatch):
    """The caller computes everything itself while its worker starts, is stuck or dies; letting
    the worker go then raises nothing in any thread (a thread's traceback would reach the
    command's stderr), and leaves no thread, process or file behind."""
    import threading
    import time

    import tempfile
    from pathlib import Path

    def jobs() -> set:
        return set(Path(tempfile.gettempdir()).glob("partnermap-worker-*"))

    raised = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    before, files = set(threading.enumerate()), jobs()
    processes = []
    for _ in range(5):
        for func, factor in ((_stuck_in_worker, None), (_die_with_context, 5)):
            ahead = workers_on.Ahead(func, list(range(20)), context=factor)
            processes.append(ahead.process)
            assert list(ahead) == [x * (factor or 1) for x in range(20)]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and set(threading.enumerate()) - before:
        time.sleep(0.1)  # any helper thread ends
    assert not set(threading.enumerate()) - before
    assert raised == []
    assert all(process is not None and _ends(process) for process in processes)
    assert jobs() <= files  # the job files are gone


def _pid_in_worker(x: int) -> tuple[int, int]:
    import os

    return x * 2, os.getpid()


def test_a_prestarted_worker_serves_the_next_job(workers_on):
    perf = workers_on
    perf.prestart("json")
    standby = perf._standby
    assert standby is not None and standby.process.is_alive()
    perf.prestart("json")
    assert perf._standby is standby  # one waits already
    job = perf.Background(_pid_in_worker, 21)
    assert perf._standby is None and job.process is standby.process
    assert job.result() == (42, standby.process.pid)
    assert _ends(standby.process)
    job = perf.Background(_pid_in_worker, 4)  # the next job starts a process of its own
    assert job.in_worker and job.result()[0] == 8


def test_a_prestarted_worker_that_has_gone_is_replaced(workers_on):
    perf = workers_on
    perf.prestart("no_such_module_anywhere")  # its import fails: the process ends at once
    standby = perf._standby
    assert standby is not None and _ends(standby.process)
    ahead = perf.Ahead(_scaled_in_worker, list(range(20)), context=2)
    results = list(ahead)
    assert [value for value, _ in results] == [2 * x for x in range(20)]
    assert perf._standby is None and ahead.from_worker > 0


def test_no_worker_is_prestarted_for_a_library_caller(monkeypatch):
    from partnermap import perf

    monkeypatch.setattr(perf, "_freeze_after", False)
    perf.prestart("json")
    assert perf._standby is None
