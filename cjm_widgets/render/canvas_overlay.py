"""The overlay layer drawn again only where it changed: a drag moves a ghost, not the map.

While a card is dragged the overlay is drawn once per pointer move. Clearing the whole
layer (16,384 pixels wide on a long journey) and painting every mark again sends and
draws far more than the few boxes that moved, so the overlay's shapes are compared with
those drawn last, as the map's own edits are (``canvas_delta``): only the areas of the
shapes that went or came are cleared and painted again, clipped to them, which gives
the same pixels as drawing the whole overlay anew.
"""

from __future__ import annotations

from collections.abc import Sequence

from ipycanvas import Canvas

from ..layout.shapes import Layout, Shape
from .canvas_delta import changed_areas, patches
from .canvas_painter import Painter, paint_patch

Size = tuple[float, int, int]
"""Canvas pixels per layout pixel, and the canvas's width and height in pixels."""


class OverlayDelta:
    """Remembers the overlay as last drawn, so that the next drawing is only the change."""

    def __init__(self) -> None:
        self._drawn: tuple[Size, Layout] | None = None
        self._blank = False

    def forget(self, cleared: bool = False) -> None:
        """Draw the whole layer next time (``cleared``: the caller has just cleared it)."""
        self._drawn, self._blank = None, cleared

    def needs_drawing(self, shapes: Sequence[Shape], size: Size) -> bool:
        """Whether ``shapes`` look different from the overlay as last drawn at ``size``."""
        drawn = self._drawn
        return drawn is None or drawn[0] != size or drawn[1].shapes != tuple(shapes)

    def paint(self, overlay: Canvas, shapes: Sequence[Shape], size: Size) -> None:
        """Draw ``shapes`` on ``overlay`` (inside the caller's ``hold_canvas``): the areas
        that differ from the last drawing at the same size, else the whole layer."""
        scale, width, height = size
        after = Layout(width / scale, height / scale, tuple(shapes))
        drawn, self._drawn = self._drawn, (size, after)
        areas = changed_areas(drawn[1], after) if drawn is not None and drawn[0] == size else None
        blank, self._blank = self._blank, False
        if areas is None:
            if not blank:
                overlay.clear()
            overlay.save()
            overlay.scale(scale)
            Painter(overlay, scale).paint(after.shapes)
            overlay.restore()
            return
        for area, found in patches(after, areas, scale, width, height):
            paint_patch(overlay, area, found, scale)
