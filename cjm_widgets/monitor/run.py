"""``monitor()``: every mapped journey measured on an event log, as pandas DataFrames.

The measures are Ibis expressions (``measures``) run by the chosen engine; this module
only decides which journeys to measure, runs each expression once and lays the small
results out as the tables people read (funnel, unmapped events, variants, segments).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from ..store import make_folder, write_file
from . import measures
from .journeys import Journey, Step, all_signals, journeys_to_measure
from .source import EventLog, Events, LogOptions, connect, open_log

FUNNEL_COLUMNS = [
    "persona_id", "persona", "touchpoint_id", "touchpoint", "stage", "signals", "paths",
    "conversion_rate", "step_conversion_rate", "reach", "repeat_paths",
    "median_seconds_to_next", "p90_seconds_to_next",
]  # fmt: skip
UNMAPPED_COLUMNS = ["event", "paths", "events"]
VARIANT_COLUMNS = ["persona_id", "persona", "variant", "paths", "share"]
SEGMENT_KEY_COLUMNS = ["persona_id", "persona", "touchpoint_id", "touchpoint"]

Progress = Callable[[str], Any]


@dataclass(frozen=True)
class MonitorResult:
    """The measured journeys: ``funnel``, ``unmapped``, ``variants`` and, when the log has
    a segment column, ``segments`` (None otherwise). Full precision; round when showing."""

    funnel: pd.DataFrame
    unmapped: pd.DataFrame
    variants: pd.DataFrame
    segments: pd.DataFrame | None
    engine: str

    def tables(self) -> dict[str, pd.DataFrame]:
        """File name -> table, as ``write`` names them."""
        found = {
            "funnel.csv": self.funnel,
            "unmapped.csv": self.unmapped,
            "variants.csv": self.variants,
        }
        if self.segments is not None:
            found["segments.csv"] = self.segments
        return found

    def write(self, folder: str | Path) -> list[Path]:
        """The tables as CSV files in ``folder`` (created if missing); returns the paths."""
        target = make_folder(Path(folder))
        return [
            write_file(target / name, table.to_csv(index=False).encode("utf-8"))
            for name, table in self.tables().items()
        ]


def _ratio(part: float | None, whole: float | None) -> float:
    if part is None or whole is None or whole == 0 or math.isnan(whole):
        return math.nan
    return float(part) / float(whole)


def _number(value: Any) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def _key(journey: Journey, step: Step) -> dict[str, Any]:
    """The columns that say which journey and touchpoint a row is about."""
    return {
        "persona_id": journey.persona_id,
        "persona": journey.persona,
        "touchpoint_id": step.touchpoint_id,
        "touchpoint": step.title,
    }


def _funnel_rows(
    journey: Journey, figures: dict[str, Any], reach: dict[int, tuple[int, int]]
) -> list[dict[str, Any]]:
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
            conversion_rate=_ratio(paths, first_paths),
            step_conversion_rate=math.nan if k == 0 else _ratio(paths, previous),
            reach=reached,
            repeat_paths=repeated,
            median_seconds_to_next=math.nan if last else _number(figures.get(f"median_{k}")),
            p90_seconds_to_next=math.nan if last else _number(figures.get(f"p90_{k}")),
        )
        rows.append(row)
    return rows


def _segment_rows(
    journey: Journey, table: pd.DataFrame, segments: list[str]
) -> list[dict[str, Any]]:
    rows = []
    by_segment = {str(row["segment"]): row for row in table.to_dict("records")}
    for step in journey.measured:
        row = _key(journey, step)
        for segment in segments:
            figures = by_segment.get(segment, {})
            paths = int(figures.get(f"paths_{step.index}") or 0)
            row[f"paths[{segment}]"] = paths
            row[f"conversion_rate[{segment}]"] = _ratio(paths, figures.get("paths_0"))
        rows.append(row)
    return rows


def _segment_table(rows: list[dict[str, Any]], segments: list[str]) -> pd.DataFrame:
    columns = [*SEGMENT_KEY_COLUMNS]
    for segment in segments:
        columns += [f"paths[{segment}]", f"conversion_rate[{segment}]"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({f"paths[{segment}]": "Int64" for segment in segments})


def _measure_journey(
    log: EventLog, journey: Journey, segments: ir.Table | None, segment_names: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Funnel rows, variant rows and segment rows of one journey."""
    if not journey.measured:
        return _funnel_rows(journey, {}, {}), [], []
    count = len(journey.measured)
    hits = measures.step_events(log, journey).cache()
    reached = measures.sequence(hits, count).cache()
    keep = None
    if journey.segment and segments is not None:
        keep = measures.segment_paths(segments, journey)
    figures = measures.funnel(reached, count, keep).to_pandas().iloc[0].to_dict()
    steps = measures.per_path_steps(hits).cache()
    reach = {
        int(row["step"]): (int(row["reach"]), int(row["repeat_paths"] or 0))
        for row in measures.reach(steps, keep).to_pandas().to_dict("records")
    }
    orders = measures.variants(steps, journey, keep).to_pandas()
    orders = orders.sort_values(["paths", "variant"], ascending=[False, True]).head(
        measures.MAX_VARIANTS
    )
    variant_rows = [
        {
            "persona_id": journey.persona_id,
            "persona": journey.persona,
            "variant": row["variant"],
            "paths": int(row["paths"]),
            "share": _ratio(int(row["paths"]), int(row["total"])),
        }
        for row in orders.to_dict("records")
    ]
    segment_rows: list[dict[str, Any]] = []
    if segments is not None:
        by_segment = measures.funnel_by_segment(reached, count, segments).to_pandas()
        segment_rows = _segment_rows(journey, by_segment, segment_names)
    return _funnel_rows(journey, figures, reach), variant_rows, segment_rows


