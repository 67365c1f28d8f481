"""Small layout helpers shared by the map, the matrix and the curves: text blocks, smooth lines."""

from __future__ import annotations

from functools import lru_cache

from ..fonts import metrics, wrapped
from ..i18n import translate
from .shapes import Box, Curve, Point, Text
from .theme import Theme, readable_on


def text_block(
    x: float,
    top: float,
    width: float,
    text: str,
    *,
    size: float,
    max_lines: int,
    color: str,
    role: str,
    bold: bool = False,
    anchor: str = "start",
    line_height: float = 1.25,
    ref: str | None = None,
) -> Text:
    """``text`` wrapped to ``width``, top at ``top``; its ``box`` is exactly what it takes."""
    return _text_block(
        x, top, width, text, size, max_lines, color, role, bold, anchor, line_height, ref
    )


BLOCK_CACHE_SIZE = 1 << 17
"""Text blocks kept for the next layout: a 5,000-touchpoint map has about 100,000."""


@lru_cache(maxsize=BLOCK_CACHE_SIZE, typed=True)
def _text_block(
    x: float,
    top: float,
    width: float,
    text: str,
    size: float,
    max_lines: int,
    color: str,
    role: str,
    bold: bool,
    anchor: str,
    line_height: float,
    ref: str | None,
) -> Text:
    """``text_block``, made once per place and text: a map laid out again (after an edit)
    gets the very same shapes back for everything that did not change."""
    lines = wrapped(text, width, size, max_lines, bold)
    step = size * line_height
    face = metrics(bold)
    baseline = top + (step - size * (face.ascent + face.descent)) / 2 + size * face.ascent
    if anchor == "start":
        anchor_x = x
    elif anchor == "middle":
        anchor_x = x + width / 2
    elif anchor == "end":
        anchor_x = x + width
    else:
        raise KeyError(anchor)
    box = Box(x, top, width, step * len(lines))
    # positional: a map makes thousands of these, and keywords cost a third more
    return Text(anchor_x, baseline, lines, size, color, role, box, bold, anchor, line_height, ref)


def circle_label(
    cx: float,
    cy: float,
    radius: float,
    text: str,
    fill: str,
    size: float,
    role: str,
    ref: str | None = None,
) -> Text:
    """A short bold label (a score, a number) centred in a circle of colour ``fill``."""
    return text_block(
        cx - radius,
        cy - size * 1.25 / 2,
        2 * radius,
        text,
        size=size,
        max_lines=1,
        color=readable_on(fill),
        role=role,
        bold=True,
        anchor="middle",
        ref=ref,
    )


def tick(x: float, top: float, width: float, text: str, theme: Theme, anchor: str) -> Text:
    """A small grey axis label, such as the scores 1-5 beside a chart."""
    return text_block(x, top, width, text, size=theme.small_size, max_lines=1,
                      color=theme.muted, role="tick", anchor=anchor)  # fmt: skip


def legend_text(
    x: float, top: float, width: float, text: str, theme: Theme, color: str = ""
) -> Text:
    """One line of legend text."""
    return text_block(x, top, width, text, size=theme.small_size + 1, max_lines=1,
                      color=color or theme.ink, role="legend-text")  # fmt: skip


def emotion_text(score: int, feeling: str, lang: str) -> str:
    """``Emotion 2 (negative): worried``, for tooltips."""
    word = translate(f"emotion.{score}", lang)
    text = translate("map.tooltip.emotion", lang, score=score, word=word, feeling=feeling)
    return text.rstrip(" ,:")


def smooth_curve(
    points: list[Point], stroke: str, width: float, role: str, dash: tuple[float, ...] = ()
) -> Curve:
    """A curve through every point that never overshoots between them (monotone cubic).

    Fritsch-Carlson tangents keep each piece within the y range of its two ends, so the
    emotion line never swings above 5 or below 1 between scores.
    """
    count = len(points)
    slopes = [
        (points[i + 1][1] - points[i][1]) / (points[i + 1][0] - points[i][0] or 1e-9)
        for i in range(count - 1)
    ]
    tangents = [0.0] * count
    if count > 1:
        tangents[0], tangents[-1] = slopes[0], slopes[-1]
    for i in range(1, count - 1):
        before, after = slopes[i - 1], slopes[i]
        tangents[i] = 0.0 if before * after <= 0 else 2 / (1 / before + 1 / after)
    pieces = []
    for i in range(count - 1):
        (x0, y0), (x1, y1) = points[i], points[i + 1]
        third = (x1 - x0) / 3
        first = (x0 + third, y0 + tangents[i] * third)
        second = (x1 - third, y1 - tangents[i + 1] * third)
        pieces.append((_clamp(first, y0, y1), _clamp(second, y0, y1), (x1, y1)))
    return Curve(points[0], tuple(pieces), stroke, width, role, dash)


def _clamp(point: Point, y0: float, y1: float) -> Point:
    low, high = min(y0, y1), max(y0, y1)
    return (point[0], min(max(point[1], low), high))
