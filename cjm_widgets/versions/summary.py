"""The journey-level picture of two versions, for the start of the follow-up workshop.

Read from the validated workshops with the model's own rules: today's journey in the
model's order (``Workshop.journey``), a metric's gap to its target (``Metric.gap``) and
the current measurement snapshot (``Workshop.current_measurement``, by its typed end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import Idea, Metric, Workshop

RESOLVING_STATUSES = frozenset({"approved", "in_progress", "done"})
"""An idea in one of these states (or launched: with a ``launched_on`` date) addresses its
pain points: they count as resolved."""


@dataclass(frozen=True)
class Shift:
    """A value of one item before and after (an emotion, a decision, a measured rate)."""

    id: str
    title: str
    before: Any
    after: Any


@dataclass(frozen=True)
class MetricShift(Shift):
    """A metric's actual value before and after, and whether it moved toward its target."""

    target: float | None = None
    trend: Literal["toward", "away", "unchanged", ""] = ""


@dataclass(frozen=True)
class Resolved:
    """A pain point that no longer hurts: removed, or answered by an idea now decided on."""

    id: str
    title: str
    how: Literal["removed", "idea"]
    idea: str = ""


@dataclass(frozen=True)
class Summary:
    """The journey-level picture of a diff, for the start of the follow-up workshop."""

    old_revision: int
    new_revision: int
    emotions: list[Shift] = field(default_factory=list)
    average_before: float | None = None
    average_after: float | None = None
    resolved: list[Resolved] = field(default_factory=list)
    new_pain_points: list[Shift] = field(default_factory=list)
    ideas: list[Shift] = field(default_factory=list)
    metrics: list[MetricShift] = field(default_factory=list)
    conversions: list[Shift] = field(default_factory=list)


class Scope:
    """Which items belong to one persona's journey, in either version (all without one)."""

    def __init__(self, old: Workshop, new: Workshop, persona: str | None) -> None:
        self.persona = persona
        self.touchpoints = {
            tp.id
            for ws in (old, new)
            for tp in ws.touchpoints
            if persona is None or tp.persona in (None, persona)
        }
        self.pain_points = {
            pain.id
            for ws in (old, new)
            for pain in ws.pain_points
            if self.touchpoints.intersection(pain.touchpoints)
        }
        self.ideas = {
            idea.id
            for ws in (old, new)
            for idea in ws.ideas
            if self.pain_points.intersection(idea.pain_points)
        }

    def keeps(self, name: str, item: Any) -> bool:
        if self.persona is None:
            return True
        if name == "personas":
            return bool(item.id == self.persona)
        if name == "touchpoints":
            return item.id in self.touchpoints
        if name == "pain_points":
            return item.id in self.pain_points
        if name == "ideas":
            return bool(self.pain_points.intersection(item.pain_points))
        if name == "metrics":
            return item.touchpoint is None or item.touchpoint in self.touchpoints
        if name == "ratings":
            return item.target in self.touchpoints or item.target in self.ideas
        return True