def monitor(
    workshop: Workshop,
    events: Events,
    *,
    persona: str | None = None,
    engine: str = "duckdb",
    spark_master: str = "local[*]",
    path_col: str | None = None,
    time_col: str | None = None,
    event_col: str | None = None,
    segment_col: str | None = None,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> MonitorResult:
    """Measure each persona's journey (or ``persona``'s, by id or name) on ``events``.

    ``events``: CSV or Parquet files or globs, a pandas DataFrame, an Ibis table or a
    DuckDB relation. ``start``/``end`` keep the paths whose first event falls between
    them. Raises CjmError (naming the column, value or file, and the fix) on bad input.
    """
    journeys = journeys_to_measure(workshop, persona)
    if start is not None and end is not None and start > end:
        raise CjmError(translate("monitor.bad_period", start=start, end=end))
    options = LogOptions(path_col, time_col, event_col, segment_col, start, end)
    try:
        return _measure_all(workshop, journeys, events, engine, spark_master, options, progress)
    except CjmError:
        raise
    except Exception as error:  # the engine's own errors (a broken file, a cluster down)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CjmError(translate("monitor.engine_failed", engine=engine, reason=reason)) from None


def _backend_of(events: Events) -> Any:
    """The engine an Ibis table already lives on (its measures run there), or None."""
    if isinstance(events, ir.Table):
        try:
            return events.get_backend()
        except Exception:  # an in-memory table with no engine yet: use the chosen one
            return None
    return None


def _measure_all(
    workshop: Workshop,
    journeys: list[Journey],
    events: Events,
    engine: str,
    spark_master: str,
    options: LogOptions,
    progress: Progress | None,
) -> MonitorResult:
    backend = _backend_of(events) or connect(engine, spark_master)
    log = open_log(events, backend, options)
    funnel_rows: list[dict[str, Any]] = []
    variant_rows: list[dict[str, Any]] = []
    segment_rows: list[dict[str, Any]] = []
    segments: list[str] = []
    per_path: ir.Table | None = None
    if log.has_segment:
        per_path = measures.path_segments(log).cache()
        found_segments = measures.segment_values(per_path).to_pandas()
        segments = sorted(str(value) for value in found_segments["segment"])
    for number, journey in enumerate(journeys, start=1):
        if progress is not None:
            name = journey.persona or journey.persona_id or "-"
            progress(
                translate("monitor.progress", persona=name, number=number, total=len(journeys))
            )
        found = _measure_journey(log, journey, per_path, segments)
        funnel_rows += found[0]
        variant_rows += found[1]
        segment_rows += found[2]
    unmapped = measures.unmapped(log, all_signals(workshop)).to_pandas()
    counts = {"paths": "Int64", "reach": "Int64", "repeat_paths": "Int64"}
    return MonitorResult(
        funnel=pd.DataFrame(funnel_rows, columns=FUNNEL_COLUMNS).astype(counts),
        unmapped=unmapped[UNMAPPED_COLUMNS].reset_index(drop=True),
        variants=pd.DataFrame(variant_rows, columns=VARIANT_COLUMNS),
        segments=_segment_table(segment_rows, segments) if log.has_segment else None,
        engine=engine,
    )
