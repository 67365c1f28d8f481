"""What the predictive score (``predictive``) learns from, built on the engine.

Per step, each sampled customer who reached it becomes one row: whether they succeeded,
their segment, the seconds from their first step to this one, and how often they did
each of the log's most frequent events **at or before** the moment they reached the
step (``time <= cut``: the step's own event is known by then, anything later is not).
The sample is the customers with the smallest MD5 of ``seed|path``, computed by the
engine (DuckDB's and Spark's own ``md5``), so a seed picks the same customers on every
run and engine, and the rows come back in that order. The rows of several steps are
one Ibis expression: each step's sample (a filter, an order and a limit), their union
joined once with the log on path with the time condition, and a grouped count per
event; no per-customer or per-step pass over the log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

import ibis
import ibis.expr.types as ir
import pandas as pd

from .measures import whole_seconds

KEY = "key"
"""The sampling key's column: the hex MD5 of ``seed|path``."""

SECONDS = "seconds"
"""The column of the seconds from the first step to this one."""


def count_column(place: int) -> str:
    """The column of the count of the ``place``-th most frequent event."""
    return f"count_{place}"


@ibis.udf.scalar.builtin(name="md5")  # type: ignore[untyped-decorator]
def _md5(value: str) -> str:  # type: ignore[empty-body]
    """The MD5 digest as 32 lower-case hex digits: DuckDB's and Spark's own ``md5``, so
    a seed samples the same customers on both engines."""


def sampling_key(paths: ir.Column, seed: int) -> ir.Column:
    """The sampling key of each path for ``seed``: the hex MD5 of ``seed|path``."""
    return _md5(ibis.literal(f"{seed}|") + paths.cast("string"))


def top_events(events: ir.Table, count: int) -> list[str]:
    """The ``count`` most frequent event names of the whole log (ties by name), counted
    once per run."""
    if count <= 0:
        return []
    named = events.filter(events.event.notnull())
    counted = named.group_by("event").aggregate(events=named.count())
    ordered = counted.order_by([ibis.desc("events"), "event"]).limit(count)
    return [str(name) for name in ordered.to_pandas()["event"]]


Cuts: TypeAlias = ir.Table | Mapping[int, ir.Table]
"""The customers who reached each step (``path``, ``step``, ``cut``, ``first``,
``success``, optional ``segment`` and ``key``): one table of every step's rows, or one
table per step (the engine then never scans one step's rows for another's)."""


def at_step(cuts: Cuts, step: int) -> ir.Table:
    """The rows of the customers who reached ``step``."""
    if isinstance(cuts, Mapping):
        return cuts[step]
    return cuts.filter(cuts.step == step)


def step_totals(cuts: Cuts) -> dict[int, tuple[int, int]]:
    """Per step: how many customers reached it and how many of them succeeded (a sum
    over no customers is null: counted as none, which Spark hands over as NaN)."""

    def counted(table: ir.Table) -> dict[str, ir.Value]:
        successes = ibis.ifelse(table.success, 1, 0).sum().coalesce(0)
        return {"customers": table.count(), "successes": successes}

    if isinstance(cuts, Mapping):
        parts = [
            table.aggregate(**counted(table)).mutate(step=ibis.literal(step, "int64"))
            for step, table in cuts.items()
        ]
        if not parts:
            return {}
        totals = ibis.union(*parts) if len(parts) > 1 else parts[0]
    else:
        totals = cuts.group_by("step").aggregate(**counted(cuts))
    found = totals.to_pandas()
    return {
        int(row.step): (int(row.customers), int(row.successes))
        for row in found.itertuples(index=False)
    }


NARROWING_MARGIN = 1.5
"""How many times the sample's share of a step's customers the keys are first narrowed
to (plus ``NARROWING_EXTRA`` customers), before the sample is ordered by key."""

NARROWING_EXTRA = 1_000


def key_below(share: float) -> str:
    """The hex prefix below which a ``share`` of MD5 keys fall (they are spread evenly)."""
    return f"{min(int(share * 16**8), 16**8 - 1):08x}"


