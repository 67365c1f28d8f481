"""Layouts as standalone SVG: for handouts, posters and PNG, identical on every machine.

The SVG embeds the map's font cut down to the characters used, so text measured by
the layout fits wherever the file is opened. All user text is escaped. Page sizes
scale the drawing to fit a landscape sheet; ``screen`` keeps its natural pixel size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any
from xml.sax import saxutils

from ..bulk import cycle_collector_paused
from ..errors import CjmError
from ..fonts import CSS_FAMILY, embedded_font_css, font_path
from ..i18n import translate
from ..layout.shapes import Circle, Curve, Layout, Polygon, Rect, Segment, Shape, Text
from ..limits import xml_safe

PAGE_SIZES_MM: dict[str, tuple[int, int] | None] = {
    "screen": None,
    "a4": (297, 210),
    "a3": (420, 297),
    "a1": (841, 594),
    "a0": (1189, 841),
}
"""Landscape sheet sizes in millimetres; ``screen`` is the layout's own size in pixels."""

PNG_MAX_SIDE = 16_384
"""The widest and tallest PNG drawn: what browsers, image viewers and office suites open."""
PNG_MAX_PIXELS = 100_000_000
"""The most pixels in one PNG: about 400 MB while resvg draws it, and half a minute."""


def check_page(page: str) -> str:
    if page not in PAGE_SIZES_MM:
        raise CjmError(translate("svg.unknown_page", value=page, choices=", ".join(PAGE_SIZES_MM)))
    return page


def check_zoom(zoom: float) -> float:
    if not 0 < zoom <= 8:
        raise CjmError(translate("svg.bad_zoom", value=zoom))
    return zoom


def escape(text: str) -> str:
    """User text as XML character data: escaped, and without characters XML cannot hold."""
    return saxutils.escape(xml_safe(text))


def quoteattr(text: str) -> str:
    """User text as a quoted XML attribute value, likewise always well-formed."""
    return saxutils.quoteattr(xml_safe(text))


CACHE_SIZE = 1 << 17
"""Numbers, texts and whole shapes written before are kept: a 500-touchpoint map has
about 7,000 shapes, and a map drawn again after an edit differs in only a few."""

_escaped = lru_cache(maxsize=CACHE_SIZE)(escape)
_quoted = lru_cache(maxsize=CACHE_SIZE)(quoteattr)


@lru_cache(maxsize=CACHE_SIZE)
def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _paint(fill: str | None, stroke: str | None, width: float) -> str:
    parts = [f'fill="{fill}"' if fill else 'fill="none"']
    if stroke and width:
        parts.append(f'stroke="{stroke}" stroke-width="{_num(width)}"')
    return " ".join(parts)


def _ref(ref: str | None) -> str:
    return f" data-ref={_quoted(ref)}" if ref else ""


def _dash(dash: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{" ".join(_num(d) for d in dash)}"' if dash else ""


def _rect(shape: Rect, tip: str | None) -> str:
    box = shape.box
    radius = f' rx="{_num(shape.radius)}"' if shape.radius else ""
    body = f"<title>{_escaped(tip)}</title></rect>" if tip else "/>"
    return (
        f'<rect class="{shape.role}" x="{_num(box.x)}" y="{_num(box.y)}" '
        f'width="{_num(box.w)}" height="{_num(box.h)}"{radius} '
        f"{_paint(shape.fill, shape.stroke, shape.stroke_width)}{_ref(shape.ref)}"
        + (">" + body if tip else body)
    )


def _text(shape: Text, tip: str | None) -> str:
    lines = shape.lines
    if not lines:
        return ""
    x = _num(shape.x)
    span = f'<tspan x="{x}" dy="'
    spans = f'{span}0">{_escaped(lines[0])}</tspan>'
    if len(lines) > 1:
        step = _num(shape.size * shape.line_height)
        spans += "".join([f'{span}{step}">{_escaped(line)}</tspan>' for line in lines[1:]])
    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text class="{shape.role}" x="{x}" y="{_num(shape.y)}" '
        f'font-size="{_num(shape.size)}"{weight} fill="{shape.color}" '
        f'text-anchor="{shape.anchor}"{_ref(shape.ref)}>{spans}</text>'
    )


def _circle(shape: Circle, tip: str | None) -> str:
    head = (
        f'<circle class="{shape.role}" cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" '
        f'r="{_num(shape.r)}" {_paint(shape.fill, shape.stroke, shape.stroke_width)}'
        f"{_ref(shape.ref)}"
    )
    return head + (f"><title>{_escaped(tip)}</title></circle>" if tip else "/>")


def _polygon(shape: Polygon, tip: str | None) -> str:
    points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
    return (
        f'<polygon class="{shape.role}" points="{points}" '
        f"{_paint(shape.fill, shape.stroke, shape.stroke_width)}{_ref(shape.ref)}/>"
    )


def _segment(shape: Segment, tip: str | None) -> str:
    (x1, y1), (x2, y2) = shape.start, shape.end
    return (
        f'<line class="{shape.role}" x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" '
        f'y2="{_num(y2)}" stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"'
        f"{_dash(shape.dash)}/>"
    )


def _curve(shape: Curve, tip: str | None) -> str:
    path = [f"M{_num(shape.start[0])} {_num(shape.start[1])}"]
    for (ax, ay), (bx, by), (x, y) in shape.pieces:
        path.append(f"C{_num(ax)} {_num(ay)} {_num(bx)} {_num(by)} {_num(x)} {_num(y)}")
    return (
        f'<path class="{shape.role}" d="{"".join(path)}" fill="none" '
        f'stroke="{shape.stroke}" stroke-width="{_num(shape.width)}" '
        f'stroke-linecap="round"{_dash(shape.dash)}/>'
    )


