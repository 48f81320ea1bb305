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


class _Worker:
    """One fresh (``spawn``) process computing ``func(context, item)`` for each of ``items`` in
    turn and sending each result (pickled) as it is ready, so it runs on however far ahead of its
    caller. The caller takes a result if it has come (:meth:`take`), says what it has done itself
    (:meth:`skip_to`: the worker skips those) and lets it go (:meth:`close`). No thread of the
    caller's is involved, so stopping the worker at any moment raises nothing anywhere, and the
    worker holds the only writing end of the pipe, so its death reads as the pipe's end."""

    def __init__(self, func: Callable, context: object, items: list):
        import tempfile

        # the job goes in a file, and its name through a pipe: the job itself through the pipe
        # would hold this process up until the worker had started (imports and all) and read it
        with tempfile.NamedTemporaryFile(prefix="partnermap-worker-", suffix=".pickle", delete=False) as job:
            self._job = job.name
            try:
                pickle.dump((func, context, items), job, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                job.close()
                os.unlink(self._job)
                raise
        self._ready: dict[int, tuple[bool, object]] = {}
        self._ended = False
        try:
            process = _take_standby()  # one started ahead (prestart), if it is still there
            if process is None or not process.hand(self._job):
                process = _Standby(())
                if not process.hand(self._job):
                    raise OSError("the worker process ended before it was given its job")
        except BaseException:
            os.unlink(self._job)
            raise
        self._reader, self._next, self.process = process.reader, process.next, process.process

    def take(self, k: int, wait: bool = False) -> tuple[bool, object]:
        """(True, result k) if the worker has sent it (waiting for it with ``wait``), else (False, None)."""
        while k not in self._ready and not self._ended:
            try:
                if not self._reader.poll(None if wait else 0):
                    return False, None
                i, got, value = pickle.loads(self._reader.recv_bytes())
            except Exception:  # noqa: BLE001 - the worker has ended (or sent what does not load)
                self._ended = True
                break
            if i >= k:  # an earlier one was computed here meanwhile
                self._ready[i] = (got, value)
        return self._ready.pop(k, (False, None))  # (False, None): the worker is gone without it, or could not pickle it

    def skip_to(self, k: int) -> None:
        """The caller has everything before ``k``: the worker goes on from there."""
        if k > self._next.value:
            self._next.value = k

    def close(self) -> None:
        """Stop the process if it is still working (it ends by itself once done) and reap it."""
        if self.process.exitcode is None:
            self.process.terminate()
        self.process.join(timeout=5)
        self._reader.close()
        self._ready.clear()
        try:
            os.unlink(self._job)
        except OSError:  # the worker removed it
            pass


def _serve(writer, wanted, job: str) -> None:
    """The worker's loop over the job in the file ``job`` (func, context, items): each wanted
    item's ``(k, True, result)``, pickled here (``(k, False, None)`` for one that fails or does not
    pickle: the caller computes it), handed to a thread that sends it while the next is worked out."""
    import queue
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle (it stops the worker)
    try:
        with open(job, "rb") as file:
            func, context, items = pickle.load(file)
        os.unlink(job)
    except Exception:  # noqa: BLE001 - the caller has let go already, or the job does not load: it computes here
        return
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def send() -> None:
        try:
            while (message := outbox.get()) is not None:
                writer.send_bytes(message)
        except OSError:  # the caller has let go
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    k = 0
    while True:
        k = max(k, wanted.value)
        if k >= len(items):
            break
        try:
            message = pickle.dumps((k, True, func(context, items[k])), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - the caller computes it (and meets any error itself)
            message = pickle.dumps((k, False, None))
        outbox.put(message)
        k += 1
    outbox.put(None)
    sender.join()  # everything sent before the process ends


class _Standby:
    """A worker process waiting for its job: it imports ``modules`` (what the job will need), then
    serves the job file it is handed (:func:`_serve`). :class:`_Worker` starts one and hands it the job at
    once, or takes one :func:`prestart` started ahead."""

    def __init__(self, modules: tuple[str, ...]):
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.reader, writer = ctx.Pipe(duplex=False)
        job_reader, self._jobs = ctx.Pipe(duplex=False)
        self.next = ctx.RawValue("q", 0)  # the first item the caller still wants from the worker
        self.process = ctx.Process(target=_wait_for_job, args=(writer, self.next, job_reader, modules),
                                   daemon=True, name="partnermap-worker")
        try:
            self.process.start()
        except BaseException:
            self.reader.close()
            self._jobs.close()
            raise
        finally:
            writer.close()
            job_reader.close()

    def hand(self, job: str) -> bool:
        """Give the process its job (a file :func:`_serve` reads); False when it has gone."""
        try:
            if self.process.exitcode is None:
                self._jobs.send_bytes(job.encode())
                return True
        except OSError:
            pass
        finally:
            self._jobs.close()
        self.release()
        return False

    def release(self) -> None:
        """Stop a process no job was handed to."""
        if self.process.exitcode is None:
            self.process.terminate()
        self.process.join(timeout=5)
        self.reader.close()


def _wait_for_job(writer, wanted, jobs, modules: tuple[str, ...]) -> None:
    """A :class:`_Standby`'s process: import ``modules``, wait for the job's file, then :func:`_serve` it."""
    import importlib

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for module in modules:
            importlib.import_module(module)
        job = jobs.recv_bytes().decode()
    except Exception:  # noqa: BLE001 - let go (EOF) or an import failed: nothing to do
        return
    _serve(writer, wanted, job)


_standby: _Standby | None = None


def prestart(*modules: str) -> None:
    """Start a worker process now, importing ``modules``, for the next job that would start one
    (:class:`Ahead`, :class:`Background`): a command calls it when it sees big work coming (a
    large plan file about to be read), so the new process's start-up runs on the other core while
    this one reads, not while the job waits. A no-op where workers are not allowed or one waits
    already; one that no job takes ends with this process."""
    global _standby
    if _standby is not None or not workers_allowed():
        return
    try:
        _standby = _Standby(modules)
    except Exception:  # noqa: BLE001 - no process to be had: jobs start their own, or run here
        _standby = None


def _take_standby() -> _Standby | None:
    global _standby
    standby, _standby = _standby, None
    return standby


def _start(func: Callable, context: object, items: list) -> _Worker | None:
    """A :class:`_Worker`, or None where none can start (no processes here, or what it is sent
    does not pickle)."""
    try:
        return _Worker(func, context, items)
    except Exception:  # noqa: BLE001 - no worker: the caller computes everything itself
        return None


def _call(job: tuple, _: object):
    func, args = job
    return func(*args)


class _WorkerOwner:
    """What :class:`Background` and :class:`Ahead` share: their :class:`_Worker` (None when the
    work is done here), its process, and letting it go."""

    _worker: _Worker | None = None

    @property
    def process(self):
        """The worker process (None when there is none)."""
        return self._worker.process if self._worker is not None else None

    def close(self) -> None:
        """Let the worker go: it ends once idle; one still computing is stopped."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()


class Background(_WorkerOwner, Generic[T]):
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
        self._worker = None if here or not workers_allowed() else _start(_call, (func, args), [None])

    @property
    def in_worker(self) -> bool:
        """True when another process is computing it."""
        return self._worker is not None

    def result(self) -> T:
        """The value, from the worker or computed here."""
        if self._worker is not None:
            try:
                got, value = self._worker.take(0, wait=True)
            finally:
                self.close()
            if got:
                return value
        return self._func(*self._args)


class Ahead(_WorkerOwner, Generic[T]):
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
        self._worker = None if here or not workers_allowed() else _start(func, context, items)
        self.from_worker = 0  # how many results came from the worker

    def __iter__(self) -> Iterator[T]:
        try:
            for k, item in enumerate(self._items):
                if self._worker is not None:
                    got, value = self._worker.take(k)
                    if got:
                        self.from_worker += 1
                        yield value
                        continue
                    self._worker.skip_to(k + 1)  # done here: the worker need not
                yield self._func(self._context, item)
        finally:
            self.close()


def workers_allowed() -> bool:
    """True when work may go to another process: in the console script (:func:`one_command`; a
    library caller's own script would be run again by ``spawn`` unless it guards its main code),
    with more than one core, and not ``PARTNERMAP_WORKERS=0``."""
    if not _freeze_after or os.environ.get(WORKERS_VARIABLE, "").strip() == "0":
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1
