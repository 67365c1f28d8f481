"""``backtest``: what a nudge would have done, replayed on the log's history.

Runs are replayed every ``every_hours`` from the start of the period to its end. A
customer who entered in the period is found by the first run at or after their due
time D (the rules of ``due_set``); they are due there unless they reached the goal by
that run, and expired when that run came more than the expiry after D. Nothing was sent
in history, so the customers due who reached the goal later anyway are the natural
recovery that any lift must beat. One query gives every nudge's entries; the replay is
whole-column arithmetic on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from ..csv_files import write_csv
from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from ..store import make_folder
from .due_set import qualified
from .entries import Window, entries
from .rules import NudgeRule, nudge_rules
from .source import LogSource, opened
from .timing import due_times

BACKTEST_FILES = ("backtest.csv", "backtest_summary.csv")
BACKTEST_COLUMNS = ("nudge_id", "run_at", "due", "treatment", "holdout", "expired")
SUMMARY_COLUMNS = (
    "nudge_id", "customers_entered", "customers_due", "share_due", "recovered_without_nudge",
    "median_hours_stuck",
)  # fmt: skip


@dataclass(frozen=True)
class Backtest:
    """Per nudge and replayed run, the messages it would have made; and per nudge, the
    summary (``backtest.csv`` and ``backtest_summary.csv``)."""

    runs: pd.DataFrame
    summary: pd.DataFrame

    def write(self, folder: str | Path) -> list[Path]:
        """Both tables as CSV files in ``folder`` (created if missing); returns the paths."""
        target = make_folder(Path(folder))
        return [
            write_csv(target / name, table)
            for name, table in (("backtest.csv", self.runs), ("backtest_summary.csv", self.summary))
        ]


def _moment(value: date | datetime | None, end_of_day: bool) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time.max.replace(microsecond=0) if end_of_day else time.min)


def _replayed(
    rows: pd.DataFrame, rule: NudgeRule, zone: str, start: datetime, end: datetime, every: int
) -> pd.DataFrame:
    """One nudge's entries with the run that finds each (``run_at``) and its outcome."""
    rows = qualified(rows, rule, zone)
    step = pd.Timedelta(hours=every)
    waited = (rows["due_at"] - start) / step
    index = np.ceil(waited.to_numpy(dtype="float64")).clip(min=0)
    rows = rows.assign(run_at=start + pd.to_timedelta(index * every, unit="h"))
    rows = rows[rows["run_at"] <= end]
    stuck = rows["goal_at"].isna() | (rows["goal_at"] > rows["run_at"])
    rows = rows[stuck]
    expired = rows["run_at"] - rows["due_at"] > pd.Timedelta(hours=rule.nudge.expire_hours)
    return rows.assign(expired=expired, held=rows["held"].astype(bool))


def _runs(
    nudge_id: str, found: pd.DataFrame, start: datetime, end: datetime, every: int
) -> pd.DataFrame:
    times = pd.date_range(start, end, freq=f"{every}h")
    on_time = found[~found["expired"]]
    counts = pd.DataFrame(
        {
            "due": on_time.groupby("run_at").size(),
            "treatment": on_time[~on_time["held"]].groupby("run_at").size(),
            "holdout": on_time[on_time["held"]].groupby("run_at").size(),
            "expired": found[found["expired"]].groupby("run_at").size(),
        }
    )
    counts = counts.reindex(times).fillna(0).astype("int64")
    counts.index.name = "run_at"
    return counts.reset_index().assign(nudge_id=nudge_id)[list(BACKTEST_COLUMNS)]


def _summary(
    nudge_id: str, entered: int, found: pd.DataFrame, log_end: datetime
) -> dict[str, object]:
    on_time = found[~found["expired"]]
    until = on_time["goal_at"].fillna(pd.Timestamp(log_end))
    hours = (until - on_time["entered_at"]).dt.total_seconds() / 3600
    return {
        "nudge_id": nudge_id,
        "customers_entered": entered,
        "customers_due": len(on_time),
        "share_due": round(len(on_time) / entered, 4) if entered else None,
        "recovered_without_nudge": int(on_time["goal_at"].notna().sum()),
        "median_hours_stuck": round(float(hours.median()), 1) if len(hours) else None,
    }


def backtest(
    ws: Workshop,
    events: object,
    *,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    every_hours: int = 24,
    nudges: Iterable[str] | None = None,
    **log_options: object,
) -> Backtest:
    """Replay runs every ``every_hours`` over ``start``..``end`` (default: the log's first
    and last event) for every nudge of the workshop, active or not (or ``nudges``)."""
    if every_hours < 1:
        raise CjmError(translate("nudge.bad_every", value=every_hours))
    source = LogSource(events, **log_options)  # type: ignore[arg-type]
    rules = nudge_rules(ws, nudges, inactive=True)
    if not rules:
        raise CjmError(translate("nudge.none"))
    low, high = _moment(start, False), _moment(end, True)
    if low is not None and high is not None and low > high:
        raise CjmError(translate("monitor.bad_period", start=start, end=end))
    with opened(source) as log:
        span = log.events.aggregate(first=log.events.time.min(), last=log.events.time.max())
        period = span.to_pandas().iloc[0]
        if pd.isna(period["first"]):
            raise CjmError(translate("nudge.empty_log"))
        low = low or pd.Timestamp(period["first"]).floor("h").to_pydatetime()
        high = high or pd.Timestamp(period["last"]).to_pydatetime()
        windows: dict[str, Window] = {rule.nudge.id: (low, high) for rule in rules}
        table = entries(log, rules, windows=windows).to_pandas()
    for column in ("entered_at", "goal_at", "only_at", "unless_at"):
        table[column] = pd.to_datetime(table[column])
    runs, summaries = [], []
    for rule in rules:  # a few nudges; each one's customers are whole columns
        rows = table[table["nudge_id"] == rule.nudge.id]
        found = _replayed(rows, rule, ws.timezone, low, high, every_hours)
        runs.append(_runs(rule.nudge.id, found, low, high, every_hours))
        nudge = rule.nudge
        could_be_due = due_times(
            rows["entered_at"], nudge.wait_hours, nudge.quiet_hours, ws.timezone
        )
        entered = int((could_be_due <= high).sum())  # later ones no replayed run could find
        summaries.append(_summary(nudge.id, entered, found, period["last"]))
    return Backtest(
        pd.concat(runs, ignore_index=True),
        pd.DataFrame(summaries, columns=list(SUMMARY_COLUMNS)),
    )


__all__ = ["BACKTEST_COLUMNS", "BACKTEST_FILES", "SUMMARY_COLUMNS", "Backtest", "backtest"]
