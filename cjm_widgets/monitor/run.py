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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from ..measurements import felt_vs_measured
from ..model import Workshop
from . import budget, experiments, measures, scan, tables
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
    Key,
    Rows,
)

__all__ = [
    "AB_COLUMNS", "FUNNEL_COLUMNS", "IMPACT_COLUMNS", "SEGMENT_KEY_COLUMNS", "UNMAPPED_COLUMNS",
    "VARIANT_COLUMNS", "MonitorResult", "Progress", "monitor", "monthly",
]  # fmt: skip

Progress = Callable[[str], Any]


@dataclass(frozen=True)
class _Variants:
    """The A/B comparison asked for: the variants and the control."""

    names: tuple[str, ...]
    control: str


@dataclass
class _Run:
    """One run's read of the log, stored by the engine, and what it adds up to."""

    log: EventLog
    paths: ir.Table
    signals: tuple[tuple[str, ...], ...]
    by: tuple[str, ...]
    carry: tuple[str, ...]
    targets: list[Target]
    segments: list[str] = field(default_factory=list)
    variants: _Variants | None = None
    hits: ir.Table | None = None
    """The signalled events of the paths ``measures.in_order`` cannot tell (any journey)."""
    rows: dict[Key, Rows] = field(default_factory=dict)
    claimed: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(idea, touchpoint) pairs an earlier journey measured the impact on."""

    def rows_of(self, key: Key) -> Rows:
        return self.rows.setdefault(key, Rows())

    def groups(self) -> list[Key]:
        """The groups measured: ``()``, or every month with paths."""
        return list(self.rows) if self.by else [()]


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
    free memory). Raises CjmError (naming the column, value or file, and the fix) on bad
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
    with _engine_errors(engine, size):
        backend = _backend_of(events) or connect(engine, spark_master, spark_conf, size)
        run = _read(open_log(events, backend, options), journeys, targets, options, ())
        run.variants = _variants(run, options.variant_col, control)
        _measure_journeys(run, journeys, progress)
        kept = run.paths if start is not None or end is not None else None
        unmapped = scan.unmapped(run.log, all_signals(workshop), kept).to_pandas()
        when = scan.period(run.paths).to_pandas().iloc[0]
    rows = run.rows_of(())
    funnel = tables.funnel_table(rows)
    return MonitorResult(
        funnel=funnel,
        unmapped=tables.unmapped_table(unmapped),
        variants=tables.variants_table(rows),
        segments=tables.segment_table(rows, run.segments) if run.log.has_segment else None,
        engine=engine,
        felt_vs_measured=felt_vs_measured(workshop, funnel),
        impact=tables.impact_table(rows, targets) if targets else None,
        ab=tables.ab_table(rows) if run.variants is not None else None,
        period=tables.period(when["first"], when["last"]),
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
    memory_limit: str | int | None = None,
) -> dict[date, Month]:
    """The funnel (and impact) of the paths that started in each month up to ``until``,
    by the month's first day, oldest first: one grouped run over every month."""
    journeys = journeys_to_measure(workshop, persona)
    size = budget.budget(memory_limit)
    targets = experiments.launched_targets(workshop, journeys if persona is None else None)
    options = LogOptions(end=until)
    with _engine_errors(engine, size):
        backend = connect(engine, memory_limit=size)
        run = _read(open_log(events, backend, options), journeys, targets, options, ("month",))
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


@contextmanager
def _engine_errors(engine: str, size: int) -> Iterator[None]:
    """The engine's own errors as one line: out of memory names the budget and the flag
    to raise it; anything else (a broken file, a cluster down) says what the engine said."""
    try:
        yield
    except CjmError:
        raise
    except Exception as error:
        if budget.is_out_of_memory(error):
            raise budget.out_of_memory(size) from None
        text = str(error).strip()
        reason = text.splitlines()[0] if text else type(error).__name__
        raise CjmError(translate("monitor.engine_failed", engine=engine, reason=reason)) from None


