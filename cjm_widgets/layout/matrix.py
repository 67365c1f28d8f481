"""The priority matrix: ideas by effort (x) and impact (y) on the 1-5 grid, in four quadrants.

A numbered dot per rated idea, coloured by status, with the numbered list beside the
plot so the text stays readable however crowded the grid gets. Ideas sharing a score
are packed in rows inside their cell, smaller as they get more, so each dot and its
number stays visible. The quadrant lines run where ``quadrants.py`` splits the scores
(between cells, never through one). The layout also maps pixels back to scores, which
the live view uses to drag a dot to new ratings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ..fonts import text_width
from ..i18n import translate
from ..model import Idea, Workshop
from ..quadrants import EFFORT_SPLIT, IMPACT_SPLIT, Quadrant, quadrant
from .blocks import circle_label, legend_text, text_block, tick
from .room_spread import Dot, matrix_spread
from .shapes import Box, Circle, Hotspot, Layout, Rect, Segment, Shape
from .theme import STATUS_COLOURS, Theme

__all__ = ["QUADRANT_FILLS", "MatrixLayout", "Quadrant", "layout_matrix", "quadrant"]

QUADRANT_FILLS: dict[Quadrant, str] = {
    "quick_wins": "#E3F2EC",
    "major_projects": "#E1EEF8",
    "fill_ins": "#F4F4F4",
    "thankless_tasks": "#FBE9E0",
}
QUADRANT_FILLS_DARK: dict[Quadrant, str] = {
    "quick_wins": "#1E3A30",
    "major_projects": "#1E3247",
    "fill_ins": "#2A2D32",
    "thankless_tasks": "#432B22",
}
"""The same four tints, dark, under the dark theme's light text."""


@dataclass(frozen=True)
class MatrixLayout(Layout):
    """A matrix layout that also knows where its plot lies, to map pixels to scores."""

    plot: Box = field(default_factory=lambda: Box(0, 0, 1, 1))

    def point_of(self, effort: float, impact: float) -> tuple[float, float]:
        """The pixel of a score pair (1-5 each) inside the plot."""
        step_x, step_y = self.plot.w / 5, self.plot.h / 5
        return (self.plot.x + (effort - 0.5) * step_x, self.plot.bottom - (impact - 0.5) * step_y)

    def scores_at(self, x: float, y: float) -> tuple[int, int]:
        """The nearest grid point's (effort, impact) to a pixel, clamped to 1-5."""
        effort = round((x - self.plot.x) / (self.plot.w / 5) + 0.5)
        impact = round((self.plot.bottom - y) / (self.plot.h / 5) + 0.5)
        return min(max(effort, 1), 5), min(max(impact, 1), 5)


DOT_RADIUS = 13.0
"""A lone idea's dot; dots sharing a cell shrink to fit it."""


def _packed(count: int, cell: float) -> tuple[float, list[tuple[float, float]]]:
    """A radius and centre offsets for ``count`` dots sharing one cell of side ``cell``.

    Rows of up to ceil(sqrt(count)) dots, centred in the cell; neighbours stand at least
    two radii apart, so neither the dots nor the numbers inside them overlap, and all
    stay inside the cell.
    """
    if count == 1:
        return DOT_RADIUS, [(0.0, 0.0)]
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    pitch = min(2 * DOT_RADIUS + 3, (cell - 6) / columns)
    radius = min(DOT_RADIUS, pitch / 2 - 1)
    offsets = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        offsets.append(((column - (in_row - 1) / 2) * pitch, (row - (rows - 1) / 2) * pitch))
    return radius, offsets


