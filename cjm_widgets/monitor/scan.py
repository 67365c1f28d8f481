"""The one read of the log that every measure of a run starts from.

A run reads the log's files for three results:

- ``paths``: one row per path of the asked period, with its first and last event, its
  segment and variant (the value on its first event that has one), the month it
  started in (for monthly snapshots) and, for every measured step of the run's
  journeys, the path's first and last event of that step (``f<j>``, ``l<j>``) and, for
  a step of several signals, whether two of them occurred (``k<j>``). Every measure of
  a path that takes its steps in order, and every reach, repeat and order, comes from
  this one grouped aggregation;
- ``hits``: the signalled events of the few paths whose order needs their events (see
  ``measures.in_order``), slimmed to (path, time, event);
- ``unmapped``: the events no touchpoint signals, per event name, from one distinct
  aggregation.

Each is a filter or a grouped aggregation, which DuckDB spills to disk when it outgrows
the memory budget; no window, list or count-distinct runs over the whole log. Here they
are built; ``run`` stores the first two as the engine's temporary tables and runs the
third.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import ibis
import ibis.expr.types as ir

from .journeys import Journey
from .source import EventLog


def step_signals(journeys: Iterable[Journey]) -> tuple[tuple[str, ...], ...]:
    """The signals of every measured step of ``journeys``, each set once (journeys may
    share steps): a step's place in this tuple is its ``j`` in ``paths``' columns."""
    found: dict[tuple[str, ...], None] = {}
    for journey in journeys:
        for step in journey.measured:
            found.setdefault(tuple(sorted(step.signals)), None)
    return tuple(found)


def step_columns(journey: Journey, signals: Sequence[tuple[str, ...]]) -> list[int]:
    """Per measured step of ``journey``, its ``j`` among the run's ``step_signals``."""
    place = {wanted: j for j, wanted in enumerate(signals)}
    return [place[tuple(sorted(step.signals))] for step in journey.measured]


def among(value: ir.StringValue, signals: Sequence[str]) -> ir.BooleanValue:
    """Whether an event is one of ``signals``."""
    return value == signals[0] if len(signals) == 1 else value.isin(list(signals))


@ibis.udf.agg.builtin(name="min_by")  # type: ignore[untyped-decorator]
def _value_at_earliest(value: str, time: datetime) -> str:  # type: ignore[empty-body]
    """The value on the row of the earliest time: DuckDB's ``arg_min`` and Spark's
    ``min_by``, which keep one value per group (Ibis's own ``argmin`` asks DuckDB for an
    ordered aggregate, which sorts each path's events)."""


def first_value(events: ir.Table, column: str) -> ir.Value:
    """The path's value of ``column`` on its first event (in time order) that has one."""
    value = events[column]
    return _value_at_earliest(value, events.time, where=value.notnull() & (value != ""))


def paths(
    log: EventLog,
    signals: Sequence[tuple[str, ...]],
    start: date | None = None,
    end: date | None = None,
    by_month: bool = False,
) -> ir.Table:
    """One row per path whose first event falls between ``start`` and ``end``: ``first``,
    ``last``, ``segment``, ``variant`` (when the log has them), ``month`` (``by_month``),
    and per measured step ``j`` (``signals[j]``): ``f<j>``, ``l<j>`` and ``k<j>``."""
    events = log.events
    figures: dict[str, ir.Value] = {"first": events.time.min(), "last": events.time.max()}
    for column, wanted in (("segment", log.has_segment), ("variant", log.has_variant)):
        if wanted:
            figures[column] = first_value(events, column)
    for j, names in enumerate(signals):
        # MIN(CASE ...) rather than MIN(...) FILTER (WHERE ...): DuckDB takes half the time
        # over the many steps of a long journey
        at = among(events.event, names)
        time = ibis.ifelse(at, events.time, ibis.null(events.time.type()))
        figures[f"f{j}"] = time.min()
        figures[f"l{j}"] = time.max()
        if len(names) > 1:
            event = ibis.ifelse(at, events.event, ibis.null("string"))
            figures[f"k{j}"] = event.max() != event.min()
    table = events.group_by("path").aggregate(**figures)
    day = table.first.date()
    if start is not None:
        table = table.filter(day >= start)
    if end is not None:
        table = table.filter(day <= end)
    if by_month:
        table = table.mutate(month=table.first.truncate("M").date())
    return table


def hits(log: EventLog, signals: Iterable[str], wanted: ir.Table) -> ir.Table:
    """(path, time, event) of every event whose name is in ``signals``, of the ``wanted``
    paths only. Exact duplicates may remain: the funnel takes earliest times."""
    events = log.events
    found = events.filter(among(events.event, sorted(set(signals))))
    return found.select("path", "time", "event").semi_join(wanted, "path")


def others(log: EventLog, signals: Iterable[str]) -> ir.Table:
    """(path, time, event) of every event not named in ``signals``: what the unmapped
    events and the signals read, stored once by the caller instead of read twice."""
    events = log.events
    names = sorted(set(signals))
    found = events.filter(~events.event.isin(names)) if names else events
    return found.select("path", "time", "event")


def unmapped(
    log: EventLog, known: set[str], kept: ir.Table | None = None, events: ir.Table | None = None
) -> ir.Table:
    """Events no touchpoint signals, with how often and on how many paths, most first.

    Exact duplicates count once: one distinct aggregation of (event, path, time), then
    grouped per path and per event (two grouped aggregations where a count of distinct
    paths would hold every path of an event in memory at once). ``events``: the log's
    events already stored (``others``), read instead of the log's files."""
    if events is None:
        events = log.events
    if known:
        events = events.filter(~events.event.isin(sorted(known)))
    if kept is not None:
        events = events.semi_join(kept, "path")
    distinct = events.select("event", "path", "time").distinct()
    per_path = distinct.group_by(["event", "path"]).aggregate(events=distinct.count())
    grouped = per_path.group_by("event").aggregate(
        paths=per_path.count(), events=per_path.events.sum()
    )
    return grouped.order_by([grouped.events.desc(), grouped.paths.desc(), grouped.event])


def period(kept: ir.Table) -> ir.Table:
    """One row: the first and the last event of the kept paths."""
    return kept.aggregate(first=kept.first.min(), last=kept.last.max())


def values(kept: ir.Table, column: str) -> ir.Table:
    """The distinct values of ``column`` (segment, variant) among the paths, as ``value``."""
    known = kept.filter(kept[column].notnull())
    return known.select(value=known[column]).distinct()


def months(kept: ir.Table) -> ir.Table:
    """The months in which some kept path started."""
    return kept.select("month").distinct()


__all__ = [
    "among", "hits", "months", "others", "paths", "period", "step_columns", "step_signals",
    "unmapped",
    "values",
]  # fmt: skip
