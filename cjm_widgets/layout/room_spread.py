"""The room's opinion drawn over the map and the matrix: the middle half of the emotion
ratings as a band around the curve, and each idea's effort and impact spread as bars at
the room's medians, tagged with the idea's number and linked to its dot, with its
dot-vote total beside its dot (where the group placed it, which may differ from where
the room's medians fall).

Reads the workshop's merged ``ratings``; without ratings nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..fonts import text_width
from ..i18n import translate
from ..model import Idea, Rating
from ..room.aggregates import Spread, idea_verdicts
from .blocks import circle_label, text_block
from .shapes import Box, Circle, Point, Polygon, Rect, Segment, Shape
from .theme import Theme

BAND_FILL = "#D4E2EE"
BAR_COLOUR = "#2F5D86"


def emotion_band(
    spreads: list[tuple[float, Spread] | None], y_of: Callable[[float], float], half_width: float
) -> list[Shape]:
    """A band from the first to the third quartile through each run of columns with
    ratings (``(x, spread)`` per column, None where no one rated); one column alone
    gets a bar."""
    shapes: list[Shape] = []
    runs: list[list[tuple[float, Spread]]] = [[]]
    for column in spreads:
        if column is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(column)
    for run in runs:
        if len(run) == 1:
            x, spread = run[0]
            top, bottom = y_of(spread.q3), y_of(spread.q1)
            box = Box(x - half_width, top - 3, 2 * half_width, bottom - top + 6)
            shapes.append(Rect(box, BAND_FILL, "room-spread", radius=3, solid=False))
        elif run:
            upper: list[Point] = [(x, y_of(spread.q3) - 3) for x, spread in run]
            lower: list[Point] = [(x, y_of(spread.q1) + 3) for x, spread in reversed(run)]
            shapes.append(Polygon((*upper, *lower), BAND_FILL, "room-spread"))
    return shapes


@dataclass(frozen=True)
class Dot:
    """Where an idea's numbered dot is drawn on the matrix."""

    cx: float
    cy: float
    r: float


@dataclass
class RoomMarks:
    """The room's marks on the matrix: ``under`` the dots (spread crosses, their numbers
    and links to the dots), ``over`` them (vote labels), and the vote totals of ideas
    that have neither a dot nor a cross, for the list beside the plot."""

    under: list[Shape] = field(default_factory=list)
    over: list[Shape] = field(default_factory=list)
    unplaced: dict[str, str] = field(default_factory=dict)


TAG_RADIUS = 8.0
"""The small numbered circle that names the idea a spread cross belongs to."""


def matrix_spread(
    ideas: Sequence[Idea],
    ratings: Sequence[Rating],
    point_of: Callable[[float, float], Point],
    dots: Mapping[str, Dot],
    number: Mapping[str, int],
    plot: Box,
    theme: Theme,
    lang: str,
) -> RoomMarks:
    """Per idea the room rated: effort and impact bars (first to third quartile) crossing
    at the room's medians, tagged with the idea's number and linked to its dot; and its
    dot votes (``3: 2 votes``) beside its dot, or beside the cross when it has no dot."""
    marks = RoomMarks()
    verdicts = idea_verdicts(ratings)
    for idea in ideas:
        verdict = verdicts.get(idea.id)
        if verdict is None:
            continue
        dot = dots.get(idea.id)
        anchor = dot
        if verdict.effort is not None and verdict.impact is not None:
            cross = _cross(idea.id, verdict.effort, verdict.impact, point_of, number[idea.id])
            marks.under.extend(cross)
            centre = point_of(verdict.effort.median, verdict.impact.median)
            if dot is not None and (dot.cx, dot.cy) != centre:
                marks.under.insert(
                    0, Segment((dot.cx, dot.cy), centre, BAR_COLOUR, 1, "room-link", (3.0, 3.0))
                )
            anchor = anchor or Dot(*centre, 4)
        if not verdict.votes:
            continue
        votes = str(translate("room.report.votes_short", lang, count=verdict.votes))
        if anchor is None:
            marks.unplaced[idea.id] = votes
            continue
        label = str(translate("matrix.room_votes", lang, number=number[idea.id], votes=votes))
        marks.over.extend(_vote_label(idea.id, label, anchor, plot, theme))
    return marks


def _cross(
    ref: str, effort: Spread, impact: Spread, point_of: Callable[[float, float], Point], num: int
) -> list[Shape]:
    """The room's spread of one idea: two bars crossing at the medians, and the idea's
    number in a small ring at the cross's upper right."""
    cx, cy = point_of(effort.median, impact.median)
    left, _ = point_of(effort.q1, impact.median)
    right, _ = point_of(effort.q3, impact.median)
    _, low = point_of(effort.median, impact.q1)
    _, high = point_of(effort.median, impact.q3)
    tag_x, tag_y = cx + 2.5 * TAG_RADIUS, cy - 2.5 * TAG_RADIUS
    return [
        Segment((left - 4, cy), (right + 4, cy), BAR_COLOUR, 2, "room-spread"),
        Segment((cx, high - 4), (cx, low + 4), BAR_COLOUR, 2, "room-spread"),
        Circle(tag_x, tag_y, TAG_RADIUS, "#FFFFFF", "room-spread-tag", BAR_COLOUR, 1.5, ref),
        circle_label(tag_x, tag_y, TAG_RADIUS, str(num), "#FFFFFF", 9, "room-spread-number", ref),
    ]


def _vote_label(ref: str, label: str, at: Dot, plot: Box, theme: Theme) -> list[Shape]:
    """``label`` on a white tab right of the dot (left of it near the plot's right edge)."""
    size = theme.small_size
    width = text_width(label, size, bold=True) + 8
    x = at.cx + at.r + 3
    if x + width > plot.right:
        x = at.cx - at.r - 3 - width
    top = at.cy - size * 0.75
    box = Box(x, top, width, size * 1.5)
    text = text_block(
        x + 4,
        top + size * 0.125,
        width - 8,
        label,
        size=size,
        max_lines=1,
        color=BAR_COLOUR,
        role="room-votes",
        bold=True,
        ref=ref,
    )
    back = Rect(box, "#FFFFFF", "room-votes-tab", BAR_COLOUR, 1, 3, solid=False, ref=ref)
    return [back, text]
