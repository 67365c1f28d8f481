"""What the room said, for the handouts: the spread of each touchpoint's emotion ratings
and each idea's dot votes and effort and impact spreads, from the merged ``ratings``."""

from __future__ import annotations

from markupsafe import Markup

from ..i18n import format_number, translate
from ..model import Workshop
from ..room.aggregates import Spread, emotion_spreads, idea_verdicts
from .html import table, tag
from .lookups import DASH


def spread_text(spread: Spread | None, lang: str) -> str:
    """``3 (2-4, n=7)``: the median, the quartiles and how many rated."""
    if spread is None:
        return DASH
    number = {name: format_number(getattr(spread, name), lang) for name in ("median", "q1", "q3")}
    return str(translate("room.report.spread", lang, n=spread.n, **number))


def room_emotions(ws: Workshop) -> dict[str, Spread]:
    """touchpoint id -> the room's emotion spread (empty when the room never rated)."""
    return emotion_spreads(ws.ratings)


def verdict_table(ws: Workshop, lang: str) -> Markup:
    """The room's dot votes and effort and impact spreads per idea, most votes first;
    nothing when the room never rated an idea."""
    verdicts = idea_verdicts(ws.ratings)
    ideas = sorted((i for i in ws.ideas if i.id in verdicts), key=lambda i: -verdicts[i.id].votes)
    if not ideas:
        return Markup("")
    rows = [
        (
            idea.text,
            str(verdicts[idea.id].votes),
            spread_text(verdicts[idea.id].effort, lang),
            spread_text(verdicts[idea.id].impact, lang),
        )
        for idea in ideas
    ]
    headers = [
        translate(f"room.panel.{key}", lang) for key in ("idea", "votes", "effort", "impact")
    ]
    return tag("h3", translate("room.report.verdict", lang)) + table(headers, rows, "cjm-room")
