"""The map laid out once in the background, while the app opens: the first map a
facilitator opens then finds it laid out already.

Text measurement and wrapping are cached per (text, width, size) across every map of
the process (``fonts.wrapped``, ``blocks.text_block``), and a live map keeps what it drew
per column (``LiveJourney``). The app starts this while the browser is still loading its
page, laying the first persona's map out in a ``LiveJourney`` of its own; the map view
opened for that workshop and persona takes it up (``taken``), so the click on "Map" pays
only for comparing each column with what was drawn (and drawing again what an edit made
in the meantime changed).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..model import Workshop
from .live_journey import LiveJourney
from .options import MapOptions

KEPT = 2
"""How many laid-out maps wait to be taken up at most (the oldest is dropped)."""


@dataclass
class _Warmed:
    workshop: Workshop
    persona: str | None
    options: MapOptions
    thread: threading.Thread | None = None
    live: LiveJourney = field(default_factory=LiveJourney)
    finished: bool = False
    """Laid out to the end: a layout that failed half-way is not taken up."""


_waiting: list[_Warmed] = []
_lock = threading.Lock()


def _lay_out(warmed: _Warmed, lang: str) -> None:
    try:
        warmed.live.layout(warmed.workshop, warmed.persona, lang=lang, options=warmed.options)
    except Exception:  # only time is at stake: the map view lays it out itself
        return
    warmed.finished = True


def warm_up(
    workshop: Workshop, persona: str | None, lang: str, options: MapOptions
) -> threading.Thread:
    """Lay ``persona``'s map out in a background thread, for its map view to take up."""
    warmed = _Warmed(workshop, persona, options)
    warmed.thread = threading.Thread(
        target=_lay_out, args=(warmed, lang), name="cjm-map-warm-up", daemon=True
    )
    with _lock:
        _waiting.append(warmed)
        del _waiting[:-KEPT]
    warmed.thread.start()
    return warmed.thread


def taken(workshop: Workshop, persona: str | None, options: MapOptions) -> LiveJourney:
    """The map laid out in the background for ``workshop`` and ``persona`` with these very
    ``options`` (waiting for it to finish), once; else a new ``LiveJourney``. Another view
    of the workshop (the projector's, with options of its own) leaves it to the map."""
    with _lock:
        found = next(
            (
                w
                for w in _waiting
                if w.workshop is workshop and w.persona == persona and w.options is options
            ),
            None,
        )
        if found is not None:
            _waiting.remove(found)
    if found is None or found.thread is None:
        return LiveJourney()
    found.thread.join()
    return found.live if found.finished else LiveJourney()


__all__ = ["taken", "warm_up"]
