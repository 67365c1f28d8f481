"""Text and tables sized for a slide: what fits is measured with the map's font metrics.

A slide cannot grow, and PowerPoint only shrinks text when the reader edits it, so the deck
measures before it writes: a card's text gets the largest size at which it fits; a table
gets the largest type that needs no more slides than the smallest would, its rows split
evenly across as many slides as their heights need, and short tables spread over the slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from ..fonts import text_width, wrap
from .deck_design import BODY_BOTTOM, BODY_TOP

ROWS_PER_SLIDE = 9
"""Table rows on one slide at most; longer tables go on as many slides as they need, as
evenly filled as their rows' heights allow."""
LINE_SPACING = 1.2
"""A line's height as a share of its font size, in PowerPoint and LibreOffice alike."""
FIT_MARGIN = 0.9
"""The share of a box's width text is fitted to: another font (PowerPoint without the
handout's) may set the same words a little wider."""
TEXT_INSET = Inches(0.1)
CELL_INSET_HEIGHT = Inches(0.1)
"""A table cell's top and bottom margins together (PowerPoint's default)."""
TITLE_SIZE, SMALLEST_TITLE = 28, 18
TABLE_SIZES = (16, 14, 12, 11)
"""Table text sizes tried in turn: large for a short table, small for a long one."""
BODY_HEIGHT = Emu(int(BODY_BOTTOM - BODY_TOP))
TALLEST_ROW = Inches(0.8)
"""The tallest a table row is stretched to fill its slide..."""
FEW_ROWS = 3
"""...unless the table has no more rows than this: then they share the whole slide, as cards."""


def points(length: int) -> float:
    return length / 12700


def lines_height(lines: Sequence[tuple[str, bool]], width: int, size: float) -> float:
    """How tall ``lines`` (text, bold) wrap at ``size`` pt in ``width`` EMU, in points."""
    room = points(width) * FIT_MARGIN
    count = sum(len(wrap(text, room, size, 10**6, bold)) or 1 for text, bold in lines)
    return count * size * LINE_SPACING


def fitted_size(lines: Sequence[tuple[str, bool]], box: tuple[int, int], largest: int,
                smallest: int) -> int:  # fmt: skip
    """The largest size from ``largest`` down to ``smallest`` at which ``lines`` fit ``box``
    (width, height in EMU, less the text box's insets); ``smallest`` if none does."""
    width, height = box[0] - 2 * TEXT_INSET, points(box[1] - TEXT_INSET)
    for size in range(largest, smallest - 1, -1):
        if lines_height(lines, width, size) <= height:
            return size
    return smallest


def sized(frame: Any, size: int, colour: str | None = None) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            if colour is not None:
                run.font.color.rgb = RGBColor.from_string(colour)


def whole_words(texts: Sequence[Sequence[str]], column_widths: Sequence[int]) -> bool:
    """Whether every word of ``texts`` fits its column at the smallest table size."""
    return all(
        text_width(word, TABLE_SIZES[-1], index == 0) / FIT_MARGIN <= points(width - 2 * TEXT_INSET)
        for index, row in enumerate(texts)
        for text, width in zip(row, column_widths, strict=True)
        for word in text.split()
    )


