"""Who a nudge's message is due for at one moment, and who it came too late for.

For a run at time T, a customer is **due** for nudge N when their first ``after`` event
is at E (within N's period and persona's segment), E + wait moved out of quiet hours is
D with T - expire <= D <= T, they have no ``until`` event in (E, T], N's
``only_if_event`` happened in [E, D] and its ``unless_event`` did not, and the ledger
holds nothing for (N, customer) yet. The same customer with D before T - expire is
**expired**: counted, never sent. A run counts as expired only those whose D fell in the
expiry window before (T - 2 x expire <= D < T - expire): older ones were earlier runs'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import ibis
import pandas as pd

from ..model import Workshop
from ..monitor.source import EventLog, engine_table
from .entries import Window, entries
from .rules import NudgeRule, nudge_rules
from .source import LogSource
from .source import opened as opened_log
from .timing import QUIET_SHIFT_BOUND, due_times

MESSAGE_COLUMNS = (
    "nudge_id", "customer_id", "touchpoint_id", "channel", "message", "entered_at", "due_at",
    "group", "key",
)  # fmt: skip
"""A due message, as ``cjm nudge run`` writes it and the ledger keeps it."""


@dataclass(frozen=True)
class Found:
    """One run's answer: the messages due now (treatment and holdout) and the expired."""

    due: pd.DataFrame
    expired: pd.DataFrame


def now() -> datetime:
    """The present moment as the log's times are kept: naive UTC, to the second."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _windows(rules: list[NudgeRule], as_of: datetime) -> dict[str, Window]:
    """Per nudge, the entry times whose due time can fall in [T - 2 x expire, T]."""
    windows: dict[str, Window] = {}
    for rule in rules:
        wait = timedelta(hours=rule.nudge.wait_hours)
        floor = as_of - 2 * timedelta(hours=rule.nudge.expire_hours)
        windows[rule.nudge.id] = (floor - wait - QUIET_SHIFT_BOUND.to_pytimedelta(), as_of - wait)
    return windows


def _not_recorded(log: EventLog, table: ibis.Table, recorded: pd.DataFrame | None) -> ibis.Table:
    """``table`` without the (nudge, customer) pairs the ledger already holds."""
    if recorded is None or recorded.empty:
        return table
    pairs = recorded[["nudge_id", "customer_id"]].astype(str)
    known = engine_table(
        log.backend, pairs, ibis.schema({"nudge_id": "string", "customer_id": "string"})
    )
    return table.anti_join(
        known, [table.nudge_id == known.nudge_id, table.customer_id == known.customer_id]
    )


def qualified(rows: pd.DataFrame, rule: NudgeRule, zone: str) -> pd.DataFrame:
    """The rows (one nudge's) with their due time whose conditions hold at that time."""
    nudge = rule.nudge
    rows = rows.assign(
        due_at=due_times(rows["entered_at"], nudge.wait_hours, nudge.quiet_hours, zone)
    )
    keep = pd.Series(True, index=rows.index)
    if nudge.only_if_event:
        keep &= rows["only_at"].notna() & (rows["only_at"] <= rows["due_at"])
    if nudge.unless_event:
        keep &= ~(rows["unless_at"].notna() & (rows["unless_at"] <= rows["due_at"]))
    return rows[keep]


def messages(rows: pd.DataFrame, rule: NudgeRule) -> pd.DataFrame:
    """Rows of one nudge as due messages (``MESSAGE_COLUMNS``); a holdout row carries no
    message text."""
    nudge = rule.nudge
    held = rows["held"].astype(bool)
    frame = pd.DataFrame(
        {
            "nudge_id": nudge.id,
            "customer_id": rows["customer_id"].astype(str),
            "touchpoint_id": nudge.after,
            "channel": nudge.channel,
            "message": held.map({True: "", False: nudge.message}),
            "entered_at": rows["entered_at"],
            "due_at": rows["due_at"],
            "group": held.map({True: "holdout", False: "treatment"}),
            "key": rows["key"],
        },
        index=rows.index,
    )
    return frame.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in MESSAGE_COLUMNS})


def find(
    ws: Workshop,
    source: LogSource,
    rules: list[NudgeRule],
    as_of: datetime,
    recorded: pd.DataFrame | None = None,
) -> Found:
    """The run at ``as_of``: one query for every nudge's candidates, then the timing rules."""
    if not rules:
        return Found(_empty(), _empty())
    with opened_log(source) as log:
        table = entries(log, rules, until=as_of, windows=_windows(rules, as_of))
        table = _not_recorded(log, table.filter(table.goal_at.isnull()), recorded)
        candidates = table.to_pandas()
    due, expired = [], []
    for rule in rules:  # a few nudges: each one's rows are whole columns
        rows = candidates[candidates["nudge_id"] == rule.nudge.id]
        for column in ("entered_at", "goal_at", "only_at", "unless_at"):
            rows = rows.assign(**{column: pd.to_datetime(rows[column])})
        rows = qualified(rows, rule, ws.timezone)
        expire = pd.Timedelta(hours=rule.nudge.expire_hours)
        late = rows["due_at"] < as_of - expire
        on_time = ~late & (rows["due_at"] <= as_of)
        counted = late & (rows["due_at"] >= as_of - 2 * expire)
        due.append(messages(rows[on_time], rule))
        expired.append(messages(rows[counted], rule).assign(message=""))
    return Found(_combined(due), _combined(expired))


def _combined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return _empty()
    return pd.concat(frames, ignore_index=True).sort_values(
        ["due_at", "nudge_id", "key"], ignore_index=True
    )


def due(
    ws: Workshop,
    events: object,
    *,
    as_of: datetime | None = None,
    nudges: Iterable[str] | None = None,
    recorded: pd.DataFrame | None = None,
    **log_options: object,
) -> pd.DataFrame:
    """The messages due at ``as_of`` (default: now, UTC) for the workshop's active nudges
    (or ``nudges``, by id or title), treatment and holdout (``MESSAGE_COLUMNS``).
    ``recorded``: (nudge_id, customer_id) pairs already handled, left out.
    ``log_options``: as ``monitor()`` takes them (engine, path_col, time_unit, ...)."""
    source = LogSource(events, **log_options)  # type: ignore[arg-type]
    rules = nudge_rules(ws, nudges)
    return find(ws, source, rules, as_of or now(), recorded).due


__all__ = ["MESSAGE_COLUMNS", "Found", "due", "find", "messages", "now", "qualified"]
