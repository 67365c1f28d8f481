"""Live views of a layout on an ipycanvas MultiCanvas: the journey map and the priority matrix.

Every redraw goes out as one batch (``hold_canvas``), with runs of plain rectangles
and circles sent as single vectorised commands. Drawing commands sent while no
browser view is attached are lost (a reopened notebook, a second window, a code-free
app page), so a view redraws whenever a client reports ready. Canvas pixels never
reach a saved notebook or an nbconvert export: reports use the SVG renderer.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from ipycanvas import Canvas, MultiCanvas, hold_canvas
from traitlets import Float, Unicode

from ..errors import CjmError
from ..fonts import CSS_FAMILY, embedded_font_css, metrics, wrap
from ..i18n import translate
from ..layout import Lane, Layout, layout_journey
from ..layout.matrix import MatrixLayout, layout_matrix
from ..layout.shapes import Box, Circle, Curve, Hotspot, Polygon, Rect, Segment, Shape, Text
from ..model import JourneyState, Workshop

ZOOM_STEPS = (0.25, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
MAX_CANVAS_PX = 16384
"""Browsers refuse canvases much wider or taller than this; long journeys are scaled down."""
HIGHLIGHT = "#0072B2"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _font(size: float, bold: bool) -> str:
    return f"{'bold ' if bold else ''}{size:g}px {CSS_FAMILY}"


class Painter:
    """Draws shapes on one canvas, sending runs of plain rects and circles as one command each."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._rects: list[Rect] = []
        self._circles: list[Circle] = []

    def paint(self, shapes: Sequence[Shape]) -> None:
        for shape in shapes:
            if (
                isinstance(shape, Rect)
                and not shape.radius
                and not shape.stroke
                and shape.fill != "none"
            ):
                self._flush_circles()
                self._rects.append(shape)
            elif isinstance(shape, Circle) and not shape.stroke:
                self._flush_rects()
                self._circles.append(shape)
            else:
                self._flush_rects()
                self._flush_circles()
                self._one(shape)
        self._flush_rects()
        self._flush_circles()

    def _flush_rects(self) -> None:
        if not self._rects:
            return
        rects, self._rects = self._rects, []
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
        self.canvas.fill_styled_circles(
            np.array([c.cx for c in circles]),
            np.array([c.cy for c in circles]),
            np.array([c.r for c in circles]),
            np.array([_rgb(c.fill) for c in circles], dtype=np.uint8),
        )

    def _stroke(self, colour: str | None, width: float) -> bool:
        if not colour or not width:
            return False
        self.canvas.stroke_style = colour
        self.canvas.line_width = width
        return True

    def _one(self, shape: Shape) -> None:
        canvas = self.canvas
        if isinstance(shape, Rect):
            self._rounded(shape.box, shape.radius)
            if shape.fill != "none":
                canvas.fill_style = shape.fill
                canvas.fill()
            if self._stroke(shape.stroke, shape.stroke_width):
                canvas.stroke()
        elif isinstance(shape, Circle):
            canvas.fill_style = shape.fill
            canvas.fill_circle(shape.cx, shape.cy, shape.r)
            if self._stroke(shape.stroke, shape.stroke_width):
                canvas.stroke_circle(shape.cx, shape.cy, shape.r)
        elif isinstance(shape, Text):
            self.text(shape)
        elif isinstance(shape, Polygon):
            canvas.fill_style = shape.fill
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
            canvas.line_cap = "round"
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
        canvas = self.canvas
        canvas.font = _font(shape.size, shape.bold)
        canvas.fill_style = shape.color
        canvas.text_align = {"start": "left", "middle": "center", "end": "right"}[shape.anchor]
        canvas.text_baseline = "alphabetic"
        step = shape.size * shape.line_height
        for index, line in enumerate(shape.lines):
            canvas.fill_text(line, shape.x, shape.y + index * step)


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


