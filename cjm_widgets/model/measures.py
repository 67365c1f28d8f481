"""How the journey is measured: metrics set in the workshop (step 6), and the snapshots
``cjm monitor`` takes of what the event log says (``Measurement``)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from ..limits import MAX_LIST_ITEMS
from ..model_types import Direction, EntityId, MetricKind, Name, Number, Text
from .base import Entity, Record


class Metric(Entity):
    """How a touchpoint (or, with no touchpoint, the whole journey) is measured (step 6)."""

    list_name: ClassVar[str] = "metrics"

    touchpoint: str | None = None
    name: Name
    kind: MetricKind = "other"
    unit: Text = ""
    better: Direction = "higher"
    baseline: Number | None = None
    target: Number | None = None
    actual: Number | None = None
    source: Text = ""

    def gap(self) -> float | None:
        """How far ``actual`` still is from ``target``; positive means short of the target."""
        if self.target is None or self.actual is None:
            return None
        gap = float(self.target - self.actual)
        return gap if self.better == "higher" else -gap


class MeasuredStep(Record):
    """One touchpoint of one measured journey in a snapshot: the funnel figures of
    ``cjm monitor`` (rates are shares 0-1). ``touchpoint`` may name a touchpoint deleted
    since; ``title`` keeps what it was called when measured."""

    persona: str | None = None
    touchpoint: str
    title: Text = ""
    paths: int | None = Field(default=None, ge=0)
    conversion_rate: Number | None = None
    step_conversion_rate: Number | None = None
    reach: int | None = Field(default=None, ge=0)
    repeat_paths: int | None = Field(default=None, ge=0)
    median_seconds_to_next: Number | None = None
    p90_seconds_to_next: Number | None = None


class MeasuredImpact(Record):
    """A launched idea's effect on one touchpoint's step conversion, before vs after."""

    idea: str
    touchpoint: str
    before: Number | None = None
    after: Number | None = None
    difference: Number | None = None
    ci_low: Number | None = None
    ci_high: Number | None = None
    p_value: Number | None = None
    paths_before: int = Field(default=0, ge=0)
    paths_after: int = Field(default=0, ge=0)
    small_sample: bool = False


class MeasuredNudge(Record):
    """A nudge's lift: the share of its treated customers who reached its goal within the
    expiry after the message was due, against its holdout's share (``cjm monitor``)."""

    nudge: str
    touchpoint: str
    """The goal (``until``) whose reach the nudge is measured by."""
    customers_treatment: int = Field(default=0, ge=0)
    customers_holdout: int = Field(default=0, ge=0)
    treatment_rate: Number | None = None
    holdout_rate: Number | None = None
    difference: Number | None = None
    ci_low: Number | None = None
    ci_high: Number | None = None
    p_value: Number | None = None
    small_sample: bool = False


class MeasuredSignal(Record):
    """An event that goes with success at one step of a journey (``cjm signals``): the
    customers who reached the step and had the event before the next step, against those
    who did not. An association, not a cause: a nudge with a holdout tells causes."""

    persona: str | None = None
    touchpoint: str
    event: Name
    customers_with: int = Field(default=0, ge=0)
    customers_without: int = Field(default=0, ge=0)
    success_with: Number | None = None
    success_without: Number | None = None
    difference: Number | None = None
    ci_low: Number | None = None
    ci_high: Number | None = None
    q_value: Number | None = None


class Measurement(Record):
    """A measurement snapshot: what the event log said about the journeys in one period.

    Kept in the workshop so maps and reports show it without the log; the newest
    (latest ``period_end``) is the current one.
    """

    id: EntityId
    period_start: datetime
    period_end: datetime
    source: Text = ""
    engine: Text = ""
    measured_at: datetime | None = None
    steps: list[MeasuredStep] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    impact: list[MeasuredImpact] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    nudges: list[MeasuredNudge] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, exclude_if=lambda value: not value
    )
    """The lift of each nudge the ledger beside the workshop has messages of."""
    signals: list[MeasuredSignal] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, exclude_if=lambda value: not value
    )
    """The events that significantly go with success, a few per touchpoint, strongest
    first."""

    def _where(self) -> str:
        return f"Measurement[id={self.id}]"


__all__ = [
    "MeasuredImpact",
    "MeasuredNudge",
    "MeasuredSignal",
    "MeasuredStep",
    "Measurement",
    "Metric",
]
