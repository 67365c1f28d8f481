"""The columns a frame adds for analysis: names beside ids, counts, gaps, the current snapshot.

Each function takes the workshop once and gives a function of one row (its item, and the
entry of a nested list for one-row-per-entry tables) returning that row's derived
values by column. The way back from frames never reads them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from ..model import (
    Channel,
    Idea,
    Measurement,
    Metric,
    Nudge,
    PainPoint,
    Persona,
    Rating,
    Stage,
    Touchpoint,
    Workshop,
)
from ..quadrants import quadrant_of

Row = Callable[[Any, Any], Mapping[str, Any]]
"""(item, nested entry or None) -> the row's derived values by column."""


def persona_extras(ws: Workshop) -> Row:
    """How many touchpoints each persona's journey has (its own and the shared ones)."""

    def row(persona: Persona, _: None) -> Mapping[str, Any]:
        return {"touchpoint_count": len(ws.journey(persona.id))}

    return row


def stage_extras(ws: Workshop) -> Row:
    """A stage's place in the journey, its touchpoint count and mean emotion score."""
    position = {stage.id: index for index, stage in enumerate(ws.stages)}

    def row(stage: Stage, _: None) -> Mapping[str, Any]:
        scores = [tp.emotion for tp in ws.touchpoints if tp.stage == stage.id and tp.emotion]
        return {
            "position": position[stage.id],
            "touchpoint_count": sum(tp.stage == stage.id for tp in ws.touchpoints),
            "mean_emotion": sum(scores) / len(scores) if scores else math.nan,
        }

    return row


def channel_extras(ws: Workshop) -> Row:
    uses = Counter(tp.channel for tp in ws.touchpoints)

    def row(channel: Channel, _: None) -> Mapping[str, Any]:
        return {"touchpoint_count": uses[channel.id]}

    return row


def touchpoint_extras(ws: Workshop) -> Row:
    """Persona, stage and channel names, the pain points that hurt it and its metrics."""
    personas = ws.by_id("personas")
    stages = ws.by_id("stages")
    stage_position = {stage_id: index for index, stage_id in enumerate(stages)}
    channels = ws.by_id("channels")
    pains: dict[str, list[int]] = {}
    for pain in ws.pain_points:
        for tp_id in pain.touchpoints:
            pains.setdefault(tp_id, []).append(pain.severity or 0)
    metric_count = Counter(metric.touchpoint for metric in ws.metrics)

    def row(tp: Touchpoint, _: None) -> Mapping[str, Any]:
        severities = pains.get(tp.id, [])
        channel = channels.get(tp.channel)
        return {
            "persona": personas[tp.persona].name if tp.persona in personas else None,
            "stage": stages[tp.stage].name if tp.stage in stages else None,
            "stage_position": stage_position.get(tp.stage),
            "channel": channel.name if channel else None,
            "channel_kind": channel.kind if channel else None,
            "pain_point_count": len(severities),
            "max_severity": (max(severities) or None) if severities else None,
            "metric_count": metric_count[tp.id],
        }

    return row


def pain_point_extras(ws: Workshop) -> Row:
    """The titles of the touchpoints a pain point hurts and how many ideas answer it."""
    touchpoints = ws.by_id("touchpoints")
    answered = Counter(pp_id for idea in ws.ideas for pp_id in idea.pain_points)

    def row(pain: PainPoint, _: None) -> Mapping[str, Any]:
        return {
            "touchpoints": [touchpoints[t].title for t in pain.touchpoints if t in touchpoints],
            "touchpoint_count": len(pain.touchpoints),
            "idea_count": answered[pain.id],
        }

    return row


def idea_extras(ws: Workshop) -> Row:
    """An idea's pain points by their text and the matrix quadrant its scores put it in."""
    pains = ws.by_id("pain_points")

    def row(idea: Idea, _: None) -> Mapping[str, Any]:
        return {
            "pain_points": [pains[p].text for p in idea.pain_points if p in pains],
            "quadrant": quadrant_of(idea.effort, idea.impact),
        }

    return row


def nudge_extras(ws: Workshop) -> Row:
    """A nudge's persona, idea and touchpoints by their names, as people read them."""
    touchpoints = ws.by_id("touchpoints")
    personas = ws.by_id("personas")
    ideas = ws.by_id("ideas")

    def row(nudge: Nudge, _: None) -> Mapping[str, Any]:
        after = touchpoints.get(nudge.after)
        until = touchpoints.get(nudge.until)
        return {
            "persona": personas[nudge.persona].name if nudge.persona in personas else None,
            "idea": ideas[nudge.idea].text if nudge.idea in ideas else None,
            "after_touchpoint": after.title if after else None,
            "until_touchpoint": until.title if until else None,
        }

    return row


def metric_extras(ws: Workshop) -> Row:
    """A metric's touchpoint and stage by name and its gap to target."""
    touchpoints = ws.by_id("touchpoints")
    stages = ws.by_id("stages")

    def row(metric: Metric, _: None) -> Mapping[str, Any]:
        tp = touchpoints.get(metric.touchpoint) if metric.touchpoint else None
        gap = metric.gap()
        return {
            "touchpoint": tp.title if tp else None,
            "stage": stages[tp.stage].name if tp and tp.stage in stages else None,
            "gap": math.nan if gap is None else gap,
        }

    return row


def measurement_extras(ws: Workshop) -> Row:
    """Whether a row's snapshot is the current one (the newest)."""
    current = ws.current_measurement()

    def row(taken: Measurement, _: Any) -> Mapping[str, Any]:
        return {"current": taken is current}

    return row


def rating_extras(ws: Workshop) -> Row:
    """The participant's and the rated item's names beside their ids."""
    names = {p.id: p.name for p in ws.participants}
    targets = {tp.id: tp.title for tp in ws.touchpoints} | {i.id: i.text for i in ws.ideas}

    def row(rating: Rating, _: None) -> Mapping[str, Any]:
        return {
            "participant_name": names.get(rating.participant),
            "target_name": targets.get(rating.target),
        }

    return row
