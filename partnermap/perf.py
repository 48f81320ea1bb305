"""Small performance helpers shared by the stages.

>>> with gc_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


_freeze_after = False  # set by one_command(): freeze what each paused block made


def one_command() -> None:
    """Tune the collector for a process that runs one command and exits (the console script).

    From then on, :func:`gc_paused` ends by freezing (``gc.freeze``) every object made so far
    rather than letting the collector walk them: the first allocation after a long pause would
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
