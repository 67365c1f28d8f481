"""A journey map kept between edits: laid out once, then again only where an edit changed it.

The live map is laid out after every edit. ``LiveJourney`` keeps, for each lane, what
it drew in each column, and a fingerprint of what each column's touchpoint shows (its
own fields, its pain points, their ideas, its metrics). After an edit, the column-local
lanes (``Lane.column_local``: the touchpoints, texts and lists) measure and draw again
only the columns whose fingerprint changed; the lanes that read across columns (the
stages, the emotion curve and the room's spread, the measured lane, plugins' lanes) are
drawn whole. A lane whose height changed moves every lane under it, and those are drawn
again at their new place. When the columns move (a touchpoint added, removed, moved to
another stage or reordered: a card dropped on the map), each unchanged touchpoint's
drawing is taken along to its column's new place (the columns are all as wide), and only
new or changed ones are drawn. When the stages, channels, lanes, theme or language
change, everything is laid out anew. Either way the result is the very Layout
``layout_journey`` gives; the tests compare the two shape by shape.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from pydantic import BaseModel

from ..bulk import cycle_collector_paused
from ..model import JourneyState, Touchpoint, Workshop
from .context import MapContext
from .journey import context_width, finished, journey_context, lane_band, lanes_top, titles
from .lane_base import Drawn, Lane
from .options import MapOptions
from .shapes import Circle, Curve, Hotspot, Layout, Polygon, Segment, Shape, shifted

_PLAIN = frozenset({str, int, float, bool, type(None)})


def frozen(value: Any) -> Any:
    """``value`` as nested tuples that compare by content: a snapshot of a model that an
    edit changes in place."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, BaseModel):
        return (
            type(value).__name__,
            *(item if type(item) in _PLAIN else frozen(item) for item in value.__dict__.values()),
        )
    if isinstance(value, list | tuple):
        return tuple(item if type(item) in _PLAIN else frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, frozen(item)) for key, item in value.items())
    return value


def fingerprint(ctx: MapContext, tp: Touchpoint | None) -> Any:
    """Everything a column-local lane shows of one column's touchpoint."""
    if tp is None:
        return None
    return (
        tuple(
            value if type(value) in _PLAIN else frozen(value)
            for name, value in tp.__dict__.items()
            if name != "order"  # where the column stands says it; the map shows no number
        ),
        frozen(ctx.pains.get(tp.id, ())),
        frozen(ctx.ideas.get(tp.id, ())),
        frozen(ctx.metrics.get(tp.id, ())),
    )


@dataclass
class _Lane:
    """What one lane drew at the last layout (per column, for a column-local lane)."""

    empty: list[bool] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    columns: list[Drawn] = field(default_factory=list)
    at: tuple[float, float] | None = None
    """The top and height the columns were drawn at."""


