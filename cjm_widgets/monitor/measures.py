"""The measures of a journey, each one Ibis expression that DuckDB or Spark runs whole.

No Python loop ever visits a path: loops below only build expressions, one join per
measured step (the sequential funnel as a chain of "earliest matching event after the
previous step's" joins, as Mixpanel, Amplitude and retentioneering count it).

The log is read once per journey for its signalled events (``step_events``, cached by
the engine), once for the events no touchpoint signals (``unmapped``), and once for the
paths' segments when the log has them; everything else works on those small tables.
Durations are whole seconds between the times cut to the second, so both engines give
the same figures; the order of events still uses the full time.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from .journeys import Journey
from .source import EventLog, engine_table

MAX_VARIANTS = 20
"""The most frequent orders kept per journey in variants.csv."""


def _signal_table(backend: Any, journey: Journey) -> ir.Table:
    """Event name -> measured step index (a touchpoint may have several signals)."""
    rows = [
        {"signal": signal, "step": step.index}
        for step in journey.measured
        for signal in step.signals
    ]
    frame = pd.DataFrame(rows, columns=["signal", "step"]).astype(
        {"signal": "string", "step": "int64"}
    )
    return engine_table(backend, frame)


def _touchpoint_table(backend: Any, journey: Journey) -> ir.Table:
    """Measured step index -> touchpoint id."""
    frame = pd.DataFrame(
        {
            "step": [step.index for step in journey.measured],
            "touchpoint_id": [step.touchpoint_id for step in journey.measured],
        }
    ).astype({"step": "int64", "touchpoint_id": "string"})
    return engine_table(backend, frame)


def path_segments(log: EventLog, column: str = "segment") -> ir.Table:
    """Each path's segment (or ``column``, e.g. its A/B variant, as ``segment``): the value
    on its first event (in time order) that has one."""
    events = log.events
    known = events.filter(events[column].notnull() & (events[column] != ""))
    return known.group_by("path").aggregate(segment=known[column].argmin(known.time))


def period(log: EventLog) -> ir.Table:
    """One row: the first and the last event of the (filtered) log."""
    events = log.events
    return events.aggregate(first=events.time.min(), last=events.time.max())


def launch_groups(log: EventLog, launched: Any) -> ir.Table:
    """Each path as ``before`` or ``after`` a launch (as ``segment``), by its first event."""
    events = log.events
    firsts = events.group_by("path").aggregate(first=events.time.min())
    group = ibis.ifelse(firsts.first >= ibis.literal(launched), "after", "before")
    return firsts.select("path", segment=group)


def segment_paths(segments: ir.Table, journey: Journey) -> ir.Table:
    """The paths of the journey's segment."""
    return segments.filter(segments.segment == journey.segment).select("path")


def step_events(log: EventLog, journey: Journey) -> ir.Table:
    """(path, time, event, step) of every path's events that signal a measured step: the
    one read of the log the journey's measures start from. Exact duplicates may remain:
    no measure counts rows (the funnel takes earliest times, reach counts paths, and a
    repeat needs two different times or two different events)."""
    signals = _signal_table(log.backend, journey)
    events = log.events
    hits = events.join(signals, events.event == signals.signal)
    return hits.select("path", "time", "event", "step")


def sequence(hits: ir.Table, count: int) -> ir.Table:
    """Per path, ``t0`` ... ``t<count-1>``: when it reached each step in order (null: never).

    Step k's time is the earliest event of step k after step k-1's time; each step's
    table is built from the previous one's, so the query grows linearly with the steps.
    """
    first = hits.filter(hits.step == 0)
    previous = first.group_by("path").aggregate(t=first.time.min())
    times = [previous]
    for k in range(1, count):
        step = hits.filter(hits.step == k)
        later = step.join(previous.select("path", previous=previous.t), "path")
        later = later.filter(later.time > later.previous)
        previous = later.group_by("path").aggregate(t=later.time.min())
        times.append(previous)
    reached = times[0].select("path", t0=times[0].t)
    for k, table in enumerate(times[1:], start=1):
        reached = reached.left_join(table, reached.path == table.path).select(
            reached, **{f"t{k}": table.t}
        )
    return reached


def _only(table: ir.Table, paths: ir.Table | None) -> ir.Table:
    return table if paths is None else table.semi_join(paths, "path")


