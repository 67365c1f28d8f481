"""What a pointer gesture on the journey map means, read from the map's layout alone.

Where a dragged card would land (a stage and a place among that stage's cards), which
emotion score a point dragged on the curve snaps to, whether two presses make a
double-click, and the shapes the overlay shows meanwhile (the ghost, the landing
marker, the "+" marks, the focus ring). No widget and no workshop here: the map
editor asks, then changes the workshop through ``editing`` and the session.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..layout.shapes import Box, Circle, Hotspot, Layout, Rect, Segment, Shape, Text

DOUBLE_CLICK_SECONDS = 0.5
"""Two presses on the same card this close together are a double-click (ipycanvas
reports presses, not double-clicks)."""

DRAG_START = 4.0
"""How far (layout pixels) the pointer moves before a press becomes a drag: a hand
that trembles while clicking moves nothing."""

GHOST = "rgba(0,114,178,0.25)"
MARK = "#0072B2"
FOCUS = "#0072B2"
PLUS_SIZE = 20.0


T = TypeVar("T")
_MEMO: dict[str, tuple[Layout, Any]] = {}
"""Per question, the last layout asked about and the answer: a drag asks the same map
on every pointer move, and a long journey has thousands of shapes to look through."""


def _per_layout(question: str, layout: Layout, answer: Callable[[], T]) -> T:
    known = _MEMO.get(question)
    if known is not None and known[0] is layout:
        return known[1]  # type: ignore[no-any-return]
    found = answer()
    _MEMO[question] = (layout, found)
    return found


@dataclass(frozen=True)
class Landing:
    """Where a dropped card goes: ``stage`` and its place among that stage's other cards."""

    stage: str
    index: int
    marker: Box


def cards(layout: Layout) -> list[Hotspot]:
    """The touchpoint cards of the map, left to right (journey order)."""
    return list(
        _per_layout(
            "cards",
            layout,
            lambda: tuple(
                sorted(
                    (spot for spot in layout.hotspots if spot.kind == "touchpoint"),
                    key=lambda s: s.box.x,
                )
            ),
        )
    )


def stage_boxes(layout: Layout) -> list[tuple[str, Box]]:
    """Each stage's id and its header's box, whose width is the stage's columns."""
    return list(
        _per_layout(
            "stages",
            layout,
            lambda: tuple(
                (shape.ref, shape.box)
                for shape in layout.shapes
                if isinstance(shape, Rect) and shape.role == "stage" and shape.ref
            ),
        )
    )


def lanes_box(layout: Layout) -> Box | None:
    """The area the lanes cover (a drop above or below it lands nowhere)."""
    return _per_layout("lanes", layout, lambda: _lanes_box(layout))


def _lanes_box(layout: Layout) -> Box | None:
    bands = [s.box for s in layout.shapes if isinstance(s, Rect) and s.role == "lane"]
    if not bands:
        return None
    top, bottom = min(b.y for b in bands), max(b.bottom for b in bands)
    left, right = min(b.x for b in bands), max(b.right for b in bands)
    return Box(left, top, right - left, bottom - top)


def _middle(box: Box) -> float:
    return box.x + box.w / 2


def landing(layout: Layout, dragged: str, x: float, y: float) -> Landing | None:
    """Where the card ``dragged`` would land if dropped at layout point (x, y); None outside
    every stage (above or below the lanes, in the lanes' label column, past the end)."""
    area = lanes_box(layout)
    if area is None or not area.y <= y <= area.bottom:
        return None
    stage = next(((ref, box) for ref, box in stage_boxes(layout) if box.x <= x <= box.right), None)
    if stage is None:
        return None
    ref, box = stage
    others = [c for c in cards(layout) if box.x <= _middle(c.box) <= box.right and c.ref != dragged]
    index = sum(1 for card in others if _middle(card.box) < x)
    if not others:
        line = _middle(box)
    elif index == 0:
        line = others[0].box.x - 4
    elif index == len(others):
        line = others[-1].box.right + 4
    else:
        line = (others[index - 1].box.right + others[index].box.x) / 2
    return Landing(ref, index, Box(line - 2, area.y, 4, area.h))


