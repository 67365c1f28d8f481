"""Shapes onto an ipycanvas canvas: the drawing half of the live views.

Runs of plain rectangles and circles go out as one vectorised command each (short
runs one by one), all inside one ``hold_canvas`` batch. Styles (font,
colours, line width) are sent as the very ``set`` commands ipycanvas sends for an
attribute assignment, without its Python-side checks of the value: a map sets them
tens of thousands of times, and our values are always valid. A style is sent only when
it differs from the one the painter set last: most texts share their neighbours' font and
colour, and a map's batch is half as big for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from ipycanvas import Canvas
from ipycanvas.canvas import COMMANDS

from ..fonts import CSS_FAMILY, metrics, wrap
from ..layout.shapes import Box, Circle, Curve, Polygon, Rect, Segment, Shape, Text

HIGHLIGHT = "#0072B2"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


ALIGN = {"start": "left", "middle": "center", "end": "right"}


@cache
def _font(size: float, bold: bool) -> str:
    return f"{'bold ' if bold else ''}{size:g}px {CSS_FAMILY}"


SET, FILL_TEXT = COMMANDS["set"], COMMANDS["fillText"]
FILL_RECT, FILL_CIRCLE = COMMANDS["fillRect"], COMMANDS["fillCircle"]
SHORTEST_BATCH = 4
"""Runs of plain rects or dots shorter than this go one by one: a vectorised command costs
five arrays, and on a map most runs are one card's background between its texts."""
SMALLEST_TEXT_PX = 1.0
"""Text drawn smaller than this many canvas pixels is left out: no glyph can form in less
than a pixel, and a 5,000-touchpoint map scaled to fit a canvas would otherwise send tens
of thousands of invisible texts, most of its drawing."""
SMALLEST_CORNER_PX = 0.5
"""A rounded corner under half a canvas pixel is drawn square: it looks the same, and a
plain rect goes out with its neighbours in one command instead of a path of seven. So
does a dot whose outline and all is under half a pixel: it is drawn without the outline."""


def _as_dot(circle: Circle) -> Circle:
    """A circle too small for its outline to show apart: one dot in the colour that
    covers more of it (the outline's when it is wider than half the radius)."""
    if circle.stroke and circle.stroke_width * 2 >= circle.r:
        return circle._replace(fill=circle.stroke)
    return circle