class LayoutView(widgets.VBox):  # type: ignore[misc]
    """A layout on a two-layer canvas (drawing, overlay) with zoom buttons and hover tooltips."""

    zoom = Float(1.0)
    status = Unicode("")

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.layout_data: Layout = Layout(1, 1, ())
        self.canvas = MultiCanvas(2, width=1, height=1)
        self.canvas.on_client_ready(self.redraw)
        self.canvas.on_mouse_move(self._on_move)
        self.canvas.on_mouse_down(self._on_down)
        self.canvas.on_mouse_up(self._on_up)
        self.canvas.on_mouse_out(self._on_out)
        self._hover: Hotspot | None = None
        self._fit = False
        actions = {"fit": ("expand", self.zoom_fit), "out": ("search-minus", self.zoom_out),
                   "in": ("search-plus", self.zoom_in)}  # fmt: skip
        self.buttons: dict[str, widgets.Button] = {}
        for name, (icon, action) in actions.items():
            button = widgets.Button(
                description=translate(f"view.zoom_{name}", lang),
                icon=icon,
                layout=widgets.Layout(width="auto"),
            )
            button.on_click(lambda _, act=action: act())
            self.buttons[name] = button
        self.message = widgets.HTML()
        fonts = widgets.HTML(
            f"<style>{embedded_font_css()}</style>"
            f'<span style="font-family:{html.escape(CSS_FAMILY)};visibility:hidden">Aa</span>'
            f'<b style="font-family:{html.escape(CSS_FAMILY)};visibility:hidden">Aa</b>',
            layout=widgets.Layout(height="0px", overflow="hidden"),
        )
        toolbar = widgets.HBox([*self.buttons.values(), self.message])
        scroller = widgets.Box([self.canvas], layout=widgets.Layout(overflow="auto", width="100%"))
        super().__init__([fonts, toolbar, scroller])

    # -- drawing --------------------------------------------------------------------

    def show(self, layout: Layout) -> None:
        """Replace the drawing with ``layout`` and redraw it."""
        self.layout_data = layout
        self.redraw()

    @property
    def scale(self) -> float:
        """Canvas pixels per layout pixel: the zoom, reduced when the canvas would be too big."""
        layout = self.layout_data
        return min(self.zoom, MAX_CANVAS_PX / max(layout.width, layout.height, 1))

    def redraw(self) -> None:
        """Send the whole drawing as one batch; also called when a browser view attaches."""
        layout, zoom = self.layout_data, self.scale
        width, height = max(1, round(layout.width * zoom)), max(1, round(layout.height * zoom))
        self.canvas.width, self.canvas.height = width, height
        self.canvas.layout.width = "100%" if self._fit else f"{width}px"
        self.canvas.layout.height = "auto"
        with hold_canvas():
            base, overlay = self.canvas[0], self.canvas[1]
            base.clear()
            overlay.clear()
            base.save()
            base.scale(zoom)
            Painter(base).paint(layout.shapes)
            base.restore()
            self._paint_overlay(overlay)

    def _overlay_shapes(self) -> list[Shape]:
        """Highlights drawn above the map: what is hovered and what is selected."""
        shapes: list[Shape] = []
        if self._hover is not None:
            box = self._hover.box
            shapes.append(
                Rect(
                    Box(box.x - 3, box.y - 3, box.w + 6, box.h + 6),
                    "none",
                    "hover",
                    stroke=HIGHLIGHT,
                    stroke_width=2,
                    radius=6,
                )
            )
        return shapes

    def _paint_overlay(self, overlay: Canvas) -> None:
        overlay.save()
        overlay.scale(self.scale)
        painter = Painter(overlay)
        painter.paint(self._overlay_shapes())
        if self._hover is not None:
            box = self._hover.box
            bounds = Box(0, 0, self.layout_data.width, self.layout_data.height)
            painter.paint(tooltip_shapes(self._hover.tooltip, box.right, box.y, bounds))
        overlay.restore()

    def redraw_overlay(self) -> None:
        with hold_canvas():
            overlay = self.canvas[1]
            overlay.clear()
            self._paint_overlay(overlay)

    # -- zoom -------------------------------------------------------------------------

    def zoom_fit(self) -> None:
        """Scale the drawing to the width of the notebook or app page."""
        self._fit = True
        self.zoom = 1.0
        self.redraw()

    def _step(self, direction: int) -> None:
        self._fit = False
        steps = [
            z
            for z in ZOOM_STEPS
            if (z > self.zoom + 1e-9 if direction > 0 else z < self.zoom - 1e-9)
        ]
        if steps:
            self.zoom = steps[0] if direction > 0 else steps[-1]
        self.redraw()

    def zoom_in(self) -> None:
        self._step(+1)

    def zoom_out(self) -> None:
        self._step(-1)

    # -- pointer ------------------------------------------------------------------------

    def to_layout(self, x: float, y: float) -> tuple[float, float]:
        """Canvas pixels to layout coordinates."""
        return x / self.scale, y / self.scale

    def _on_move(self, x: float, y: float) -> None:
        spot = self.layout_data.hit(*self.to_layout(x, y))
        if spot != self._hover:
            self._hover = spot
            self.redraw_overlay()

    def _on_out(self, x: float, y: float) -> None:
        if self._hover is not None:
            self._hover = None
            self.redraw_overlay()

    def _on_down(self, x: float, y: float) -> None:
        """Subclasses act on a press."""

    def _on_up(self, x: float, y: float) -> None:
        """Subclasses act on a release."""

    def show_error(self, error: Exception) -> None:
        self.message.value = f'<span style="color:#B8420F">{html.escape(str(error))}</span>'