_WRITERS: dict[type, Callable[[Any, str | None], str]] = {
    Rect: _rect,
    Text: _text,
    Circle: _circle,
    Polygon: _polygon,
    Segment: _segment,
    Curve: _curve,
}
_TIPPED = {(Rect, "touchpoint"), (Circle, "emotion")}
"""Which shapes carry their entity's tooltip as an SVG ``<title>``."""


@lru_cache(maxsize=CACHE_SIZE, typed=True)
def _element(shape: Shape, tip: str | None) -> str:
    """One shape's element, written once per shape and tooltip."""
    return _WRITERS[type(shape)](shape, tip)


def _shape(shape: Shape, tooltips: dict[str, str]) -> str:
    if type(shape) not in _WRITERS:
        raise TypeError(f"cannot draw {type(shape).__name__}")
    role = getattr(shape, "role", None)
    tip = tooltips.get(shape.ref or "") if (type(shape), role) in _TIPPED else None  # type: ignore[union-attr]
    return _element(shape, tip)


def _size(layout: Layout, page: str, pixels: bool) -> str:
    sheet = PAGE_SIZES_MM[check_page(page)]
    if sheet is None:
        return f'width="{_num(layout.width)}" height="{_num(layout.height)}"'
    if pixels:  # CSS pixels, 96 per inch: what a PNG converter needs
        width, height = _sheet_pixels(sheet)
        return f'width="{_num(width)}" height="{_num(height)}"'
    return f'width="{sheet[0]}mm" height="{sheet[1]}mm"'


def _parts(layout: Layout, page: str, embed_font: bool, pixels: bool) -> Iterator[str]:
    size = _size(layout, page, pixels)
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} '
        f'viewBox="0 0 {_num(layout.width)} {_num(layout.height)}" '
        f'preserveAspectRatio="xMidYMid meet" role="img" font-family="{CSS_FAMILY}">'
    )
    yield f"<title>{escape(layout.title)}</title>"
    css = embedded_font_css() if embed_font else ""
    yield f"<style>{css}text{{white-space:pre}}</style>"
    tooltips = {spot.ref: spot.tooltip for spot in layout.hotspots}
    for shape in layout.shapes:
        yield _shape(shape, tooltips)
    yield "</svg>"


@cycle_collector_paused()
def to_svg(
    layout: Layout, page: str = "screen", *, embed_font: bool = True, pixels: bool = False
) -> str:
    """The layout as a standalone SVG document (UTF-8 text, no XML declaration needed).

    A sheet size is given in millimetres, or in CSS pixels with ``pixels`` (for PNG).
    """
    return "".join(_parts(layout, page, embed_font, pixels))


def png_size(layout: Layout, page: str = "screen", zoom: float = 1.0) -> tuple[int, int]:
    """The pixels across and down of ``layout``'s PNG on ``page`` at ``zoom``."""
    sheet = PAGE_SIZES_MM[check_page(page)]
    width, height = (layout.width, layout.height) if sheet is None else _sheet_pixels(sheet)
    return math.floor(width * zoom + 0.5), math.floor(height * zoom + 0.5)  # as resvg rounds


def _sheet_pixels(sheet: tuple[int, int]) -> tuple[float, float]:
    return sheet[0] * 96 / 25.4, sheet[1] * 96 / 25.4


def fits_png(width: int, height: int) -> bool:
    """Whether a PNG of that many pixels stays within ``PNG_MAX_SIDE`` and ``PNG_MAX_PIXELS``."""
    return max(width, height) <= PNG_MAX_SIDE and width * height <= PNG_MAX_PIXELS


def fit_zoom(layout: Layout, page: str = "screen", zoom: float = 1.0) -> float:
    """``zoom``, or the largest smaller zoom at which the PNG fits (``fits_png``)."""
    width, height = png_size(layout, page, 1.0)
    width, height = max(width, 1), max(height, 1)
    best = min(zoom, PNG_MAX_SIDE / width, PNG_MAX_SIDE / height)
    best = min(best, math.sqrt(PNG_MAX_PIXELS / (width * height)))
    while best > 0 and not fits_png(*png_size(layout, page, best)):
        best *= 0.999  # rounding up to whole pixels
    return best


def to_png(layout: Layout, page: str = "screen", zoom: float = 1.0) -> bytes:
    """The layout as a PNG, drawn without a browser; ``zoom`` 2 gives sharp slides.

    A PNG larger than viewers open (``fits_png``) is refused before a pixel is drawn:
    draw it at ``fit_zoom``, or a map in pages (``render.pages``)."""
    check_zoom(zoom)
    width, height = png_size(layout, page, zoom)
    if not fits_png(width, height):
        raise CjmError(
            translate(
                "svg.png_too_large", width=width, height=height, side=PNG_MAX_SIDE,
                million=PNG_MAX_PIXELS // 1_000_000, zoom=f"{fit_zoom(layout, page, zoom):.3g}",
            )
        )  # fmt: skip
    return svg_to_png(to_svg(layout, page, embed_font=False, pixels=True), zoom)


def svg_to_png(svg: str, zoom: float = 1.0) -> bytes:
    """A PNG of ``svg`` rendered without a browser (resvg), with the map's own font.

    Characters the map's font lacks are drawn with system fonts that fontconfig finds
    for them (``fonts/fallback.py``), never with another DejaVu face.
    """
    import resvg_py

    from ..fonts.fallback import fallback_font_files  # fontTools: for PNG alone

    own = [str(font_path(False)), str(font_path(True))]
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            background="#ffffff",
            skip_system_fonts=True,
            font_files=own + fallback_font_files(svg),
            zoom=zoom,
        )
    )
