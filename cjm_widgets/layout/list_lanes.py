"""List lanes: short entries with a colour mark under each touchpoint.

Pain points by severity, ideas by status, back-office processes and systems, and
metrics against their targets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..i18n import format_number, format_share, translate
from ..model import Idea, Metric, PainPoint, Touchpoint
from .blocks import text_block
from .context import Column, MapContext
from .lane_base import Drawn, Lane
from .shapes import Box, Rect, Text
from .text_lanes import moved_block
from .theme import (
    SEVERITY_COLOURS,
    STATUS_COLOURS,
)

# -- list lanes: pain points, ideas, back office, metrics ---------------------------------


class Entry(NamedTuple):
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
                        more = ctx.say("map.more", count=left)
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

    def columns_measured(self, ctx: MapContext) -> list[tuple[bool, float]]:
        theme = ctx.theme
        line, padding = theme.line_px(theme.text_size), 2 * theme.lane_padding
        return [
            (not cell, max(cell[-1][1].box.bottom if cell else 0.0, line) + padding)
            for cell in self._cells(ctx)
        ]

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        theme = ctx.theme
        drawn = Drawn()
        offset = top + theme.lane_padding
        for cell in self._cells(ctx):
            for entry, block in cell:
                moved = moved_block(block, offset)
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
        entries.append(Entry(ctx.say("map.systems", systems=", ".join(office.systems))))
    if office.department:
        entries.append(Entry(ctx.say("map.owner", department=office.department)))
    return entries


_SCALE = re.compile(
    r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:-|\u2013|\u2014|\.\.|to)\s*(-?\d+(?:[.,]\d+)?)\s*$"
)
"""A unit that names a rating scale: ``1-5``, ``1\u20137`` (an en dash), ``0..10``, ``1 to 5``."""


def scale_of(unit: str) -> str | None:
    """The scale a unit names, written ``1-5``; None for any other unit."""
    found = _SCALE.match(unit)
    return f"{found.group(1)}-{found.group(2)}" if found else None


def with_unit(value: float | None, unit: str, lang: str = "en") -> str:
    """A figure as people read it in ``lang``: ``74.5%`` (one decimal, the language's
    percent pattern), ``3.1 on a 1-5 scale``, ``1,250 calls/month``; a dash when the value
    is not known yet."""
    if value is None:
        return "\u2013"  # en dash: not known yet
    if unit.strip() == "%":
        return format_share(value / 100, lang)
    scale = scale_of(unit)
    if scale is not None:
        return translate("unit.on_scale", lang, value=format_number(value, lang), scale=scale)
    return f"{format_number(value, lang)} {unit}".strip()


def _plain(value: float | None, unit: str, lang: str) -> str:
    """A figure without its scale (said once for the pair): ``3.1``, or ``with_unit``."""
    if value is None or scale_of(unit) is None:
        return with_unit(value, unit, lang)
    return format_number(value, lang)


def metric_entries(ctx: MapContext, tp: Touchpoint) -> list[Entry]:
    metrics: list[Metric] = ctx.metrics.get(tp.id, [])
    entries = []
    for metric in metrics:
        scale = scale_of(metric.unit)
        text = ctx.say(
            "map.metric" if scale is None else "map.metric_on_scale",
            name=metric.name,
            actual=_plain(metric.actual, metric.unit, ctx.lang),
            target=_plain(metric.target, metric.unit, ctx.lang),
            **({} if scale is None else {"scale": scale}),
        )
        entries.append(Entry(text, ctx.metric_colour(metric), metric.id))
    return entries
