"""The "Measured" lane: what customers did at each touchpoint, from the current snapshot.

Under the emotion curve (what the room felt) it shows what the event log says: per
touchpoint the paths that reached it, the share that went on from the previous measured
touchpoint (step conversion), and the share that came back (repeat contacts). A flow
bar between touchpoints is as thick as the step conversion, so drop-off reads as the
bar thinning; the worst step is also drawn in a warning colour, with a marker and the
words "worst step", so colour is never the only cue. Touchpoints where the room's
feeling and the measured conversion disagree are named. Where the snapshot kept signals
(``cjm monitor --save``), each touchpoint's strongest one is a line under its figures
(``measured_signals``). The lane draws its own legend.

It is a lane like any plugin's (registered in code under the name ``measured``), and an
example of a data lane: everything it shows comes from ``ws.measurements``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import format_share, translate
from ..model import MeasuredSignal, MeasuredStep
from .blocks import text_block
from .context import Column, MapContext
from .funnel import worst_step
from .lane_base import Drawn, Lane
from .measured_signals import (
    signal_lines_height,
    signal_shapes,
    signals_legend,
    strongest_signal,
)
from .shapes import Box, Polygon, Rect, Shape, Text

BAR_MAX = 14.0
"""The flow bar's thickness at 100% step conversion; it thins with the drop-off."""
BAR_MIN = 1.5
FLOW = "#0072B2"
WORST = "#D55E00"
FLAG = "#D55E00"
TEXT_LINES = 4


@dataclass(frozen=True)
class _Cell:
    """One measured touchpoint's column and figures."""

    column: Column
    step: MeasuredStep
    flag: str | None
    signal: MeasuredSignal | None


