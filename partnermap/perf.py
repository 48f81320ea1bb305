"""Small performance helpers shared by the stages.

>>> with gc_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


_freeze_after = False  # set by one_command(): freeze what each paused block made; workers allowed


def one_command() -> None:
    """Tune a process that runs one command and exits (the console script).

    From then on big jobs may go to a worker process (:class:`Background`, :func:`workers_allowed`),
    and :func:`gc_paused` ends by freezing (``gc.freeze``) every object made so far rather than
    letting the collector walk them: the first allocation after a long pause would
    otherwise start a full collection over millions of objects (a plan's rows, its graph), and each
    later one would walk them again, as would the collection at exit (about 4 s of a 100,000-activity
    ``gaps`` run). Frozen objects are still freed when no longer referenced; only reference cycles
    among them wait for the process to end, which is what a library in a long-lived process must
    not do, so this is for the command line only.
    """
    global _freeze_after
    _freeze_after = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large object graphs.

    Reading a plan and building its graph make millions of objects and next to no reference
    cycles; each full collection would walk all of them again. Nested uses are fine.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze_after:
            gc.freeze()
        if collecting:
            gc.enable()



#: set PARTNERMAP_WORKERS=0 to run everything in this process
WORKERS_VARIABLE = "PARTNERMAP_WORKERS"


class Background(Generic[T]):
    """``func(*args)`` computed in another process, on another core, while this one goes on.

    :meth:`result` waits for it. Where no second core or process is to be had (one core,
    ``PARTNERMAP_WORKERS=0``, a process that cannot start or dies), the call runs here instead,
    when the result is asked for: the answer is the same either way. ``func`` and ``args`` must
    pickle (a module-level function and plain data); the worker starts fresh (``spawn``), so it
    shares nothing with this process but what it is sent.

    >>> job = Background(sorted, [3, 1, 2], here=True)  # here=True: no worker
    >>> job.result(), job.in_worker
    ([1, 2, 3], False)
    """

    def __init__(self, func: Callable[..., T], *args, here: bool = False):
        self._func, self._args = func, args
        self._pool = self._future = None
        if here or not workers_allowed():
            return
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # Ctrl-C is this process's to handle (it stops the worker); the worker ignores it
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
            self._future = self._pool.submit(func, *args)
        except (OSError, RuntimeError, ImportError):  # no processes here: compute when asked
            self.close()

    @property
    def in_worker(self) -> bool:
        """True when another process is computing it."""
        return self._future is not None

    def result(self) -> T:
        """The value, from the worker or computed here."""
        if self._future is not None:
            try:
                return self._future.result()
            except (OSError, RuntimeError, EOFError):  # the worker died (BrokenProcessPool is a RuntimeError)
                pass
            finally:
                self.close()
        return self._func(*self._args)

    def close(self) -> None:
        """Let the worker go: it ends once idle; one still computing is stopped."""
        pool, future, self._pool, self._future = self._pool, self._future, None, None
        if pool is None:
            return
        running = [] if future is None or future.done() else list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=not running, cancel_futures=True)
        for process in running:
            process.terminate()


def workers_allowed() -> bool:
    """True when work may go to another process: in the console script (:func:`one_command`; a
    library caller's own script would be run again by ``spawn`` unless it guards its main code),
    with more than one core, and not ``PARTNERMAP_WORKERS=0``."""
    if not _freeze_after or os.environ.get(WORKERS_VARIABLE, "").strip() == "0":
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1
