"""The priority matrix: ideas by effort (x) and impact (y) on the 1-5 grid, in four quadrants.

A numbered dot per rated idea, coloured by status, with the numbered list beside the
plot so the text stays readable however crowded the grid gets. The layout also maps
pixels back to scores, which the live view uses to drag a dot to new ratings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from ..fonts import text_width
from ..i18n import translate
from ..model import Idea, Workshop
from .blocks import circle_label, legend_text, text_block, tick
from .shapes import Box, Circle, Hotspot, Layout, Rect, Segment, Shape
from .spread import matrix_spread
from .theme import STATUS_COLOURS, Theme

Quadrant = Literal["quick_wins", "major_projects", "fill_ins", "thankless_tasks"]

QUADRANT_FILLS: dict[Quadrant, str] = {
    "quick_wins": "#E3F2EC",
    "major_projects": "#E1EEF8",
    "fill_ins": "#F4F4F4",
    "thankless_tasks": "#FBE9E0",
}


def quadrant(effort: int, impact: int) -> Quadrant:
    """Where an idea falls; the middle score 3 counts as low effort and high impact."""
    if impact >= 3:
        return "quick_wins" if effort <= 3 else "major_projects"
    return "fill_ins" if effort <= 3 else "thankless_tasks"


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


def _offsets(count: int, radius: float) -> list[tuple[float, float]]:
    """Positions for ``count`` dots sharing one grid point, so none hides another."""
    if count == 1:
        return [(0.0, 0.0)]
    # neighbours on the ring stand a chord of 2 * ring * sin(pi / count) apart: keep it >= 2r
    ring = radius / math.sin(math.pi / count) * 1.05
    return [
        (ring * math.cos(2 * math.pi * i / count), ring * math.sin(2 * math.pi * i / count))
        for i in range(count)
    ]


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
    half_w, half_h = plot.w / 2, plot.h / 2
    regions: list[tuple[Quadrant, Box]] = [
        ("quick_wins", Box(plot.x, plot.y, half_w, half_h)),
        ("major_projects", Box(plot.x + half_w, plot.y, half_w, half_h)),
        ("fill_ins", Box(plot.x, plot.y + half_h, half_w, half_h)),
        ("thankless_tasks", Box(plot.x + half_w, plot.y + half_h, half_w, half_h)),
    ]
    for name, box in regions:
        shapes.append(Rect(box, QUADRANT_FILLS[name], f"quadrant-{name}", solid=False))
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
    step = plot.w / 5
    for index in range(6):
        x = plot.x + index * step
        y = plot.y + index * step
        shapes.append(Segment((x, plot.y), (x, plot.bottom), theme.rule, 0.5, "grid", (2.0, 3.0)))
        shapes.append(Segment((plot.x, y), (plot.right, y), theme.rule, 0.5, "grid", (2.0, 3.0)))
    shapes.append(
        Segment(
            (plot.x + half_w, plot.y), (plot.x + half_w, plot.bottom), theme.muted, 1.5, "axis-mid"
        )
    )
    shapes.append(
        Segment(
            (plot.x, plot.y + half_h), (plot.right, plot.y + half_h), theme.muted, 1.5, "axis-mid"
        )
    )
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
    shapes.extend(matrix_spread(chosen, ws.ratings, geometry.point_of, theme, lang))  # the room
    radius = 13.0
    at_point: dict[tuple[int, int], list[Idea]] = defaultdict(list)
    for idea in chosen:
        if idea.effort is not None and idea.impact is not None:
            at_point[(idea.effort, idea.impact)].append(idea)
    for (effort, impact), group in at_point.items():
        px, py = geometry.point_of(effort, impact)
        for idea, (dx, dy) in zip(group, _offsets(len(group), radius), strict=True):
            fill = STATUS_COLOURS[idea.status]
            cx, cy = px + dx, py + dy
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
                    theme.small_size,
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
            detail = translate("status." + idea.status, lang)
            if idea.effort is not None and idea.impact is not None:
                detail = translate(
                    "matrix.scores", lang, effort=idea.effort, impact=idea.impact, status=detail
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
