"""The monitor's tables: the small results the engine returns laid out as people read them.

Nothing here runs a query. Every function takes plain rows (dicts, or the few-row pandas
frames an expression came back as) and shapes them into the ``funnel``, ``variants``,
``segments``, ``impact`` and ``ab`` tables, so the engine can change without touching
what a table looks like.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ..model import Idea
from .journeys import Journey, Step

FUNNEL_COLUMNS = [
    "persona_id", "persona", "touchpoint_id", "touchpoint", "stage", "signals", "paths",
    "conversion_rate", "step_conversion_rate", "reach", "repeat_paths",
    "median_seconds_to_next", "p90_seconds_to_next",
]  # fmt: skip
UNMAPPED_COLUMNS = ["event", "paths", "events", "difference", "q_value"]
"""``difference`` and ``q_value``: the event's strongest signal (``signal_stats``), empty
where it is no signal."""
VARIANT_COLUMNS = ["persona_id", "persona", "variant", "paths", "share"]
SEGMENT_KEY_COLUMNS = ["persona_id", "persona", "touchpoint_id", "touchpoint"]
IMPACT_COLUMNS = [
    "idea_id", "touchpoint_id", "before", "after", "difference", "ci_low", "ci_high",
    "p_value", "paths_before", "paths_after",
]  # fmt: skip
AB_COLUMNS = [
    "persona_id", "touchpoint_id", "variant", "paths", "step_conversion_rate", "ci_low",
    "ci_high", "difference", "diff_ci_low", "diff_ci_high", "p_value",
]  # fmt: skip
NUDGE_COLUMNS = [
    "nudge_id", "touchpoint_id", "group", "customers", "converted", "conversion_rate",
    "ci_low", "ci_high", "difference", "diff_ci_low", "diff_ci_high", "p_value",
]  # fmt: skip
"""``nudges.csv``: per nudge with customers in the ledger, its treatment and its holdout."""

SIGNIFICANT_Q = 0.05
"""A signal is called significant below this q-value (``signal_stats``)."""

Row = dict[str, Any]
Key = tuple[Any, ...]
"""A group of a grouped run: ``()``, or ``(month,)`` for monthly snapshots."""


@dataclass
class Rows:
    """What the journeys add up to, table by table."""

    funnel: list[Row] = field(default_factory=list)
    variants: list[Row] = field(default_factory=list)
    segments: list[Row] = field(default_factory=list)
    impact: dict[tuple[str, str], Row] = field(default_factory=dict)
    ab: list[Row] = field(default_factory=list)
    signals: list[Row] = field(default_factory=list)
    """Each journey's (step, event) comparisons (``signal_stats.journey_rows``)."""
    signals_left_out: int = 0
    """Comparisons left out for too few paths on a side."""


def ratio(part: float | None, whole: float | None) -> float:
    """``part / whole``, NaN where there is no whole to divide by."""
    if part is None or whole is None or whole == 0 or math.isnan(whole):
        return math.nan
    return float(part) / float(whole)


def _number(value: Any) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def keyed(frame: pd.DataFrame, by: Sequence[str]) -> dict[Key, pd.DataFrame]:
    """A grouped result's rows per group of ``by`` (months as dates); one group, ``()``,
    when there is no ``by``."""
    if not by:
        return {(): frame}
    return {
        tuple(_plain(value) for value in (key if isinstance(key, tuple) else (key,))): part
        for key, part in frame.groupby(list(by), sort=True)
    }


def _plain(value: Any) -> Any:
    """A group's value as a plain Python value (an engine's date comes back as a timestamp)."""
    if isinstance(value, pd.Timestamp | datetime | np.datetime64):
        return pd.Timestamp(value).date()
    return value


def step_figures(table: pd.DataFrame | None, count: int) -> Row:
    """A journey's funnel (rows per step: ``paths``, ``median``, ``p90`` of the gap from
    the step before) as figures by name: ``paths_<k>`` for every step (0 when no path
    got there), ``median_<k>`` and ``p90_<k>`` for the gap from step k to k + 1."""
    figures: Row = {f"paths_{k}": 0 for k in range(count)}
    for row in [] if table is None else table.to_dict("records"):
        k = int(row["step"])
        figures[f"paths_{k}"] = int(row["paths"])
        if k > 0:
            figures[f"median_{k - 1}"] = row["median"]
            figures[f"p90_{k - 1}"] = row["p90"]
    return figures


def reach_figures(table: pd.DataFrame | None, count: int) -> dict[int, tuple[int, int]]:
    """Step -> (paths that reached it, paths that came back to it), from the one row of
    ``reach<i>`` and ``repeat<i>`` (no row: no path had a measured event)."""
    if table is None or table.empty:
        return {}
    row = table.iloc[0]
    return {i: (int(row[f"reach{i}"] or 0), int(row[f"repeat{i}"] or 0)) for i in range(count)}


def by_value(table: pd.DataFrame | None, column: str) -> dict[str, Row]:
    """A funnel per value of ``column`` (segment, variant, launch group), rows per value
    and step, as ``paths_<k>`` figures by value; a value missing had no paths."""
    found: dict[str, Row] = {}
    for row in [] if table is None else table.to_dict("records"):
        found.setdefault(str(row[column]), {})[f"paths_{int(row['step'])}"] = int(row["paths"])
    return found


