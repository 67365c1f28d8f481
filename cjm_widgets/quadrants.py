"""The priority matrix's one rule: which quadrant an idea's effort and impact put it in.

Scores run 1-5, so 3 is the middle. The middle counts as low effort and high impact:
an idea nobody rated as hard or unimportant gets the benefit of the doubt and lands
among the quick wins. Every picture of the matrix draws its quadrant lines between 3
and 4 on effort and between 2 and 3 on impact (``EFFORT_SPLIT``, ``IMPACT_SPLIT``), so a
dot never sits on a line; the report's lists and the ``quadrant`` column of the ideas
frame use the same function.
"""

from __future__ import annotations

from typing import Literal

Quadrant = Literal["quick_wins", "major_projects", "fill_ins", "thankless_tasks"]

QUADRANTS: tuple[Quadrant, ...] = ("quick_wins", "major_projects", "fill_ins", "thankless_tasks")
"""In reading order: top left, top right, bottom left, bottom right."""

EFFORT_SPLIT = 3.5
"""Efforts up to 3 are low."""
IMPACT_SPLIT = 2.5
"""Impacts from 3 up are high."""


def quadrant(effort: int, impact: int) -> Quadrant:
    """Where an idea falls; the middle score 3 counts as low effort and high impact."""
    low_effort = effort < EFFORT_SPLIT
    if impact > IMPACT_SPLIT:
        return "quick_wins" if low_effort else "major_projects"
    return "fill_ins" if low_effort else "thankless_tasks"


def quadrant_of(effort: int | None, impact: int | None) -> Quadrant | None:
    """The quadrant of a rated idea; None while either score is missing."""
    if effort is None or impact is None:
        return None
    return quadrant(effort, impact)
