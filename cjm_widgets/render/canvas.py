"""Live views of a layout on an ipycanvas MultiCanvas: zoom, hover and the journey map.

Views only draw and report what the pointer does (``JourneyMapView.selected``); a view
that changes the workshop lives in ``widgets/`` and is given a change callback.
Every redraw goes out as one batch (``hold_canvas``), drawn by ``canvas_painter``; after
an edit only the areas that changed are cleared and painted again (``canvas_delta``),
so a long journey redraws in a few milliseconds and sends kilobytes, not megabytes; the
overlay (hover, selection, a drag's ghost) likewise (``canvas_overlay``). The canvas
scrolls in its frame, never shrunk by it: by default as wide as the page while its cards
stay readable (``READABLE``), Fit to the page's width, a zoom at its own pixels.
Drawing commands sent while no browser view is attached are lost (a reopened
notebook, a second window, a code-free app page), so a view redraws whenever a
client reports ready. Canvas pixels never
reach a saved notebook or an nbconvert export: reports use the SVG renderer.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import replace

import ipywidgets as widgets
from ipycanvas import Canvas, MultiCanvas, hold_canvas
from traitlets import Float, Unicode

from ..bulk import cycle_collector_paused
from ..fonts import CSS_FAMILY, embedded_font_css
from ..i18n import translate
from ..layout import Lane, Layout, MapOptions, warm_up
from ..layout.shapes import Box, Hotspot, Rect, Shape
from ..layout.theme import theme_for
from ..model import JourneyState, Workshop
from .canvas_delta import Inks, changed_areas, patches
from .canvas_overlay import OverlayDelta
from .canvas_painter import HIGHLIGHT, Painter, paint_patch, tooltip_shapes
from .page_colours import ERROR
from .page_theme import page_theme

ZOOM_STEPS = (0.25, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
MAX_CANVAS_PX = 16384
"""Browsers refuse canvases much wider or taller than this; long journeys are scaled down."""
READABLE = 0.6
"""The smallest share of its own size a map is shrunk to by default to fit the page: below
it the cards' text is too small to read, so the map keeps that size and scrolls instead."""


