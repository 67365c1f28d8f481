"""The "Nudges" lane: each nudge as an arrow from its entry card to its goal card.

A nudge acts on the journey between two touchpoints, so the lane draws it there: a dot
under its ``after`` card, an arrow in the accent colour to its ``until`` card, and under
the arrow its title, its wait and channel (and quiet hours), "paused" when it is not
active (the arrow dashed, so colour is never the only cue), and, once the current
snapshot has measured it, its lift against the holdout with the 95% interval and both
groups' rates, or that there were too few customers to tell. Nudges over the same
columns stack in rows. A workshop without nudges gets no lane at all.

Registered in code under the name ``nudges``; everything it shows comes from
``ws.nudges`` and ``ws.current_measurement().nudges``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import format_count, format_number, format_share
from ..model import MeasuredNudge, Nudge
from .blocks import text_block
from .context import Column, MapContext
from .lane_base import Drawn, Lane
from .shapes import Circle, Polygon, Segment, Shape, Text
from .text_lanes import moved_block

ACCENT = "#CC79A7"
"""The nudges' colour: Okabe-Ito's reddish purple, apart from the Measured lane's blue
and orange and from the channel chips' first colours."""
MARKER = 14.0
"""The height of the band the arrow runs in, above each row's text."""
HEAD = 9.0
"""The arrowhead's length; its half-width is half of this."""
DOT = 4.0
ROW_GAP = 8.0
TEXT_GAP = 3.0
TITLE_LINES = 3
LINE_LINES = 2


@dataclass(frozen=True)
class Placed:
    """One nudge's place on the map: the columns it spans, where its arrow starts and
    ends, its row and its text (laid out from y = 0 down; ``draw`` moves it under the
    row's arrow). On a page or stage run that holds only one of its cards, the arrow runs
    to the edge: no dot when the entry is off the page, the head at the edge, pointing on,
    when the goal is."""

    nudge: Nudge
    left: Column
    right: Column
    start: float
    tip: float
    entry_shown: bool
    row: int
    blocks: tuple[Text, ...]

    @property
    def text_height(self) -> float:
        return self.blocks[-1].box.bottom if self.blocks else 0.0


def points(share: float, lang: str) -> str:
    """A share in percentage points, one decimal, as ``lang`` writes it: ``6.2``, ``6,2``."""
    return format_number(round(share * 100, 1), lang)


def signed_points(share: float, lang: str) -> str:
    """A difference of two shares in percentage points with its sign: ``+6.2``, ``-1.5``."""
    text = points(share, lang)
    return f"+{text}" if round(share * 100, 1) > 0 else text


def lift_text(measured: MeasuredNudge, ctx: MapContext) -> str | None:
    """``+6.2 points (95% CI 2.1 to 10.3)``, the difference alone without an interval,
    None when nothing was measured; "too few customers" when the sample is small."""
    if measured.small_sample:
        return ctx.say("map.nudges.too_few")
    if measured.difference is None:
        return None
    difference = signed_points(measured.difference, ctx.lang)
    if measured.ci_low is None or measured.ci_high is None:
        return ctx.say("map.nudges.lift_only", difference=difference)
    return ctx.say(
        "map.nudges.lift",
        difference=difference,
        low=points(measured.ci_low, ctx.lang),
        high=points(measured.ci_high, ctx.lang),
    )


def timing_text(nudge: Nudge, ctx: MapContext) -> str:
    """``wait 48 h · e-mail``, with ``· quiet hours 21-08`` when the nudge keeps them."""
    hours = format_count(nudge.wait_hours, ctx.lang)
    if nudge.quiet_hours:
        return ctx.say(
            "map.nudges.wait_quiet", hours=hours, channel=nudge.channel, quiet=nudge.quiet_hours
        )
    return ctx.say("map.nudges.wait", hours=hours, channel=nudge.channel)


