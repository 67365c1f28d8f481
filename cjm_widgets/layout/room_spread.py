"""The room's opinion drawn over the map and the matrix: the middle half of the emotion
ratings as a band around the curve, and each idea's effort and impact spread as bars at
its medians, with its dot-vote total.

Reads the workshop's merged ``ratings``; without ratings nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..i18n import translate
from ..model import Idea, Rating
from ..room.aggregates import Spread, idea_verdicts
from .blocks import text_block
from .shapes import Box, Point, Polygon, Rect, Segment, Shape
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


def matrix_spread(
    ideas: Sequence[Idea],
    ratings: Sequence[Rating],
    point_of: Callable[[float, float], Point],
    theme: Theme,
    lang: str,
) -> list[Shape]:
    """Per idea the room rated: effort and impact bars (first to third quartile) crossing
    at the medians, and the dot-vote total beside them."""
    shapes: list[Shape] = []
    verdicts = idea_verdicts(ratings)
    for idea in ideas:
        verdict = verdicts.get(idea.id)
        if verdict is None or verdict.effort is None or verdict.impact is None:
            continue
        effort, impact = verdict.effort, verdict.impact
        cx, cy = point_of(effort.median, impact.median)
        left, _ = point_of(effort.q1, impact.median)
        right, _ = point_of(effort.q3, impact.median)
        _, low = point_of(effort.median, impact.q1)
        _, high = point_of(effort.median, impact.q3)
        shapes.append(Segment((left - 4, cy), (right + 4, cy), BAR_COLOUR, 2, "room-spread"))
        shapes.append(Segment((cx, high - 4), (cx, low + 4), BAR_COLOUR, 2, "room-spread"))
        if verdict.votes:
            label = translate("room.report.votes_short", lang, count=verdict.votes)
            shapes.append(
                text_block(
                    cx + 6,
                    cy - theme.small_size - 8,
                    80,
                    str(label),
                    size=theme.small_size,
                    max_lines=1,
                    color=BAR_COLOUR,
                    role="room-votes",
                    bold=True,
                )
            )
    return shapes