class LayoutView(widgets.VBox):  # type: ignore[misc]
    """A layout on a two-layer canvas (drawing, overlay) with zoom buttons and hover tooltips."""

    zoom = Float(1.0)
    status = Unicode("")

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.layout_data: Layout = Layout(1, 1, ())
        self.canvas = MultiCanvas(2, width=1, height=1)
        self.canvas.on_client_ready(self._on_client_ready)
        self.canvas.on_mouse_move(self._on_move)
        self.canvas.on_mouse_down(self._on_down)
        self.canvas.on_mouse_up(self._on_up)
        self.canvas.on_mouse_out(self._on_out)
        self._hover: Hotspot | None = None
        self.show_tooltips = True
        """Whether hovering is followed (highlight, tooltip): a drag turns it off while it
        lasts, so that each pointer move draws the drag's overlay once and nothing else."""
        self._fit = False
        self._auto = True
        """Until a zoom button is pressed: fitted to the page while it stays readable."""
        self._viewed = False
        """Whether a browser view has attached: until one does, drawing is sent to no one."""
        self._inks = Inks()
        self._overlay = OverlayDelta()
        self._drawn: tuple[float, int, int, bool] | None = None
        """Zoom, canvas size and fit of the last whole drawing: a patch needs the same."""
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
        self.scroller = widgets.Box(
            [self.canvas], layout=widgets.Layout(overflow="auto", width="100%")
        )
        """The canvas's frame: an editor can be placed over the canvas inside it."""
        self.scroller.add_class("cjm-canvas-frame")
        super().__init__([fonts, toolbar, self.scroller])

    # -- drawing --------------------------------------------------------------------

    def _on_client_ready(self) -> None:
        self._viewed = True
        self.redraw()

    def show(self, layout: Layout) -> None:
        """Replace the drawing with ``layout``: when the canvas keeps its size, only the
        areas that look different are painted again, in one batch; else all of it.

        Before any browser view has attached nothing is sent (it would be lost): the
        first view to attach gets the whole drawing."""
        before, self.layout_data = self.layout_data, layout
        if self._hover is not None and self._hover not in layout.hotspots:
            self._hover = None  # its card moved or went (a drop): no ring where it was
        if not self._viewed:
            self._size_canvas()
            return
        areas = changed_areas(before, layout) if self._drawn == self._canvas_state() else None
        if areas is None:
            self.redraw()
        elif areas or before.hotspots != layout.hotspots:
            self._patch(areas)

    def _canvas_state(self) -> tuple[float, int, int, bool]:
        layout, zoom = self.layout_data, self.scale
        width, height = max(1, round(layout.width * zoom)), max(1, round(layout.height * zoom))
        return zoom, width, height, self._fit

    @property
    def width_bounds(self) -> tuple[float, float | None]:
        """The least and most CSS pixels the browser shows the canvas's width at (the
        frame's width in between; None: no most). A zoom gives its own pixels, Fit the
        frame's width, and the default fits the frame but never below ``READABLE``."""
        _, width, _, fit = self._canvas_state()
        if fit:
            return 0.0, None
        if self._auto:
            return min(float(width), round(READABLE * self.layout_data.width)), float(width)
        return float(width), float(width)

    @cycle_collector_paused()
    def _patch(self, areas: Sequence[Box]) -> None:
        """Clear ``areas`` and paint every shape that reaches into them, clipped to them,
        and the overlay, as one batch; the same pixels as a whole redraw."""
        zoom, width, height, _ = self._canvas_state()
        found = patches(self.layout_data, areas, zoom, width, height, self._inks)
        if sum(w * h for (_, _, w, h), _ in found) > width * height / 2:
            self.redraw()  # most of it changed: one plain drawing sends less
            return
        with hold_canvas():
            base, overlay = self.canvas[0], self.canvas[1]
            for area, shapes in found:
                paint_patch(base, area, shapes, zoom)
            self._paint_overlay(overlay)

    @property
    def scale(self) -> float:
        """Canvas pixels per layout pixel: the zoom, reduced when the canvas would be too big."""
        layout = self.layout_data
        return min(self.zoom, MAX_CANVAS_PX / max(layout.width, layout.height, 1))

    def _size_canvas(self) -> tuple[float, int, int]:
        """The canvas sized for the drawing: zoom, width and height in canvas pixels."""
        zoom, width, height, _ = self._canvas_state()
        self.canvas.width, self.canvas.height = width, height
        least, most = self.width_bounds
        shown = self.canvas.layout
        shown.width = f"{width}px" if least == most else "100%"
        shown.min_width = f"{least:.0f}px" if 0 < least < width else None
        shown.max_width = f"{most:.0f}px" if most is not None and least < most else None
        shown.height = "auto"
        shown.flex = "0 0 auto"  # the frame is a flex box: it scrolls, never shrinks the map
        return zoom, width, height

    @cycle_collector_paused()
    def redraw(self) -> None:
        """Send the whole drawing as one batch; also called when a browser view attaches."""
        layout = self.layout_data
        zoom, width, height = self._size_canvas()
        with hold_canvas():
            base, overlay = self.canvas[0], self.canvas[1]
            base.clear()
            overlay.clear()
            self._overlay.forget(cleared=True)
            base.save()
            base.scale(zoom)
            Painter(base, zoom).paint(layout.shapes)
            base.restore()
            self._paint_overlay(overlay)
        self._drawn = (zoom, width, height, self._fit)

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

    def _overlay_all(self) -> list[Shape]:
        """The overlay's shapes and, while something is hovered, its tooltip."""
        shapes = self._overlay_shapes()
        if self._hover is not None and self.show_tooltips:
            box = self._hover.box
            bounds = Box(0, 0, self.layout_data.width, self.layout_data.height)
            shapes.extend(tooltip_shapes(self._hover.tooltip, box.right, box.y, bounds))
        return shapes

    def _paint_overlay(self, overlay: Canvas) -> None:
        """The overlay in the batch under way: only where it differs from its last drawing."""
        self._overlay.paint(overlay, self._overlay_all(), self._canvas_state()[:3])

    def redraw_overlay(self) -> None:
        """Draw the overlay again where it changed (nothing is sent if nothing did)."""
        shapes, size = self._overlay_all(), self._canvas_state()[:3]
        if self._overlay.needs_drawing(shapes, size):
            with hold_canvas():
                self._overlay.paint(self.canvas[1], shapes, size)

    # -- zoom -------------------------------------------------------------------------

    def zoom_fit(self) -> None:
        """Scale the drawing to the width of the notebook or app page (an overview)."""
        self._fit, self._auto = True, False
        self.zoom = 1.0
        self.redraw()

    def _step(self, direction: int) -> None:
        # by default the map is shown at READABLE to 1: out goes below what is shown
        now = READABLE if self._auto and direction < 0 else self.zoom
        self._fit, self._auto = False, False
        steps = [z for z in ZOOM_STEPS if (z > now + 1e-9 if direction > 0 else z < now - 1e-9)]
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
        if not self.show_tooltips:
            return
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
        self.message.value = f'<span style="color:{ERROR}">{html.escape(str(error))}</span>'


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
        options: MapOptions | None = None,
    ) -> None:
        options = options or MapOptions()
        super().__init__(lang or options.lang or workshop.language)
        self._workshop = workshop
        self.persona = persona
        self.state: JourneyState = state
        self.stages: Sequence[str] | None = None
        """Stage ids to show (None: all), as the projector shows one at a time."""
        self.options = options if lanes is None else MapOptions(tuple(lanes), options.theme)
        self._refreshing = False
        self._live = warm_up.taken(workshop, persona, self.options)
        """The map as last laid out: after an edit only the changed columns are drawn again."""
        self.extras: Callable[[], Sequence[Shape]] | None = None
        """More overlay shapes (an editor's focus ring, drag ghost, "+" marks): drawn on
        the overlay layer only, never in the layout, so exports stay as they are."""
        self.observe(self._on_selected, names="selected")
        self.add_class("cjm-map")
        self._page = page_theme()
        self._page.follow(self._on_page_theme)
        self.refresh()

    @property
    def workshop(self) -> Workshop:
        return self._workshop

    @workshop.setter
    def workshop(self, value: Workshop) -> None:
        self._workshop = value
        self.refresh()

    @property
    def shown_options(self) -> MapOptions:
        """``options`` in the page's theme: dark colours while JupyterLab shows its dark
        theme (exports take ``options`` and stay light)."""
        theme = theme_for(self._page.dark, self.options.theme)
        return self.options if theme == self.options.theme else replace(self.options, theme=theme)

    def _on_page_theme(self, dark: bool) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Lay the map out again from the workshop and redraw it."""
        layout = self._live.layout(
            self._workshop,
            self.persona,
            state=self.state,
            options=self.shown_options,
            lang=self.lang,
            stages=self.stages,
        )
        if self.selected is not None and self.selected not in {s.ref for s in layout.hotspots}:
            self._refreshing = True  # the drawing below paints the overlay in its batch
            try:
                self.selected = None
            finally:
                self._refreshing = False
        self.show(layout)

    def _on_selected(self, change: object) -> None:
        if not self._refreshing:
            self.redraw_overlay()

    def _overlay_shapes(self) -> list[Shape]:
        shapes = super()._overlay_shapes()
        selected = self.selected  # a trait: read once, not once per hotspot
        if selected is not None:
            for spot in self.layout_data.hotspots:
                if spot.ref == selected and spot.kind == "touchpoint":
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
        if self.extras is not None:
            shapes.extend(self.extras())
        return shapes

    def _on_down(self, x: float, y: float) -> None:
        spot = self.layout_data.hit(*self.to_layout(x, y))
        on_card = spot is not None and spot.kind in ("touchpoint", "emotion")
        self.selected = spot.ref if spot is not None and on_card else None
