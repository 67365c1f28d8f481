"""Text lanes: a wrapped text per touchpoint or per stage, measured with the map's font.

What the customer does, thinks and feels, the vision per stage, and any plugin lane
that shows a text (or a number) under each touchpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..model import Stage, Touchpoint
from .blocks import BLOCK_CACHE_SIZE, text_block
from .context import MapContext
from .lane_base import Drawn, Lane
from .shapes import Box, Text


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

    def columns_measured(self, ctx: MapContext) -> list[tuple[bool, float]]:
        theme = ctx.theme
        line, padding = theme.line_px(theme.text_size), 2 * theme.lane_padding
        return [
            (block is None, max(block.box.h if block is not None else 0.0, line) + padding)
            for block in self._blocks(ctx)
        ]

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        offset = top + ctx.theme.lane_padding
        return Drawn(shapes=[moved_block(b, offset) for b in self._blocks(ctx) if b is not None])


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


@lru_cache(maxsize=BLOCK_CACHE_SIZE, typed=True)
def moved_block(block: Text, offset: float) -> Text:
    """A text block laid out at y = 0 moved down to ``offset`` (kept, as text blocks are)."""
    x, y, lines, size, color, role, box, bold, anchor, line_height, ref = block
    moved = Box(box.x, box.y + offset, box.w, box.h)
    # positional: a lane that grows moves thousands of these (``_replace`` costs half more)
    return Text(x, y + offset, lines, size, color, role, moved, bold, anchor, line_height, ref)
