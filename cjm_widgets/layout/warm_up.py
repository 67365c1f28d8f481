"""The map laid out once in the background, while the app opens: the first map a
facilitator opens then finds its texts measured and wrapped.

Text measurement and wrapping are cached per (text, width, size) across every map of
the process (``fonts.wrapped``, ``blocks.text_block``); a 5,000-touchpoint journey's
first layout spends half its time filling those caches. The app starts this while the
browser is still loading its page, so the click on "Map" pays only for the warm layout.
"""

from __future__ import annotations

import threading

from ..model import Workshop
from .journey import layout_journey
from .options import MapOptions


def _lay_out(workshop: Workshop, persona: str | None, lang: str, options: MapOptions) -> None:
    try:
        layout_journey(workshop, persona, lang=lang, options=options)
    except Exception:  # only caches are at stake: the map draws the same without them
        return


def warm_up(
    workshop: Workshop, persona: str | None, lang: str, options: MapOptions
) -> threading.Thread:
    """Lay ``persona``'s map out once in a background thread, and discard it."""
    thread = threading.Thread(
        target=_lay_out, args=(workshop, persona, lang, options), name="cjm-map-warm-up",
        daemon=True,
    )  # fmt: skip
    thread.start()
    return thread


__all__ = ["warm_up"]