def _seconds(value: ir.TimestampValue) -> ir.IntegerValue:
    return value.truncate("s").epoch_seconds()


def funnel(reached: ir.Table, count: int, paths: ir.Table | None = None) -> ir.Table:
    """One row: paths (of ``paths``, or all) reaching each of ``count`` measured steps in
    order, and the seconds to the next step (median, 90th percentile)."""
    reached = _only(reached, paths)
    figures: dict[str, ir.Scalar] = {}
    for k in range(count):
        figures[f"paths_{k}"] = reached[f"t{k}"].count()
        if k + 1 < count:
            gap = (_seconds(reached[f"t{k + 1}"]) - _seconds(reached[f"t{k}"])).cast("float64")
            figures[f"median_{k}"] = gap.quantile(0.5)
            figures[f"p90_{k}"] = gap.quantile(0.9)
    return reached.aggregate(**figures)


def funnel_by_segment(
    reached: ir.Table, count: int, segments: ir.Table, paths: ir.Table | None = None
) -> ir.Table:
    """One row per segment (or variant, or before/after group): the sequential funnel of
    that segment's paths (of ``paths`` only, when given)."""
    joined = _only(reached, paths).join(segments, "path")
    figures = {f"paths_{k}": joined[f"t{k}"].count() for k in range(count)}
    return joined.group_by("segment").aggregate(**figures)


def per_path_steps(hits: ir.Table) -> ir.Table:
    """Per path and measured step: its first and last time and its first and last signal,
    all that reach, repeats and variants need (a path's events of one step, summed up)."""
    return hits.group_by(["path", "step"]).aggregate(
        first=hits.time.min(),
        last=hits.time.max(),
        some=hits.event.min(),
        other=hits.event.max(),
    )


def reach(steps: ir.Table, paths: ir.Table | None = None) -> ir.Table:
    """Per measured step: paths with any of its events, and paths with more than one."""
    steps = _only(steps, paths)
    # two distinct events: two different times, or two different signals
    repeated = (steps.first < steps.last) | (steps.some != steps.other)
    return steps.group_by("step").aggregate(
        reach=steps.count(), repeat_paths=repeated.cast("int64").sum()
    )


def variants(steps: ir.Table, journey: Journey, paths: ir.Table | None = None) -> ir.Table:
    """The orders in which paths first reach the measured steps, with ``paths`` per order
    and ``total`` (paths with at least one measured step) on every row."""
    steps = _only(steps, paths)
    count = len(journey.measured)
    ranked = steps.mutate(
        position=ibis.row_number().over(group_by=steps.path, order_by=[steps.first, steps.step])
    )
    parts = {f"p{i}": ranked.step.max(where=ranked.position == i) for i in range(count)}
    per_path = ranked.group_by("path").aggregate(**parts)
    orders = per_path.group_by(list(parts)).aggregate(paths=per_path.count())
    orders = orders.mutate(total=orders.paths.sum().over())
    names = _touchpoint_table(steps.get_backend(), journey)
    for i in range(count):
        lookup = names.select(**{f"s{i}": names.step, f"n{i}": names.touchpoint_id})
        orders = orders.left_join(lookup, orders[f"p{i}"] == lookup[f"s{i}"]).drop(f"s{i}")
    labelled = orders.mutate(
        variant=ibis.literal(" > ").join([orders[f"n{i}"] for i in range(count)])
    )
    return labelled.select("variant", "paths", "total")


def segment_values(segments: ir.Table) -> ir.Table:
    """The distinct segments of the log's paths (lower-cased)."""
    return segments.select("segment").distinct()


def unmapped(log: EventLog, signals: set[str]) -> ir.Table:
    """Events no touchpoint signals, with how often and on how many paths, most first."""
    events = log.events
    if signals:
        known = engine_table(log.backend, pd.DataFrame({"event": sorted(signals)}, dtype="string"))
        events = events.anti_join(known, "event")
    distinct = events.select("path", "time", "event").distinct()
    grouped = distinct.group_by("event").aggregate(
        paths=distinct.path.nunique(), events=distinct.count()
    )
    return grouped.order_by([grouped.events.desc(), grouped.paths.desc(), grouped.event])
