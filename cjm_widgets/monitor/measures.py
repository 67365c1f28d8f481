"""The measures of a journey, each one Ibis expression that DuckDB or Spark runs whole.

Every measure starts from the run's one read of the log (``scan``): the journey's
signalled events (``journey_hits``) and the paths' own facts. No Python loop ever
visits a path: loops below only build expressions, one per measured step.

- The sequential funnel (as Mixpanel, Amplitude and retentioneering count it) is a
  chain of tables, one per step: step k's time is the earliest event of step k after
  step k-1's, a join with the previous step's table (``first_step``, ``next_step``).
  Each step's table carries the path's segment, variant, first event and month, so the
  funnel per segment, variant, launch group or month is a grouped count, never a join.
- Reach, repeats and the orders paths take come from one row per path with each step's
  first time (``path_steps``): grouped aggregations, no window over the paths' events.
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

MAX_VARIANTS = 20
"""The most frequent orders kept per journey in variants.csv."""
QUANTILES = {"median": 0.5, "p90": 0.9}
"""The gap figures of the funnel and the share of paths each stands at."""


def step_codes(journey: Journey, signals: Sequence[str]) -> list[tuple[int, ...]]:
    """Per measured step of ``journey``, the codes (in the run's ``signals``) of its events."""
    code_of = {signal: code for code, signal in enumerate(signals)}
    return [tuple(code_of[signal] for signal in step.signals) for step in journey.measured]


def _among(code: ir.IntegerValue, codes: tuple[int, ...]) -> ir.BooleanValue:
    return code == codes[0] if len(codes) == 1 else code.isin(codes)


def first_step(
    hits: ir.Table, codes: tuple[int, ...], paths: ir.Table | None, carry: Sequence[str]
) -> ir.Table:
    """Per path that reached the first step: ``t`` (its earliest event of the step, one of
    ``codes``), ``previous`` (none) and the ``carry`` columns of ``paths`` (segment,
    variant, first, month)."""
    step = hits.filter(_among(hits.code, codes))
    reached = step.group_by("path").aggregate(t=step.time.min())
    reached = reached.mutate(previous=ibis.null("timestamp"))
    if paths is not None and carry:
        reached = reached.join(paths.select("path", *carry), "path")
    return reached.select("path", "t", "previous", *carry)


def next_step(
    hits: ir.Table, codes: tuple[int, ...], previous: ir.Table, carry: Sequence[str]
) -> ir.Table:
    """Per path that reached the next step in order: ``t``, its earliest event of the step
    after ``previous``'s time, that time as ``previous``, and the carried columns."""
    step = hits.filter(_among(hits.code, codes))
    before = previous.select("path", after=previous.t, **{name: previous[name] for name in carry})
    later = step.join(before, "path")
    later = later.filter(later.time > later.after)
    figures = {name: later[name].min() for name in carry}
    found = later.group_by("path").aggregate(
        t=later.time.min(), previous=later.after.min(), **figures
    )
    return found.select("path", "t", "previous", *carry)


def reached(steps: Sequence[ir.Table]) -> ir.Table:
    """The chain's tables as one: a row per path and step it reached, with ``step``."""
    tables = [table.mutate(step=ibis.literal(k, "int64")) for k, table in enumerate(steps)]
    return ibis.union(*tables) if len(tables) > 1 else tables[0]


def keep(table: ir.Table, journey: Journey, has_segment: bool) -> ir.Table:
    """The rows of the journey's segment's paths (every path when the persona has none,
    or the log has no segment column)."""
    if not journey.segment or not has_segment:
        return table
    return table.filter(table.segment == journey.segment)


def _seconds(value: ir.TimestampValue) -> ir.IntegerValue:
    return value.truncate("s").epoch_seconds()


def funnel(reached: ir.Table, by: Sequence[str] = ()) -> ir.Table:
    """Per group of ``by`` and step: ``paths`` that reached it in order, and the exact
    median and 90th percentile of the seconds from the step before (``median``, ``p90``;
    null at step 0), interpolated between the two nearest ranks.

    The quantiles come from a histogram of the gaps: the k-th smallest gap is the one
    whose running count first passes k."""
    keys = [*by, "step"]
    gap = _seconds(reached.t) - _seconds(reached.previous)
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


def path_steps(hits: ir.Table, codes: Sequence[tuple[int, ...]]) -> ir.Table:
    """Per path with a measured event: ``f<i>``, its first event of step i, and
    ``r<i>``, whether it has two different events of step i (two times, or two signals;
    a step of one signal needs no look at the signals)."""
    hits = hits.filter(hits.code.isin(sorted({code for wanted in codes for code in wanted})))
    figures: dict[str, ir.Value] = {}
    for i, wanted in enumerate(codes):
        at = hits.code == wanted[0] if len(wanted) == 1 else hits.code.isin(wanted)
        first = hits.time.min(where=at)
        figures[f"f{i}"] = first
        repeated = hits.time.max(where=at) > first
        if len(wanted) > 1:
            repeated |= hits.code.max(where=at) != hits.code.min(where=at)
        figures[f"r{i}"] = repeated
    return hits.group_by("path").aggregate(**figures)


def with_paths(
    steps: ir.Table, paths: ir.Table, journey: Journey, has_segment: bool, by: Sequence[str]
) -> ir.Table:
    """``path_steps`` of the journey's segment's paths, with the ``by`` columns."""
    wanted = keep(paths, journey, has_segment)
    if not by:
        return steps if wanted is paths else steps.semi_join(wanted, "path")
    return steps.join(wanted.select("path", *by), "path")


def reach(steps: ir.Table, count: int, by: Sequence[str] = ()) -> ir.Table:
    """Per group of ``by``: ``reach<i>``, the paths with any event of step i, and
    ``repeat<i>``, those with more than one."""
    figures: dict[str, ir.Value] = {}
    for i in range(count):
        figures[f"reach{i}"] = steps[f"f{i}"].count()
        figures[f"repeat{i}"] = steps[f"r{i}"].fill_null(False).cast("int64").sum()
    return steps.group_by(list(by)).aggregate(**figures) if by else steps.aggregate(**figures)


def variants(steps: ir.Table, journey: Journey) -> ir.Table:
    """The orders in which paths first reach the measured steps (ties: journey order),
    the ``MAX_VARIANTS`` most common, with ``paths`` per order and ``total`` (paths with
    at least one measured step) on every row.

    A step's place in a path's order is how many of its other steps came first, from
    the path's row of first times: the orders are grouped counts, no sort of a path's
    events."""
    count = len(journey.measured)
    steps = steps.select("path", *[f"f{i}" for i in range(count)])  # the repeats go unread
    first = [steps[f"f{i}"] for i in range(count)]
    places: dict[str, ir.Value] = {}
    for i in range(count):
        earlier = [
            ibis.ifelse(first[j] <= first[i] if j < i else first[j] < first[i], 1, 0)
            for j in range(count)
            if j != i
        ]
        place = sum(earlier, ibis.literal(0))
        places[f"p{i}"] = ibis.ifelse(first[i].isnull(), -1, place)
    ranked = steps.select(**places)
    orders = ranked.group_by(list(places)).aggregate(paths=ranked.count())
    names = [step.touchpoint_id for step in journey.measured]
    labels = [
        ibis.cases(*[(orders[f"p{i}"] == place, names[i]) for i in range(count)])
        for place in range(count)
    ]
    labelled = orders.select(
        variant=ibis.literal(" > ").join(labels), paths=orders.paths,
        total=orders.paths.sum().over(),
    )  # fmt: skip
    top = labelled.order_by([labelled.paths.desc(), labelled.variant])
    return top.limit(MAX_VARIANTS)
