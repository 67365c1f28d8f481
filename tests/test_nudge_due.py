"""The nudge rules on hand-made logs: who is due at a run, who is not, and why."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from cjm_widgets.errors import CjmError
from cjm_widgets.orchestrate import due
from cjm_widgets.orchestrate.due_set import MESSAGE_COLUMNS, find
from cjm_widgets.orchestrate.entries import holdout_bound
from cjm_widgets.orchestrate.rules import nudge_rules
from cjm_widgets.orchestrate.source import LogSource
from tests.nudge_logs import log, workshop

RUN = datetime(2026, 3, 10, 12, 0)


def due_ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["customer_id"])


def test_due_after_the_wait_unless_the_goal_came_first() -> None:
    events = log([
        ("a", "2026-03-08 10:00", "bill_opened"),  # due 03-10 10:00 <= 12:00, not paid: due
        ("a", "2026-03-08 11:00", "bill_opened"),  # a later open does not move the entry
        ("b", "2026-03-08 13:00", "bill_opened"),  # due 03-10 13:00: after the run, not yet
        ("c", "2026-03-08 09:00", "bill_opened"),
        ("c", "2026-03-09 09:00", "bill_paid"),    # paid before the run: not due
        ("d", "2026-03-08 09:00", "bill_opened"),
        ("d", "2026-03-10 12:30", "direct_debit_paid"),  # paid after the run: still due now
        ("e", "2026-03-08 09:00", "bill_paid"),    # paid before entry only: due
        ("e", "2026-03-08 09:30", "bill_opened"),
        ("f", "2026-03-06 15:00", "bill_opened"),  # due 03-08 15:00, 45 h ago > 24 h: expired
        ("g", "2026-03-06 09:00", "bill_opened"),  # due 03-08 09:00, before 03-08 12:00
                                                   # (run - 2 x expire): an earlier run's
    ])  # fmt: skip
    ws = workshop()
    found = find(ws, LogSource(events), nudge_rules(ws), RUN)
    assert due_ids(found.due) == ["a", "d", "e"]
    assert due_ids(found.expired) == ["f"]
    first = found.due.set_index("customer_id").loc["a"]
    assert first["entered_at"] == pd.Timestamp("2026-03-08 10:00")
    assert first["due_at"] == pd.Timestamp("2026-03-10 10:00")
    assert first["message"] == "Hi {first_name}, your bill is waiting"  # placeholders untouched
    assert (first["touchpoint_id"], first["channel"], first["group"]) == (
        "tp-open", "e-mail", "treatment",
    )  # fmt: skip
    assert list(found.due.columns) == list(MESSAGE_COLUMNS)


def test_the_goal_at_the_moment_of_entry_does_not_end_the_nudge() -> None:
    events = log([
        ("a", "2026-03-08 10:00", "bill_opened"),
        ("a", "2026-03-08 10:00", "bill_paid"),  # same second as entry: not after it
    ])  # fmt: skip
    assert due_ids(due(workshop(), events, as_of=RUN)) == ["a"]


def test_events_after_the_run_are_not_read() -> None:
    # the run at 12:00 replays history: the open at 13:00 has not happened yet
    events = log([("a", "2026-03-08 13:00", "bill_opened")])
    assert due(workshop(), events, as_of=RUN).empty
    assert due_ids(due(workshop(), events, as_of=datetime(2026, 3, 10, 13, 0))) == ["a"]


def test_quiet_hours_move_the_due_time_to_their_end_in_the_workshops_zone() -> None:
    ws = workshop(wait_hours=1, quiet_hours="21-08", timezone="Europe/Helsinki")
    events = log([
        ("a", "2026-03-09 19:30", "bill_opened"),  # +1 h = 20:30 UTC = 22:30 EET: quiet -> 08:00 EET = 06:00 UTC
        ("b", "2026-03-10 05:30", "bill_opened"),  # 06:30 UTC = 08:30 EET: not quiet
        ("c", "2026-03-10 10:30", "bill_opened"),  # 11:30 UTC: not quiet, due
    ])  # fmt: skip
    found = find(ws, LogSource(events), nudge_rules(ws), RUN)
    times = found.due.set_index("customer_id")["due_at"]
    assert times.to_dict() == {
        "a": pd.Timestamp("2026-03-10 06:00"),
        "b": pd.Timestamp("2026-03-10 06:30"),
        "c": pd.Timestamp("2026-03-10 11:30"),
    }
    # in summer time (EEST, UTC+3) the same quiet hours end at 05:00 UTC
    summer = log([("a", "2026-07-09 19:30", "bill_opened")])
    at = find(ws, LogSource(summer), nudge_rules(ws), datetime(2026, 7, 10, 12))
    assert list(at.due["due_at"]) == [pd.Timestamp("2026-07-10 05:00")]


def test_a_message_due_in_quiet_hours_waits_for_their_end() -> None:
    ws = workshop(wait_hours=1, quiet_hours="21-08")  # UTC
    events = log([("a", "2026-03-10 00:30", "bill_opened")])  # due 01:30 -> 08:00
    assert due(ws, events, as_of=datetime(2026, 3, 10, 7, 59)).empty
    assert due_ids(due(ws, events, as_of=datetime(2026, 3, 10, 8, 0))) == ["a"]


def test_the_persona_s_segment_and_the_period_choose_who_enters() -> None:
    events = log(
        [
            ("a", "2026-03-08 10:00", "bill_opened"),
            ("b", "2026-03-08 10:00", "bill_opened"),
            ("c", "2026-03-07 23:00", "bill_opened"),  # app, but entered before start: out
        ],
        segments={"a": " APP ", "b": "paper", "c": "app"},
    )
    ws = workshop(persona="pe-app", start="2026-03-08", expire_hours=72)
    assert due_ids(due(ws, events, as_of=RUN)) == ["a"]
    ws = workshop(persona="pe-paper")
    assert due_ids(due(ws, events, as_of=RUN)) == ["b"]


def test_only_if_and_unless_events_count_between_entry_and_the_due_time() -> None:
    events = log([
        ("a", "2026-03-08 10:00", "bill_opened"),
        ("a", "2026-03-09 10:00", "support_call"),  # called before due: qualifies
        ("b", "2026-03-08 10:00", "bill_opened"),   # never called: does not
        ("c", "2026-03-08 10:00", "bill_opened"),
        ("c", "2026-03-10 11:00", "support_call"),  # called after due (10:00): does not
        ("d", "2026-03-08 10:00", "bill_opened"),
        ("d", "2026-03-09 10:00", "support_call"),
        ("d", "2026-03-09 11:00", "chat_opened"),   # unless: chatted before due
    ])  # fmt: skip
    ws = workshop(only_if_event="support_call", unless_event="chat_opened")
    assert due_ids(due(ws, events, as_of=RUN)) == ["a"]
    ws = workshop(unless_event="chat_opened")
    assert due_ids(due(ws, events, as_of=RUN)) == ["a", "b", "c"]


def test_recorded_customers_are_never_due_again() -> None:
    events = log(
        [("a", "2026-03-08 10:00", "bill_opened"), ("b", "2026-03-08 10:00", "bill_opened")]
    )
    recorded = pd.DataFrame({"nudge_id": ["nu-remind"], "customer_id": ["a"]})
    assert due_ids(due(workshop(), events, as_of=RUN, recorded=recorded)) == ["b"]


def test_inactive_nudges_send_nothing_unless_named() -> None:
    events = log([("a", "2026-03-08 10:00", "bill_opened")])
    ws = workshop(active=False)
    assert due(ws, events, as_of=RUN).empty
    assert due_ids(due(ws, events, as_of=RUN, nudges=["Payment reminder"])) == ["a"]


def test_the_holdout_is_stable_and_near_its_share() -> None:
    rows = [(f"c{i}", "2026-03-08 10:00", "bill_opened") for i in range(10_000)]
    ws = workshop(holdout=0.2)
    first = due(ws, log(rows), as_of=RUN)
    again = due(ws, log(rows[::-1]), as_of=datetime(2026, 3, 10, 11))
    held = set(first.loc[first["group"] == "holdout", "customer_id"])
    assert held == set(again.loc[again["group"] == "holdout", "customer_id"])
    assert 0.19 < len(held) / 10_000 < 0.21
    assert (first.loc[first["group"] == "holdout", "message"] == "").all()
    assert first["key"].is_unique and first["key"].str.fullmatch("[0-9a-f]{32}").all()
    # another nudge holds back other customers: the hash includes the nudge's id
    other = due(workshop(holdout=0.2, id="nu-other"), log(rows), as_of=RUN)
    assert held != set(other.loc[other["group"] == "holdout", "customer_id"])


def test_holdout_bounds() -> None:
    assert holdout_bound(0) == "00000000"
    assert holdout_bound(0.5) == "80000000"
    assert holdout_bound(0.1) == "1999999a"


def test_a_touchpoint_without_signals_is_refused_by_name() -> None:
    ws = workshop(until="tp-note")
    with pytest.raises(CjmError) as caught:
        due(ws, log([("a", "2026-03-08 10:00", "bill_opened")]), as_of=RUN)
    assert "Reads a note" in str(caught.value) and "step 4" in str(caught.value)


def test_a_persona_nudge_on_a_log_without_segments_is_refused() -> None:
    events = log([("a", "2026-03-08 10:00", "bill_opened")])  # no segment column
    with pytest.raises(CjmError) as caught:
        due(workshop(persona="pe-app"), events, as_of=RUN)
    assert "--segment-col" in str(caught.value) and "'app'" in str(caught.value)