class JourneyMapView(LayoutView):
    """The live journey map of one persona; click a touchpoint to select it.

    ``selected`` holds the id of the selected touchpoint (None when nothing is), so the
    workshop app can open its editor. Call ``refresh()`` after changing the workshop,
    or assign a new one to ``workshop``.
    """

    selected = Unicode(None, allow_none=True)

    def __init__(
        self,
        workshop: Workshop,
        persona: str | None = None,
        *,
        state: JourneyState = "current",
        lanes: Sequence[Lane] | None = None,
        lang: str | None = None,
    ) -> None:
        super().__init__(lang or workshop.language)
        self._workshop = workshop
        self.persona = persona
        self.state: JourneyState = state
        self.lanes = lanes
        self.observe(lambda _: self.redraw_overlay(), names="selected")
        self.add_class("cjm-map")
        self.refresh()

    @property
    def workshop(self) -> Workshop:
        return self._workshop

    @workshop.setter
    def workshop(self, value: Workshop) -> None:
        self._workshop = value
        self.refresh()

    def refresh(self) -> None:
        """Lay the map out again from the workshop and redraw it."""
        layout = layout_journey(
            self._workshop, self.persona, state=self.state, lanes=self.lanes, lang=self.lang
        )
        if self.selected is not None and self.selected not in {s.ref for s in layout.hotspots}:
            self.selected = None
        self.show(layout)

    def _overlay_shapes(self) -> list[Shape]:
        shapes = super()._overlay_shapes()
        if self.selected is not None:
            for spot in self.layout_data.hotspots:
                if spot.ref == self.selected and spot.kind == "touchpoint":
                    box = spot.box
                    shapes.append(
                        Rect(
                            Box(box.x - 4, box.y - 4, box.w + 8, box.h + 8),
                            "none",
                            "selected",
                            stroke="#D55E00",
                            stroke_width=3,
                            radius=7,
                        )
                    )
        return shapes

    def _on_down(self, x: float, y: float) -> None:
        spot = self.layout_data.hit(*self.to_layout(x, y))
        self.selected = spot.ref if spot is not None and spot.kind == "touchpoint" else None


class PriorityMatrixView(LayoutView):
    """The effort/impact matrix; drag a dot to re-rate an idea (snaps to the 1-5 grid).

    A drop changes the idea's ``effort`` and ``impact`` and calls ``on_change`` (by default
    it saves the workshop when it has a file). A failed save is shown, never lost: the
    new ratings stay in the workshop for the next save.
    """

    def __init__(
        self,
        workshop: Workshop,
        *,
        on_change: Callable[[Workshop], Any] | None = None,
        lang: str | None = None,
    ) -> None:
        super().__init__(lang or workshop.language)
        self.workshop = workshop
        self.on_change = on_change if on_change is not None else self._save
        self._dragging: str | None = None
        self._drop: tuple[int, int] | None = None
        self.refresh()

    @property
    def matrix(self) -> MatrixLayout:
        assert isinstance(self.layout_data, MatrixLayout)
        return self.layout_data

    def refresh(self) -> None:
        self.show(layout_matrix(self.workshop, lang=self.lang))

    def _save(self, workshop: Workshop) -> None:
        if workshop.path is not None:
            workshop.save()

    def _on_down(self, x: float, y: float) -> None:
        spot = self.layout_data.hit(*self.to_layout(x, y))
        if spot is not None and spot.kind == "idea":
            self._dragging = spot.ref
            self._drop = None

    def _on_move(self, x: float, y: float) -> None:
        if self._dragging is None:
            super()._on_move(x, y)
            return
        scores = self.matrix.scores_at(*self.to_layout(x, y))
        if scores != self._drop:
            self._drop = scores
            self.redraw_overlay()

    def _on_up(self, x: float, y: float) -> None:
        idea_id, self._dragging = self._dragging, None
        if idea_id is None:
            return
        effort, impact = self.matrix.scores_at(*self.to_layout(x, y))
        self._drop = None
        idea = self.workshop.by_id("ideas")[idea_id]
        if (idea.effort, idea.impact) != (effort, impact):
            idea.effort, idea.impact = effort, impact
            try:
                self.on_change(self.workshop)
                self.message.value = ""
            except (CjmError, OSError) as error:
                self.show_error(error)
        self.refresh()

    def _overlay_shapes(self) -> list[Shape]:
        if self._dragging is None or self._drop is None:
            return super()._overlay_shapes()
        cx, cy = self.matrix.point_of(*self._drop)
        return [Circle(cx, cy, 15, "#FFFFFF", "drop-target", stroke=HIGHLIGHT, stroke_width=3)]