def table_texts(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[list[str]]:
    return [[str(c) for c in columns], *(["" if v is None else str(v) for v in r] for r in rows)]


def shares(widths: Sequence[float], room: int, texts: Sequence[Sequence[str]] = ()) -> list[int]:
    """Column widths (EMU) in proportion to ``widths``, each at least as wide as its longest
    word in ``texts`` at the smallest table size (so no word is broken), when ``room`` allows."""
    least = [0] * len(widths)
    for row_index, row in enumerate(texts):
        for col, text in enumerate(row):
            words = text.split() or [""]
            longest = max(text_width(w, TABLE_SIZES[-1], row_index == 0) for w in words)
            least[col] = max(least[col], int(Pt(longest / FIT_MARGIN + 1) + 2 * TEXT_INSET))
    spare = room - sum(least)
    if spare <= 0:
        total = sum(widths)
        return [int(room * share / total) for share in widths]
    total = sum(widths)
    wanted = [room * share / total for share in widths]
    extra = [max(w - m, 0.0) for w, m in zip(wanted, least, strict=True)]
    scale = spare / sum(extra) if sum(extra) else 0.0
    return [int(m + e * scale) for m, e in zip(least, extra, strict=True)]


def add_table(slide: Any, texts: list[list[str]], where: tuple[int, list[int]], heights: list[int],
           size: int) -> None:  # fmt: skip
    """``texts`` (the header first) as a table at ``where`` (left, column widths)."""
    left, column_widths = where
    shape = slide.shapes.add_table(
        len(texts), len(texts[0]), left, BODY_TOP, sum(column_widths), Emu(sum(heights))
    )
    table = shape.table
    for index, width in enumerate(column_widths):
        table.columns[index].width = Emu(width)
    for index, height in enumerate(heights):
        table.rows[index].height = Emu(height)
    for row_index, row in enumerate(texts):
        for col, value in enumerate(row):
            fill_cell(table.cell(row_index, col), value, size, bold=row_index == 0)


def spread(heights: list[int], room: int = BODY_HEIGHT) -> list[int]:
    """The rows' heights with the slide's spare room shared among the body rows, up to
    ``TALLEST_ROW`` each: a short table reads as a list across the slide, not a strip."""
    rows = len(heights) - 1
    if rows <= 0:
        return heights
    share = (int(room) - sum(heights)) // rows
    if share <= 0:
        return heights
    tallest = int(room) if rows <= FEW_ROWS else int(TALLEST_ROW)
    return [heights[0], *(max(h, min(h + share, tallest)) for h in heights[1:])]


def row_height(row: Sequence[str], widths: Sequence[int], size: int) -> int:
    tallest = max(
        lines_height([(text, False)], width - 2 * TEXT_INSET, size)
        for text, width in zip(row, widths, strict=True)
    )
    return int(Pt(tallest) + CELL_INSET_HEIGHT)


def table_type(texts: list[list[str]], widths: Sequence[int],
                room: int = BODY_HEIGHT) -> tuple[int, list[int]]:  # fmt: skip
    """The largest table size that needs no more slides than the smallest would, and each
    row's height (EMU) at that size; the header first."""

    def heights_at(size: int) -> list[int]:
        return [row_height(row, widths, size) for row in texts]

    smallest = heights_at(TABLE_SIZES[-1])
    fewest = len(balanced(smallest[1:], table_room(smallest, room)))
    for size in TABLE_SIZES:
        heights = heights_at(size)
        if len(balanced(heights[1:], table_room(heights, room))) <= fewest:
            return size, heights
    return TABLE_SIZES[-1], smallest


def table_room(heights: Sequence[int], room: int = BODY_HEIGHT) -> int:
    return int(room) - heights[0]


def balanced(heights: Sequence[int], room: int) -> list[int]:
    """How many rows go on each slide: the fewest slides whose rows fit ``room`` (at most
    ``ROWS_PER_SLIDE`` each; a row taller than a slide gets one alone), filled evenly."""

    def fill(most: int) -> list[int]:
        counts: list[int] = []
        used = 0
        for height in heights:
            if counts and counts[-1] < most and used + height <= room:
                counts[-1] += 1
                used += height
            else:
                counts.append(1)
                used = height
        return counts

    fewest = fill(ROWS_PER_SLIDE)
    for most in range(-(-len(heights) // max(len(fewest), 1)), ROWS_PER_SLIDE):
        even = fill(most)
        if len(even) == len(fewest):
            return even
    return fewest or [0]


def fill_cell(cell: Any, text: str, size: int, bold: bool = False) -> None:
    cell.text = text
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
