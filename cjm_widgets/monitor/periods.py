"""Monitoring by period: the months a log covers, and one snapshot per month.

The monitor report (``cjm report --template monitor --events LOG --period month``) shows
a month's funnel and the trend of its step conversions over the months before it: one
run, grouped by month, measures them all. A path belongs to the month of its first
event, as everywhere in monitoring.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any

import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from ..measurements import apply_measured_actuals, snapshot
from ..model import Measurement, Workshop
from .source import Events, LogOptions, connect, open_log

PERIODS = ("month",)


def month_of(day: date) -> tuple[date, date]:
    """The first and the last day of ``day``'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def months_in_log(
    events: Events,
    *,
    engine: str = "duckdb",
    path_col: str | None = None,
    time_col: str | None = None,
    event_col: str | None = None,
) -> list[tuple[date, date]]:
    """Each month in which some path of the log started, oldest first, as (first, last) day."""
    backend = connect(engine)
    log = open_log(events, backend, LogOptions(path_col, time_col, event_col))
    table = log.events
    firsts = table.group_by("path").aggregate(first=table.time.min())
    starts = firsts.select(month=firsts.first.truncate("M").date()).distinct().order_by("month")
    return [month_of(pd.Timestamp(value).date()) for value in starts.to_pandas()["month"]]


def monthly_snapshots(
    ws: Workshop,
    events: Events,
    until: date,
    *,
    source: str = "",
    persona: str | None = None,
    engine: str = "duckdb",
    memory_limit: str | int | None = None,
    **log_options: Any,
) -> list[Measurement]:
    """A snapshot per month of the log up to ``until``'s month (months with no paths left
    out), and the workshop's ``monitor:`` metrics set from the last. Raises a CjmError
    when ``until``'s own month has no paths. One grouped run measures every month;
    ``log_options`` are ``monitor()``'s (spark_master, spark_conf, path_col, time_unit...)."""
    from .run import monthly

    wanted = month_of(until)
    taken: list[Measurement] = []
    found = monthly(
        ws, events, wanted[1], persona=persona, engine=engine, memory_limit=memory_limit,
        **log_options,
    )  # fmt: skip
    for start, figures in found.items():
        end = month_of(start)[1]
        # the snapshot's period is the month, not its first and last event
        period = (
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end, datetime.max.time()).replace(microsecond=0),
        )
        taken.append(
            snapshot(
                ws, figures.funnel, period, source=source, engine=engine, impact=figures.impact
            )
        )
    if not taken or taken[-1].period_start.date() != wanted[0]:
        raise CjmError(translate("monitor.empty_period", start=wanted[0], end=wanted[1]))
    ws.measurements = taken
    apply_measured_actuals(ws)
    return taken
