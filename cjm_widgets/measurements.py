"""Measurement snapshots in the workshop: storing them, the current one, and what they say.

``cjm monitor --save`` keeps what the event log said about each journey (the funnel
figures, not the log) as a :class:`~cjm_widgets.model.Measurement` in the workshop, so
the map, the frames and the reports show measured numbers without the log. Here are the
rules everything else shares: which snapshot is current, how a metric whose ``source``
is ``monitor:<figure>`` gets its ``actual``, and how the room's felt emotion compares
with the measured step conversion (``felt_vs_measured``). Pure pandas: no engine.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from .errors import CjmError
from .frames import TABLE_BY_NAME, entries_frame, plain_value
from .i18n import translate
from .ids import slugify
from .model import (
    MeasuredImpact,
    MeasuredNudge,
    MeasuredSignal,
    MeasuredStep,
    Measurement,
    Metric,
    Workshop,
)

MONITOR_SOURCE = "monitor:"
"""A metric whose ``source`` starts with this takes its ``actual`` from the current snapshot."""

MONITOR_FIGURES = (
    "paths",
    "conversion_rate",
    "step_conversion_rate",
    "reach",
    "repeat_paths",
    "repeat_rate",
    "median_seconds_to_next",
    "p90_seconds_to_next",
)
"""The figures a metric can name after ``monitor:``."""

RATE_FIGURES = ("conversion_rate", "step_conversion_rate", "repeat_rate")
"""Shares 0-1 in snapshots; a metric whose unit is ``%`` gets them as percentages."""

FELT_COLUMNS = [
    "persona_id", "touchpoint_id", "touchpoint", "emotion", "step_conversion_rate",
    "paths_entered", "flag",
]  # fmt: skip
FELT_BETTER = "felt_better_than_measured"
MEASURED_BETTER = "measured_better_than_felt"
AGREE = "agree"
TOO_FEW_PATHS = "too_few_paths"
DISAGREEMENTS = (FELT_BETTER, MEASURED_BETTER)
"""The flags that say the room's feeling and the customers' behaviour disagree."""
FLAG_THRESHOLD = 0.5
"""How far apart (0-1) the two percentile ranks must be for a touchpoint to be flagged."""
MIN_FLAG_PATHS = 30
"""A step conversion resting on fewer paths (those that reached the touchpoint before)
is too uncertain to rank: it is marked ``too_few_paths`` and never flagged."""

STEP_FIGURES = tuple(
    column.header
    for column in TABLE_BY_NAME["measurements"].stored
    if column.field == f"steps.{column.header}"
)
"""What a snapshot keeps of each measured step (``paths``, ``conversion_rate``, ...): the
measurements table's step columns, named as the funnel table and the model name them."""


def snapshot(
    ws: Workshop,
    funnel: pd.DataFrame,
    period: tuple[datetime, datetime],
    *,
    source: str,
    engine: str,
    impact: pd.DataFrame | None = None,
    measured_at: datetime | None = None,
    nudges: pd.DataFrame | None = None,
    signals: pd.DataFrame | None = None,
) -> Measurement:
    """A snapshot of ``cjm monitor``'s funnel (and impact) tables for ``period``.

    Its id is readable and names the period (``m-2026-09-01-2026-11-30``); rows of
    unmeasured touchpoints (no signals) are left out.
    """
    steps = []
    for row in funnel.to_dict("records"):
        if plain_value(row.get("paths")) is None:
            continue
        steps.append(
            MeasuredStep(
                persona=plain_value(row["persona_id"]) or None,
                touchpoint=str(row["touchpoint_id"]),
                title=str(row.get("touchpoint") or ""),
                **{figure: plain_value(row.get(figure)) for figure in STEP_FIGURES},
            )
        )
    effects = []
    for row in [] if impact is None else impact.to_dict("records"):
        effects.append(
            MeasuredImpact(
                idea=str(row["idea_id"]),
                touchpoint=str(row["touchpoint_id"]),
                **{
                    name: plain_value(row.get(name))
                    for name in ("before", "after", "difference", "ci_low", "ci_high", "p_value")
                },
                paths_before=int(row["paths_before"]),
                paths_after=int(row["paths_after"]),
                small_sample=bool(row.get("small_sample", False)),
            )
        )
    start, end = period
    base = f"m-{start:%Y-%m-%d}-{end:%Y-%m-%d}"
    if source:
        base += f"-{slugify(source, 24)}".rstrip("-")
    return Measurement(
        id=base,
        period_start=start,
        period_end=end,
        source=source,
        engine=engine,
        measured_at=measured_at,
        steps=steps,
        impact=effects,
        nudges=[] if nudges is None else measured_nudges(nudges),
        signals=[] if signals is None else measured_signals(signals),
    )


