"""The effort/impact matrix on the canvas, where dragging an idea's dot re-rates it.

It changes the workshop, so it is a widget, not a renderer: each drop sets the idea's
``effort`` and ``impact`` and calls the change callback it was given (the app passes
its session's ``changed``, which autosaves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import CjmError
from ..layout.matrix import MatrixLayout, layout_matrix
from ..layout.shapes import Circle, Shape
from ..layout.theme import theme_for
from ..model import Workshop
from ..render.canvas import LayoutView
from ..render.canvas_painter import HIGHLIGHT
from ..render.page_theme import page_theme
from ..store import path_of, save_workshop


def save_when_it_has_a_file(workshop: Workshop) -> None:
    """The change callback used when none is given: save through the store."""
    if path_of(workshop) is not None:
        save_workshop(workshop)


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
        self.on_change = on_change if on_change is not None else save_when_it_has_a_file
        self._dragging: str | None = None
        self._drop: tuple[int, int] | None = None
        self.rated: str | None = None
        """The idea the last drop re-rated (the app names the undo step after it)."""
        self._page = page_theme()
        self._page.follow(self._on_page_theme)
        self.refresh()

    @property
    def matrix(self) -> MatrixLayout:
        assert isinstance(self.layout_data, MatrixLayout)
        return self.layout_data

    def _on_page_theme(self, dark: bool) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Lay the matrix out again, in the page's theme, and redraw it."""
        theme = theme_for(self._page.dark)
        self.show(layout_matrix(self.workshop, theme=theme, lang=self.lang))

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
            self.rated = idea_id
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