def _average(values: list[int | None]) -> float | None:
    scores = [value for value in values if value is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


def _emotions(
    old: Workshop, new: Workshop, persona: str | None
) -> tuple[list[Shift], float | None, float | None]:
    before = {tp.id: tp for tp in old.journey(persona, "current")}
    after = {tp.id: tp for tp in new.journey(persona, "current")}
    shifts = []
    for tp_id in [*after, *(tp_id for tp_id in before if tp_id not in after)]:
        was = before[tp_id].emotion if tp_id in before else None
        now = after[tp_id].emotion if tp_id in after else None
        if was != now:
            shifts.append(Shift(tp_id, (after.get(tp_id) or before[tp_id]).title, was, now))
    return (
        shifts,
        _average([tp.emotion for tp in before.values()]),
        _average([tp.emotion for tp in after.values()]),
    )


def _decided(idea: Idea) -> bool:
    return idea.status in RESOLVING_STATUSES or idea.launched_on is not None


def _answering(ws: Workshop) -> dict[str, str]:
    """pain point id -> the text of an idea decided on that answers it."""
    found: dict[str, str] = {}
    for idea in ws.ideas:
        if _decided(idea):
            for pp_id in idea.pain_points:
                found.setdefault(pp_id, idea.text)
    return found


def _pain_points(old: Workshop, new: Workshop, scope: Scope) -> tuple[list[Resolved], list[Shift]]:
    before, after = old.by_id("pain_points"), new.by_id("pain_points")
    answered_before, answered_after = _answering(old), _answering(new)
    resolved: list[Resolved] = []
    for pp_id, pain in before.items():
        if not scope.keeps("pain_points", pain):
            continue
        if pp_id not in after:
            resolved.append(Resolved(pp_id, pain.text, "removed"))
        elif pp_id in answered_after and pp_id not in answered_before:
            resolved.append(Resolved(pp_id, after[pp_id].text, "idea", answered_after[pp_id]))
    added = [
        Shift(pp_id, pain.text, None, pain.severity)
        for pp_id, pain in after.items()
        if pp_id not in before and scope.keeps("pain_points", pain)
    ]
    return resolved, added


def _ideas(old: Workshop, new: Workshop, scope: Scope) -> list[Shift]:
    before = old.by_id("ideas")
    shifts = []
    for idea in new.ideas:
        was = before[idea.id].status if idea.id in before else None
        now = idea.status
        if was != now and (was is not None or now != "proposed") and scope.keeps("ideas", idea):
            shifts.append(Shift(idea.id, idea.text, was, now))
    return shifts


def _shortfall(metric: Metric) -> float | None:
    """How far the metric is short of its target (0 once it is reached)."""
    gap = metric.gap()
    return None if gap is None else max(0.0, gap)


def _metrics(old: Workshop, new: Workshop, scope: Scope) -> list[MetricShift]:
    before = old.by_id("metrics")
    shifts = []
    for metric in new.metrics:
        earlier = before.get(metric.id)
        if earlier is None or earlier.actual == metric.actual or not scope.keeps("metrics", metric):
            continue
        old_gap, new_gap = _shortfall(earlier), _shortfall(metric)
        trend: Literal["toward", "away", "unchanged", ""] = ""
        if old_gap is not None and new_gap is not None:
            trend = "toward" if new_gap < old_gap else "away" if new_gap > old_gap else "unchanged"
        shifts.append(
            MetricShift(metric.id, metric.name, earlier.actual, metric.actual, metric.target, trend)
        )
    return shifts


def _current_rates(ws: Workshop, persona: str | None) -> dict[str, float]:
    """touchpoint id -> step conversion rate in the current snapshot."""
    taken = ws.current_measurement()
    rates: dict[str, float] = {}
    for step in taken.steps if taken else []:
        if persona is not None and step.persona not in (None, persona):
            continue
        if step.step_conversion_rate is not None:
            rates.setdefault(step.touchpoint, float(step.step_conversion_rate))
    return rates


def _conversions(old: Workshop, new: Workshop, persona: str | None) -> list[Shift]:
    before, after = _current_rates(old, persona), _current_rates(new, persona)
    titles = {tp.id: tp.title for ws in (old, new) for tp in ws.touchpoints}
    return [
        Shift(tp_id, titles.get(tp_id, tp_id), before[tp_id], rate)
        for tp_id, rate in after.items()
        if tp_id in before and before[tp_id] != rate
    ]


def summarise(old: Workshop, new: Workshop, scope: Scope) -> Summary:
    """Emotions, pain points resolved and new, decisions, metrics and measured conversion."""
    emotions, average_before, average_after = _emotions(old, new, scope.persona)
    resolved, new_pains = _pain_points(old, new, scope)
    return Summary(
        old_revision=old.revision,
        new_revision=new.revision,
        emotions=emotions,
        average_before=average_before,
        average_after=average_after,
        resolved=resolved,
        new_pain_points=new_pains,
        ideas=_ideas(old, new, scope),
        metrics=_metrics(old, new, scope),
        conversions=_conversions(old, new, scope.persona),
    )
