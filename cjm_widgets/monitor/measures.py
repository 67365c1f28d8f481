"""The measures of a journey, each one Ibis expression that DuckDB or Spark runs whole.

No Python loop ever visits a path: loops below only build expressions, one join per
measured step (the sequential funnel as a chain of "earliest matching event after the
previous step's" joins, as Mixpanel, Amplitude and retentioneering count it).

Durations are whole seconds between the times truncated to the second, so both engines
give the same figures; event order still uses the full time.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from .journeys import Journey
from .source import EventLog

MAX_VARIANTS = 20
"""The most frequent orders kept per journey in variants.csv."""


def _step_table(journey: Journey) -> ir.Table:
    """Event name -> measured step index (a touchpoint may have several signals)."""
    rows = [
        {"signal": signal, "step": step.index, "touchpoint_id": step.touchpoint_id}
        for step in journey.measured
        for signal in step.signals
    ]
    frame = pd.DataFrame(rows, columns=["signal", "step", "touchpoint_id"]).astype(
        {"signal": "string", "step": "int64", "touchpoint_id": "string"}
    )
    return ibis.memtable(frame)


def path_segments(log: EventLog) -> ir.Table:
    """Each path's segment: the value on its first event (in time order) that has one."""
    events = log.events
    known = events.filter(events.segment.notnull() & (events.segment != ""))
    return known.group_by("path").aggregate(segment=known.segment.argmin(known.time))


def segment_values(log: EventLog) -> ir.Table:
    """The distinct segments of the log's paths (lower-cased)."""
    return path_segments(log).select("segment").distinct()


def journey_events(log: EventLog, journey: Journey) -> ir.Table:
    """The (path, time, event) rows of the paths in the journey's segment."""
    events = log.events.select("path", "time", "event").distinct()
    if journey.segment and log.has_segment:
        segments = path_segments(log)
        events = events.semi_join(segments.filter(segments.segment == journey.segment), "path")
    return events


def _hits(events: ir.Table, journey: Journey) -> ir.Table:
    steps = _step_table(journey)
    return events.join(steps, events.event == steps.signal).select(
        "path", "time", "step", "touchpoint_id"
    )


def journey_hits(log: EventLog, journey: Journey) -> ir.Table:
    """The events of the journey's segment that signal one of its measured steps:
    (path, time, step, touchpoint_id). The measures below all start from it."""
    return _hits(journey_events(log, journey), journey)


def _sequence(hits: ir.Table, count: int) -> ir.Table:
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


def _seconds(value: ir.TimestampValue) -> ir.IntegerValue:
    return value.truncate("s").epoch_seconds()


def _funnel_aggregates(reached: ir.Table, count: int) -> dict[str, ir.Scalar]:
    figures: dict[str, ir.Scalar] = {}
    for k in range(count):
        figures[f"paths_{k}"] = reached[f"t{k}"].count()
        if k + 1 < count:
            gap = (_seconds(reached[f"t{k + 1}"]) - _seconds(reached[f"t{k}"])).cast("float64")
            figures[f"median_{k}"] = gap.quantile(0.5)
            figures[f"p90_{k}"] = gap.quantile(0.9)
    return figures


def funnel(hits: ir.Table, count: int) -> ir.Table:
    """One row: paths reaching each of ``count`` measured steps in order, and the seconds
    to the next step (median, 90th percentile)."""
    reached = _sequence(hits, count)
    return reached.aggregate(**_funnel_aggregates(reached, count))


def funnel_by_segment(log: EventLog, journey: Journey) -> ir.Table:
    """One row per segment of the log: the sequential funnel of that segment's paths."""
    count = len(journey.measured)
    events = log.events.select("path", "time", "event").distinct()
    reached = _sequence(_hits(events, journey), count)
    segments = path_segments(log)
    reached = reached.join(segments, "path")
    figures = {f"paths_{k}": reached[f"t{k}"].count() for k in range(count)}
    return reached.group_by("segment").aggregate(**figures)


def reach(hits: ir.Table) -> ir.Table:
    """Per measured step: paths with any of its events, and paths with more than one."""
    per_path = hits.group_by(["step", "path"]).aggregate(events=hits.count())
    return per_path.group_by("step").aggregate(
        reach=per_path.count(), repeat_paths=(per_path.events > 1).sum()
    )


def variants(hits: ir.Table, count: int) -> ir.Table:
    """The orders in which paths first reach the measured steps, most frequent first, with
    ``total`` (paths with at least one measured step) on every row."""
    firsts = hits.group_by(["path", "step", "touchpoint_id"]).aggregate(first=hits.time.min())
    ranked = firsts.mutate(
        position=ibis.row_number().over(group_by=firsts.path, order_by=[firsts.first, firsts.step])
    )
    parts = {f"p{i}": ranked.touchpoint_id.max(where=ranked.position == i) for i in range(count)}
    per_path = ranked.group_by("path").aggregate(**parts)
    per_path = per_path.mutate(
        variant=ibis.literal(" > ").join([per_path[f"p{i}"] for i in range(count)])
    )
    grouped = per_path.group_by("variant").aggregate(paths=per_path.count())
    grouped = grouped.mutate(total=grouped.paths.sum().over())
    return grouped.order_by([grouped.paths.desc(), grouped.variant]).limit(MAX_VARIANTS)


def unmapped(log: EventLog, signals: set[str]) -> ir.Table:
    """Events no touchpoint signals, with how often and on how many paths, most first."""
    events = log.events.select("path", "time", "event").distinct()
    if signals:
        known = ibis.memtable(pd.DataFrame({"event": sorted(signals)}, dtype="string"))
        events = events.anti_join(known, "event")
    grouped = events.group_by("event").aggregate(paths=events.path.nunique(), events=events.count())
    return grouped.order_by([grouped.events.desc(), grouped.paths.desc(), grouped.event])