def measured_signals(kept: pd.DataFrame) -> list[MeasuredSignal]:
    """The significant signals a snapshot keeps (``signal_stats.kept_for_snapshot``)."""
    return [
        MeasuredSignal(
            persona=plain_value(row["persona_id"]) or None,
            touchpoint=str(row["touchpoint_id"]),
            event=str(row["event"]),
            customers_with=int(row["customers_with"]),
            customers_without=int(row["customers_without"]),
            **{
                name: plain_value(row[name])
                for name in (
                    "success_with",
                    "success_without",
                    "difference",
                    "ci_low",
                    "ci_high",
                    "q_value",
                )
            },
        )
        for row in kept.to_dict("records")
    ]


def measured_nudges(lift: pd.DataFrame) -> list[MeasuredNudge]:
    """``cjm monitor``'s nudge table (a treatment and a holdout row per nudge) as the
    snapshot keeps it: one entry per nudge."""
    kept = []
    for nudge_id, rows in lift.groupby("nudge_id", sort=False):
        by_group = rows.set_index("group").to_dict("index")
        treated, held = by_group["treatment"], by_group["holdout"]
        kept.append(
            MeasuredNudge(
                nudge=str(nudge_id),
                touchpoint=str(treated["touchpoint_id"]),
                customers_treatment=int(treated["customers"]),
                customers_holdout=int(held["customers"]),
                treatment_rate=plain_value(treated["conversion_rate"]),
                holdout_rate=plain_value(held["conversion_rate"]),
                difference=plain_value(treated["difference"]),
                ci_low=plain_value(treated["diff_ci_low"]),
                ci_high=plain_value(treated["diff_ci_high"]),
                p_value=plain_value(treated["p_value"]),
                small_sample=bool(treated["small_sample"]),
            )
        )
    return kept


def keep_snapshot(ws: Workshop, taken: Measurement) -> bool:
    """Put ``taken`` into ``ws``: it replaces a snapshot of the same period and source
    (measuring again gives the newer figures, not a second copy), else it is added.
    Metrics fed by the monitor get their actuals from the current snapshot. Returns
    True when an older snapshot was replaced."""
    kept = list(ws.measurements)
    for index, old in enumerate(kept):
        if old.id == taken.id:
            kept[index] = taken
            ws.measurements = kept
            apply_measured_actuals(ws)
            return True
    ws.measurements = [*kept, taken]
    apply_measured_actuals(ws)
    return False


# -- metrics that read the monitor ------------------------------------------------


def monitor_figure(metric: Metric) -> str | None:
    """The figure a metric names (``monitor:step_conversion_rate`` -> that), or None."""
    source = metric.source.strip()
    if not source.casefold().startswith(MONITOR_SOURCE):
        return None
    return source[len(MONITOR_SOURCE) :].strip().casefold()


def _figure_of(step: MeasuredStep, figure: str) -> float | None:
    if figure == "repeat_rate":
        if step.repeat_paths is None or not step.reach:
            return None
        return step.repeat_paths / step.reach
    value = getattr(step, figure)
    return None if value is None else float(value)


def measured_value(ws: Workshop, metric: Metric, taken: Measurement | None = None) -> float | None:
    """What the current snapshot (or ``taken``) says for a ``monitor:`` metric, in the
    metric's unit (rates as percentages when its unit is ``%``); None when it says nothing.

    A touchpoint measured in several journeys (shared by personas) gives the figure of
    the journey where most paths reached it.
    """
    figure = monitor_figure(metric)
    taken = taken or ws.current_measurement()
    if figure is None or taken is None or metric.touchpoint is None:
        return None
    if figure not in MONITOR_FIGURES:
        raise CjmError(
            translate(
                "measure.unknown_figure",
                metric=metric.id,
                value=metric.source,
                choices=", ".join(MONITOR_SOURCE + name for name in MONITOR_FIGURES),
            )
        )
    candidates = [
        step
        for step in taken.steps
        if step.touchpoint == metric.touchpoint and _figure_of(step, figure) is not None
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda step: step.paths or 0)
    value = _figure_of(best, figure)
    assert value is not None
    if figure in RATE_FIGURES and metric.unit.strip() == "%":
        value *= 100
    return value


def apply_measured_actuals(ws: Workshop) -> list[Metric]:
    """Set each ``monitor:`` metric's ``actual`` from the current snapshot; returns the
    metrics that changed. A figure the snapshot lacks leaves the actual as it was."""
    changed = []
    for metric in ws.metrics:
        value = measured_value(ws, metric)
        if value is not None and value != metric.actual:
            metric.actual = round(value, 6)
            changed.append(metric)
    return changed