class MeasuredLane(Lane):
    """Paths, step conversion, repeats and felt-vs-measured flags per touchpoint."""

    key = "measured"
    title_key = "map.lane.measured"

    def _cells(self, ctx: MapContext) -> list[_Cell]:
        if self in ctx.cache:
            cells: list[_Cell] = ctx.cache[self]
            return cells
        cells = []
        taken = ctx.ws.current_measurement()
        if taken is not None:
            best: dict[str, MeasuredStep] = {}
            for step in taken.steps:
                if ctx.persona is not None and step.persona not in (None, ctx.persona):
                    continue
                known = best.get(step.touchpoint)
                if known is None or (step.paths or 0) > (known.paths or 0):
                    best[step.touchpoint] = step
            flags = _flags(ctx) if best else {}
            for column in ctx.columns:
                tp = column.touchpoint
                if tp is None or tp.id not in best:
                    continue
                step = best[tp.id]
                flag = flags.get((step.persona or "", tp.id))
                signal = strongest_signal(taken, tp.id, ctx.persona or step.persona)
                cells.append(_Cell(column, step, flag, signal))
        ctx.cache[self] = cells
        return cells

    def is_empty(self, ctx: MapContext) -> bool:
        return not self._cells(ctx)

    def _legend(self, ctx: MapContext, top: float) -> Text:
        left = ctx.content_left
        return text_block(
            left,
            top,
            max(ctx.content_right - left, 120.0),
            translate("map.measured.legend", ctx.lang),
            size=ctx.theme.small_size,
            max_lines=3,
            color=ctx.theme.muted,
            role="measured-legend",
        )

    def _signalled(self, ctx: MapContext) -> bool:
        return any(cell.signal is not None for cell in self._cells(ctx))

    def height(self, ctx: MapContext) -> float:
        theme = ctx.theme
        lines = theme.line_px(theme.small_size) * TEXT_LINES
        legend = self._legend(ctx, 0).box.h
        if self._signalled(ctx):
            legend += signal_lines_height(ctx) + 4 + signals_legend(ctx, 0).box.h
        return BAR_MAX + 10 + lines + 6 + legend + 2 * theme.lane_padding

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        cells = self._cells(ctx)
        bar_mid = top + theme.lane_padding + BAR_MAX / 2
        worst = worst_step([cell.step for cell in cells])
        figures_top = top + theme.lane_padding + BAR_MAX + 10
        signal_top = figures_top + theme.line_px(theme.small_size) * TEXT_LINES + 4
        for index, cell in enumerate(cells):
            rate = cell.step.step_conversion_rate
            if index > 0 and rate is not None:
                drawn.shapes += self._flow(ctx, cells[index - 1], cell, bar_mid, index == worst)
            entered = cells[index - 1].step.paths if index > 0 else None
            drawn.shapes += self._figures(ctx, cell, figures_top, entered)
            if cell.signal is not None:
                x, width = cell.column.x + 4, cell.column.w - 8
                drawn.shapes += signal_shapes(ctx, cell.signal, x, signal_top, width)
        signalled = self._signalled(ctx)
        legend_top = top + height - theme.lane_padding - self._legend(ctx, 0).box.h
        if signalled:
            legend_top -= signals_legend(ctx, 0).box.h
        legend = self._legend(ctx, legend_top)
        drawn.shapes.append(legend)
        if signalled:  # what the signal lines mean, under what the rest means
            drawn.shapes.append(signals_legend(ctx, legend.box.bottom))
        return drawn

    def _flow(
        self, ctx: MapContext, before: _Cell, cell: _Cell, middle: float, worst: bool
    ) -> list[Shape]:
        """The bar from the previous measured touchpoint, as thick as the step conversion."""
        rate = cell.step.step_conversion_rate or 0.0
        thickness = max(BAR_MIN, BAR_MAX * min(max(rate, 0.0), 1.0))
        left, right = before.column.center, cell.column.center
        colour = WORST if worst else FLOW
        shapes: list[Shape] = [
            Rect(
                Box(left, middle - thickness / 2, right - left, thickness),
                colour,
                "measured-worst" if worst else "measured-flow",
                solid=False,
                ref=cell.step.touchpoint,
            )
        ]
        if worst:
            x = right - 8
            shapes.append(
                Polygon(
                    ((x - 7, middle - BAR_MAX / 2 - 2), (x + 7, middle - BAR_MAX / 2 - 2),
                     (x, middle + BAR_MAX / 2 + 2)),
                    WORST, "measured-worst-marker", stroke="#FFFFFF", stroke_width=1,
                    ref=cell.step.touchpoint,
                )
            )  # fmt: skip
        return shapes

    def _figures(
        self, ctx: MapContext, cell: _Cell, top: float, entered: int | None
    ) -> list[Shape]:
        """The touchpoint's paths, the share that went on from the measured touchpoint
        before (of how many: the rate's n), the share that came back, and its flag."""
        theme, lang = ctx.theme, ctx.lang
        step = cell.step
        x, width = cell.column.x + 4, cell.column.w - 8
        lines: list[tuple[str, str, str, bool]] = []
        paths = step.paths or 0
        lines.append(
            (
                ctx.say("map.measured.paths", count=paths),
                theme.ink, "measured-paths", True,
            )
        )  # fmt: skip
        if step.step_conversion_rate is not None:
            share = format_share(step.step_conversion_rate, lang)
            went_on = (
                ctx.say("map.measured.went_on", share=share)
                if entered is None
                else ctx.say("map.measured.went_on_of", share=share, count=entered)
            )
            lines.append((went_on, theme.ink, "measured-step", False))
        if step.repeat_paths and step.reach:
            share = format_share(step.repeat_paths / step.reach, lang)
            lines.append(
                (ctx.say("map.measured.came_back", share=share), theme.muted,
                 "measured-repeat", False)
            )  # fmt: skip
        if cell.flag is not None:
            key = (
                "map.measured.felt_better"
                if cell.flag == _felt_better()
                else "map.measured.measured_better"
            )
            lines.append((ctx.say(key), FLAG, "measured-flag", True))
        shapes: list[Shape] = []
        y = top
        for text, colour, role, bold in lines[:TEXT_LINES]:
            block = text_block(
                x, y, width, text, size=theme.small_size, max_lines=1, color=colour,
                role=role, bold=bold, ref=step.touchpoint,
            )  # fmt: skip
            shapes.append(block)
            y = block.box.bottom
        return shapes


def _flags(ctx: MapContext) -> dict[tuple[str, str], str]:
    """Felt versus measured, by the measurements' own rule: pandas is loaded only for a map
    that has a snapshot, so drawing or exporting any other map never imports it."""
    from ..measurements import current_flags

    return current_flags(ctx.ws)


def _felt_better() -> str:
    from ..measurements import FELT_BETTER

    return FELT_BETTER


def measured_lane() -> Lane:
    """The lane as registered: just under the emotion curve (60) and above feelings (70)."""
    lane = MeasuredLane()
    lane.order = 65
    return lane
