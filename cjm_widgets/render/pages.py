"""Pictures no larger than viewers open, and no more drawing than a command can finish.

A PNG holds at most ``PNG_MAX_SIDE`` pixels a side and ``PNG_MAX_PIXELS`` in all. A
journey map wider than that is cut into pages (runs of whole stages, a stage wider than
a page cut between touchpoints), planned from its column count before anything is laid
out, so a map of any size costs only the pages drawn; one export draws at most
``DRAW_MAX_PIXELS`` and says which pages are left (``cjm export --pages``). Any other
picture too large is drawn smaller, and the export says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import CjmError, CjmWarning
from ..i18n import Message, translate
from ..layout import Layout, MapOptions
from ..layout.journey import map_pages, map_width
from ..model import Workshop
from .svg import (
    PAGE_SIZES_MM,
    PNG_MAX_PIXELS,
    PNG_MAX_SIDE,
    check_page,
    check_zoom,
    fit_zoom,
    png_size,
)
from .views import layout_view

DRAW_MAX_PIXELS = PNG_MAX_PIXELS
"""What one export draws at most, counting each page's pixels or its drawing's, whichever
is more: about half a minute of resvg on one core, and a few hundred MB."""


class PictureWarning(CjmWarning):
    """A picture was drawn smaller than asked, or as pages, to stay within what viewers open."""


@dataclass(frozen=True)
class Picture:
    """One file to write: a layout at a zoom, and its page number (0: the whole picture)."""

    layout: Layout
    zoom: float
    number: int = 0


@dataclass
class Pictures:
    """What an export draws: the pictures, how many pages the map has, and the notes
    (warnings) that say what happened."""

    pictures: list[Picture]
    pages: int = 1
    notes: list[Message] = field(default_factory=list)

    def path(self, out_stem: str, suffix: str, number: int) -> str:
        """A page's file name: ``out-p07.png``, numbered as wide as the last page."""
        if number == 0:
            return f"{out_stem}{suffix}"
        return f"{out_stem}-p{number:0{len(str(self.pages))}d}{suffix}"


def parse_pages(text: str | None) -> tuple[int, int] | None:
    """``--pages``: ``N`` or ``N-M`` (1-based, inclusive), or a CjmError."""
    if text is None:
        return None
    first, _, last = text.strip().partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        raise CjmError(translate("svg.bad_pages", value=text)) from None
    if not 1 <= start <= end:
        raise CjmError(translate("svg.bad_pages", value=text))
    return start, end


def plan_pictures(
    ws: Workshop,
    view: str = "map",
    persona: str | None = None,
    *,
    options: MapOptions | None = None,
    page: str = "screen",
    zoom: float = 1.0,
    pages: str | None = None,
    png: bool = True,
) -> Pictures:
    """The pictures one export writes: the whole view when it fits one PNG (or is SVG and
    no ``pages`` are asked), else the map's pages from the first asked on, as many as
    ``DRAW_MAX_PIXELS`` allows."""
    check_page(page)
    check_zoom(zoom)
    options = options or MapOptions()
    wanted = parse_pages(pages)
    if view != "map":
        if wanted is not None:
            raise CjmError(translate("svg.pages_map_only", view=view))
        return _whole(layout_view(ws, view, persona, options=options), page, zoom, png)
    theme = options.theme
    across = PNG_MAX_SIDE / zoom if PAGE_SIZES_MM[page] is None else float(PNG_MAX_SIDE)
    plan = map_pages(ws, persona, theme=theme, max_width=across)
    if len(plan) == 1 and (wanted is None or wanted == (1, 1)):
        return _whole(layout_view(ws, "map", persona, options=options), page, zoom, png)
    if wanted is None and not png:
        return _whole(layout_view(ws, "map", persona, options=options), page, zoom, png)
    first, last = wanted or (1, len(plan))
    if last > len(plan):
        raise CjmError(translate("svg.no_such_page", value=pages, count=len(plan)))
    pictures: list[Picture] = []
    notes: list[Message] = []
    drawn = 0.0
    for number in range(first, last + 1):
        layout = layout_view(ws, "map", persona, options=options, window=plan[number - 1])
        fitted = fit_zoom(layout, page, zoom) if png else zoom
        width, height = png_size(layout, page, fitted)
        cost = max(width * height, layout.width * layout.height)
        if pictures and drawn + cost > DRAW_MAX_PIXELS:
            break
        drawn += cost
        pictures.append(Picture(layout, fitted, number))
        if fitted < zoom:
            notes.append(_scaled(layout, page, zoom, fitted, number))
    done = pictures[-1].number
    if wanted is None:
        whole = map_width(plan[-1][1], theme)
        notes.insert(0, translate("svg.map_as_pages", width=round(whole), side=PNG_MAX_SIDE,
                                  count=len(plan)))  # fmt: skip
    if done < last:
        notes.append(translate("svg.pages_left", first=first, last=done, count=len(plan),
                               next=done + 1, end=last))  # fmt: skip
    return Pictures(pictures, len(plan), notes)


def _whole(layout: Layout, page: str, zoom: float, png: bool) -> Pictures:
    """One picture of ``layout``, drawn smaller (with a note) when a PNG would be too large."""
    fitted = fit_zoom(layout, page, zoom) if png else zoom
    notes = [_scaled(layout, page, zoom, fitted, 0)] if fitted < zoom else []
    return Pictures([Picture(layout, fitted)], 1, notes)


def _scaled(layout: Layout, page: str, zoom: float, fitted: float, number: int) -> Message:
    """What drawing smaller did: the size asked, the limits, the zoom and size drawn."""
    asked, got = png_size(layout, page, zoom), png_size(layout, page, fitted)
    return translate(
        "svg.page_scaled" if number else "svg.png_scaled", number=number, width=asked[0],
        height=asked[1], side=PNG_MAX_SIDE, million=PNG_MAX_PIXELS // 1_000_000,
        zoom=f"{fitted:.3g}", new_width=got[0], new_height=got[1],
    )  # fmt: skip
