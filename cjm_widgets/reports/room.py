"""What the room said, for the handouts: the spread of each touchpoint's emotion ratings
and each idea's dot votes and effort and impact spreads, from the merged ``ratings``."""

from __future__ import annotations

from markupsafe import Markup

from ..i18n import translate
from ..model import Workshop
from ..room.aggregates import VERDICT_COLUMNS, Spread, emotion_spreads, verdict_rows
from ..room.aggregates import spread_text as room_spread_text
from .html import table, tag
from .lookups import DASH


def spread_text(spread: Spread | None, lang: str) -> str:
    """``3 (2-4, n=7)``: the median, the quartiles and how many rated; a dash for no one."""
    return room_spread_text(spread, lang, DASH)


def room_emotions(ws: Workshop) -> dict[str, Spread]:
    """touchpoint id -> the room's emotion spread (empty when the room never rated)."""
    return emotion_spreads(ws.ratings)


def verdict_table(ws: Workshop, lang: str) -> Markup:
    """The room's dot votes and effort and impact spreads per idea, most votes first;
    nothing when the room never rated an idea."""
    rows = verdict_rows(ws.ideas, ws.ratings, lang, DASH)
    if not rows:
        return Markup("")
    headers = [translate(f"room.panel.{column}", lang) for column in VERDICT_COLUMNS]
    return tag("h3", translate("room.report.verdict", lang)) + table(headers, rows, "cjm-room")
