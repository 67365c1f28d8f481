"""Making many small objects at once: the cycle collector paused meanwhile.

A map's layout, its SVG and its canvas batch make a hundred thousand small objects
(shapes, tuples, drawing commands) and no reference cycles. Every few hundred new
objects wake the cycle collector, and every so often it walks every object of the
process, the drawing caches included: for a 5,000-touchpoint map that was more than
half the time of a layout and of a canvas redraw. Paused while such work runs, it has
nothing of it to collect afterwards; reference counting frees everything as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """The cycle collector off for the ``with`` block (or the decorated call), then on
    again if it was on; nested uses leave it to the outermost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
