"""What report sections look up in a workshop: the language, names by id, chosen personas.

Shared by the sections of ``sections`` (the map and the room's findings) and
``decisions`` (pain points, the matrix, actions, metrics, the follow-up sheet).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from datetime import date

from ..i18n import format_date as i18n_format_date
from ..i18n import format_share, translate
from ..model import PainPoint, Persona, Workshop

DASH = "\u2013"  # en dash: not known yet


def share_or_dash(value: float | None, lang: str) -> str:
    """A share 0-1 as a percentage in ``lang`` (``90.4%``), or a dash when not known
    (None, NaN or pandas' NA, as table cells hold it)."""
    pandas = sys.modules.get("pandas")  # a pandas NA exists only once pandas is imported
    missing = pandas is not None and value is pandas.NA
    if value is None or missing or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return format_share(float(value), lang)


def section_lang(ws: Workshop, lang: str | None) -> str:
    return lang or ws.language


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``, the way every section looks up its fixed text."""

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    return t


def chosen_personas(ws: Workshop, persona: str | None) -> list[Persona]:
    return [p for p in ws.personas if persona is None or p.id == persona]


def stage_names(ws: Workshop) -> dict[str, str]:
    return {stage.id: stage.name for stage in ws.stages}


def channel_names(ws: Workshop) -> dict[str, str]:
    return {channel.id: channel.name for channel in ws.channels}


def format_date(day: date, lang: str) -> str:
    """A date written out for readers of ``lang`` (Babel's long format)."""
    return i18n_format_date(day, lang)


def pains_by_touchpoint(ws: Workshop) -> dict[str, list[PainPoint]]:
    found: dict[str, list[PainPoint]] = {}
    for pain in ws.pain_points:
        for tp_id in pain.touchpoints:
            found.setdefault(tp_id, []).append(pain)
    return found


def headings(t: Callable[..., str], *keys: str) -> list[str]:
    """Column headings from catalog keys, several to a string: ``headings(t, "a.b c.d")``."""
    return [t(key) for group in keys for key in group.split()]