def _sampled(
    cuts: Cuts, step: int, sample: int | None, seed: int, reached: int | None = None
) -> ir.Table:
    """The customers who reached ``step``, with their sampling key (``cuts``' own
    ``key`` column when it has one: worked out once a path, not once a step); only the
    ``sample`` with the smallest keys when it is given. ``reached``: how many customers
    reached the step, when known: the keys are then first narrowed to a little more
    than the sample's share of them (a cheap filter), and only those ordered."""
    at = at_step(cuts, step)
    columns = {
        "path": at.path,
        "step": at.step,
        "cut": at.cut,
        "first": at["first"],
        "success": at.success,
        KEY: at[KEY] if KEY in at.columns else sampling_key(at.path, seed),
    }
    if "segment" in at.columns:
        columns["segment"] = at.segment.cast("string")
    chosen = at.select(**columns)
    if sample is not None:
        share = (sample * NARROWING_MARGIN + NARROWING_EXTRA) / reached if reached else 1.0
        if share < 1.0:
            chosen = chosen.filter(chosen[KEY] < key_below(share))
        chosen = chosen.order_by(KEY).limit(sample)
    return chosen


def steps_features(
    cuts: Cuts,
    events: ir.Table,
    samples: Mapping[int, int | None],
    names: Sequence[str],
    *,
    seed: int,
    reached: Mapping[int, int] | None = None,
) -> dict[int, pd.DataFrame]:
    """Per step of ``samples`` (step: how many customers to sample, None for all), one
    row per sampled customer, ordered by the sampling key: ``success``, ``segment``
    (when ``cuts`` has it), ``seconds`` and ``count_<i>``, the count of ``names[i]`` at
    or before the cut. One query for all the steps: the log is joined once, not once
    a step. ``reached``: per step, how many customers reached it (``step_totals``), to
    narrow the keys before sampling; should the narrowing leave a step fewer customers
    than its sample, the query runs again without it, so the sample is the same."""
    if not samples:
        return {}
    if reached:
        found = _features(cuts, events, samples, names, seed, reached)
        short = [
            step
            for step, sample in samples.items()
            if sample is not None and len(found[step]) < min(sample, reached.get(step, 0))
        ]
        if not short:
            return found
    return _features(cuts, events, samples, names, seed, {})


def _features(
    cuts: Cuts,
    events: ir.Table,
    samples: Mapping[int, int | None],
    names: Sequence[str],
    seed: int,
    reached: Mapping[int, int],
) -> dict[int, pd.DataFrame]:
    """``steps_features``' one query."""
    parts = [
        _sampled(cuts, step, sample, seed, reached.get(step)) for step, sample in samples.items()
    ]
    chosen = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    table = chosen
    if names:
        wanted = events.filter(events.event.isin(list(names)))
        wanted = wanted.select(event_path=wanted.path, time=wanted.time, event=wanted.event)
        them = chosen.select(chosen.path, chosen.step, chosen.cut)
        joined = them.join(wanted, [them.path == wanted.event_path, wanted.time <= them.cut])
        counts = joined.group_by(counted_path=joined.path, counted_step=joined.step).aggregate(
            **{
                count_column(place): ibis.ifelse(joined.event == name, 1, 0).sum()
                for place, name in enumerate(names)
            }
        )
        table = chosen.left_join(
            counts, [chosen.path == counts.counted_path, chosen.step == counts.counted_step]
        )
    kept = [
        table[KEY],
        table.step,
        table.success,
        (whole_seconds(table.cut) - whole_seconds(table["first"])).name(SECONDS),
    ]
    if "segment" in chosen.columns:
        kept.append(table.segment)
    kept += [
        table[count_column(place)].coalesce(0).cast("int32").name(count_column(place))
        for place in range(len(names))
    ]
    # through Arrow: Ibis's own to_pandas converts column by column, several times slower
    frame: pd.DataFrame = table.select(*kept).to_pyarrow().to_pandas()
    frame["success"] = frame["success"].astype("boolean").fillna(False).astype(bool)
    found = {}
    for step in samples:
        rows = frame[frame["step"] == step].drop(columns="step")
        found[step] = rows.sort_values(KEY, kind="stable").reset_index(drop=True)
    return found


def step_features(
    cuts: Cuts,
    events: ir.Table,
    step: int,
    names: Sequence[str],
    *,
    sample: int | None,
    seed: int,
) -> pd.DataFrame:
    """``steps_features`` of one step."""
    return steps_features(cuts, events, {step: sample}, names, seed=seed)[step]
