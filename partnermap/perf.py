"""The collector paused while a command runs (:func:`partnermap.cli.main`).

>>> with gc_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block, and give it back as it was after.

    Reading a plan, building its graph and finding its gaps make many objects and next to no
    reference cycles; each full collection would walk all of them again. Nested uses are fine.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
