"""The kinds of lanes a journey map is made of, and the kit's own lanes.

Text lanes (a wrapped text per touchpoint or stage), list lanes (short entries with a
colour mark), the stage and touchpoint rows and the emotion curve. Lanes measure their
text with the map's real font, so what they report as their height is exactly what
their drawing uses. The kit's own lanes are registered in the ``cjm_widgets.lanes``
entry point group by the factories at the end, as a plugin's would be.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..i18n import format_number, translate
from ..model import Idea, Metric, PainPoint, Stage, Touchpoint
from .blocks import circle_label, smooth_curve, text_block
from .context import Column, MapContext
from .lane_base import Drawn, Lane
from .shapes import Box, Circle, Hotspot, Point, Polygon, Rect, Segment, Text
from .theme import (
    EMOTION_COLOURS,
    SEVERITY_COLOURS,
    STATUS_COLOURS,
    Theme,
    readable_on,
)


@dataclass(frozen=True)
class Cell:
    """Where one text of a text lane goes: a column (or a stage's span) and what it says."""

    x: float
    w: float
    text: str
    ref: str


class TextLane(Lane):
    """A wrapped text per cell; subclasses say what the cells are (touchpoints or stages)."""

    max_lines = 5

    def cells(self, ctx: MapContext) -> list[Cell | None]:
        raise NotImplementedError

    def _blocks(self, ctx: MapContext) -> list[Text | None]:
        cached: list[Text | None] | None = ctx.cache.get(self)
        if cached is None:
            theme = ctx.theme
            cached = [
                text_block(
                    cell.x + theme.lane_padding,
                    0.0,
                    cell.w - 2 * theme.lane_padding,
                    cell.text,
                    size=theme.text_size,
                    max_lines=self.max_lines,
                    color=theme.ink,
                    role=self.key,
                    ref=cell.ref,
                )
                if cell is not None and cell.text.strip()
                else None
                for cell in self.cells(ctx)
            ]
            ctx.cache[self] = cached
        return cached

    def is_empty(self, ctx: MapContext) -> bool:
        return all(block is None for block in self._blocks(ctx))

    def height(self, ctx: MapContext) -> float:
        tallest = max((block.box.h for block in self._blocks(ctx) if block), default=0.0)
        return max(tallest, ctx.theme.line_px(ctx.theme.text_size)) + 2 * ctx.theme.lane_padding

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        offset = top + ctx.theme.lane_padding
        return Drawn(shapes=[_moved(b, offset) for b in self._blocks(ctx) if b is not None])


class TouchpointTextLane(TextLane):
    """A wrapped text per touchpoint: what the customer does, thinks, feels."""

    def __init__(
        self,
        key: str,
        title_key: str,
        text_of: Callable[[Touchpoint], str],
        max_lines: int = 5,
    ) -> None:
        self.key, self.title_key, self.text_of, self.max_lines = key, title_key, text_of, max_lines

    def cells(self, ctx: MapContext) -> list[Cell | None]:
        return [
            Cell(col.x, col.w, self.text_of(col.touchpoint), col.touchpoint.id)
            if col.touchpoint is not None
            else None
            for col in ctx.columns
        ]


class StageTextLane(TextLane):
    """A wrapped text per stage, spanning the stage's columns (the vision per stage)."""

    max_lines = 4

    def __init__(self, key: str, title_key: str, text_of: Callable[[Stage], str]) -> None:
        self.key, self.title_key, self.text_of = key, title_key, text_of

    def cells(self, ctx: MapContext) -> list[Cell | None]:
        return [Cell(span.x, span.w, self.text_of(span.stage), span.stage.id) for span in ctx.spans]


def _moved(block: Text, offset: float) -> Text:
    """A text block laid out at y = 0 moved down to ``offset``."""
    box = block.box
    return Text(
        x=block.x,
        y=block.y + offset,
        lines=block.lines,
        size=block.size,
        color=block.color,
        role=block.role,
        box=Box(box.x, box.y + offset, box.w, box.h),
        bold=block.bold,
        anchor=block.anchor,
        line_height=block.line_height,
        ref=block.ref,
    )


# -- the stage header ------------------------------------------------------------------


class StageLane(Lane):
    """The stage names over their columns, marked when a stage lies before or after contact."""

    key = "stages"
    title_key = "map.lane.stages"

    def _names(self, ctx: MapContext) -> list[Text]:
        theme = ctx.theme
        return [
            text_block(
                span.x + theme.lane_padding,
                0.0,
                span.w - 2 * theme.lane_padding,
                span.stage.name,
                size=theme.heading_size,
                max_lines=2,
                color="#FFFFFF",
                role="stage-name",
                bold=True,
                ref=span.stage.id,
            )
            for span in ctx.spans
        ]

    def height(self, ctx: MapContext) -> float:
        theme = ctx.theme
        tallest = max((name.box.h for name in self._names(ctx)), default=0.0)
        return tallest + theme.line_px(theme.small_size) + 2 * theme.lane_padding

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        for span, name in zip(ctx.spans, self._names(ctx), strict=True):
            off_contact = span.stage.contact != "during"
            fill = theme.before_after_fill if off_contact else theme.stage_fill
            drawn.shapes.append(
                Rect(Box(span.x, top, span.w, height), fill, "stage", radius=4, ref=span.stage.id)
            )
            drawn.shapes.append(_moved(name, top + theme.lane_padding))
            phase = translate(f"map.contact.{span.stage.contact}", ctx.lang)
            drawn.shapes.append(
                text_block(
                    span.x + theme.lane_padding,
                    name.box.bottom + top + theme.lane_padding,
                    span.w - 2 * theme.lane_padding,
                    phase,
                    size=theme.small_size,
                    max_lines=1,
                    color="#E8EBEF",
                    role="stage-contact",
                )
            )
        return drawn


# -- touchpoint chips -------------------------------------------------------------------


def star(cx: float, cy: float, radius: float) -> tuple[Point, ...]:
    """A five-pointed star, the map's mark for a moment of truth."""
    points = []
    for index in range(10):
        angle = -math.pi / 2 + index * math.pi / 5
        length = radius if index % 2 == 0 else radius * 0.45
        points.append((cx + length * math.cos(angle), cy + length * math.sin(angle)))
    return tuple(points)


class TouchpointLane(Lane):
    """A chip per touchpoint in its channel's colour, naming the channel; a star marks a
    moment of truth."""

    key = "touchpoints"
    title_key = "map.lane.touchpoints"
    max_title_lines = 4
    star_room = 18.0

    def _parts(self, ctx: MapContext) -> list[tuple[Column, Text, Text] | None]:
        cached: list[tuple[Column, Text, Text] | None] | None = ctx.cache.get(self)
        if cached is not None:
            return cached
        theme = ctx.theme
        parts: list[tuple[Column, Text, Text] | None] = []
        for col in ctx.columns:
            tp = col.touchpoint
            if tp is None:
                parts.append(None)
                continue
            fill = ctx.channel_colour(tp.channel)
            ink = readable_on(fill)
            inner = col.w - 2 * theme.lane_padding - self.star_room
            title = text_block(
                col.x + theme.lane_padding,
                theme.lane_padding,
                inner,
                tp.title,
                size=theme.text_size,
                max_lines=self.max_title_lines,
                color=ink,
                role="touchpoint-title",
                bold=True,
                ref=tp.id,
            )
            channel = text_block(
                col.x + theme.lane_padding,
                title.box.bottom + 2,
                col.w - 2 * theme.lane_padding,
                ctx.channel_name(tp.channel),
                size=theme.small_size,
                max_lines=1,
                color=ink,
                role="touchpoint-channel",
                ref=tp.id,
            )
            parts.append((col, title, channel))
        ctx.cache[self] = parts
        return parts

    def height(self, ctx: MapContext) -> float:
        bottoms = [
            channel.box.bottom for part in self._parts(ctx) if part for _, _, channel in [part]
        ]
        theme = ctx.theme
        minimum = theme.line_px(theme.text_size) * 2 + theme.lane_padding * 2
        return max([minimum, *bottoms]) + theme.lane_padding * 2

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        for part in self._parts(ctx):
            if part is None:
                continue
            col, title, channel = part
            tp = col.touchpoint
            assert tp is not None
            chip = Box(col.x, top + theme.lane_padding / 2, col.w, height - theme.lane_padding)
            fill = ctx.channel_colour(tp.channel)
            drawn.shapes.append(
                Rect(
                    chip,
                    fill,
                    "touchpoint",
                    radius=theme.chip_radius,
                    ref=tp.id,
                    stroke=theme.ink if fill == "#FFFFFF" else None,
                    stroke_width=1,
                )
            )
            drawn.shapes.append(_moved(title, chip.y - theme.lane_padding / 2))
            drawn.shapes.append(_moved(channel, chip.y - theme.lane_padding / 2))
            if tp.moment_of_truth:
                drawn.shapes.append(
                    Polygon(
                        star(chip.right - 11, chip.y + 11, 8),
                        theme.moment_of_truth,
                        "moment-of-truth",
                        stroke=theme.ink,
                        stroke_width=1,
                        ref=tp.id,
                    )
                )
            drawn.hotspots.append(Hotspot(chip, tp.id, "touchpoint", ctx.tooltip(tp)))
        return drawn


# -- the emotion curve ------------------------------------------------------------------


class EmotionLane(Lane):
    """A dot per touchpoint at its score (1 low to 5 high), joined by a smooth line."""

    key = "emotions"
    title_key = "map.lane.emotions"

    def is_empty(self, ctx: MapContext) -> bool:
        return all(col.touchpoint is None or col.touchpoint.emotion is None for col in ctx.columns)

    def height(self, ctx: MapContext) -> float:
        return ctx.theme.emotion_band * 5 + 2 * ctx.theme.lane_padding

    @staticmethod
    def score_y(theme: Theme, top: float, score: float) -> float:
        """The y of a score inside the lane: 5 at the top band, 1 at the bottom."""
        return top + theme.lane_padding + (5 - score + 0.5) * theme.emotion_band

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        left, right = ctx.content_left, ctx.content_right
        for score in range(1, 6):
            y = self.score_y(theme, top, score)
            dash = () if score == 3 else (2.0, 4.0)
            drawn.shapes.append(
                Segment((left, y), (right, y), theme.rule, 1, "emotion-guide", dash)
            )
        runs: list[list[Point]] = [[]]
        dots: list[tuple[Column, int]] = []
        for col in ctx.columns:
            tp = col.touchpoint
            if tp is None or tp.emotion is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((col.center, self.score_y(theme, top, tp.emotion)))
            dots.append((col, tp.emotion))
        for run in runs:
            if len(run) > 1:
                drawn.shapes.append(smooth_curve(run, theme.muted, 2.5, "emotion-curve"))
        radius = theme.emotion_band * 0.42
        for col, score in dots:
            tp = col.touchpoint
            assert tp is not None
            cy = self.score_y(theme, top, score)
            fill = EMOTION_COLOURS[score]
            drawn.shapes.append(
                Circle(
                    col.center,
                    cy,
                    radius,
                    fill,
                    "emotion",
                    stroke="#FFFFFF",
                    stroke_width=1.5,
                    ref=tp.id,
                )
            )
            drawn.shapes.append(
                circle_label(
                    col.center,
                    cy,
                    radius,
                    str(score),
                    fill,
                    theme.small_size,
                    "emotion-score",
                    tp.id,
                )
            )
            box = Box(col.center - radius, cy - radius, 2 * radius, 2 * radius)
            drawn.hotspots.append(Hotspot(box, tp.id, "touchpoint", ctx.tooltip(tp)))
        return drawn


# -- list lanes: pain points, ideas, back office, metrics ---------------------------------


@dataclass(frozen=True)
class Entry:
    """One item in a list cell, with an optional coloured marker (severity, status)."""

    text: str
    marker: str | None = None
    ref: str | None = None


class ListLane(Lane):
    """Short lists per touchpoint, each item wrapped; long lists end with '+N more'."""

    max_lines = 10
    item_lines = 3
    marker_size = 8.0

    def __init__(
        self,
        key: str,
        title_key: str,
        entries_of: Callable[[MapContext, Touchpoint], Sequence[Entry]],
    ) -> None:
        self.key, self.title_key, self.entries_of = key, title_key, entries_of

    def _cells(self, ctx: MapContext) -> list[list[tuple[Entry, Text]]]:
        cached: list[list[tuple[Entry, Text]]] | None = ctx.cache.get(self)
        if cached is not None:
            return cached
        cells: list[list[tuple[Entry, Text]]] = []
        for col in ctx.columns:
            placed: list[tuple[Entry, Text]] = []
            if col.touchpoint is not None:
                entries = list(self.entries_of(ctx, col.touchpoint))
                y, used = 0.0, 0
                for index, entry in enumerate(entries):
                    left = len(entries) - index
                    room = self.max_lines - used - (1 if left > 1 else 0)
                    if room <= 0:
                        more = translate("map.more", ctx.lang, count=left)
                        placed.append((Entry(more), self._text(ctx, col, y, more, 1, None)))
                        break
                    block = self._text(ctx, col, y, entry.text, min(self.item_lines, room), entry)
                    placed.append((entry, block))
                    used += len(block.lines)
                    y = block.box.bottom + 3
            cells.append(placed)
        ctx.cache[self] = cells
        return cells

    def _text(
        self, ctx: MapContext, col: Column, y: float, text: str, lines: int, entry: Entry | None
    ) -> Text:
        theme = ctx.theme
        indent = self.marker_size + 5 if entry is not None and entry.marker else 0.0
        return text_block(
            col.x + theme.lane_padding + indent,
            y,
            col.w - 2 * theme.lane_padding - indent,
            text,
            size=theme.small_size + 1,
            max_lines=lines,
            color=theme.ink if entry is not None else theme.muted,
            role=f"{self.key}-item",
            ref=entry.ref if entry is not None else None,
        )

    def is_empty(self, ctx: MapContext) -> bool:
        return not any(self._cells(ctx))

    def height(self, ctx: MapContext) -> float:
        theme = ctx.theme
        tallest = max((cell[-1][1].box.bottom for cell in self._cells(ctx) if cell), default=0.0)
        return max(tallest, theme.line_px(theme.text_size)) + 2 * theme.lane_padding

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        offset = top + theme.lane_padding
        for cell in self._cells(ctx):
            for entry, block in cell:
                moved = _moved(block, offset)
                if entry.marker:
                    size = self.marker_size
                    marker_top = moved.box.y + (moved.size * moved.line_height - size) / 2
                    drawn.shapes.append(
                        Rect(
                            Box(moved.box.x - size - 5, marker_top, size, size),
                            entry.marker,
                            f"{self.key}-marker",
                            radius=2,
                            ref=entry.ref,
                        )
                    )
                drawn.shapes.append(moved)
        return drawn


def pain_entries(ctx: MapContext, tp: Touchpoint) -> list[Entry]:
    pains: list[PainPoint] = sorted(
        ctx.pains.get(tp.id, []), key=lambda pain: -(pain.severity or 0)
    )
    return [
        Entry(pain.text, SEVERITY_COLOURS.get(pain.severity or 0, "#FFFFFF"), pain.id)
        for pain in pains
    ]


def idea_entries(ctx: MapContext, tp: Touchpoint) -> list[Entry]:
    ideas: list[Idea] = ctx.ideas.get(tp.id, [])
    return [Entry(idea.text, STATUS_COLOURS[idea.status], idea.id) for idea in ideas]


def backoffice_entries(ctx: MapContext, tp: Touchpoint) -> list[Entry]:
    office = tp.backoffice
    entries = [Entry(process) for process in office.processes]
    if office.systems:
        entries.append(Entry(translate("map.systems", ctx.lang, systems=", ".join(office.systems))))
    if office.department:
        entries.append(Entry(translate("map.owner", ctx.lang, department=office.department)))
    return entries


def with_unit(value: float | None, unit: str, lang: str = "en") -> str:
    """``74 %``, ``1,250 calls/month``; a dash when the value is not known yet."""
    if value is None:
        return "\u2013"  # en dash: not known yet
    return f"{format_number(value, lang)} {unit}".strip()


def metric_entries(ctx: MapContext, tp: Touchpoint) -> list[Entry]:
    metrics: list[Metric] = ctx.metrics.get(tp.id, [])
    entries = []
    for metric in metrics:
        text = translate(
            "map.metric",
            ctx.lang,
            name=metric.name,
            actual=with_unit(metric.actual, metric.unit, ctx.lang),
            target=with_unit(metric.target, metric.unit, ctx.lang),
        )
        entries.append(Entry(text, ctx.metric_colour(metric), metric.id))
    return entries


def _placed(lane: Lane, order: float) -> Lane:
    lane.order = order
    return lane


def stages_lane() -> Lane:
    return _placed(StageLane(), 10)


def vision_lane() -> Lane:
    return _placed(StageTextLane("vision", "map.lane.vision", lambda stage: stage.vision), 20)


def actions_lane() -> Lane:
    return _placed(TouchpointTextLane("actions", "map.lane.actions", lambda tp: tp.action), 30)


def touchpoints_lane() -> Lane:
    return _placed(TouchpointLane(), 40)


def thoughts_lane() -> Lane:
    return _placed(TouchpointTextLane("thoughts", "map.lane.thoughts", lambda tp: tp.thought), 50)


def emotions_lane() -> Lane:
    return _placed(EmotionLane(), 60)


def feelings_lane() -> Lane:
    lane = TouchpointTextLane("feelings", "map.lane.feelings", lambda tp: tp.feeling, max_lines=2)
    return _placed(lane, 70)


def pain_points_lane() -> Lane:
    return _placed(ListLane("pain_points", "map.lane.pain_points", pain_entries), 80)


def ideas_lane() -> Lane:
    return _placed(ListLane("ideas", "map.lane.ideas", idea_entries), 90)


def backoffice_lane() -> Lane:
    return _placed(ListLane("backoffice", "map.lane.backoffice", backoffice_entries), 100)


def metrics_lane() -> Lane:
    return _placed(ListLane("metrics", "map.lane.metrics", metric_entries), 110)


BUILTIN_LANES: tuple[Callable[[], Lane], ...] = (
    stages_lane,
    vision_lane,
    actions_lane,
    touchpoints_lane,
    thoughts_lane,
    emotions_lane,
    feelings_lane,
    pain_points_lane,
    ideas_lane,
    backoffice_lane,
    metrics_lane,
)
"""The kit's own lanes in the order of the method (each registered as an entry point)."""


def default_lanes() -> list[Lane]:
    """The kit's own lanes, top to bottom, without any plugin's (see ``MapOptions``)."""
    return [make() for make in BUILTIN_LANES]
