"""Small performance helpers shared by the stages.

>>> with gc_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
import os
import pickle
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


def _start_worker(context: object = None):
    """A pool of one fresh (``spawn``) worker process, or None where none can start. ``context``
    is sent once and handed to every call (see :class:`Ahead`)."""
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_started, initargs=(context,))
    except (OSError, RuntimeError, ImportError):  # no processes here
        return None


_context: object = None  # in a worker: what its starter sent


def _worker_started(context: object) -> None:
    global _context
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle (it stops the worker)
    _context = context


def _with_context(func: Callable, item: object):
    return func(_context, item)


def _stop(pool, futures) -> None:
    """Let a pool go: an idle worker ends by itself; one still computing is stopped."""
    if pool is None:
        return
    busy = any(not f.done() for f in futures)
    processes = list((getattr(pool, "_processes", None) or {}).values()) if busy else []
    pool.shutdown(wait=not busy, cancel_futures=True)
    for process in processes:
        process.terminate()


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
        self._pool = _start_worker()
        try:
            self._future = self._pool.submit(func, *args) if self._pool is not None else None
        except Exception:  # noqa: BLE001 - a worker that cannot start (or take the job): compute here
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
            except (OSError, RuntimeError, EOFError, pickle.PicklingError):  # the worker died or refused the job
                pass
            finally:
                self.close()
        return self._func(*self._args)

    def close(self) -> None:
        """Let the worker go: it ends once idle; one still computing is stopped."""
        pool, future, self._pool, self._future = self._pool, self._future, None, None
        _stop(pool, [future] if future is not None else [])


class Ahead(Generic[T]):
    """``func(context, item)`` for each of ``items``, in order, worked out ahead of the caller by a
    worker process: iterating gives each result, the worker's when it is ready, else computed here
    (while the worker starts, or if it falls behind or dies). The results are the same either way;
    ``context`` is sent to the worker once.

    >>> list(Ahead(pow, [1, 2, 3], context=2, here=True))
    [2, 4, 8]
    """

    def __init__(self, func: Callable[[object, object], T], items: list, *, context: object = None,
                 here: bool = False):
        self._func, self._items, self._context = func, items, context
        self._pool = None if here or not workers_allowed() else _start_worker(context)
        self._futures: list = []
        self.from_worker = 0  # how many results came from the worker
        if self._pool is not None:
            try:
                self._futures = [self._pool.submit(_with_context, func, item) for item in items]
            except Exception:  # noqa: BLE001 - a worker that cannot start (or take the context): compute here
                self.close()

    def __iter__(self) -> Iterator[T]:
        try:
            for k, item in enumerate(self._items):
                future = self._futures[k] if k < len(self._futures) else None
                if future is not None and future.done() and not future.cancelled() and future.exception() is None:
                    self.from_worker += 1
                    yield future.result()
                    continue
                if future is not None:
                    future.cancel()  # not started yet: the worker skips it
                yield self._func(self._context, item)
        finally:
            self.close()

    def close(self) -> None:
        pool, futures, self._pool, self._futures = self._pool, self._futures, None, []
        _stop(pool, futures)


def workers_allowed() -> bool:
    """True when work may go to another process: in the console script (:func:`one_command`; a
    library caller's own script would be run again by ``spawn`` unless it guards its main code),
    with more than one core, and not ``PARTNERMAP_WORKERS=0``."""
    if not _freeze_after or os.environ.get(WORKERS_VARIABLE, "").strip() == "0":
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1