def layout_matrix(
    ws: Workshop,
    *,
    ideas: list[Idea] | None = None,
    theme: Theme | None = None,
    lang: str | None = None,
    plot_size: float = 480.0,
    list_width: float = 420.0,
) -> MatrixLayout:
    """The effort/impact matrix of ``ideas`` (default: every idea of the workshop)."""
    theme = theme or Theme()
    lang = lang or ws.language
    chosen = list(ws.ideas if ideas is None else ideas)
    number = {idea.id: index + 1 for index, idea in enumerate(ws.ideas)}
    shapes: list[Shape] = []
    hotspots: list[Hotspot] = []
    margin = theme.margin
    axis_room = 46.0
    width = margin * 2 + axis_room + plot_size + 24 + list_width
    title = text_block(
        margin,
        margin,
        width - 2 * margin,
        translate("matrix.title", lang),
        size=theme.title_size,
        max_lines=1,
        color=theme.ink,
        role="title",
        bold=True,
    )
    plot = Box(margin + axis_room, title.box.bottom + 16, plot_size, plot_size)
    step = plot.w / 5
    # the quadrant lines, where quadrants.py splits the scores: between cells
    split_x = plot.x + (EFFORT_SPLIT - 0.5) * step
    split_y = plot.bottom - (IMPACT_SPLIT - 0.5) * step
    left, right = split_x - plot.x, plot.right - split_x
    top, bottom = split_y - plot.y, plot.bottom - split_y
    regions: list[tuple[Quadrant, Box]] = [
        ("quick_wins", Box(plot.x, plot.y, left, top)),
        ("major_projects", Box(split_x, plot.y, right, top)),
        ("fill_ins", Box(plot.x, split_y, left, bottom)),
        ("thankless_tasks", Box(split_x, split_y, right, bottom)),
    ]
    for name, box in regions:
        fills = QUADRANT_FILLS_DARK if theme.dark else QUADRANT_FILLS
        shapes.append(Rect(box, fills[name], f"quadrant-{name}", solid=False))
        shapes.append(
            text_block(
                box.x + 8,
                box.y + 6,
                box.w - 16,
                translate(f"matrix.{name}", lang),
                size=theme.text_size,
                max_lines=1,
                color=theme.muted,
                role="quadrant-name",
                bold=True,
            )
        )
    for index in range(6):
        x = plot.x + index * step
        y = plot.y + index * step
        shapes.append(Segment((x, plot.y), (x, plot.bottom), theme.rule, 0.5, "grid", (2.0, 3.0)))
        shapes.append(Segment((plot.x, y), (plot.right, y), theme.rule, 0.5, "grid", (2.0, 3.0)))
    shapes.append(Segment((split_x, plot.y), (split_x, plot.bottom), theme.muted, 1.5, "axis-mid"))
    shapes.append(Segment((plot.x, split_y), (plot.right, split_y), theme.muted, 1.5, "axis-mid"))
    for score in range(1, 6):
        cx = plot.x + (score - 0.5) * step
        cy = plot.bottom - (score - 0.5) * step
        shapes.append(tick(cx - 10, plot.bottom + 4, 20, str(score), theme, "middle"))
        shapes.append(tick(plot.x - 26, cy - 7, 20, str(score), theme, "end"))
    shapes.append(
        text_block(
            plot.x,
            plot.bottom + 20,
            plot.w,
            translate("matrix.effort_axis", lang),
            size=theme.text_size,
            max_lines=1,
            color=theme.ink,
            role="axis-title",
            anchor="middle",
            bold=True,
        )
    )
    shapes.append(
        text_block(
            margin,
            plot.y - 14,
            axis_room + plot.w,
            translate("matrix.impact_axis", lang),
            size=theme.text_size,
            max_lines=1,
            color=theme.ink,
            role="axis-title",
            bold=True,
        )
    )
    geometry = MatrixLayout(width=0, height=0, shapes=(), plot=plot)
    at_point: dict[tuple[int, int], list[Idea]] = defaultdict(list)
    for idea in chosen:
        if idea.effort is not None and idea.impact is not None:
            at_point[(idea.effort, idea.impact)].append(idea)
    dots: dict[str, Dot] = {}
    for (effort, impact), group in at_point.items():
        px, py = geometry.point_of(effort, impact)
        radius, offsets = _packed(len(group), step)
        for idea, (dx, dy) in zip(group, offsets, strict=True):
            dots[idea.id] = Dot(px + dx, py + dy, radius)
    room = matrix_spread(chosen, ws.ratings, geometry.point_of, dots, number, plot, theme, lang)
    shapes.extend(room.under)
    for (effort, impact), group in at_point.items():
        for idea in group:
            dot = dots[idea.id]
            cx, cy, radius = dot.cx, dot.cy, dot.r
            fill = STATUS_COLOURS[idea.status]
            shapes.append(
                Circle(
                    cx, cy, radius, fill, "idea", stroke="#FFFFFF", stroke_width=1.5, ref=idea.id
                )
            )
            shapes.append(
                circle_label(
                    cx,
                    cy,
                    radius,
                    str(number[idea.id]),
                    fill,
                    min(theme.small_size, radius * 1.1),
                    "idea-number",
                    idea.id,
                )
            )
            tooltip = translate(
                "matrix.tooltip",
                lang,
                text=idea.text,
                effort=effort,
                impact=impact,
                status=translate(f"status.{idea.status}", lang),
            )
            hotspots.append(
                Hotspot(
                    Box(cx - radius, cy - radius, 2 * radius, 2 * radius), idea.id, "idea", tooltip
                )
            )
    shapes.extend(room.over)
    list_x = plot.right + 24
    y = plot.y
    rated = [i for i in chosen if i.effort is not None and i.impact is not None]
    unrated = [i for i in chosen if i.effort is None or i.impact is None]
    for heading_key, group in (("matrix.list_rated", rated), ("matrix.list_unrated", unrated)):
        if not group:
            continue
        heading = text_block(
            list_x,
            y,
            list_width,
            translate(heading_key, lang),
            size=theme.text_size,
            max_lines=1,
            color=theme.ink,
            role="list-heading",
            bold=True,
        )
        shapes.append(heading)
        y = heading.box.bottom + 4
        for idea in group:
            fill = STATUS_COLOURS[idea.status]
            shapes.append(Circle(list_x + 9, y + 9, 9, fill, "idea-key", ref=idea.id))
            shapes.append(
                circle_label(
                    list_x + 9,
                    y + 9,
                    9,
                    str(number[idea.id]),
                    fill,
                    theme.small_size,
                    "idea-number",
                )
            )
            detail = str(translate("status." + idea.status, lang))
            if idea.effort is not None and idea.impact is not None:
                detail = str(
                    translate(
                        "matrix.scores", lang, effort=idea.effort, impact=idea.impact, status=detail
                    )
                )
            if idea.id in room.unplaced:  # votes on an idea neither the group nor the room placed
                detail = str(
                    translate(
                        "matrix.list_votes", lang, detail=detail, votes=room.unplaced[idea.id]
                    )
                )
            block = text_block(
                list_x + 24,
                y,
                list_width - 24,
                f"{idea.text} ({detail})",
                size=theme.small_size + 1,
                max_lines=3,
                color=theme.ink,
                role="idea-text",
                ref=idea.id,
            )
            shapes.append(block)
            y = max(block.box.bottom, y + 18) + 6
        y += 8
    y = max(y, plot.bottom + 44)
    x = margin
    for status, fill in STATUS_COLOURS.items():
        label = translate(f"status.{status}", lang)
        item = 22 + text_width(label, theme.small_size + 1) + 4
        shapes.append(Circle(x + 8, y + 8, 7, fill, "legend-status"))
        shapes.append(legend_text(x + 20, y, item - 20, label, theme))
        x += item + 12
    height = y + 18 + margin
    background = Rect(Box(0, 0, width, height), theme.paper, "background", solid=False)
    return MatrixLayout(
        width=width,
        height=height,
        shapes=(background, title, *shapes),
        hotspots=tuple(hotspots),
        title=title.lines[0],
        plot=plot,
    )