def _backend_of(events: Events) -> Any:
    """The engine an Ibis table already lives on (its measures run there), or None."""
    if isinstance(events, ir.Table):
        try:
            return events.get_backend()
        except Exception:  # an in-memory table with no engine yet: use the chosen one
            return None
    return None


def _read(
    log: EventLog,
    journeys: list[Journey],
    targets: list[Target],
    options: LogOptions,
    by: tuple[str, ...],
) -> _Run:
    """The one read of the log: a row per kept path with its steps' first and last
    events, stored. A log of CSV files is first stored whole, cleaned (the engine would
    otherwise parse the text again for each later read: the untold paths' events and
    the unmapped events)."""
    if log.from_text:
        log = replace(log, events=log.events.cache())
    signals = scan.step_signals(journeys)
    paths = scan.paths(log, signals, options.start, options.end, "month" in by).cache()
    carry = tuple(
        name
        for name, wanted in (
            ("segment", log.has_segment), ("variant", log.has_variant),
            ("first", bool(targets)), ("month", "month" in by),
        )
        if wanted
    )  # fmt: skip
    run = _Run(log, paths, signals, by, carry, targets)
    if log.has_segment:
        found = scan.values(paths, "segment").to_pandas()["value"]
        run.segments = sorted(str(value) for value in found)
    return run


def _variants(run: _Run, column: str | None, control: str | None) -> _Variants | None:
    """The paths' variants, checked: at least two, and the control among them."""
    if column is None:
        if control is not None:
            raise CjmError(translate("monitor.control_without_variant"))
        return None
    found = scan.values(run.paths, "variant").to_pandas()["value"]
    names = tuple(sorted(str(value) for value in found))
    return _Variants(names, experiments.choose_control(column, names, control))


def _measure_journeys(run: _Run, journeys: list[Journey], progress: Progress | None) -> None:
    measured = [journey for journey in journeys if journey.measured]
    if measured:
        run.hits = _untold_hits(run, measured)
    for number, journey in enumerate(journeys, start=1):
        if progress is not None:
            name = journey.persona or journey.persona_id or "-"
            progress(
                translate("monitor.progress", persona=name, number=number, total=len(journeys))
            )
        _measure_journey(run, journey)
    if run.hits is not None:
        run.hits.release()


def _untold_hits(run: _Run, journeys: list[Journey]) -> ir.Table:
    """The signalled events of every path some journey's ``in_order`` cannot tell, stored:
    one more read of the log, kept to those few paths."""
    untold = []
    for journey in journeys:
        ordered = measures.in_order(run.paths, scan.step_columns(journey, run.signals), ())
        untold.append(ordered.filter(ordered.ambiguous).select("path"))
    wanted = ibis.union(*untold, distinct=True) if len(untold) > 1 else untold[0]
    signals = {
        signal for journey in journeys for step in journey.measured for signal in step.signals
    }
    return scan.hits(run.log, signals, wanted).cache()


def _measure_journey(run: _Run, journey: Journey) -> None:
    """Add one journey's funnel, variant, segment, impact and A/B rows to each group's."""
    by, has_segment = run.by, run.log.has_segment
    if not journey.measured:
        for key in run.groups():
            run.rows_of(key).funnel += tables.funnel_rows(journey, {}, {})
        return
    count = len(journey.measured)
    columns = scan.step_columns(journey, run.signals)
    ordered = measures.in_order(run.paths, columns, run.carry).cache()
    stored = [ordered]
    chain: list[ir.Table] = []
    if run.hits is not None:
        untold = ordered.filter(ordered.ambiguous)
        signals = [step.signals for step in journey.measured]
        chain = [measures.first_step(run.hits, signals[0], untold, run.carry).cache()]
        for wanted in signals[1:]:
            chain.append(measures.next_step(run.hits, wanted, chain[-1], run.carry).cache())
        stored += chain
    reached = measures.reached(measures.told(ordered, count, run.carry), chain)
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
    for table in stored:
        table.release()
