"""The one read of the log that every measure of a run starts from.

A run reads the log's files for three results, never again per journey or per measure:

- ``paths``: one row per path of the asked period, with its first and last event, its
  segment and variant (the value on its first event that has one) and, for monthly
  snapshots, the month it started in;
- ``hits``: the events that signal a measured step of any journey of the run, slimmed
  to (path, time, code), ``code`` the signal's place in ``signals``: every funnel,
  reach, repeat and order is counted from these;
- ``unmapped``: the events no touchpoint signals, per event name, from one distinct
  aggregation.

Each is a filter or a grouped aggregation, which DuckDB spills to disk when it outgrows
the memory budget; no window, list or count-distinct runs over the whole log. Here they
are built; ``run`` stores the first two as the engine's temporary tables and runs the
third.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from .journeys import Journey
from .source import EventLog, engine_table


def measured_signals(journeys: Iterable[Journey]) -> tuple[str, ...]:
    """Every event name that signals a measured step of ``journeys``, sorted: its place
    in this tuple is its ``code`` in ``hits``."""
    return tuple(
        sorted(
            {signal for journey in journeys for step in journey.measured for signal in step.signals}
        )
    )


def codes(backend: Any, signals: tuple[str, ...]) -> ir.Table:
    """(signal, code) of each measured signal, as a table of the engine."""
    frame = pd.DataFrame({"signal": list(signals), "code": range(len(signals))})
    return engine_table(backend, frame.astype({"signal": "string", "code": "int32"}))


def _first_value(events: ir.Table, column: str) -> ir.Value:
    """The path's value of ``column`` on its first event (in time order) that has one."""
    value = events[column]
    return value.argmin(events.time, where=value.notnull() & (value != ""))


def paths(
    log: EventLog, start: date | None = None, end: date | None = None, by_month: bool = False
) -> ir.Table:
    """One row per path whose first event falls between ``start`` and ``end``: ``first``,
    ``last``, and ``segment``, ``variant`` (when the log has them) and ``month``."""
    events = log.events
    figures: dict[str, ir.Value] = {"first": events.time.min(), "last": events.time.max()}
    if log.has_segment:
        figures["segment"] = _first_value(events, "segment")
    if log.has_variant:
        figures["variant"] = _first_value(events, "variant")
    table = events.group_by("path").aggregate(**figures)
    day = table.first.date()
    if start is not None:
        table = table.filter(day >= start)
    if end is not None:
        table = table.filter(day <= end)
    if by_month:
        table = table.mutate(month=table.first.truncate("M").date())
    return table


def hits(log: EventLog, signals: tuple[str, ...], kept: ir.Table | None = None) -> ir.Table:
    """(path, time, code) of every event whose name is in ``signals`` (of the ``kept``
    paths only, when the period leaves some out). Exact duplicates may remain: no
    measure counts rows (funnels take earliest times, reach counts paths, and a repeat
    needs two different times or two different signals)."""
    events = log.events
    table = codes(log.backend, signals)
    found = events.join(table, events.event == table.signal).select("path", "time", "code")
    return found if kept is None else found.semi_join(kept, "path")


def unmapped(log: EventLog, known: set[str], kept: ir.Table | None = None) -> ir.Table:
    """Events no touchpoint signals, with how often and on how many paths, most first.

    Exact duplicates count once: one distinct aggregation of (event, path, time), then
    grouped per path and per event (two grouped aggregations where a count of distinct
    paths would hold every path of an event in memory at once)."""
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


__all__ = ["codes", "hits", "measured_signals", "months", "paths", "period", "unmapped", "values"]
