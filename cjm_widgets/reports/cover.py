"""The handout's cover: what a reader who was not in the room needs before page two.

Title, organisation, the workshop's dates, each persona with a one-line description,
and a small picture of the map, so the first printed page says what the workshop was
about instead of holding only the contents list.
"""

from __future__ import annotations

import html

from ..fonts import fit_ellipsis
from ..layout import MapOptions, layout_journey
from ..model import Workshop
from ..render.svg import to_svg
from .lookups import chosen_personas, format_date, translator

ONE_LINE_PX = 900.0
"""How wide a persona's one-line description may run (at 16 px) before it is cut."""


def one_line(text: str) -> str:
    """The first line of ``text``, cut with an ellipsis where one printed line ends."""
    first = text.strip().split("\n", 1)[0].strip()
    return fit_ellipsis(first, ONE_LINE_PX, 16)


def cover_html(
    ws: Workshop,
    *,
    title: str,
    subtitle: str,
    lang: str,
    persona: str | None = None,
    options: MapOptions | None = None,
) -> str:
    """The cover block (HTML, every text escaped): on screen the page's header, on paper
    a page of its own."""
    t = translator(lang)
    parts = [f"<h1>{html.escape(title)}</h1>"]
    if subtitle:
        parts.append(f'<p class="cjm-cover-sub">{html.escape(subtitle)}</p>')
    if ws.dates:
        dates = ", ".join(format_date(day, lang) for day in ws.dates)
        parts.append(f"<p><b>{html.escape(t('report.dates'))}:</b> {html.escape(dates)}</p>")
    personas = chosen_personas(ws, persona)
    if personas:
        items = "".join(
            f"<li><b>{html.escape(p.name)}</b>"
            + (f": {html.escape(one_line(p.description))}" if p.description.strip() else "")
            + "</li>"
            for p in personas
        )
        parts.append(
            f'<h2 class="cjm-cover-h">{html.escape(t("report.personas"))}</h2><ul>{items}</ul>'
        )
    first = personas[0].id if personas else None
    if ws.journey(first):
        svg = to_svg(
            layout_journey(ws, first, options=(options or MapOptions()).in_language(lang)),
            embed_font=False,
        )
        # on paper the cover's page; on screen a thumbnail too small to read
        parts.append(f'<figure class="cjm-cover-map cjm-print-only">{svg}</figure>')
    return f'<header class="cjm-cover">{"".join(parts)}</header>'
