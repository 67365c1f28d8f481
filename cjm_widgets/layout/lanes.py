"""The kit's own lanes: the stage header, the touchpoint chips, the emotion curve, and
the factory of each built-in lane, which the plugin registry registers under its name
(``cjm_widgets.plugins.kit``) before any plugin's.

Lanes measure their text with the map's real font, so what they report as their
height is exactly what their drawing uses.
"""

from __future__ import annotations

import math

from ..room.aggregates import Spread, emotion_spreads
from .blocks import circle_label, smooth_curve, text_block
from .context import Column, MapContext
from .lane_base import Drawn, Lane
from .list_lanes import (
    ListLane,
    backoffice_entries,
    idea_entries,
    metric_entries,
    pain_entries,
)
from .room_spread import emotion_band
from .shapes import Box, Circle, Hotspot, Point, Polygon, Rect, Segment, Text
from .text_lanes import StageTextLane, TouchpointTextLane, moved_block
from .theme import (
    EMOTION_COLOURS,
    LIGHT,
    Theme,
    readable_on,
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
            drawn.shapes.append(moved_block(name, top + theme.lane_padding))
            phase = ctx.say(f"map.contact.{span.stage.contact}")
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


def star(cx: float, cy: float, radius: float, *, movable: bool = False) -> tuple[Point, ...]:
    """A five-pointed star, the map's mark for a moment of truth.

    A ``movable`` star (on a card) has its points' offsets rounded to 1/4096 px, a binary
    fraction, so that a star moved with its column (``shapes.shifted``) lands on the very
    numbers a star drawn there has.
    """
    exact = _binary if movable else float
    points = []
    for index in range(10):
        angle = -math.pi / 2 + index * math.pi / 5
        length = radius if index % 2 == 0 else radius * 0.45
        points.append((cx + exact(length * math.cos(angle)), cy + exact(length * math.sin(angle))))
    return tuple(points)


def _binary(offset: float) -> float:
    return round(offset * 4096) / 4096


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

    def columns_measured(self, ctx: MapContext) -> list[tuple[bool, float]]:
        theme = ctx.theme
        minimum = theme.line_px(theme.text_size) * 2 + theme.lane_padding * 2
        return [
            (False, max(minimum, part[2].box.bottom if part else minimum) + theme.lane_padding * 2)
            for part in self._parts(ctx)
        ]

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
            drawn.shapes.append(moved_block(title, chip.y - theme.lane_padding / 2))
            drawn.shapes.append(moved_block(channel, chip.y - theme.lane_padding / 2))
            if tp.moment_of_truth:
                drawn.shapes.append(
                    Polygon(
                        star(chip.right - 11, chip.y + 11, 8, movable=True),
                        theme.moment_of_truth,
                        "moment-of-truth",
                        stroke=LIGHT.ink,  # the yellow star keeps its dark edge on dark maps
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
        return not self._spreads(ctx) and all(
            col.touchpoint is None or col.touchpoint.emotion is None for col in ctx.columns
        )

    def height(self, ctx: MapContext) -> float:
        return ctx.theme.emotion_band * 5 + 2 * ctx.theme.lane_padding

    @staticmethod
    def _spreads(ctx: MapContext) -> list[tuple[float, Spread] | None]:
        """Per column, the room's emotion ratings of its touchpoint (None: no one rated)."""
        if ("room-spreads", id(ctx.ws)) not in ctx.cache:
            rated = emotion_spreads(ctx.ws.ratings)
            found = [
                (col.center, rated[col.touchpoint.id])
                if col.touchpoint is not None and col.touchpoint.id in rated
                else None
                for col in ctx.columns
            ]
            ctx.cache[("room-spreads", id(ctx.ws))] = found if rated else []
        spreads: list[tuple[float, Spread] | None] = ctx.cache[("room-spreads", id(ctx.ws))]
        return spreads

    @staticmethod
    def score_y(theme: Theme, top: float, score: float) -> float:
        """The y of a score inside the lane: 5 at the top band, 1 at the bottom."""
        return top + theme.lane_padding + (5 - score + 0.5) * theme.emotion_band

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        left, right = ctx.content_left, ctx.content_right
        drawn.shapes.extend(
            emotion_band(
                self._spreads(ctx),
                lambda score: self.score_y(theme, top, score),
                theme.emotion_band * 0.5,
            )
        )
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
            drawn.hotspots.append(Hotspot(box, tp.id, "emotion", ctx.tooltip(tp)))
        return drawn


def _placed(lane: Lane, order: float, column_local: bool = False) -> Lane:
    lane.order = order
    lane.column_local = column_local
    return lane


def stages_lane() -> Lane:
    return _placed(StageLane(), 10)


def vision_lane() -> Lane:
    return _placed(StageTextLane("vision", "map.lane.vision", lambda stage: stage.vision), 20)


def actions_lane() -> Lane:
    lane = TouchpointTextLane("actions", "map.lane.actions", lambda tp: tp.action)
    return _placed(lane, 30, column_local=True)


def touchpoints_lane() -> Lane:
    return _placed(TouchpointLane(), 40, column_local=True)


def thoughts_lane() -> Lane:
    lane = TouchpointTextLane("thoughts", "map.lane.thoughts", lambda tp: tp.thought)
    return _placed(lane, 50, column_local=True)


def emotions_lane() -> Lane:
    return _placed(EmotionLane(), 60)


def feelings_lane() -> Lane:
    lane = TouchpointTextLane("feelings", "map.lane.feelings", lambda tp: tp.feeling, max_lines=2)
    return _placed(lane, 70, column_local=True)


def pain_points_lane() -> Lane:
    return _placed(ListLane("pain_points", "map.lane.pain_points", pain_entries), 80, True)


def ideas_lane() -> Lane:
    return _placed(ListLane("ideas", "map.lane.ideas", idea_entries), 90, True)


def backoffice_lane() -> Lane:
    return _placed(ListLane("backoffice", "map.lane.backoffice", backoffice_entries), 100, True)


def metrics_lane() -> Lane:
    return _placed(ListLane("metrics", "map.lane.metrics", metric_entries), 110, True)
