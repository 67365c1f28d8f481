"""What a nudge did: its treated customers' conversion against its holdout's.

A customer in the ledger **converted** when they reached the nudge's goal (any event of
its ``until`` touchpoint) within ``expire_hours`` after their message was due. Every
customer assigned to the treatment counts, whether the message was delivered or not
(comparing only the delivered would compare unlike customers), and only customers whose
window has closed by the log's last event are compared, in both groups alike. The
interval and test are ``monitor/stats.py``'s (Newcomb's interval, the z-test or Fisher's
where small). One query counts every nudge's groups.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..model import Workshop
from ..monitor.source import engine_table
from ..monitor.stats import Rate, compare
from ..monitor.tables import NUDGE_COLUMNS
from .rules import NudgeRule, nudge_rules
from .source import LogSource, opened

COMPARED_GROUPS = ("treatment", "holdout")
COMPARED_STATES = ("pending", "holdout")
"""The states a customer due for a nudge is recorded in (``recorded_as``): whatever
happened to the message later (sent, failed, expired unsent), they stay in their group;
customers recorded as expired were never due, and are in neither."""


def _assigned(messages: pd.DataFrame, rules: list[NudgeRule]) -> pd.DataFrame:
    """The ledger's compared customers with the end of their window."""
    expiry = {rule.nudge.id: rule.nudge.expire_hours for rule in rules}
    rows = messages[
        messages["nudge_id"].isin(list(expiry))
        & messages["recorded_as"].isin(COMPARED_STATES)
        & messages["group"].isin(COMPARED_GROUPS)
    ]
    due_at = pd.to_datetime(rows["due_at"])
    hours = pd.to_timedelta(rows["nudge_id"].map(expiry), unit="h")
    return pd.DataFrame(
        {
            "nudge_id": rows["nudge_id"].astype(str),
            "customer_id": rows["customer_id"].astype(str),
            "group": rows["group"].astype(str),
            "due_at": due_at.astype("datetime64[us]"),
            "window_end": (due_at + hours).astype("datetime64[us]"),
        }
    )


def _counts(source: LogSource, rules: list[NudgeRule], assigned: pd.DataFrame) -> pd.DataFrame:
    """Per nudge and group: customers compared and those who converted (one query)."""
    goals = pd.DataFrame(
        [(rule.nudge.id, name) for rule in rules for name in rule.until],
        columns=["nudge_id", "event"],
    )
    with opened(source) as log:
        events = log.events
        last = events.time.max()
        people = engine_table(log.backend, assigned)
        signals = engine_table(log.backend, goals)
        people = people.filter(people.window_end <= last.as_scalar())
        hits = events.join(signals, events.event == signals.event).select(
            path=events.path.cast("string"), time=events.time, nudge_id=signals.nudge_id
        )
        joined = people.left_join(
            hits,
            [
                people.customer_id == hits.path, people.nudge_id == hits.nudge_id,
                hits.time > people.due_at, hits.time <= people.window_end,
            ],
        )  # fmt: skip
        reached = joined.group_by([people.nudge_id, people.customer_id, people.group]).aggregate(
            converted=joined.time.notnull().any()
        )
        table = reached.group_by(["nudge_id", "group"]).aggregate(
            customers=reached.count(), converted=reached.converted.cast("int64").sum()
        )
        counted: pd.DataFrame = table.to_pandas()
        return counted


def _rows(rule: NudgeRule, counts: pd.DataFrame) -> list[dict[str, Any]]:
    mine = counts[counts["nudge_id"] == rule.nudge.id].set_index("group").to_dict("index")
    empty = {"converted": 0, "customers": 0}
    rates = {
        group: Rate(
            int(mine.get(group, empty)["converted"]), int(mine.get(group, empty)["customers"])
        )
        for group in COMPARED_GROUPS
    }
    difference = compare(rates["holdout"], rates["treatment"])
    rows = []
    for group, rate in rates.items():
        low, high = rate.interval()
        treated = group == "treatment"
        rows.append({
            "nudge_id": rule.nudge.id, "touchpoint_id": rule.nudge.until, "group": group,
            "customers": rate.entered, "converted": rate.passed, "conversion_rate": rate.value,
            "ci_low": low, "ci_high": high,
            "difference": difference.difference if treated else math.nan,
            "diff_ci_low": difference.ci_low if treated else math.nan,
            "diff_ci_high": difference.ci_high if treated else math.nan,
            "p_value": difference.p_value if treated else math.nan,
            "small_sample": difference.small_sample,
        })  # fmt: skip
    return rows


def nudge_lift(
    ws: Workshop, events: object, messages: pd.DataFrame, **log_options: object
) -> pd.DataFrame:
    """``nudges.csv`` for every nudge of the workshop with customers in the ledger
    (``messages``: ``Ledger.messages()``), plus ``small_sample`` per row."""
    present = set(messages["nudge_id"].astype(str)) if not messages.empty else set()
    rules = [rule for rule in nudge_rules(ws, inactive=True) if rule.nudge.id in present]
    columns = [*NUDGE_COLUMNS, "small_sample"]
    if not rules:
        return pd.DataFrame(columns=columns)
    assigned = _assigned(messages, rules)
    source = LogSource(events, **log_options)  # type: ignore[arg-type]
    counts = (
        _counts(source, rules, assigned)
        if not assigned.empty
        else pd.DataFrame(columns=["nudge_id", "group", "customers", "converted"])
    )
    rows = [row for rule in rules for row in _rows(rule, counts)]
    return pd.DataFrame(rows, columns=columns)


__all__ = ["NUDGE_COLUMNS", "nudge_lift"]
