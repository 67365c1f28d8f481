"""The drawing primitives a layout is made of; renderers draw these and nothing else.

Coordinates are pixels at zoom 1, y pointing down. Each shape carries a ``role``
(what it shows, for styling and tests) and, where it stands for an entity, the
entity's id in ``ref`` so views can link a click or hover back to the model.

Shapes are named tuples: immutable and hashable like frozen dataclasses, but several
times cheaper to make, and a 500-touchpoint map makes over ten thousand of them per
layout. Being hashable, a shape can key a cache and two layouts can be compared
shape by shape (what an edit changed, for a partial redraw).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

Point = tuple[float, float]


class Box(NamedTuple):
    """An axis-aligned area."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        """True when the two areas share more than an edge."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.right and self.y <= y <= self.bottom


class Rect(NamedTuple):
    """A filled, optionally outlined and rounded rectangle.

    ``solid`` rects are content (chips, cells) that must never overlap each other;
    bands and backgrounds are not solid.
    """

    box: Box
    fill: str
    role: str
    stroke: str | None = None
    stroke_width: float = 0.0
    radius: float = 0.0
    solid: bool = True
    ref: str | None = None


class Text(NamedTuple):
    """Lines of text laid out inside ``box``; ``x, y`` is the first line's baseline anchor."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    color: str
    role: str
    box: Box
    bold: bool = False
    anchor: str = "start"
    line_height: float = 1.25
    ref: str | None = None


class Circle(NamedTuple):
    cx: float
    cy: float
    r: float
    fill: str
    role: str
    stroke: str | None = None
    stroke_width: float = 0.0
    ref: str | None = None


class Polygon(NamedTuple):
    points: tuple[Point, ...]
    fill: str
    role: str
    stroke: str | None = None
    stroke_width: float = 0.0
    ref: str | None = None


class Segment(NamedTuple):
    """A straight line."""

    start: Point
    end: Point
    stroke: str
    width: float
    role: str
    dash: tuple[float, ...] = ()


class Curve(NamedTuple):
    """A smooth line through points: ``start`` then cubic Bézier pieces (c1, c2, end)."""

    start: Point
    pieces: tuple[tuple[Point, Point, Point], ...]
    stroke: str
    width: float
    role: str
    dash: tuple[float, ...] = ()


Shape = Rect | Text | Circle | Polygon | Segment | Curve


class Hotspot(NamedTuple):
    """An area that stands for an entity: hover shows ``tooltip``, click selects ``ref``."""

    box: Box
    ref: str
    kind: str
    tooltip: str


@dataclass(frozen=True)
class Layout:
    """A finished drawing: its size, its shapes in paint order, and its hotspots."""

    width: float
    height: float
    shapes: tuple[Shape, ...]
    hotspots: tuple[Hotspot, ...] = ()
    title: str = ""

    def hit(self, x: float, y: float) -> Hotspot | None:
        """The topmost hotspot under a point."""
        for spot in reversed(self.hotspots):
            if spot.box.contains(x, y):
                return spot
        return None


def _moved(box: Box, dx: float) -> Box:
    return Box(box.x + dx, box.y, box.w, box.h)


def _points(points: tuple[Point, ...], dx: float) -> tuple[Point, ...]:
    return tuple((x + dx, y) for x, y in points)


def shifted(item: Shape | Hotspot, dx: float) -> Shape | Hotspot:
    """The same shape (or hotspot) ``dx`` pixels to the right: a column's drawing taken
    along when its touchpoint's column moves, instead of drawing it again."""
    if isinstance(item, Rect | Hotspot):
        return item._replace(box=_moved(item.box, dx))
    if isinstance(item, Text):
        return item._replace(x=item.x + dx, box=_moved(item.box, dx))
    if isinstance(item, Circle):
        return item._replace(cx=item.cx + dx)
    if isinstance(item, Polygon):
        return item._replace(points=_points(item.points, dx))
    if isinstance(item, Segment):
        start, end = _points((item.start, item.end), dx)
        return item._replace(start=start, end=end)
    return item._replace(
        start=(item.start[0] + dx, item.start[1]),
        pieces=tuple(_points(piece, dx) for piece in item.pieces),  # type: ignore[misc]
    )