class Painter:
    """Draws shapes on one canvas, sending runs of plain rects and circles as one command each."""

    def __init__(self, canvas: Canvas, scale: float = 1.0) -> None:
        """``scale``: canvas pixels per layout pixel, which the caller has set on the canvas."""
        self.canvas = canvas
        self.smallest_text = SMALLEST_TEXT_PX / scale
        self.smallest_corner = SMALLEST_CORNER_PX / scale
        self.smallest_dot = SMALLEST_CORNER_PX / scale
        self._rects: list[Rect] = []
        self._circles: list[Circle] = []
        self._styles: dict[str, object] = {}
        self._text_style: tuple[float, bool, str, str] | None = None
        manager = getattr(canvas, "_canvas_manager", None)
        self._send = getattr(manager, "send_command", None)

    def _set(self, name: str, value: object) -> None:
        """``canvas.<name> = value``: the same command, sent straight to the canvas, and
        only when the style differs from the one this painter set last (texts in a row
        mostly share font, colour and alignment; the styled rects and circles restore
        the context's styles after them)."""
        if self._styles.get(name) == value:
            return
        self._styles[name] = value
        self._text_style = None
        if self._send is None:
            setattr(self.canvas, name, value)
        else:
            self._send(self.canvas, [SET, [Canvas.ATTRS[name], value]])

    def paint(self, shapes: Sequence[Shape]) -> None:
        for shape in shapes:
            if (
                isinstance(shape, Rect)
                and shape.radius < self.smallest_corner
                and not shape.stroke
                and shape.fill != "none"
            ):
                self._flush_circles()
                self._rects.append(shape)
            elif isinstance(shape, Circle) and (
                not shape.stroke or shape.r + shape.stroke_width < self.smallest_dot
            ):
                self._flush_rects()
                self._circles.append(_as_dot(shape))
            elif isinstance(shape, Text) and shape.size < self.smallest_text:
                continue  # smaller than a canvas pixel: nothing to see
            else:
                self._flush_rects()
                self._flush_circles()
                self._one(shape)
        self._flush_rects()
        self._flush_circles()

    def _draw(self, code: int, name: str, args: list[object]) -> None:
        """``canvas.<name>(*args)``: the same command, sent straight to the canvas."""
        if self._send is None:
            getattr(self.canvas, name)(*args)
        else:
            self._send(self.canvas, [code, args, 0])

    def _flush_rects(self) -> None:
        if not self._rects:
            return
        rects, self._rects = self._rects, []
        if len(rects) < SHORTEST_BATCH:
            for rect in rects:
                self._set("fill_style", rect.fill)
                box = rect.box
                self._draw(FILL_RECT, "fill_rect", [box.x, box.y, box.w, box.h])
            return
        self.canvas.fill_styled_rects(
            np.array([r.box.x for r in rects]),
            np.array([r.box.y for r in rects]),
            np.array([r.box.w for r in rects]),
            np.array([r.box.h for r in rects]),
            np.array([_rgb(r.fill) for r in rects], dtype=np.uint8),
        )

    def _flush_circles(self) -> None:
        if not self._circles:
            return
        circles, self._circles = self._circles, []
        if len(circles) < SHORTEST_BATCH:
            for circle in circles:
                self._set("fill_style", circle.fill)
                self._draw(FILL_CIRCLE, "fill_circle", [circle.cx, circle.cy, circle.r])
            return
        self.canvas.fill_styled_circles(
            np.array([c.cx for c in circles]),
            np.array([c.cy for c in circles]),
            np.array([c.r for c in circles]),
            np.array([_rgb(c.fill) for c in circles], dtype=np.uint8),
        )

    def _stroke(self, colour: str | None, width: float) -> bool:
        if not colour or not width:
            return False
        self._set("stroke_style", colour)
        self._set("line_width", width)
        return True

    def _one(self, shape: Shape) -> None:
        canvas = self.canvas
        if isinstance(shape, Rect):
            self._rounded(shape.box, shape.radius)
            if shape.fill != "none":
                self._set("fill_style", shape.fill)
                canvas.fill()
            if self._stroke(shape.stroke, shape.stroke_width):
                canvas.stroke()
        elif isinstance(shape, Circle):
            self._set("fill_style", shape.fill)
            canvas.fill_circle(shape.cx, shape.cy, shape.r)
            if self._stroke(shape.stroke, shape.stroke_width):
                canvas.stroke_circle(shape.cx, shape.cy, shape.r)
        elif isinstance(shape, Text):
            self.text(shape)
        elif isinstance(shape, Polygon):
            self._set("fill_style", shape.fill)
            canvas.fill_polygon(list(shape.points))
            if self._stroke(shape.stroke, shape.stroke_width):
                canvas.stroke_polygon(list(shape.points))
        elif isinstance(shape, Segment):
            canvas.set_line_dash(list(shape.dash))
            self._stroke(shape.stroke, shape.width)
            canvas.stroke_line(*shape.start, *shape.end)
            canvas.set_line_dash([])
        elif isinstance(shape, Curve):
            canvas.set_line_dash(list(shape.dash))
            self._stroke(shape.stroke, shape.width)
            self._set("line_cap", "round")
            canvas.begin_path()
            canvas.move_to(*shape.start)
            for first, second, end in shape.pieces:
                canvas.bezier_curve_to(*first, *second, *end)
            canvas.stroke()
            canvas.set_line_dash([])

    def _rounded(self, box: Box, radius: float) -> None:
        canvas, r = self.canvas, min(radius, box.w / 2, box.h / 2)
        canvas.begin_path()
        canvas.move_to(box.x + r, box.y)
        canvas.arc_to(box.right, box.y, box.right, box.bottom, r)
        canvas.arc_to(box.right, box.bottom, box.x, box.bottom, r)
        canvas.arc_to(box.x, box.bottom, box.x, box.y, r)
        canvas.arc_to(box.x, box.y, box.right, box.y, r)
        canvas.close_path()

    def text(self, shape: Text) -> None:
        style = (shape.size, shape.bold, shape.color, shape.anchor)
        if style != self._text_style:  # most texts share the one before's styles
            self._set("font", _font(shape.size, shape.bold))
            self._set("fill_style", shape.color)
            self._set("text_align", ALIGN[shape.anchor])
            self._set("text_baseline", "alphabetic")
            self._text_style = style
        step = shape.size * shape.line_height
        for index, line in enumerate(shape.lines):
            self._draw(FILL_TEXT, "fill_text", [line, shape.x, shape.y + index * step])


def tooltip_shapes(text: str, x: float, y: float, bounds: Box) -> list[Shape]:
    """A tooltip box near a point, kept inside ``bounds``, as shapes for the overlay."""
    size, width, padding = 12.0, 260.0, 8.0
    lines: list[str] = []
    for index, paragraph in enumerate(text.splitlines()):
        lines.extend(wrap(paragraph, width - 2 * padding, size, 3, bold=index == 0))
    step = size * 1.25
    height = len(lines) * step + 2 * padding
    left = min(x + 14, bounds.right - width - 4)
    top = min(y + 14, bounds.bottom - height - 4)
    left, top = max(left, bounds.x + 4), max(top, bounds.y + 4)
    face = metrics(False)
    baseline = top + padding + (step - size * (face.ascent + face.descent)) / 2 + size * face.ascent
    box = Box(left, top, width, height)
    shapes: list[Shape] = [
        Rect(box, "#FFFFFF", "tooltip", stroke="#1A1A1A", stroke_width=1, radius=4)
    ]
    for index, line in enumerate(lines):
        shapes.append(
            Text(
                left + padding,
                baseline + index * step,
                (line,),
                size,
                "#1A1A1A",
                "tooltip-text",
                Box(left + padding, top + padding + index * step, width - 2 * padding, step),
                bold=index == 0,
            )
        )
    return shapes


def paint_patch(
    canvas: Canvas, area: tuple[float, float, float, float], shapes: Sequence[Shape], scale: float
) -> None:
    """Clear ``area`` (canvas pixels) and paint ``shapes`` there, clipped to it: one patch
    of a partial redraw, of the map or of its overlay."""
    left, top, w, h = area
    canvas.save()
    canvas.begin_path()
    canvas.rect(left, top, w, h)
    canvas.clip()
    canvas.clear_rect(left, top, w, h)
    canvas.scale(scale)
    Painter(canvas, scale).paint(shapes)
    canvas.restore()
