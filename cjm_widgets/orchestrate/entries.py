"""Each nudge's customers as one Ibis expression: when they entered, when they first
reached the goal after that, and when they first did the events the nudge listens for.

A customer enters nudge N at their **first** event of N's ``after`` touchpoint (within
N's ``start``..``end`` days, UTC, and of its persona's segment when it has one, matched on
the customer's first event that has a segment, as ``cjm monitor`` does). For each entry
the expression gives ``goal_at``, the first event of ``until`` strictly after entry, and
``only_at`` / ``unless_at``, the first ``only_if_event`` / ``unless_event`` at or after
entry. Every nudge's rows come from one query (a union), run by the engine; the rules
that need the due time (quiet hours, expiry) are applied to its small result (``timing``).
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from ..errors import CjmError
from ..i18n import translate
from ..monitor.scan import among, first_value
from ..monitor.source import EventLog
from .rules import NudgeRule

ENTRY_COLUMNS = (
    "nudge_id", "customer_id", "entered_at", "goal_at", "only_at", "unless_at", "key", "held",
)  # fmt: skip
"""What ``entries`` gives per (nudge, customer)."""

KEY_SEPARATOR = "|"
"""Between the nudge id and the customer id in the key's input: ids cannot hold it."""


@ibis.udf.scalar.builtin(name="md5")  # type: ignore[untyped-decorator]
def _md5(value: str) -> str:  # type: ignore[empty-body]
    """The MD5 digest as 32 lower-case hex digits: DuckDB's and Spark's own ``md5``, so
    the key (and the holdout it decides) is the same on both engines and every run."""


def holdout_bound(share: float) -> str:
    """The 8 hex digits a key's start is compared with: a key below it is held out.
    Hex strings of one length sort as the numbers they spell, on every engine."""
    return f"{min(round(share * 16**8), 16**8 - 1):08x}" if share > 0 else "00000000"


def _segments(log: EventLog, customers: ir.Table, until: datetime | None) -> ir.Table:
    """The segment of each of ``customers``: the value on their first event that has one
    (read from the whole log, but grouped only for these customers)."""
    events = log.events
    if until is not None:
        events = events.filter(events.time <= until)
    theirs = events.semi_join(customers, "path")
    return theirs.group_by("path").aggregate(path_segment=first_value(theirs, "segment"))


Window = tuple[datetime | None, datetime | None]
"""The entry times a run looks at (either end open: None)."""


def _entered(slim: ir.Table, rule: NudgeRule, window: Window) -> ir.Table:
    """Each customer's first event of the nudge's entry, within its window and period."""
    nudge = rule.nudge
    entered = slim.filter(among(slim.event, rule.after))
    entries = entered.group_by("path").aggregate(entered_at=entered.time.min())
    low, high = window
    if low is not None:
        entries = entries.filter(entries.entered_at >= low)
    if high is not None:
        entries = entries.filter(entries.entered_at <= high)
    day = entries.entered_at.date()
    if nudge.start is not None:
        entries = entries.filter(day >= nudge.start)
    if nudge.end is not None:
        entries = entries.filter(day <= nudge.end)
    return entries


def _one(slim: ir.Table, rule: NudgeRule, entries: ir.Table, segments: ir.Table | None) -> ir.Table:
    """One nudge's rows of ``ENTRY_COLUMNS``."""
    nudge = rule.nudge
    if rule.segment and segments is not None:
        wanted = segments.filter(segments.path_segment == rule.segment)
        entries = entries.semi_join(wanted, "path")
    later = slim.filter(among(slim.event, rule.events))
    joined = entries.join(
        later, [entries.path == later.path, later.time >= entries.entered_at]
    )  # fmt: skip
    nothing = ibis.null("timestamp")

    def first(names: tuple[str, ...], strictly_after: bool) -> ir.Value:
        at = among(joined.event, names)
        if strictly_after:
            at = at & (joined.time > joined.entered_at)
        return ibis.ifelse(at, joined.time, nothing).min()

    figures = {"goal_at": first(rule.until, True)}
    for column, name in (("only_at", nudge.only_if_event), ("unless_at", nudge.unless_event)):
        if name:
            figures[column] = first((name,), False)
    followed = joined.group_by("path").aggregate(**figures)
    table = entries.left_join(followed, "path").select(
        entries.path, entries.entered_at, *figures
    )  # fmt: skip
    customer = table.path.cast("string")
    key = _md5(ibis.literal(nudge.id + KEY_SEPARATOR) + customer)

    def moment(column: str) -> ir.Value:
        return table[column].cast("timestamp") if column in figures else nothing

    return table.select(
        nudge_id=ibis.literal(nudge.id),
        customer_id=customer,
        entered_at=table.entered_at.cast("timestamp"),
        goal_at=moment("goal_at"),
        only_at=moment("only_at"),
        unless_at=moment("unless_at"),
        key=key,
        held=key.substr(0, 8) < holdout_bound(nudge.holdout),
    )


def entries(
    log: EventLog,
    rules: list[NudgeRule],
    until: datetime | None = None,
    windows: dict[str, Window] | None = None,
) -> ir.Table:
    """Every nudge's entries (``ENTRY_COLUMNS``), reading only events up to ``until``, of
    the customers who entered within each nudge's window (by nudge id; default: any time).

    The log is read twice: once for the events any nudge names, stored (a small table),
    and, when a nudge is for a persona's segment, once more for the segment of the
    customers who entered."""
    for rule in rules:
        if rule.segment and not log.has_segment:  # it would reach every persona's customers
            raise CjmError(
                translate("nudge.no_segment_column", nudge=rule.nudge.title, segment=rule.segment)
            )
    events = log.events
    if until is not None:
        events = events.filter(events.time <= until)
    names = list(dict.fromkeys(n for rule in rules for n in (*rule.after, *rule.events)))
    slim = events.filter(among(events.event, names)).select("path", "time", "event").cache()
    windows = windows or {}
    entered = {
        rule.nudge.id: _entered(slim, rule, windows.get(rule.nudge.id, (None, None)))
        for rule in rules
    }
    segments = None
    segmented = [rule for rule in rules if rule.segment]
    if log.has_segment and segmented:
        customers = [entered[rule.nudge.id].select("path") for rule in segmented]
        who = (ibis.union(*customers) if len(customers) > 1 else customers[0]).distinct()
        segments = _segments(log, who, until).cache()
    tables = [_one(slim, rule, entered[rule.nudge.id], segments) for rule in rules]
    return ibis.union(*tables) if len(tables) > 1 else tables[0]


__all__ = ["ENTRY_COLUMNS", "Window", "entries", "holdout_bound"]