def snapped_emotion(spot: Hotspot, score: int, y: float, band: float) -> int:
    """The score 1-5 a point now at ``score`` (drawn in ``spot``) snaps to when dragged to
    ``y``; ``band`` is the height of one score on the curve."""
    middle = spot.box.y + spot.box.h / 2
    return max(1, min(5, math.floor(score + (middle - y) / band + 0.5)))


def plus_marks(layout: Layout) -> list[tuple[str, Box]]:
    """A "+" in the lower right corner of each stage's header: add a touchpoint there."""
    return [
        (ref, Box(box.right - PLUS_SIZE - 4, box.bottom - PLUS_SIZE - 4, PLUS_SIZE, PLUS_SIZE))
        for ref, box in stage_boxes(layout)
    ]


def plus_at(layout: Layout, x: float, y: float) -> str | None:
    """The stage whose "+" is under the point, if any."""
    return next((ref for ref, box in plus_marks(layout) if box.contains(x, y)), None)


class Presses:
    """Tells a double-click from two clicks: the same card pressed twice within
    ``DOUBLE_CLICK_SECONDS`` by ``clock`` (injectable, for tests)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._last: tuple[str, float] | None = None

    def press(self, ref: str | None) -> bool:
        """Note a press on card ``ref`` (None: elsewhere); True when it completes a
        double-click (a third press starts counting again)."""
        now = self.clock()
        last, self._last = self._last, (ref, now) if ref is not None else None
        double = (
            ref is not None
            and last is not None
            and last[0] == ref
            and now - last[1] <= DOUBLE_CLICK_SECONDS
        )
        if double:
            self._last = None
        return double


# -- what the overlay shows ----------------------------------------------------------------


def plus_shapes(layout: Layout) -> list[Shape]:
    shapes: list[Shape] = []
    for ref, box in plus_marks(layout):
        shapes.append(Rect(box, "#FFFFFF", "add-mark", stroke=MARK, stroke_width=1.5, radius=4))
        shapes.append(
            Text(
                _middle(box), box.y + 15, ("+",), 16, MARK, "add-mark", box, True, "middle", ref=ref
            )
        )
    return shapes


def focus_ring(box: Box) -> Shape:
    """A ring outside the selection's own, dashed-free and blue: visible on any card colour."""
    return Rect(Box(box.x - 8, box.y - 8, box.w + 16, box.h + 16), "none", "focus",
                stroke=FOCUS, stroke_width=2, radius=9)  # fmt: skip


def drag_shapes(card: Box, dx: float, dy: float, where: Landing | None) -> list[Shape]:
    """A ghost of the card under the pointer and, when it would land somewhere, the marker."""
    ghost = Box(card.x + dx, card.y + dy, card.w, card.h)
    shapes: list[Shape] = [Rect(ghost, GHOST, "ghost", stroke=MARK, stroke_width=2, radius=6)]
    if where is not None:
        marker = where.marker
        shapes.append(Rect(marker, MARK, "landing", radius=2))
        top = (_middle(marker), marker.y)
        shapes.append(Segment(top, (_middle(marker), marker.bottom), MARK, 1, "landing"))
    return shapes


def emotion_shapes(spot: Hotspot, score: int, y: float, colour: str) -> list[Shape]:
    """The point where it would be set, with its score written beside it."""
    radius = spot.box.w / 2
    x = _middle(spot.box)
    label = Box(x + radius + 4, y - 12, 28, 24)
    return [
        Circle(x, y, radius, colour, "emotion-drag", stroke=MARK, stroke_width=2),
        Rect(label, "#FFFFFF", "emotion-drag", stroke=MARK, stroke_width=1, radius=4),
        Text(label.x + 14, y + 6, (str(score),), 16, MARK, "emotion-drag", label, True, "middle"),
    ]