class LiveJourney:
    """One view's journey map, laid out again after each edit from what did not change."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._lanes_seen: list[Lane] = []
        self._prints: list[Any] = []
        self._slots: list[tuple[str, str | None]] = []
        """Each column's stage and touchpoint at the last layout."""
        self._lefts: list[float] = []
        """Each column's left edge at the last layout."""
        self._kept: dict[int, _Lane] = {}
        self._tooltips: dict[str, str] = {}
        self.redrawn_columns: int = 0
        """How many columns the last layout measured and drew again (for benchmarks)."""

    @cycle_collector_paused()
    def layout(
        self,
        ws: Workshop,
        persona: str | None = None,
        *,
        state: JourneyState = "current",
        options: MapOptions | None = None,
        lang: str | None = None,
        stages: Sequence[str] | None = None,
    ) -> Layout:
        """``layout_journey(ws, persona, ...)``, drawing again only what changed since the
        last call."""
        ctx, chosen = journey_context(
            ws, persona, state=state, lanes=None, theme=None, lang=lang, options=options,
            stages=stages,
        )  # fmt: skip
        prints = [fingerprint(ctx, column.touchpoint) for column in ctx.columns]
        slots = [(c.stage.id, c.touchpoint.id if c.touchpoint else None) for c in ctx.columns]
        key = (
            id(ws), persona, state, ctx.theme, ctx.lang,
            None if stages is None else tuple(stages), frozen(ws.stages), frozen(ws.channels),
        )  # fmt: skip
        same = (
            key == self._key
            and len(chosen) == len(self._lanes_seen)
            and all(a is b for a, b in zip(chosen, self._lanes_seen, strict=True))
        )
        changed: list[int] | None = None
        if same and slots == self._slots:
            pairs = zip(prints, self._prints, strict=True)
            changed = [i for i, (a, b) in enumerate(pairs) if a != b]
        elif same:
            changed = self._columns_moved(ctx, slots, prints)
        else:
            self._kept = {}
        if changed is not None:
            edited = (ctx.columns[i].touchpoint for i in changed)
            ctx.keep_tooltips(self._tooltips, {tp.id for tp in edited if tp is not None})
        self._key, self._lanes_seen, self._prints, self._slots = key, chosen, prints, slots
        self._lefts = [column.x for column in ctx.columns]
        self.redrawn_columns = len(ctx.columns) if changed is None else len(changed)
        layout = self._laid_out(ctx, chosen, changed)
        self._tooltips = ctx.tooltips_made()
        return layout

    def _columns_moved(
        self, ctx: MapContext, slots: list[tuple[str, str | None]], prints: list[Any]
    ) -> list[int]:
        """After touchpoints were added, removed, reordered or moved to another stage: each
        column-local lane keeps what it drew of every touchpoint that did not change, taken
        along to its column's new place; the columns to measure and draw again are returned."""
        before = {slot: index for index, slot in enumerate(self._slots)}
        sources: list[int | None] = []
        for slot, mark in zip(slots, prints, strict=True):
            index = before.get(slot)
            sources.append(index if index is not None and self._prints[index] == mark else None)
        moves = [
            (index, ctx.columns[new].x - self._lefts[index]) if index is not None else None
            for new, index in enumerate(sources)
        ]
        for kept in self._kept.values():
            whole = len(kept.columns) == len(self._slots)
            kept.empty = [kept.empty[m[0]] if m else False for m in moves]
            kept.heights = [kept.heights[m[0]] if m else 0.0 for m in moves]
            kept.columns = (
                [_taken_along(kept.columns[m[0]], m[1]) if m else Drawn() for m in moves]
                if whole
                else []
            )
        return [new for new, index in enumerate(sources) if index is None]

    def _laid_out(self, ctx: MapContext, chosen: list[Lane], changed: list[int] | None) -> Layout:
        """The map, with column-local lanes measured and drawn again only in the
        ``changed`` columns (None: everything anew)."""
        width = context_width(ctx)
        title, subtitle = titles(ctx, width)
        y = lanes_top(ctx, subtitle)
        narrow = {i: ctx.narrowed([ctx.columns[i]]) for i in changed or ()}
        by_columns = bool(ctx.columns)  # a map without columns: every lane asked as a whole
        shown: list[tuple[int, Lane, float]] = []
        for index, lane in enumerate(chosen):
            if lane.column_local and by_columns:
                kept = self._measured(index, lane, ctx, narrow)
                if all(kept.empty):
                    continue
                shown.append((index, lane, max(kept.heights)))
            elif not lane.is_empty(ctx):
                shown.append((index, lane, lane.height(ctx)))
        bands: list[Shape] = []
        drawn: list[Sequence[Shape]] = []
        hotspots: list[Sequence[Hotspot]] = []
        for place, (index, lane, height) in enumerate(shown):
            bands.extend(lane_band(ctx, place, lane, y, height, width))
            if lane.column_local and by_columns:
                columns = self._drawn(self._kept[index], lane, ctx, narrow, y, height)
                drawn.extend(column.shapes for column in columns)
                hotspots.extend(column.hotspots for column in columns)
            else:
                whole = lane.draw(ctx, y, height)
                drawn.append(whole.shapes)
                hotspots.append(whole.hotspots)
            y += height + ctx.theme.lane_gap
        shapes = (title, subtitle, *bands, *chain.from_iterable(drawn))
        return finished(ctx, width, shapes, list(chain.from_iterable(hotspots)), y)

    def _measured(
        self, index: int, lane: Lane, ctx: MapContext, narrow: dict[int, MapContext]
    ) -> _Lane:
        """A column-local lane's emptiness and height per column, the changed ones anew."""
        kept = self._kept.get(index)
        if kept is None:
            kept = self._kept[index] = _Lane()
            measured = lane.columns_measured(ctx)
            kept.empty = [empty for empty, _ in measured]
            kept.heights = [height for _, height in measured]
            return kept
        for i, alone in narrow.items():
            kept.empty[i] = lane.is_empty(alone)
            kept.heights[i] = lane.height(alone)
        return kept

    @staticmethod
    def _drawn(
        kept: _Lane,
        lane: Lane,
        ctx: MapContext,
        narrow: dict[int, MapContext],
        top: float,
        height: float,
    ) -> list[Drawn]:
        """A column-local lane's drawing per column: where its place and height stayed,
        only the changed columns again."""
        if kept.at != (top, height) or len(kept.columns) != len(ctx.columns):
            kept.columns = by_column(lane.draw(ctx, top, height), ctx)
            kept.at = (top, height)
            return kept.columns
        for i, alone in narrow.items():
            kept.columns[i] = lane.draw(alone, top, height)
        return kept.columns


def _taken_along(drawn: Drawn, dx: float) -> Drawn:
    """A column's drawing at its column's new place."""
    if not dx:
        return drawn
    return Drawn(
        [shifted(shape, dx) for shape in drawn.shapes],  # type: ignore[misc]
        [shifted(spot, dx) for spot in drawn.hotspots],  # type: ignore[misc]
    )


_LEFT: dict[type, Callable[[Any], float]] = {
    Circle: lambda circle: circle.cx,
    Polygon: lambda polygon: min(x for x, _ in polygon.points),
    Segment: lambda line: line.start[0],
    Curve: lambda curve: curve.start[0],
}
"""Where a shape starts from the left, for shapes without a box: it lies in the column
holding that x."""


def _left(item: Shape | Hotspot) -> float:
    find = _LEFT.get(type(item))
    return find(item) if find is not None else float(item.box.x)  # type: ignore[union-attr]


def by_column(drawn: Drawn, ctx: MapContext) -> list[Drawn]:
    """A column-local lane's drawing split into its columns' parts, each in paint order."""
    starts = [column.x for column in ctx.columns]
    shapes: list[list[Shape]] = [[] for _ in starts]
    spots: list[list[Hotspot]] = [[] for _ in starts]
    for shape in drawn.shapes:
        shapes[max(bisect_right(starts, _left(shape)) - 1, 0)].append(shape)
    for spot in drawn.hotspots:
        spots[max(bisect_right(starts, spot.box.x) - 1, 0)].append(spot)
    return [Drawn(own, marked) for own, marked in zip(shapes, spots, strict=True)]
