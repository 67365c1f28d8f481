"""The signals of a run: each journey's (step, event) comparisons, from the steps its
paths reached in order (``reading.journey_reached``) and the log's other events; and
``signals()``, ``cjm signals``' whole job (the comparisons and the per-step models of
``predictive``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..csv_files import write_csv
from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from ..store import make_folder
from . import associations, budget, features, measures, signal_stats, tables
from .journeys import Journey, journeys_to_measure
from .predictive import PREDICTIVE_COLUMNS, SAMPLE, Pending, StepInfo, start_predictive, warm_up
from .reading import (
    Run,
    backend_of,
    engine_errors,
    journey_reached,
    read,
    store_others,
    untold_hits,
)
from .source import Events, LogOptions, connect, open_log
from .spark import SparkConf


def horizons(figures: Mapping[str, Any], count: int) -> dict[int, int]:
    """Per step but the last: its median time to the next step (``tables.step_figures``'
    ``median_<k>``) in whole seconds, at least one; a step no path moved on from has none."""
    found = {}
    for k in range(count - 1):
        median = figures.get(f"median_{k}")
        if median is not None and not math.isnan(float(median)):
            found[k] = max(1, math.ceil(float(median)))
    return found


def journey_signals(
    run: Run, journey: Journey, times: ir.Table, figures: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """``journey``'s comparison rows (``signal_stats.journey_rows``) and how many were left
    out; ``times``: its segment's paths' step times (``Reached.times``); ``figures``: its
    funnel's (``tables.step_figures``), whose medians give each step's window."""
    count = len(journey.measured)
    steps = horizons(figures, count)
    if count < 2 or run.min_customers is None or not steps:
        return [], 0
    windows = associations.windows(times, steps, run.last_event()).cache()
    try:
        had = associations.had(windows, run.events_besides(journey))
        counts = associations.with_counts(had).to_pandas()
        totals = associations.totals(windows).to_pandas()
    finally:
        windows.release()
    return signal_stats.journey_rows(journey, counts, totals, run.min_customers)


def keyed(times: ir.Table, seed: int) -> ir.Table:
    """``times`` with each path's sampling ``key`` for ``seed`` (one MD5 a path, not one
    a step)."""
    return times.mutate(**{features.KEY: features.sampling_key(times.path, seed)})


def cuts(times: ir.Table, count: int, segment: str | None = None) -> dict[int, ir.Table]:
    """Per step: the paths that reached it, when (``cut``), when they reached the first
    step (``first``), ``success``, and their ``segment`` and sampling ``key`` when
    ``times`` (``keyed``) has them: what ``predictive`` models from. ``segment``:
    every path's segment, when the journey's persona picked its paths by it. Each step's
    rows are read from ``times`` alone: no join with the reached rows, and no scan of
    one step's rows for another's."""
    carried = [name for name in ("segment", features.KEY) if name in times.columns]
    known = {} if segment is None else {"segment": ibis.literal(segment, "string")}
    return {
        k: times.filter(times[f"t{k}"].notnull()).select(
            "path",
            *carried,
            **known,
            step=ibis.literal(k, "int64"),
            cut=times[f"t{k}"],
            first=times.t0,
            success=times[f"t{count - 1}"].notnull(),
        )
        for k in range(count)
    }


@dataclass(frozen=True)
class Signals:
    """``cjm signals``' tables: every comparison (``signals.csv``), how early the outcome
    can be told (``predictive.csv``; None when not asked for), and how many comparisons
    were left out for too few customers on a side."""

    signals: pd.DataFrame
    predictive: pd.DataFrame | None
    left_out: int

    def write(self, folder: str | Path) -> list[Path]:
        """The tables as CSV files in ``folder`` (created if missing); the paths."""
        target = make_folder(Path(folder))
        written = [write_csv(target / "signals.csv", self.signals)]
        if self.predictive is not None:
            written.append(write_csv(target / "predictive.csv", self.predictive))
        return written


def signals(
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
    memory_limit: str | int | None = None,
    min_customers: int = signal_stats.MIN_CUSTOMERS,
    predict: bool = True,
    seed: int = 0,
    sample: int = SAMPLE,
) -> Signals:
    """The events that go with success at each step of each persona's journey (or
    ``persona``'s), and a model per step of how well success can be told there.

    The log is read as ``monitor()`` reads it (same options). ``min_customers``: a
    comparison needs at least this many paths on each side. ``predict``: also fit the
    per-step models (``predictive``) on at most ``sample`` customers a step, seeded
    with ``seed``."""
    if min_customers < 1:
        raise CjmError(translate("signals.bad_min_customers", value=min_customers))
    journeys = journeys_to_measure(workshop, persona)
    if predict:
        warm_up()
    size = budget.budget(memory_limit)
    options = LogOptions(path_col, time_col, event_col, segment_col, time_unit=time_unit)
    rows: list[dict[str, Any]] = []
    left_out = 0
    models: list[pd.DataFrame] = []
    with engine_errors(engine, size):
        backend = backend_of(events) or connect(engine, spark_master, spark_conf, size)
        run = read(open_log(events, backend, options), journeys, [], options, ())
        run.min_customers = min_customers
        measured = [journey for journey in journeys if journey.measured]
        if measured:
            run.hits = untold_hits(run, measured)
            store_others(run, measured)
        for journey in measured:
            found, skipped, model = _journey(run, journey, predict, seed, sample)
            rows += found
            left_out += skipped
            if model is not None:
                models.append(model)
        for stored in (run.hits, run.others):
            if stored is not None:
                stored.release()
    table = signal_stats.signal_table(rows)
    model_table = None
    if predict:
        model_table = pd.concat(models, ignore_index=True) if models else empty_predictive()
    return Signals(table, model_table, left_out)


def _journey(
    run: Run, journey: Journey, predict: bool, seed: int, sample: int
) -> tuple[list[dict[str, Any]], int, pd.DataFrame | None]:
    """One journey's comparisons, how many were left out, and its models (fitted on
    their own threads while the engine makes the comparisons)."""
    count = len(journey.measured)
    has_segment = run.log.has_segment
    reached = journey_reached(run, journey)
    times: ir.Table | None = None
    pending: Pending | None = None
    try:
        # a persona with a segment keeps only its paths: their segment is known
        segment = journey.segment if has_segment and journey.segment else None
        model = predict and count > 1
        carry = ["segment"] if model and has_segment and segment is None else []
        paths = reached.times(journey, has_segment, carry)
        times = (keyed(paths, seed) if model else paths).cache()  # for all that follows
        rows = associations.reached_rows(times, count)
        funnel = tables.keyed(measures.funnel(rows).to_pandas(), [])
        figures = tables.step_figures(funnel.get(()), count)
        if model:
            steps = [
                StepInfo(k, journey.persona_id, journey.persona, step.touchpoint_id, step.title)
                for k, step in enumerate(journey.measured)
            ]
            # without the journey's own events, which would tell the outcome they make up
            events = run.events_besides(journey)
            chosen = cuts(times, count, segment)
            pending = start_predictive(chosen, events, steps, seed=seed, sample=sample)
        found, skipped = journey_signals(run, journey, times, figures)
        table = pending.result() if pending is not None else None
    finally:
        if pending is not None:
            pending.cancel()
        if times is not None:
            times.release()
        reached.release()
    return found, skipped, table


def empty_predictive() -> pd.DataFrame:
    """``predictive.csv`` with no rows (no journey had two measured steps)."""
    return pd.DataFrame(columns=list(PREDICTIVE_COLUMNS))


__all__ = ["Signals", "cuts", "horizons", "journey_signals", "keyed", "signals"]
