"""Which events go with success at each step of a journey, as Ibis expressions.

For each measured step k of a journey (the sequential funnel of ``measures``), the paths
that reached step k are split by whether they had an event between step k and step k+1.
A window that simply ran to each path's next step would be longer for the paths that
never moved on (up to the end of the log) than for those that did, so any frequent event
would seem to go with failure. So every path gets the same window, the step's median
time to the next step (h): the paths compared are those that reached step k, had not
reached step k+1 by h after it, and were in the log for all of that time (a landmark
comparison). An event in their window came before any progress, and every path had as
long to do it. Any event of the log counts, mapped or not, except the journey's own
signals; a path succeeded when it reached the journey's last measured step. Each figure
is one expression run whole by the engine: the paths' step times (one grouped
aggregation of the reached rows), a window per path and step, the log's events joined to
the windows they fall in, and grouped counts; no loop visits a path. The last step has
no "next", and a step no path moved on from has no h: both are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import ibis
import ibis.expr.types as ir

from . import measures


def step_times(reached: ir.Table, count: int, carry: Sequence[str] = ()) -> ir.Table:
    """One row per path with ``t<k>``, when it reached step k in order (null: never);
    ``carry``: columns that are the same on all of a path's rows, carried along."""
    nothing = ibis.null(reached.t.type())
    figures = {
        f"t{k}": ibis.ifelse(reached.step == k, reached.t, nothing).min() for k in range(count)
    }
    carried = {name: reached[name].arbitrary() for name in carry}
    return reached.group_by("path").aggregate(**carried, **figures)


def told_times(
    ordered: ir.Table, chain: Sequence[ir.Table], count: int, carry: Sequence[str] = ()
) -> ir.Table:
    """``step_times`` of ``measures.reached(measures.told(ordered, ...), chain)``, made
    without grouping every reached row again: a path whose first events tell its order
    (``measures.in_order``) already has its step times in its row, up to its ``depth``;
    only the ambiguous paths' ``chain`` rows (``measures.first_step``, ``next_step``) are
    grouped by path."""
    clear = ordered.filter(~ordered.ambiguous)
    nothing = ibis.null(clear.t0.type())
    figures = {f"t{k}": ibis.ifelse(clear.depth > k, clear[f"t{k}"], nothing) for k in range(count)}
    told = clear.select("path", *carry, **figures)
    if not chain:
        return told
    untold = step_times(measures.reached(chain), count, carry)
    return told.union(untold.select(*told.columns).cast(told.schema()))


def reached_rows(times: ir.Table, count: int) -> ir.Table:
    """The reached rows again from ``step_times``: per path and step reached, ``t``,
    ``previous`` (the step before's time; none at step 0) and ``step``, the shape
    ``measures.funnel`` counts."""
    kind = times.t0.type()
    chain = [
        times.filter(times[f"t{k}"].notnull()).select(
            "path", t=times[f"t{k}"], previous=times[f"t{k - 1}"] if k else ibis.null(kind)
        )
        for k in range(count)
    ]
    return measures.reached(chain)


def windows(times: ir.Table, horizons: Mapping[int, int], log_end: datetime) -> ir.Table:
    """Per path and step k of ``horizons`` (step -> h in whole seconds): the paths that
    reached step k, had not reached step k+1 within h and were in the log that long, with
    ``start`` (step k's time), ``end`` (h later) and ``success`` (reached the last step)."""
    count = sum(1 for name in times.columns if name.startswith("t"))
    parts = []
    for k, seconds in sorted(horizons.items()):
        start = times[f"t{k}"]
        end = start + ibis.interval(seconds=seconds)
        following = times[f"t{k + 1}"]
        waiting = times.filter(
            start.notnull() & (following.isnull() | (following > end)) & (end <= log_end)
        )
        parts.append(
            waiting.select(
                "path",
                step=ibis.literal(k, "int64"),
                start=waiting[f"t{k}"],
                end=waiting[f"t{k}"] + ibis.interval(seconds=seconds),
                success=waiting[f"t{count - 1}"].notnull(),
            )
        )
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def had(windows: ir.Table, others: ir.Table) -> ir.Table:
    """Per path, step and event name: the event happened in the path's window of that step
    (``success`` carried). ``others``: the log's events but the journey's own signals."""
    others = others.select("path", "time", "event")
    joined = windows.join(
        others,
        [windows.path == others.path, others.time > windows.start, others.time <= windows.end],
    )
    return joined.select(windows.step, windows.path, others.event, windows.success).distinct()


def with_counts(had: ir.Table) -> ir.Table:
    """Per step and event: paths that had it (``with``) and how many of those succeeded."""
    return had.group_by(["step", "event"]).aggregate(
        customers_with=had.count(), success_with=had.success.cast("int64").sum()
    )


def totals(windows: ir.Table) -> ir.Table:
    """Per step: the paths that reached it and how many of them succeeded."""
    return windows.group_by("step").aggregate(
        customers=windows.count(), succeeded=windows.success.cast("int64").sum()
    )


__all__ = [
    "had", "reached_rows", "step_times", "told_times", "totals", "windows", "with_counts",
]  # fmt: skip
