"""``monitor()``: every mapped journey measured on an event log, as pandas DataFrames.

The measures are Ibis expressions (``measures``) run by the chosen engine. This module
is the engine's side: it decides which journeys to measure and runs each expression
once; ``tables`` and ``experiments`` shape the small results it gets back into the
tables people read, and ``MonitorResult`` (``result``) holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis.expr.types as ir

from ..errors import CjmError
from ..i18n import translate
from ..measurements import felt_vs_measured
from ..model import Workshop
from . import experiments, measures, tables
from .experiments import Target
from .journeys import Journey, all_signals, journeys_to_measure
from .result import MonitorResult
from .source import EventLog, Events, LogOptions, connect, open_log
from .spark import SparkConf
from .tables import (
    AB_COLUMNS,
    FUNNEL_COLUMNS,
    IMPACT_COLUMNS,
    SEGMENT_KEY_COLUMNS,
    UNMAPPED_COLUMNS,
    VARIANT_COLUMNS,
    Rows,
)

__all__ = [
    "AB_COLUMNS", "FUNNEL_COLUMNS", "IMPACT_COLUMNS", "SEGMENT_KEY_COLUMNS", "UNMAPPED_COLUMNS",
    "VARIANT_COLUMNS", "MonitorResult", "Progress", "monitor",
]  # fmt: skip

Progress = Callable[[str], Any]


@dataclass(frozen=True)
class _Variants:
    """The A/B comparison asked for: each path's variant, the variants, the control."""

    paths: ir.Table
    names: tuple[str, ...]
    control: str


def monitor(
    workshop: Workshop,
    events: Events,
    *,
    persona: str | None = None,
    engine: str = "duckdb",
    spark_master: str = "local[*]",
    spark_conf: SparkConf = None,
    path_col: str | None = None,
    time_col: str | None = None,
    time_unit: str | None = None,
    event_col: str | None = None,
    segment_col: str | None = None,
    variant_col: str | None = None,
    control: str | None = None,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> MonitorResult:
    """Measure each persona's journey (or ``persona``'s, by id or name) on ``events``.

    ``events``: CSV or Parquet files or globs, a pandas DataFrame, an Ibis table or a
    DuckDB relation. ``start``/``end`` keep the paths whose first event falls between
    them. Ideas with ``launched_on`` get before/after figures (``impact``); with
    ``variant_col`` each variant is compared with ``control`` (default: the first value
    in sort order) in ``ab``. ``spark_conf``: Spark settings for ``engine="spark"``
    (``{"spark.executor.memory": "4g"}`` or ``["spark.executor.memory=4g"]``).
    Raises CjmError (naming the column, value or file, and the fix) on bad input;
    warns (CjmWarning) about launched ideas it cannot measure.
    ``time_unit`` (s, ms, us, ns) names the unit of epoch numbers in the time column;
    by default each number's size tells it.
    """
    journeys = journeys_to_measure(workshop, persona)
    if start is not None and end is not None and start > end:
        raise CjmError(translate("monitor.bad_period", start=start, end=end))
    options = LogOptions(
        path_col, time_col, event_col, segment_col, variant_col, time_unit, start=start, end=end
    )
    # called here, so that its warnings name monitor()'s caller
    targets = experiments.launched_targets(workshop, journeys if persona is None else None)
    try:
        return _measure_all(
            workshop, journeys, events, engine, spark_master, spark_conf, options, progress,
            targets, control,
        )  # fmt: skip
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


def _variants(log: EventLog, column: str, control: str | None) -> _Variants:
    """The paths' variants, checked: at least two, and the control among them."""
    paths = measures.path_segments(log, "variant").cache()
    names = tuple(sorted(str(v) for v in measures.segment_values(paths).to_pandas()["segment"]))
    return _Variants(paths, names, experiments.choose_control(column, names, control))


def _measure_all(
    workshop: Workshop,
    journeys: list[Journey],
    events: Events,
    engine: str,
    spark_master: str,
    spark_conf: SparkConf,
    options: LogOptions,
    progress: Progress | None,
    targets: list[Target],
    control: str | None,
) -> MonitorResult:
    backend = _backend_of(events) or connect(engine, spark_master, spark_conf)
    log = open_log(events, backend, options)
    variants = None
    if options.variant_col is not None:
        variants = _variants(log, options.variant_col, control)
    elif control is not None:
        raise CjmError(translate("monitor.control_without_variant"))
    rows = Rows()
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
        _measure_journey(log, journey, per_path, segments, targets, variants, rows)
    unmapped = measures.unmapped(log, all_signals(workshop)).to_pandas()
    funnel = tables.funnel_table(rows)
    when = measures.period(log).to_pandas().iloc[0]
    return MonitorResult(
        funnel=funnel,
        unmapped=tables.unmapped_table(unmapped),
        variants=tables.variants_table(rows),
        segments=tables.segment_table(rows, segments) if log.has_segment else None,
        engine=engine,
        felt_vs_measured=felt_vs_measured(workshop, funnel),
        impact=tables.impact_table(rows, targets) if targets else None,
        ab=tables.ab_table(rows) if variants is not None else None,
        period=tables.period(when["first"], when["last"]),
    )


def _measure_journey(
    log: EventLog,
    journey: Journey,
    segments: ir.Table | None,
    segment_names: list[str],
    targets: list[Target],
    variants: _Variants | None,
    rows: Rows,
) -> None:
    """Add one journey's funnel, variant, segment, impact and A/B rows to ``rows``."""
    if not journey.measured:
        rows.funnel += tables.funnel_rows(journey, {}, {})
        return
    count = len(journey.measured)
    hits = measures.step_events(log, journey).cache()
    reached = measures.sequence(hits, count).cache()
    keep = None
    if journey.segment and segments is not None:
        keep = measures.segment_paths(segments, journey)
    figures = measures.funnel(reached, count, keep).to_pandas().iloc[0].to_dict()
    steps = measures.per_path_steps(hits).cache()
    reach = tables.reach_by_step(measures.reach(steps, keep).to_pandas())
    orders = measures.variants(steps, journey, keep).to_pandas()
    variant_rows = tables.variant_rows(journey, orders, measures.MAX_VARIANTS)
    if segments is not None:
        by_segment = measures.funnel_by_segment(reached, count, segments).to_pandas()
        rows.segments += tables.segment_rows(journey, by_segment, segment_names)
    rows.funnel += tables.funnel_rows(journey, figures, reach)
    rows.variants += variant_rows
    for launch in experiments.launches(journey, targets, rows.impact):
        groups = measures.launch_groups(log, launch.launched).cache()  # Spark: no self-join
        table = measures.funnel_by_segment(reached, count, groups, keep).to_pandas()
        rows.impact.update(experiments.impact_rows(launch, tables.by_segment(table)))
    if variants is not None:
        table = measures.funnel_by_segment(reached, count, variants.paths, keep).to_pandas()
        by_variant = tables.by_segment(table)
        rows.ab += experiments.ab_rows(journey, by_variant, variants.control, variants.names)
