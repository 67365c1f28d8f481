"""What the room thinks, from the ratings: the median as consensus, the interquartile
range as disagreement, n as how many spoke; dot-vote totals per idea.

Reads plain ``Rating`` lists (the workshop's merged ``ratings``, or the live log's),
so the map, the matrix, the reports and the facilitator's tables agree; the handout and
the facilitator's tables also say a spread and an idea's verdict in the same words.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from ..i18n import format_number, translate
from ..model import Idea, Rating

VERDICT_COLUMNS: Final = ("idea", "votes", "effort", "impact")
"""The columns of an idea verdict table; ``room.panel.<column>`` in the catalogs heads each."""


@dataclass(frozen=True)
class Spread:
    """The median and quartiles of ``n`` scores (quartiles equal the median when n < 2)."""

    median: float
    q1: float
    q3: float
    n: int

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


@dataclass(frozen=True)
class IdeaVerdict:
    """An idea's dot votes (total and voters) and its effort and impact spreads."""

    votes: int
    voters: int
    effort: Spread | None
    impact: Spread | None


def spread(values: Iterable[float]) -> Spread | None:
    """Median and quartiles (inclusive method, as a spreadsheet's QUARTILE); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    median = float(statistics.median(ordered))
    if len(ordered) < 2:
        return Spread(median, median, median, 1)
    q1, _q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Spread(median, float(q1), float(q3), len(ordered))


def _by(ratings: Iterable[Rating], field: str) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for rating in ratings:
        if rating.field == field:
            grouped[rating.target].append(rating.value)
    return grouped


def emotion_spreads(ratings: Iterable[Rating]) -> dict[str, Spread]:
    """touchpoint id -> the spread of the participants' emotion ratings."""
    found = {target: spread(values) for target, values in _by(ratings, "emotion").items()}
    return {target: value for target, value in found.items() if value is not None}


def idea_verdicts(ratings: Iterable[Rating]) -> dict[str, IdeaVerdict]:
    """idea id -> its dot votes and effort and impact spreads."""
    ratings = list(ratings)
    votes, effort, impact = _by(ratings, "vote"), _by(ratings, "effort"), _by(ratings, "impact")
    return {
        idea: IdeaVerdict(
            sum(votes.get(idea, [])),
            len(votes.get(idea, [])),
            spread(effort.get(idea, [])),
            spread(impact.get(idea, [])),
        )
        for idea in sorted(set(votes) | set(effort) | set(impact))
    }


def spread_text(value: Spread | None, lang: str, missing: str = "") -> str:
    """``3 (2-4, n=7)``: the median, the quartiles and how many rated; ``missing`` when
    no one did."""
    if value is None:
        return missing
    numbers = {name: format_number(getattr(value, name), lang) for name in ("median", "q1", "q3")}
    return str(translate("room.report.spread", lang, n=value.n, **numbers))


def verdict_rows(
    ideas: Iterable[Idea], ratings: Iterable[Rating], lang: str, missing: str = ""
) -> list[tuple[str, str, str, str]]:
    """Per idea the room rated, most votes first: its text, its votes, and its effort and
    impact spreads (``missing`` where no one scored it)."""
    verdicts = idea_verdicts(ratings)
    rated = sorted((i for i in ideas if i.id in verdicts), key=lambda i: -verdicts[i.id].votes)
    return [
        (
            idea.text,
            str(verdicts[idea.id].votes),
            spread_text(verdicts[idea.id].effort, lang, missing),
            spread_text(verdicts[idea.id].impact, lang, missing),
        )
        for idea in rated
    ]
