"""The measures of a journey, each one Ibis expression that DuckDB or Spark runs whole.

Every measure starts from the run's one read of the log (``scan``): one row per path
with its first and last event of each measured step. No Python loop ever visits a path:
loops below only build expressions, one per measured step.

- The sequential funnel (as Mixpanel, Amplitude and retentioneering count it): step k's
  time is the path's earliest event of step k after step k-1's. For almost every path
  the row of first and last times tells it (``in_order``): the first event of the step
  comes after the previous step's time, or its last event comes at or before it (not
  reached). Only a path with events of a step both before and after the previous
  step's time needs its events: those paths go through a chain of tables, one per
  step, each a join with the previous step's table (``first_step``, ``next_step``), on
  their own events only. Both carry the path's segment, variant, first event and
  month, so the funnel per segment, variant, launch group or month is a grouped count.
- Reach, repeats and the orders paths take come from the same row per path: grouped
  aggregations, no window over the paths' events.
- Medians and 90th percentiles are exact quantiles of a histogram of the gaps (whole
  seconds), so the engine holds one row per distinct gap, not every path's gap.

Durations are whole seconds between the times cut to the second, so both engines give
the same figures; the order of events still uses the full time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import ibis
import ibis.expr.types as ir

from .journeys import Journey
from .scan import among

MAX_VARIANTS = 20
"""The most frequent orders kept per journey in variants.csv."""
QUANTILES = {"median": 0.5, "p90": 0.9}
"""The gap figures of the funnel and the share of paths each stands at."""


def in_order(paths: ir.Table, columns: Sequence[int], carry: Sequence[str]) -> ir.Table:
    """Per path with an event of the journey's first step: ``t<k>``, its first event of
    step k (``f<j>`` of ``scan.paths``, ``columns`` naming each step's ``j``), ``depth``,
    the steps it reached in order as its first events tell, the ``carry`` columns, and
    ``ambiguous``.

    While each step's first event comes after the previous step's, the path reached them
    in order at those times. At the first step k whose first event does not come after
    step k-1's, the path either never did step k after step k-1 (its last event of step
    k is no later either: ``depth`` is k) or it did, but only its events tell when: such
    a path is ``ambiguous`` and left to ``first_step`` and ``next_step``. Each figure is
    one flat expression per path, however many steps the journey has."""
    first = [paths[f"f{j}"] for j in columns]
    last = [paths[f"l{j}"] for j in columns]
    table = paths.filter(first[0].notnull())
    count = len(columns)
    if count == 1:
        depth: ir.IntegerValue = ibis.literal(1)
        ambiguous: ir.BooleanValue = ibis.literal(False)
    else:
        depth = _in_order_depth(first)
        ambiguous = ibis.cases(
            *[
                (depth == k, ((first[k] <= first[k - 1]) & (last[k] > first[k - 1])))
                for k in range(1, count)
            ],
            else_=False,
        ).fill_null(False)
    times = {f"t{k}": value for k, value in enumerate(first)}
    return table.select("path", *carry, **times, depth=depth.cast("int32"), ambiguous=ambiguous)


def _in_order_depth(first: Sequence[ir.Value]) -> ir.IntegerValue:
    """How many of the steps (``first``: each step's first event) came one after the
    other in journey order from the first step on."""
    count = len(first)
    breaks = [(~(first[k] > first[k - 1])).fill_null(True) for k in range(1, count)]
    return ibis.cases(*[(broken, k) for k, broken in enumerate(breaks, start=1)], else_=count)


def told(ordered: ir.Table, count: int, carry: Sequence[str]) -> list[ir.Table]:
    """Per step, the paths ``in_order`` told reached it (not the ambiguous ones): ``path``,
    ``t``, ``previous`` (the step before's time; none at step 0) and the carried columns."""
    clear = ordered.filter(~ordered.ambiguous)
    steps = []
    for k in range(count):
        reached = clear.filter(clear.depth > k) if k else clear
        previous = reached[f"t{k - 1}"] if k else ibis.null("timestamp")
        carried = _carried(reached, carry)
        steps.append(reached.select("path", t=reached[f"t{k}"], previous=previous, **carried))
    return steps


def _carried(table: ir.Table, carry: Sequence[str]) -> dict[str, ir.Value]:
    return {name: table[name] for name in carry}


def first_step(
    hits: ir.Table, signals: Sequence[str], paths: ir.Table, carry: Sequence[str]
) -> ir.Table:
    """Per path of ``paths`` that reached the first step: ``t`` (its earliest event of the
    step, one of ``signals``), ``previous`` (none) and the ``carry`` columns of ``paths``."""
    step = hits.filter(among(hits.event, signals))
    reached = step.group_by("path").aggregate(t=step.time.min())
    reached = reached.mutate(previous=ibis.null("timestamp"))
    reached = reached.join(paths.select("path", *carry), "path")
    return reached.select("path", "t", "previous", *carry)


def next_step(
    hits: ir.Table, signals: Sequence[str], previous: ir.Table, carry: Sequence[str]
) -> ir.Table:
    """Per path that reached the next step in order: ``t``, its earliest event of the step
    after ``previous``'s time, that time as ``previous``, and the carried columns."""
    step = hits.filter(among(hits.event, signals))
    before = previous.select("path", after=previous.t, **_carried(previous, carry))
    later = step.join(before, "path")
    later = later.filter(later.time > later.after)
    figures = {name: later[name].min() for name in carry}
    found = later.group_by("path").aggregate(
        t=later.time.min(), previous=later.after.min(), **figures
    )
    return found.select("path", "t", "previous", *carry)


def reached(*chains: Sequence[ir.Table]) -> ir.Table:
    """The chains' tables (``told``'s, and the chain of the ambiguous paths) as one: a
    row per path and step it reached, with ``step``."""
    tables = [
        table.mutate(step=ibis.literal(k, "int64"))
        for chain in chains
        for k, table in enumerate(chain)
    ]
    schema = tables[0].schema()  # a null literal's type may lack the log's precision
    return ibis.union(*[table.cast(schema) for table in tables])


def keep(table: ir.Table, journey: Journey, has_segment: bool) -> ir.Table:
    """The rows of the journey's segment's paths (every path when the persona has none,
    or the log has no segment column)."""
    if not journey.segment or not has_segment:
        return table
    return table.filter(table.segment == journey.segment)


def whole_seconds(value: ir.TimestampValue) -> ir.IntegerValue:
    """Seconds since 1970 of ``value`` cut to its second: DuckDB's epoch keeps the
    fraction (a float where Ibis expects an integer), Spark's drops it. A difference of
    two is whole seconds between the moments' seconds (0.9 s to 1.1 s is 1)."""
    return value.truncate("s").epoch_seconds()


def funnel(reached: ir.Table, by: Sequence[str] = ()) -> ir.Table:
    """Per group of ``by`` and step: ``paths`` that reached it in order, and the exact
    median and 90th percentile of the seconds from the step before (``median``, ``p90``;
    null at step 0), interpolated between the two nearest ranks.

    The quantiles come from a histogram of the gaps: the k-th smallest gap is the one
    whose running count first passes k."""
    keys = [*by, "step"]
    gap = whole_seconds(reached.t) - whole_seconds(reached.previous)
    gaps = reached.mutate(gap=gap)
    counted = gaps.group_by([*keys, "gap"]).aggregate(n=gaps.count())
    running = ibis.cumulative_window(group_by=keys, order_by="gap")
    counted = counted.mutate(
        upto=counted.n.sum().over(running), total=counted.n.sum().over(group_by=keys)
    )
    figures: dict[str, ir.Value] = {"paths": counted.n.sum()}
    for name, share in QUANTILES.items():
        rank = ((counted.total - 1) * share).floor()
        higher = ibis.least(rank + 1, counted.total - 1)
        figures[f"{name}_low"] = counted.gap.min(where=counted.upto > rank)
        figures[f"{name}_high"] = counted.gap.min(where=counted.upto > higher)
        figures[f"{name}_rank"] = ((counted.total - 1) * share).max()
    table = counted.group_by(keys).aggregate(**figures)
    values = {}
    for name in QUANTILES:
        low = table[f"{name}_low"].cast("float64")
        fraction = table[f"{name}_rank"] - table[f"{name}_rank"].floor()
        values[name] = low + (table[f"{name}_high"].cast("float64") - low) * fraction
    return table.select(*keys, "paths", **values)


def counts(reached: ir.Table, column: str, by: Sequence[str] = ()) -> ir.Table:
    """Per value of ``column`` (segment, variant, launch group) and step: the paths that
    reached it in order (paths with no value left out)."""
    known = reached.filter(reached[column].notnull())
    return known.group_by([*by, column, "step"]).aggregate(paths=known.count())


def launch_group(reached: ir.Table, launched: datetime) -> ir.Table:
    """``reached`` with ``group``: ``before`` or ``after`` the launch, by the path's
    first event."""
    return reached.mutate(group=ibis.ifelse(reached.first >= launched, "after", "before"))


def reach(paths: ir.Table, columns: Sequence[int], by: Sequence[str] = ()) -> ir.Table:
    """Per group of ``by``: ``reach<i>``, the paths with any event of step i, and
    ``repeat<i>``, those with two different events of it (two times, or two signals)."""
    figures: dict[str, ir.Value] = {}
    for i, j in enumerate(columns):
        first, last = paths[f"f{j}"], paths[f"l{j}"]
        repeated = last > first
        if f"k{j}" in paths.columns:
            repeated |= paths[f"k{j}"]
        figures[f"reach{i}"] = first.count()
        figures[f"repeat{i}"] = repeated.fill_null(False).cast("int64").sum()
    return paths.group_by(list(by)).aggregate(**figures) if by else paths.aggregate(**figures)


def variants(paths: ir.Table, columns: Sequence[int], journey: Journey) -> ir.Table:
    """The orders in which paths first reach the measured steps (ties: journey order),
    the ``MAX_VARIANTS`` most common, with ``paths`` per order and ``total`` (paths with
    at least one measured step) on every row.

    From the path's row of first times, no sort of a path's events: a path that did its
    first k steps in journey order and no other is counted by k; only the other paths'
    steps are put in order, each path's few first times sorted as one array."""
    count = len(columns)
    names = [step.touchpoint_id for step in journey.measured]
    some = paths.filter(ibis.or_(*[paths[f"f{j}"].notnull() for j in columns]))
    first = [some[f"f{j}"] for j in columns]
    done = sum((value.notnull().cast("int32") for value in first), ibis.literal(0))
    prefix = ibis.literal(1) if count == 1 else _in_order_depth(first)
    marked = some.mutate(done=done, in_order=(done == prefix) & first[0].notnull())
    simple = marked.filter(marked.in_order)
    simple = simple.group_by("done").aggregate(paths=simple.count())
    prefixes = [(k, " > ".join(names[:k])) for k in range(1, count + 1)]
    simple = simple.select(variant=simple.done.cases(*prefixes), paths=simple.paths)
    other = marked.filter(~marked.in_order)
    steps = ibis.array(
        [
            ibis.struct(
                {"time": other[f"f{j}"], "place": ibis.literal(i, "int32"), "name": names[i]}
            )
            for i, j in enumerate(columns)
        ]
    )
    # structs sort by their fields in turn: by time, then journey order
    taken = steps.filter(lambda step: step["time"].notnull()).sort()
    order = taken.map(lambda step: step["name"]).join(" > ")
    other = other.group_by(variant=order).aggregate(paths=other.count())
    # a path whose first times tie takes the journey's order: the same variant as a
    # path in order, so both add up
    both = simple.union(other)
    orders = both.group_by("variant").aggregate(paths=both.paths.sum())
    labelled = orders.select(
        variant=orders.variant, paths=orders.paths, total=orders.paths.sum().over()
    )
    top = labelled.order_by([labelled.paths.desc(), labelled.variant])
    return top.limit(MAX_VARIANTS)
