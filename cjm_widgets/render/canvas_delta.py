"""What an edit changed on a drawing: the areas of the canvas to paint again.

Two layouts of the same map are compared shape by shape (shapes are hashable tuples,
and the layout's caches hand back the very same objects for what did not change).
Every shape that is gone or new marks the area its ink covers, strokes, anti-aliasing
and text overhang included; the emotion curve marks only the pieces that moved. Those
areas, cleared and painted again with every shape that touches them, in paint order and
clipped to them, give the same pixels as drawing the whole map anew.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from ..fonts import metrics, text_width
from ..layout.shapes import Box, Circle, Curve, Layout, Point, Polygon, Rect, Segment, Shape, Text

PAD = 3.0
"""Layout pixels around a shape's geometry that its anti-aliased edge may touch."""
MAX_AREAS = 8
"""More separate areas than this are painted as the one area around them all."""


@lru_cache(maxsize=1 << 17, typed=True)
def ink_box(shape: Shape) -> Box:
    """Where ``shape`` may put paint: its geometry, half its stroke, and a margin (kept
    per shape: after an edit most shapes of the map are the ones drawn before)."""
    if isinstance(shape, Rect):
        box, grow = shape.box, shape.stroke_width / 2 + PAD
        return Box(box.x - grow, box.y - grow, box.w + 2 * grow, box.h + 2 * grow)
    if isinstance(shape, Text):
        return _text_ink(shape)
    if isinstance(shape, Circle):
        reach = shape.r + shape.stroke_width / 2 + PAD
        return Box(shape.cx - reach, shape.cy - reach, 2 * reach, 2 * reach)
    if isinstance(shape, Polygon):  # mitred corners reach further than half the stroke
        return _around(shape.points, shape.stroke_width * 5 + PAD)
    if isinstance(shape, Segment):
        return _around((shape.start, shape.end), shape.width / 2 + PAD)
    if isinstance(shape, Curve):
        points = [shape.start, *(point for piece in shape.pieces for point in piece)]
        return _around(points, shape.width / 2 + PAD)
    raise TypeError(f"cannot draw {type(shape).__name__}")


def _around(points: Sequence[Point], grow: float) -> Box:
    xs = [x for x, _ in points] or [0.0]
    ys = [y for _, y in points] or [0.0]
    left, top = min(xs) - grow, min(ys) - grow
    return Box(left, top, max(xs) + grow - left, max(ys) + grow - top)


def _text_ink(shape: Text) -> Box:
    """A text's lines as drawn, whatever its box says: a line may be wider than the box."""
    size, face = shape.size, metrics(shape.bold)
    widest = max((text_width(line, size, shape.bold) for line in shape.lines), default=0.0)
    widest += size  # glyphs a fallback font draws wider than the map's font
    if shape.anchor == "start":
        left = shape.x
    elif shape.anchor == "middle":
        left = shape.x - widest / 2
    else:  # "end", or an unknown anchor: room on both sides
        left = shape.x - widest
        widest *= 1 if shape.anchor == "end" else 2
    top = shape.y - size * max(face.ascent, 1.0)
    lines = max(len(shape.lines) - 1, 0)
    bottom = shape.y + size * shape.line_height * lines + size * max(face.descent, 0.3)
    box = shape.box
    right, bottom = max(left + widest + PAD, box.right), max(bottom + PAD, box.bottom)
    left, top = min(left - PAD, box.x), min(top - PAD, box.y)
    return Box(left, top, right - left, bottom - top)


def _union(boxes: Sequence[Box]) -> Box:
    left = min(box.x for box in boxes)
    top = min(box.y for box in boxes)
    right = max(box.right for box in boxes)
    bottom = max(box.bottom for box in boxes)
    return Box(left, top, right - left, bottom - top)


def _curve_key(curve: Curve) -> tuple[object, ...]:
    return (curve.role, curve.stroke, curve.width, curve.dash, curve.start[0], len(curve.pieces))


def _curve_changes(before: Curve, after: Curve) -> list[Box]:
    """The pieces of one curve that differ between two drawings (same run of columns)."""
    boxes: list[Box] = []
    grow = max(before.width, after.width) / 2 + PAD
    start_before, start_after = before.start, after.start
    for old, new in zip(before.pieces, after.pieces, strict=True):
        if old != new or start_before != start_after:
            boxes.append(_around((start_before, *old), grow))
            boxes.append(_around((start_after, *new), grow))
        start_before, start_after = old[2], new[2]
    return boxes


