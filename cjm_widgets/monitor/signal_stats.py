"""The signals' statistics: each (step, event) split compared, false discoveries kept in
check, and the strongest ones picked for the map, the report and ``unmapped.csv``.

``difference`` is the success rate of the paths that had the event minus that of the
paths that did not, with Newcomb's 95% interval and the two-proportion test of
``stats`` (Fisher's exact test where a group is small). With hundreds of events and
steps, some would look significant by chance: ``q_value`` is the Benjamini-Hochberg
adjusted p-value across every row of the run, and only q < 0.05 is called a signal.
These are associations, not causes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .journeys import Journey
from .stats import Rate, compare
from .tables import SIGNIFICANT_Q

SIGNAL_COLUMNS = [
    "persona_id", "persona", "touchpoint_id", "touchpoint", "event", "customers_with",
    "customers_without", "success_with", "success_without", "difference", "ci_low", "ci_high",
    "p_value", "q_value",
]  # fmt: skip
"""``signals.csv``, one row per journey, step and event."""

MIN_CUSTOMERS = 30
"""Rows with fewer paths than this on either side are left out (and counted)."""
KEPT_PER_TOUCHPOINT = 3
"""Significant signals a measurement snapshot keeps per touchpoint, strongest first."""


def journey_rows(
    journey: Journey, counts: pd.DataFrame, totals: pd.DataFrame, min_customers: int
) -> tuple[list[dict[str, Any]], int]:
    """One journey's rows with their statistics (no q yet), and how many rows were left
    out for having fewer than ``min_customers`` on a side."""
    steps = journey.measured
    reached = {
        int(step): (int(customers), int(succeeded))
        for step, customers, succeeded in totals[["step", "customers", "succeeded"]].to_numpy()
    }
    rows: list[dict[str, Any]] = []
    left_out = 0
    columns = ["step", "event", "customers_with", "success_with"]
    for number, event, customers_with, success_with in counts[columns].to_numpy():
        step = steps[int(number)]
        customers, succeeded = reached.get(int(number), (0, 0))
        had = Rate(int(success_with), int(customers_with))
        rest = Rate(succeeded - had.passed, customers - had.entered)
        if min(had.entered, rest.entered) < min_customers:
            left_out += 1
            continue
        compared = compare(rest, had)
        rows.append({
            "persona_id": journey.persona_id, "persona": journey.persona,
            "touchpoint_id": step.touchpoint_id, "touchpoint": step.title,
            "event": str(event), "customers_with": had.entered,
            "customers_without": rest.entered, "success_with": had.value,
            "success_without": rest.value, "difference": compared.difference,
            "ci_low": compared.ci_low, "ci_high": compared.ci_high, "p_value": compared.p_value,
        })  # fmt: skip
    return rows, left_out


def q_values(p_values: Iterable[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values, in the order given (NaN stays NaN)."""
    values = np.asarray(list(p_values), dtype="float64")
    result = np.full(values.shape, math.nan)
    known = ~np.isnan(values)
    count = int(known.sum())
    if not count:
        return result
    order = np.argsort(values[known], kind="stable")
    ranked = values[known][order] * count / np.arange(1, count + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    back = np.empty(count)
    back[order] = adjusted
    result[known] = back
    return result


def signal_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Every row of the run with its q-value, sorted by q, then the largest effect."""
    table = pd.DataFrame(rows, columns=[c for c in SIGNAL_COLUMNS if c != "q_value"])
    table["q_value"] = q_values(table["p_value"])
    table["_size"] = -table["difference"].abs()
    table = table.sort_values(["q_value", "_size", "persona_id", "touchpoint_id", "event"])
    return table.drop(columns="_size").reset_index(drop=True)[SIGNAL_COLUMNS]


def significant(table: pd.DataFrame) -> pd.DataFrame:
    """The rows called signals: q below 0.05, strongest first."""
    return table[table["q_value"] < SIGNIFICANT_Q]


def kept_for_snapshot(table: pd.DataFrame) -> pd.DataFrame:
    """What a snapshot keeps: a few significant signals per touchpoint, strongest first."""
    found = significant(table)
    return found.groupby(["persona_id", "touchpoint_id"], sort=False).head(KEPT_PER_TOUCHPOINT)


__all__ = [
    "MIN_CUSTOMERS", "SIGNAL_COLUMNS", "SIGNIFICANT_Q", "journey_rows", "kept_for_snapshot",
    "q_values", "signal_table", "significant",
]  # fmt: skip