def _key(journey: Journey, step: Step) -> Row:
    """The columns that say which journey and touchpoint a row is about."""
    return {
        "persona_id": journey.persona_id,
        "persona": journey.persona,
        "touchpoint_id": step.touchpoint_id,
        "touchpoint": step.title,
    }


def funnel_rows(journey: Journey, figures: Row, reach: dict[int, tuple[int, int]]) -> list[Row]:
    """A row per touchpoint of the journey; the unsignalled ones keep only their names."""
    rows = []
    measured = journey.measured
    first_paths = figures.get("paths_0")
    for step in journey.steps:
        row = {**_key(journey, step), "stage": step.stage, "signals": ";".join(step.signals)}
        k = step.index
        if k is None:
            rows.append(row)
            continue
        paths = int(figures[f"paths_{k}"] or 0)
        previous = figures.get(f"paths_{k - 1}") if k > 0 else None
        reached, repeated = reach.get(k, (0, 0))
        last = k == len(measured) - 1
        row.update(
            paths=paths,
            conversion_rate=ratio(paths, first_paths),
            step_conversion_rate=math.nan if k == 0 else ratio(paths, previous),
            reach=reached,
            repeat_paths=repeated,
            median_seconds_to_next=math.nan if last else _number(figures.get(f"median_{k}")),
            p90_seconds_to_next=math.nan if last else _number(figures.get(f"p90_{k}")),
        )
        rows.append(row)
    return rows


def variant_rows(journey: Journey, orders: pd.DataFrame, limit: int) -> list[Row]:
    """The ``limit`` most common orders of the journey's touchpoints, most paths first."""
    orders = orders.sort_values(["paths", "variant"], ascending=[False, True]).head(limit)
    return [
        {
            "persona_id": journey.persona_id,
            "persona": journey.persona,
            "variant": row["variant"],
            "paths": int(row["paths"]),
            "share": ratio(int(row["paths"]), int(row["total"])),
        }
        for row in orders.to_dict("records")
    ]


def segment_rows(journey: Journey, figures_of: dict[str, Row], segments: list[str]) -> list[Row]:
    """A row per measured touchpoint: paths and conversion in each segment."""
    rows = []
    for step in journey.measured:
        row = _key(journey, step)
        for segment in segments:
            figures = figures_of.get(segment, {})
            paths = int(figures.get(f"paths_{step.index}") or 0)
            row[f"paths[{segment}]"] = paths
            row[f"conversion_rate[{segment}]"] = ratio(paths, figures.get("paths_0"))
        rows.append(row)
    return rows


def funnel_table(rows: Rows) -> pd.DataFrame:
    counts = {"paths": "Int64", "reach": "Int64", "repeat_paths": "Int64"}
    return pd.DataFrame(rows.funnel, columns=FUNNEL_COLUMNS).astype(counts)


def unmapped_table(unmapped: pd.DataFrame, signals: pd.DataFrame | None) -> pd.DataFrame:
    """The unmapped events with, for those that are signals, their strongest one's
    difference and q-value."""
    if signals is None or signals.empty:
        strongest = pd.DataFrame(columns=["event", "difference", "q_value"])
    else:
        strongest = signal_stats_strongest(signals)
    table = unmapped.merge(strongest, on="event", how="left")
    for column in ("difference", "q_value"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    return table[UNMAPPED_COLUMNS].reset_index(drop=True)


def signal_stats_strongest(signals: pd.DataFrame) -> pd.DataFrame:
    """Per event, the difference and q-value of its first (strongest) significant row."""
    found = signals[signals["q_value"] < SIGNIFICANT_Q]
    return found.drop_duplicates("event", keep="first")[["event", "difference", "q_value"]]


def variants_table(rows: Rows) -> pd.DataFrame:
    return pd.DataFrame(rows.variants, columns=VARIANT_COLUMNS)


def segment_table(rows: Rows, segments: list[str]) -> pd.DataFrame:
    columns = [*SEGMENT_KEY_COLUMNS]
    for segment in segments:
        columns += [f"paths[{segment}]", f"conversion_rate[{segment}]"]
    table = pd.DataFrame(rows.segments, columns=columns)
    return table.astype({f"paths[{segment}]": "Int64" for segment in segments})


def impact_table(rows: Rows, targets: list[tuple[Idea, list[str]]]) -> pd.DataFrame:
    """Impact rows in the order of the ideas and their touchpoints."""
    ordered = [
        rows.impact[(idea.id, tp)]
        for idea, touchpoints in targets
        for tp in touchpoints
        if (idea.id, tp) in rows.impact
    ]
    table = pd.DataFrame(ordered, columns=[*IMPACT_COLUMNS, "small_sample"])
    return table.astype({"paths_before": "Int64", "paths_after": "Int64", "small_sample": bool})


def ab_table(rows: Rows) -> pd.DataFrame:
    table = pd.DataFrame(rows.ab, columns=[*AB_COLUMNS, "small_sample"])
    return table.astype({"paths": "Int64", "small_sample": bool})


def period(first: Any, last: Any) -> tuple[datetime, datetime] | None:
    """The first and last event as plain datetimes (None: the log had no paths)."""
    return None if pd.isna(first) else (_moment(first), _moment(last))


def _moment(value: Any) -> datetime:
    """An engine's timestamp as a plain datetime, to the second (as durations are)."""
    moment = pd.Timestamp(value).to_pydatetime()
    return moment.replace(microsecond=0, tzinfo=None)