def _changed_boxes(gone: list[Shape], added: list[Shape]) -> list[Box]:
    boxes: list[Box] = []
    curves = {_curve_key(shape): shape for shape in gone if isinstance(shape, Curve)}
    for shape in added:
        before = curves.pop(_curve_key(shape), None) if isinstance(shape, Curve) else None
        if isinstance(before, Curve) and isinstance(shape, Curve):
            boxes.extend(_curve_changes(before, shape))
        else:
            boxes.append(ink_box(shape))
    boxes.extend(ink_box(shape) for shape in gone if not isinstance(shape, Curve))
    boxes.extend(ink_box(curve) for curve in curves.values())
    return boxes


def _merged(boxes: list[Box]) -> list[Box]:
    """Areas whose columns overlap joined into one strip, left to right; too many strips
    become one area. Joining only ever paints more, never less."""
    strips: list[Box] = []
    for box in sorted(boxes, key=lambda box: box.x):
        if strips and box.x <= strips[-1].right:
            strips[-1] = _union([strips[-1], box])
        else:
            strips.append(box)
    return strips if len(strips) <= MAX_AREAS else [_union(strips)]


def changed_areas(before: Layout, after: Layout) -> list[Box] | None:
    """The areas where ``after`` looks different from ``before`` (empty: nothing changed);
    None when only drawing everything anew will do (another size, a new paint order).

    Shapes are matched by identity first (the live layout hands back the very objects
    it drew before), then the few others by value."""
    if (before.width, before.height) != (after.width, after.height):
        return None
    old_ids = {id(shape) for shape in before.shapes}
    new_ids = {id(shape) for shape in after.shapes}
    maybe_gone = [shape for shape in before.shapes if id(shape) not in new_ids]
    maybe_added = [shape for shape in after.shapes if id(shape) not in old_ids]
    remade = set(maybe_gone) & set(maybe_added)  # made again, equal to what was drawn
    gone = [shape for shape in maybe_gone if shape not in remade]
    added = [shape for shape in maybe_added if shape not in remade]
    gone_ids, added_ids = {id(shape) for shape in gone}, {id(shape) for shape in added}
    kept_before = [shape for shape in before.shapes if id(shape) not in gone_ids]
    kept_after = [shape for shape in after.shapes if id(shape) not in added_ids]
    if kept_before != kept_after:  # the same shapes in another order paint differently
        return None
    if not gone and not added:
        return []
    return _merged(_changed_boxes(gone, added))


class Inks:
    """The ink boxes of the shapes last asked about, found again by identity: after an
    edit most shapes of a map are the very objects drawn before."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Shape, Box]] = {}

    def of(self, shapes: Sequence[Shape]) -> list[Box]:
        known, fresh, boxes = self._known, {}, []
        for shape in shapes:
            hit = known.get(id(shape))
            box = hit[1] if hit is not None and hit[0] is shape else ink_box(shape)
            fresh[id(shape)] = (shape, box)
            boxes.append(box)
        self._known = fresh
        return boxes


def device_area(area: Box, scale: float, width: int, height: int) -> tuple[int, int, int, int]:
    """``area`` in whole canvas pixels (left, top, width, height), inside the canvas."""
    left = max(0, math.floor(area.x * scale))
    top = max(0, math.floor(area.y * scale))
    right = min(width, math.ceil(area.right * scale))
    bottom = min(height, math.ceil(area.bottom * scale))
    return left, top, max(0, right - left), max(0, bottom - top)


def patches(
    layout: Layout,
    areas: Sequence[Box],
    scale: float,
    width: int,
    height: int,
    inks: Inks | None = None,
) -> list[tuple[tuple[int, int, int, int], list[Shape]]]:
    """Per area, the canvas pixels to clear and the shapes whose ink reaches into them,
    in paint order."""
    boxes = (inks or Inks()).of(layout.shapes)
    found = []
    for area in areas:
        pixels = device_area(area, scale, width, height)
        if not pixels[2] or not pixels[3]:
            continue
        left, top, w, h = pixels
        seen = Box(left / scale, top / scale, w / scale, h / scale)
        shapes = [
            shape for shape, ink in zip(layout.shapes, boxes, strict=True) if ink.overlaps(seen)
        ]
        found.append((pixels, shapes))
    return found
