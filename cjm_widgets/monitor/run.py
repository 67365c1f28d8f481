"""``monitor()``: every mapped journey measured on an event log, as pandas DataFrames.

The measures are Ibis expressions (``scan`` for the one read of the log, ``measures``
for each journey's figures) run by the chosen engine. This module is the engine's side:
it reads the log once into a temporary table (a row per path, with its first and last
event of each measured step), reads again only the signalled events of the few paths
whose order needs them, and runs each expression once; ``tables`` and
``experiments`` shape the small results it gets back into the tables people read, and
``MonitorResult`` (``result``) holds them. ``monthly`` measures the same grouped by the
month each path started in, in one run instead of one per month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from ..measurements import felt_vs_measured
from ..model import Workshop
from . import budget, experiments, measures, scan, signal_stats, tables
from .journeys import Journey, all_signals, journeys_to_measure
from .reading import (
    Run,
    backend_of,
    engine_errors,
    journey_reached,
    read,
    store_others,
    untold_hits,
    variants,
)
from .result import MonitorResult
from .signal_run import journey_signals
from .source import Events, LogOptions, connect, open_log
from .spark import SparkConf
from .tables import (
    AB_COLUMNS,
    FUNNEL_COLUMNS,
    IMPACT_COLUMNS,
    SEGMENT_KEY_COLUMNS,
    UNMAPPED_COLUMNS,
    VARIANT_COLUMNS,
)

__all__ = [
    "AB_COLUMNS", "FUNNEL_COLUMNS", "IMPACT_COLUMNS", "SEGMENT_KEY_COLUMNS", "UNMAPPED_COLUMNS",
    "VARIANT_COLUMNS", "MonitorResult", "Progress", "monitor", "monthly",
]  # fmt: skip

Progress = Callable[[str], Any]


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
    memory_limit: str | int | None = None,
    min_customers: int | None = signal_stats.MIN_CUSTOMERS,
    progress: Progress | None = None,
) -> MonitorResult:
    """Measure each persona's journey (or ``persona``'s, by id or name) on ``events``.

    ``events``: CSV or Parquet files or globs, a pandas DataFrame, an Ibis table or a
    DuckDB relation. ``start``/``end`` keep the paths whose first event falls between
    them. Ideas with ``launched_on`` get before/after figures (``impact``); with
    ``variant_col`` each variant is compared with ``control`` (default: the first value
    in sort order) in ``ab``. ``spark_conf``: Spark settings for ``engine="spark"``
    (``{"spark.executor.memory": "4g"}`` or ``["spark.executor.memory=4g"]``).
    ``time_unit`` (s, ms, us, ns) names the unit of epoch numbers in the time column;
    by default each number's size tells it. ``memory_limit`` (``"2GB"``, or bytes) is
    what DuckDB may hold before it spills to disk (default: a share of the machine's
    free memory). ``min_customers``: the events between steps are compared (``signals``,
    and ``unmapped``'s difference and q-value) where both sides have at least this many
    paths; None skips them. Raises CjmError (naming the column, value or file, and the fix) on bad
    input, and when the engine runs out of its memory; warns (CjmWarning) about launched
    ideas it cannot measure.
    """
    journeys = journeys_to_measure(workshop, persona)
    if start is not None and end is not None and start > end:
        raise CjmError(translate("monitor.bad_period", start=start, end=end))
    size = budget.budget(memory_limit)
    options = LogOptions(
        path_col, time_col, event_col, segment_col, variant_col, time_unit, start=start, end=end
    )
    # called here, so that its warnings name monitor()'s caller
    targets = experiments.launched_targets(workshop, journeys if persona is None else None)
    with engine_errors(engine, size):
        backend = backend_of(events) or connect(engine, spark_master, spark_conf, size)
        run = read(open_log(events, backend, options), journeys, targets, options, ())
        run.variants = variants(run, options.variant_col, control)
        run.min_customers = min_customers
        if min_customers is not None:
            store_others(run, journeys)
        _measure_journeys(run, journeys, progress)
        when = scan.period(run.paths).to_pandas().iloc[0]
        kept = run.paths if start is not None or end is not None else None
        if kept is None:
            run.paths.release()  # its memory goes to the unmapped events' grouping
        known = all_signals(workshop)
        unmapped = scan.unmapped(run.log, known, kept, run.others).to_pandas()
        if run.others is not None:
            run.others.release()
    rows = run.rows_of(())
    funnel = tables.funnel_table(rows)
    found = signal_stats.signal_table(rows.signals) if min_customers is not None else None
    return MonitorResult(
        funnel=funnel,
        unmapped=tables.unmapped_table(unmapped, found),
        variants=tables.variants_table(rows),
        segments=tables.segment_table(rows, run.segments) if run.log.has_segment else None,
        engine=engine,
        felt_vs_measured=felt_vs_measured(workshop, funnel),
        impact=tables.impact_table(rows, targets) if targets else None,
        ab=tables.ab_table(rows) if run.variants is not None else None,
        period=tables.period(when["first"], when["last"]),
        signals=found,
        signals_left_out=rows.signals_left_out,
    )


@dataclass(frozen=True)
class Month:
    """One month's figures: the funnel and the impact of launched ideas (None: none)."""

    funnel: pd.DataFrame
    impact: pd.DataFrame | None


def monthly(
    workshop: Workshop,
    events: Events,
    until: date,
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
    memory_limit: str | int | None = None,
) -> dict[date, Month]:
    """The funnel (and impact) of the paths that started in each month up to ``until``,
    by the month's first day, oldest first: one grouped run over every month. The log
    options are ``monitor()``'s."""
    journeys = journeys_to_measure(workshop, persona)
    size = budget.budget(memory_limit)
    targets = experiments.launched_targets(workshop, journeys if persona is None else None)
    options = LogOptions(path_col, time_col, event_col, segment_col, None, time_unit, end=until)
    with engine_errors(engine, size):
        backend = backend_of(events) or connect(engine, spark_master, spark_conf, size)
        run = read(open_log(events, backend, options), journeys, targets, options, ("month",))
        found = scan.months(run.paths).to_pandas()
        months = sorted(tables.keyed(found, ["month"]))
        for key in months:  # every month with paths has its rows, whatever they reach
            run.rows_of(key)
        _measure_journeys(run, journeys, None)
    taken = {}
    for key in months:
        rows = run.rows_of(key)
        impact = tables.impact_table(rows, targets) if targets else None
        taken[key[0]] = Month(tables.funnel_table(rows), impact)
    return taken


def _measure_journeys(run: Run, journeys: list[Journey], progress: Progress | None) -> None:
    measured = [journey for journey in journeys if journey.measured]
    if measured:
        run.hits = untold_hits(run, measured)
    for number, journey in enumerate(journeys, start=1):
        if progress is not None:
            name = journey.persona or journey.persona_id or "-"
            progress(
                translate("monitor.progress", persona=name, number=number, total=len(journeys))
            )
        _measure_journey(run, journey)
    if run.hits is not None:
        run.hits.release()


def _measure_journey(run: Run, journey: Journey) -> None:
    """Add one journey's funnel, variant, segment, impact and A/B rows to each group's."""
    by, has_segment = run.by, run.log.has_segment
    if not journey.measured:
        for key in run.groups():
            run.rows_of(key).funnel += tables.funnel_rows(journey, {}, {})
        return
    count = len(journey.measured)
    columns = scan.step_columns(journey, run.signals)
    in_order = journey_reached(run, journey)
    reached = in_order.rows()
    kept = measures.keep(reached, journey, has_segment)
    paths = measures.keep(run.paths, journey, has_segment)
    funnel = tables.keyed(measures.funnel(kept, by).to_pandas(), by)
    reach = tables.keyed(measures.reach(paths, columns, by).to_pandas(), by)
    for key in run.groups():
        figures = tables.step_figures(funnel.get(key), count)
        run.rows_of(key).funnel += tables.funnel_rows(
            journey, figures, tables.reach_figures(reach.get(key), count)
        )
    if not by:
        base = tables.step_figures(funnel.get(()), count)
        times = in_order.times(journey, has_segment)
        found, left_out = journey_signals(run, journey, times, base)
        run.rows_of(()).signals += found
        run.rows_of(()).signals_left_out += left_out
        orders = measures.variants(paths, columns, journey).to_pandas()
        run.rows_of(()).variants += tables.variant_rows(journey, orders, measures.MAX_VARIANTS)
        if has_segment:
            per_segment = tables.by_value(
                measures.counts(reached, "segment").to_pandas(), "segment"
            )
            run.rows_of(()).segments += tables.segment_rows(journey, per_segment, run.segments)
    for launch in experiments.launches(journey, run.targets, run.claimed):
        grouped = measures.counts(measures.launch_group(kept, launch.launched), "group", by)
        parts = tables.keyed(grouped.to_pandas(), by)
        for key in run.groups():
            rows = experiments.impact_rows(launch, tables.by_value(parts.get(key), "group"))
            run.rows_of(key).impact.update(rows)
        run.claimed.update(dict.fromkeys((launch.idea.id, tp) for tp in launch.steps))
    if run.variants is not None and not by:
        per_variant = tables.by_value(measures.counts(kept, "variant").to_pandas(), "variant")
        run.rows_of(()).ab += experiments.ab_rows(
            journey, per_variant, run.variants.control, run.variants.names
        )
    in_order.release()