class NudgesLane(Lane):
    """Every nudge of the shown persona as an arrow from its entry to its goal."""

    key = "nudges"
    title_key = "map.lane.nudges"

    def placed(self, ctx: MapContext) -> list[Placed]:
        """The nudges shown, each in the first row where its columns are free."""
        if self in ctx.cache:
            known: list[Placed] = ctx.cache[self]
            return known
        found: list[Placed] = []
        if ctx.ws.nudges:
            found = self._placed(ctx)
        ctx.cache[self] = found
        return found

    def _placed(self, ctx: MapContext) -> list[Placed]:
        journey = {tp.id: i for i, tp in enumerate(ctx.ws.journey(ctx.persona, ctx.state))}
        shown = [
            (journey[col.touchpoint.id], col)
            for col in ctx.columns
            if col.touchpoint is not None and col.touchpoint.id in journey
        ]
        taken = ctx.ws.current_measurement()
        lifts = {m.nudge: m for m in taken.nudges} if taken is not None else {}
        spans = []
        for position, nudge in enumerate(ctx.ws.nudges):
            if ctx.persona is not None and nudge.persona not in (None, ctx.persona):
                continue
            entry, goal = journey.get(nudge.after), journey.get(nudge.until)
            if entry is None or goal is None:
                continue  # not in this journey: another persona's or state's cards
            low, high = min(entry, goal), max(entry, goal)
            inside = [i for i, (at, _) in enumerate(shown) if low <= at <= high]
            if inside:  # else the span lies on another page or stage run
                spans.append((inside[0], inside[-1], position, nudge, entry, goal))
        spans.sort(key=lambda span: span[:3])
        row_ends: list[int] = []
        found = []
        for first, last, _, nudge, entry, goal in spans:
            row = next((r for r, end in enumerate(row_ends) if end < first), len(row_ends))
            if row == len(row_ends):
                row_ends.append(last)
            else:
                row_ends[row] = last
            (left_at, left), (right_at, right) = shown[first], shown[last]
            forward = entry < goal
            entry_col, entry_at = (left, left_at) if forward else (right, right_at)
            goal_col, goal_at = (right, right_at) if forward else (left, left_at)
            start = entry_col.center if entry_at == entry else (left.x if forward else _end(right))
            tip = goal_col.center if goal_at == goal else (_end(right) if forward else left.x)
            blocks = self._texts(ctx, nudge, lifts.get(nudge.id), left, right)
            found.append(Placed(nudge, left, right, start, tip, entry_at == entry, row, blocks))
        return found

    def _texts(
        self,
        ctx: MapContext,
        nudge: Nudge,
        measured: MeasuredNudge | None,
        left: Column,
        right: Column,
    ) -> tuple[Text, ...]:
        """Title, timing, paused and lift under the arrow, as wide as its columns."""
        theme = ctx.theme
        lines: list[tuple[str, str, str, bool, int]] = [
            (nudge.title, theme.ink, "nudges-title", True, TITLE_LINES),
            (timing_text(nudge, ctx), theme.muted, "nudges-timing", False, LINE_LINES),
        ]
        if not nudge.active:
            lines.append((ctx.say("map.nudges.paused"), theme.ink, "nudges-paused", True, 1))
        if measured is not None:
            lift = lift_text(measured, ctx)
            if lift is not None:
                lines.append((lift, theme.ink, "nudges-lift", not measured.small_sample, 2))
            if (
                not measured.small_sample
                and measured.treatment_rate is not None
                and measured.holdout_rate is not None
            ):
                rates = ctx.say(
                    "map.nudges.rates",
                    treatment=format_share(measured.treatment_rate, ctx.lang),
                    holdout=format_share(measured.holdout_rate, ctx.lang),
                )
                lines.append((rates, theme.muted, "nudges-rates", False, LINE_LINES))
        x = left.x + theme.lane_padding
        width = right.x + right.w - theme.lane_padding - x
        blocks: list[Text] = []
        y = 0.0
        for text, colour, role, bold, most in lines:
            block = text_block(
                x, y, width, text, size=theme.small_size, max_lines=most, color=colour,
                role=role, bold=bold, ref=nudge.id,
            )  # fmt: skip
            blocks.append(block)
            y = block.box.bottom + (TEXT_GAP if role == "nudges-timing" else 0.0)
        return tuple(blocks)

    def _rows(self, ctx: MapContext) -> list[float]:
        """Each row's height: the arrow's band and its tallest text."""
        heights: list[float] = []
        for placed in self.placed(ctx):
            while len(heights) <= placed.row:
                heights.append(0.0)
            heights[placed.row] = max(heights[placed.row], MARKER + 4 + placed.text_height)
        return heights

    def is_empty(self, ctx: MapContext) -> bool:
        return not self.placed(ctx)

    def height(self, ctx: MapContext) -> float:
        rows = self._rows(ctx)
        theme = ctx.theme
        if not rows:
            return theme.line_px(theme.text_size) + 2 * theme.lane_padding
        return sum(rows) + ROW_GAP * (len(rows) - 1) + 2 * theme.lane_padding

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        drawn = Drawn()
        rows = self._rows(ctx)
        tops = [top + ctx.theme.lane_padding]
        for row_height in rows[:-1]:
            tops.append(tops[-1] + row_height + ROW_GAP)
        for placed in self.placed(ctx):
            row_top = tops[placed.row]
            drawn.shapes += self._marker(placed, row_top + MARKER / 2)
            text_top = row_top + MARKER + 4
            drawn.shapes += [moved_block(block, text_top) for block in placed.blocks]
        return drawn

    @staticmethod
    def _marker(placed: Placed, middle: float) -> list[Shape]:
        """A dot at the entry card's centre and an arrow to the goal card's centre (or to
        the page's edge), dashed while the nudge is paused."""
        start, tip = placed.start, placed.tip
        toward = 1.0 if tip >= start else -1.0
        base = tip - toward * HEAD
        ref = placed.nudge.id
        dash = () if placed.nudge.active else (5.0, 4.0)
        shapes: list[Shape] = []
        if placed.entry_shown:
            shapes.append(Circle(start, middle, DOT, ACCENT, "nudges-entry", ref=ref))
        return [
            *shapes,
            Segment((start, middle), (base, middle), ACCENT, 2.0, "nudges-marker", dash),
            Polygon(
                ((base, middle - HEAD / 2), (tip, middle), (base, middle + HEAD / 2)),
                ACCENT, "nudges-arrow", ref=ref,
            ),
        ]  # fmt: skip


def _end(column: Column) -> float:
    """The right edge of a column: where an arrow leaves a page toward a card on the next."""
    return column.x + column.w


def nudges_lane() -> Lane:
    """The lane as registered: just under the Measured lane (65), above feelings (70)."""
    lane = NudgesLane()
    lane.order = 67
    return lane
