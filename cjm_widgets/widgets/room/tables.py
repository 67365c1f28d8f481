"""The room tab's tables, live from the log: each touchpoint's emotion (median, spread,
how many rated) and each idea's votes and effort and impact spreads."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ...i18n import format_number, translate
from ...model import Rating, Workshop
from ...room.aggregates import VERDICT_COLUMNS, Spread, emotion_spreads, verdict_rows

_CELL = Markup('style="padding:2px 12px;text-align:left;vertical-align:top"')


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    """A compact table for the tab; every header and cell is escaped."""
    head = Markup("").join(Markup("<th {}>{}</th>").format(_CELL, h) for h in headers)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(
            Markup("").join(Markup("<td {}>{}</td>").format(_CELL, c) for c in row)
        )
        for row in rows
    )
    return str(
        Markup('<table class="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(
            css, head, body
        )
    )


def _median_iqr_n(value: Spread, lang: str) -> list[str]:
    return [format_number(value.median, lang), format_number(value.iqr, lang), str(value.n)]


def _title(key: str, lang: str) -> str:
    return str(Markup("<h4>{}</h4>").format(translate(key, lang)))


def emotions_html(ws: Workshop, ratings: list[Rating], lang: str) -> str:
    """The emotion of each touchpoint of today's journey that someone rated."""
    spreads = emotion_spreads(ratings)
    rows = [
        [tp.title, *_median_iqr_n(spreads[tp.id], lang)]
        for tp in ws.journey(state="current")
        if tp.id in spreads
    ]
    columns = ("touchpoint", "median", "iqr", "n")
    headers = [str(translate(f"room.panel.{column}", lang)) for column in columns]
    shown = html_table(headers, rows, "cjm-room-emotion-table") if rows else None
    return _title("room.panel.emotions", lang) + (shown or str(translate("room.panel.none", lang)))


def ideas_html(ws: Workshop, ratings: list[Rating], lang: str) -> str:
    """The room's verdict per idea it rated, most votes first."""
    rows = verdict_rows(ws.ideas, ratings, lang)
    headers = [str(translate(f"room.panel.{column}", lang)) for column in VERDICT_COLUMNS]
    return _title("room.panel.ideas", lang) + (
        html_table(headers, rows, "cjm-room-idea-table") if rows else ""
    )
