"""The portfolio: every journey of several workshops ranked by how far it falls short.

A CX lead measures all mapped journeys on one log and asks which one the next workshop
should be about. Each journey (persona x workshop) gets its end-to-end conversion, its
worst step and that step's gap to the workshop's target (a step-6 metric on the same
touchpoint), its share of repeat contacts and its felt-vs-measured flags. By default the
lowest end-to-end conversion comes first. The nudges already running on each journey
are counted beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from ..measurements import FELT_BETTER, MEASURED_BETTER, measured_value, snapshot
from ..model import Measurement, Workshop
from .source import Events

PORTFOLIO_COLUMNS = [
    "workshop", "persona_id", "persona", "end_to_end_conversion", "paths", "completed_paths",
    "worst_step", "worst_step_conversion", "target", "target_gap", "repeat_rate",
    "felt_better_flags", "measured_better_flags", "nudges",
]  # fmt: skip
"""``nudges``: the journey's active nudges (its persona's and those for every customer):
a journey already acted on may need a workshop less."""
WORST_FIRST_ASCENDING = {
    "end_to_end_conversion": True,
    "worst_step_conversion": True,
    "paths": True,
    "completed_paths": True,
    "target_gap": False,
    "repeat_rate": False,
    "felt_better_flags": False,
    "measured_better_flags": False,
    "nudges": True,
    "workshop": True,
    "persona": True,
    "persona_id": True,
    "worst_step": True,
    "target": True,
}
"""Sort direction per column that puts the journeys in most need first."""


def _journey_row(
    ws: Workshop, name: str, persona_id: str, rows: pd.DataFrame, taken: Measurement | None
) -> dict[str, Any]:
    measured = rows.dropna(subset=["paths"])
    first = int(measured["paths"].iloc[0]) if len(measured) else 0
    last = int(measured["paths"].iloc[-1]) if len(measured) else 0
    steps = measured.iloc[1:].dropna(subset=["step_conversion_rate"])
    worst: pd.Series | None = None
    if len(steps):
        worst = steps.sort_values("step_conversion_rate", kind="stable").iloc[0]
    target = gap = math.nan
    if worst is not None:
        for metric in ws.metrics:
            if metric.touchpoint != worst["touchpoint_id"] or metric.target is None:
                continue
            value = measured_value(ws, metric, taken) if taken is not None else None
            short = (metric if value is None else metric.model_copy(update={"actual": value})).gap()
            if short is not None:
                target, gap = float(metric.target), round(short, 9)
                break
    reach = measured["reach"].sum()
    return {
        "workshop": name,
        "persona_id": persona_id,
        "persona": str(rows["persona"].iloc[0]) if len(rows) else "",
        "end_to_end_conversion": last / first if first else math.nan,
        "paths": first,
        "completed_paths": last,
        "worst_step": None if worst is None else str(worst["touchpoint"]),
        "worst_step_conversion": math.nan
        if worst is None
        else float(worst["step_conversion_rate"]),
        "target": target,
        "target_gap": gap,
        "repeat_rate": float(measured["repeat_paths"].sum()) / float(reach) if reach else math.nan,
    }


def portfolio(
    workshops: Sequence[tuple[str, Workshop]],
    events: Events,
    *,
    by: str = "end_to_end_conversion",
    engine: str = "duckdb",
    memory_limit: str | int | None = None,
) -> pd.DataFrame:
    """One row per journey of each (name, workshop), measured on ``events``, worst first;
    ``memory_limit`` as for ``monitor``."""
    from .run import monitor

    if by not in WORST_FIRST_ASCENDING:
        raise CjmError(
            translate("portfolio.unknown_column", value=by, choices=", ".join(PORTFOLIO_COLUMNS))
        )
    rows = []
    for name, ws in workshops:
        result = monitor(ws, events, engine=engine, memory_limit=memory_limit, min_customers=None)
        taken = None  # what was just measured: monitor: metrics read it, not older snapshots
        if result.period is not None:
            taken = snapshot(ws, result.funnel, result.period, source="", engine=engine)
        flags = result.felt_vs_measured
        for persona_id, group in result.funnel.groupby("persona_id", sort=False):
            row = _journey_row(ws, name, str(persona_id), group, taken)
            mine = flags[flags["persona_id"] == persona_id]["flag"]
            row["felt_better_flags"] = int((mine == FELT_BETTER).sum())
            row["measured_better_flags"] = int((mine == MEASURED_BETTER).sum())
            row["nudges"] = sum(
                1 for n in ws.nudges if n.active and n.persona in (None, str(persona_id) or None)
            )
            rows.append(row)
    table = pd.DataFrame(rows, columns=PORTFOLIO_COLUMNS)
    table = table.astype(
        {"paths": "Int64", "completed_paths": "Int64", "felt_better_flags": "Int64",
         "measured_better_flags": "Int64", "nudges": "Int64"}
    )  # fmt: skip
    ordered = table.sort_values(by, ascending=WORST_FIRST_ASCENDING[by], kind="stable")
    return ordered.reset_index(drop=True)