# -- tables -------------------------------------------------------------------------


def steps_table(taken: Measurement) -> pd.DataFrame:
    """A snapshot's steps as a funnel-shaped table (``persona_id``, ``touchpoint_id``, ...),
    in the measurements frame's columns; a step of every persona has ``persona_id`` ""."""
    table = entries_frame(TABLE_BY_NAME["measurements"], taken)
    table["persona_id"] = table["persona_id"].fillna("").astype("object")
    return table


# -- felt versus measured ------------------------------------------------------------


def _spread_rank(values: pd.Series) -> pd.Series:
    """Percentile rank 0 (lowest) to 1 (highest) within the series; ties share the mean."""
    if len(values) < 2:
        return pd.Series(0.5, index=values.index)
    return (values.rank(method="average") - 1) / (len(values) - 1)


def _flags(group: pd.DataFrame) -> pd.Series:
    """The rule (docs/monitoring.md): flag where the two percentile ranks differ by at least
    ``FLAG_THRESHOLD``; and always flag the room's best-rated touchpoint when it has one
    of the two lowest step conversions (and the worst-rated with one of the two highest)."""
    flags = pd.Series(AGREE, index=group.index, dtype="object")
    if len(group) < 2:
        return flags
    emotion = group["emotion"].astype("float64")
    conversion = group["step_conversion_rate"].astype("float64")
    difference = _spread_rank(emotion) - _spread_rank(conversion)
    flags[difference >= FLAG_THRESHOLD] = FELT_BETTER
    flags[difference <= -FLAG_THRESHOLD] = MEASURED_BETTER
    if emotion.max() > emotion.min():
        lowest_two = conversion.rank(method="min") <= 2
        highest_two = conversion.rank(method="min", ascending=False) <= 2
        flags[(emotion == emotion.max()) & lowest_two] = FELT_BETTER
        flags[(emotion == emotion.min()) & highest_two] = MEASURED_BETTER
    return flags


def felt_vs_measured(ws: Workshop, funnel: pd.DataFrame) -> pd.DataFrame:
    """Per journey, each touchpoint with both an emotion (what the room felt) and a step
    conversion (what customers did), flagged where the two disagree. ``funnel`` is
    ``cjm monitor``'s funnel table or a snapshot's ``steps_table``. ``paths_entered`` is
    the conversion's n: the paths that reached the journey's measured touchpoint before;
    under ``MIN_FLAG_PATHS`` (or unknown) the touchpoint is ``too_few_paths`` and left
    out of the ranks."""
    touchpoints = ws.by_id("touchpoints")
    rows = []
    entered: dict[str, int | None] = {}  # per journey, the paths of its last measured step
    for row in funnel.to_dict("records"):
        journey = str(row["persona_id"] or "")
        paths = plain_value(row.get("paths"))
        before = entered.get(journey)
        if paths is not None:
            entered[journey] = int(paths)
        tp = touchpoints.get(row["touchpoint_id"])
        rate = plain_value(row.get("step_conversion_rate"))
        if tp is None or tp.emotion is None or rate is None:
            continue
        rows.append(
            {
                "persona_id": journey,
                "touchpoint_id": tp.id,
                "touchpoint": tp.title,
                "emotion": tp.emotion,
                "step_conversion_rate": float(rate),
                "paths_entered": before,
            }
        )
    table = pd.DataFrame(rows, columns=FELT_COLUMNS[:-1]).astype({"paths_entered": "Int64"})
    table["flag"] = pd.Series(dtype="object")
    enough = table["paths_entered"].fillna(0) >= MIN_FLAG_PATHS
    table.loc[~enough, "flag"] = TOO_FEW_PATHS
    for _, group in table[enough].groupby("persona_id", sort=False):
        table.loc[group.index, "flag"] = _flags(group)
    return table.astype({"emotion": "Int64"})[FELT_COLUMNS]


def disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ``felt_vs_measured`` table whose flag says the two disagree."""
    return table[table["flag"].isin(DISAGREEMENTS)]


def current_flags(ws: Workshop) -> dict[tuple[str, str], str]:
    """(persona id or "", touchpoint id) -> flag, for the current snapshot's disagreements."""
    taken = ws.current_measurement()
    if taken is None:
        return {}
    flagged = disagreements(felt_vs_measured(ws, steps_table(taken)))
    return {
        (str(row["persona_id"]), str(row["touchpoint_id"])): str(row["flag"])
        for row in flagged.to_dict("records")
    }
