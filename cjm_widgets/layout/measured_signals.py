"""The Measured lane's signal line: the event that goes most with success at a touchpoint.

``cjm monitor --save`` keeps, per touchpoint of each measured journey, the few events
whose customers reached the journey's last measured touchpoint significantly more or
less often (strongest first). The lane shows the first of them under the touchpoint's
figures as one short line, "With support_call here: 18 points less often to the end",
beside a triangle pointing up or down: the words and the triangle's direction carry the
sign, its colour only repeats it. A legend under the lane's own says what the line means
and that it is an association, not a cause. A snapshot without signals changes nothing.
"""

from __future__ import annotations

from ..i18n import format_number
from ..model import MeasuredSignal, Measurement
from ..monitor.stats import SIGNIFICANCE
from .blocks import text_block
from .context import MapContext
from .shapes import Polygon, Shape, Text

UP = "#009E73"
"""Okabe-Ito's bluish green: customers with the event reached the end more often."""
DOWN = "#D55E00"
"""Okabe-Ito's vermillion: they reached it less often."""
GLYPH = 8.0
"""The triangle's width and height; the line's text starts right of it."""
SIGNAL_LINES = 3
"""The most lines a signal's text wraps to in its column."""
LEGEND_LINES = 4


def strongest_signal(
    taken: Measurement, touchpoint: str, persona: str | None
) -> MeasuredSignal | None:
    """The first significant signal kept for ``touchpoint`` in ``persona``'s journey (or a
    journey measured for every customer): the snapshot lists the strongest first. One
    without a difference, or that rounds to no difference at all, says nothing."""
    for signal in taken.signals:
        if signal.touchpoint != touchpoint or signal.persona not in (None, persona):
            continue
        if signal.q_value is not None and signal.q_value >= SIGNIFICANCE:
            continue
        if signal.difference is None or round(signal.difference * 100, 1) == 0:
            continue
        return signal
    return None


def signal_text(signal: MeasuredSignal, ctx: MapContext) -> str:
    """``With support_call here: 18 points less often to the end`` in the map's language,
    the points as its readers write them (``18,5`` in Finnish)."""
    difference = signal.difference or 0.0
    points = format_number(round(abs(difference) * 100, 1), ctx.lang)
    key = "map.measured.signal_more" if difference > 0 else "map.measured.signal_less"
    return ctx.say(key, event=signal.event, points=points)


def signal_shapes(
    ctx: MapContext, signal: MeasuredSignal, x: float, top: float, width: float
) -> list[Shape]:
    """The triangle (up for more often, down for less) and the wrapped line beside it."""
    theme = ctx.theme
    up = (signal.difference or 0.0) > 0
    middle = top + theme.line_px(theme.small_size) / 2
    half = GLYPH / 2
    if up:
        points = ((x, middle + half), (x + GLYPH, middle + half), (x + half, middle - half))
    else:
        points = ((x, middle - half), (x + GLYPH, middle - half), (x + half, middle + half))
    role = "measured-signal-up" if up else "measured-signal-down"
    glyph = Polygon(points, UP if up else DOWN, role, ref=signal.touchpoint)
    text = text_block(
        x + GLYPH + 3, top, max(width - GLYPH - 3, 20.0), signal_text(signal, ctx),
        size=theme.small_size, max_lines=SIGNAL_LINES, color=theme.ink,
        role="measured-signal", ref=signal.touchpoint,
    )  # fmt: skip
    return [glyph, text]


def signal_lines_height(ctx: MapContext) -> float:
    """The room a signal line may take under the figures: its most lines."""
    return ctx.theme.line_px(ctx.theme.small_size) * SIGNAL_LINES


def signals_legend(ctx: MapContext, top: float) -> Text:
    """What a signal line says, and what it does not: a cause."""
    left = ctx.content_left
    return text_block(
        left,
        top,
        max(ctx.content_right - left, 120.0),
        ctx.say("map.measured.signal_legend"),
        size=ctx.theme.small_size,
        max_lines=LEGEND_LINES,
        color=ctx.theme.muted,
        role="measured-signal-legend",
    )
