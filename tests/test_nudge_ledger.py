"""The nudge ledger beside the workshop: what a run records, what it refuses to change,
who may read it, and what a user sees when the file is not a ledger."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets.errors import CjmError
from cjm_widgets.orchestrate.ledger import (
    MESSAGE_COLUMNS,
    STATE_COLUMNS,
    Ledger,
    ledger_path,
)


def due(
    customers: list[str],
    nudge: str = "nu-remind",
    group: str = "treatment",
    message: str = "Hi {first_name}, your invoice waits",
    due_at: str = "2024-03-01 09:00",
) -> pd.DataFrame:
    """Due messages as a run hands them to the ledger (times naive, meaning UTC)."""
    return pd.DataFrame(
        {
            "nudge_id": nudge,
            "customer_id": customers,
            "touchpoint_id": "tp-opens-invoice",
            "channel": "e-mail",
            "message": message,
            "entered_at": pd.Timestamp("2024-02-28 07:30:15"),
            "due_at": pd.Timestamp(due_at),
            "group": group,
            "key": [f"{nudge}:{customer}" for customer in customers],
        }
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(ledger_path(tmp_path / "bills.cjm.json")) as opened:
        yield opened


def raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_the_ledger_sits_beside_the_workshop(tmp_path: Path) -> None:
    assert ledger_path(tmp_path / "bills.cjm.json") == tmp_path / "bills.nudges.sqlite"
    assert ledger_path("w.json").name == "w.nudges.sqlite"


def test_reading_a_workshop_without_a_ledger_creates_nothing(ledger: Ledger) -> None:
    assert not ledger.exists()
    assert ledger.outbox().empty
    assert list(ledger.outbox().columns) == list(MESSAGE_COLUMNS)
    assert ledger.messages().empty
    assert ledger.status().empty
    assert ledger.customers(["nu-remind"]).empty
    assert not ledger.exists()


def test_database_and_its_wal_and_shm_are_readable_by_the_owner_only(ledger: Ledger) -> None:
    old = os.umask(0)  # even a permissive umask must not open the ledger to others
    try:
        ledger.record_due(due(["c1"]))
    finally:
        os.umask(old)
    for suffix in ("", "-wal", "-shm"):
        part = ledger.path.with_name(ledger.path.name + suffix)
        assert stat.S_IMODE(part.stat().st_mode) == 0o600, suffix


def test_a_copied_ledger_with_loose_permissions_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "w.nudges.sqlite"
    with Ledger(path) as ledger:
        ledger.record_due(due(["c1"]))
    path.chmod(0o644)
    with Ledger(path) as ledger:
        assert len(ledger.outbox()) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_rows_can_be_neither_changed_nor_deleted(ledger: Ledger) -> None:
    ledger.record_due(due(["c1", "c2"]))
    ledger.mark_sent("nu-remind:c1", "HTTP 200")
    with sqlite3.connect(ledger.path) as db:
        for sql in (
            "UPDATE states SET state = 'pending'",
            "DELETE FROM states",
            "UPDATE messages SET message = 'changed'",
            "DELETE FROM messages WHERE customer_id = 'c2'",
            "UPDATE ledger SET value = '9'",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                db.execute(sql)
    assert ledger.messages().set_index("customer_id")["state"].to_dict() == {
        "c1": "sent",
        "c2": "pending",
    }


def test_a_state_change_is_a_new_row_and_the_latest_wins(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    ledger.mark_failed("nu-remind:c1", "HTTP 503")
    ledger.mark_sent("nu-remind:c1", "HTTP 200")
    assert raw(ledger.path, "SELECT state FROM messages") == [("pending",)]
    rows = raw(ledger.path, "SELECT state, detail FROM states ORDER BY seq")
    assert rows == [("failed", "HTTP 503"), ("sent", "HTTP 200")]
    assert ledger.messages()["state"].tolist() == ["sent"]


def test_recording_the_same_keys_again_records_nothing(ledger: Ledger) -> None:
    assert ledger.record_due(due(["c1", "c2"])) == 2
    assert ledger.record_due(due(["c1", "c2"])) == 0
    assert ledger.record_due(due(["c2", "c3", "c3"])) == 1
    ledger.mark_sent("nu-remind:c1")
    assert ledger.record_due(due(["c1"])) == 0  # a sent key never becomes pending again
    assert raw(ledger.path, "SELECT COUNT(*) FROM messages") == [(3,)]
    assert ledger.messages()["state"].tolist() == ["sent", "pending", "pending"]


def test_a_holdout_customers_text_is_never_stored(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"], message="Pay now, {first_name}"))
    ledger.record_due(due(["c2"], group="holdout", message="HOLDOUT-TEXT-NOT-SENT"))
    ledger.record_expired(due(["c3"], message="EXPIRED-TEXT-NOT-SENT"))
    assert raw(ledger.path, "SELECT customer_id, message FROM messages ORDER BY id") == [
        ("c1", "Pay now, {first_name}"),
        ("c2", None),
        ("c3", None),
    ]
    ledger.close()
    stored = b"".join(part.read_bytes() for part in ledger.path.parent.iterdir() if part.is_file())
    assert b"Pay now" in stored
    assert b"HOLDOUT-TEXT" not in stored
    assert b"EXPIRED-TEXT" not in stored


def test_the_outbox_holds_unsent_treatment_messages_oldest_first(ledger: Ledger) -> None:
    ledger.record_due(due(["late"], due_at="2024-03-02 09:00"))
    ledger.record_due(due(["early", "sent", "failed"], due_at="2024-03-01 09:00"))
    ledger.record_due(due(["held"], group="holdout"))
    ledger.record_expired(due(["gone"]))
    ledger.mark_sent("nu-remind:sent")
    ledger.mark_failed("nu-remind:failed", "HTTP 500")
    outbox = ledger.outbox()
    assert list(outbox.columns) == list(MESSAGE_COLUMNS)
    assert outbox["customer_id"].tolist() == ["early", "failed", "late"]
    assert set(outbox["group"]) == {"treatment"}
    assert outbox["message"].tolist() == ["Hi {first_name}, your invoice waits"] * 3
    assert outbox["due_at"].tolist() == [
        pd.Timestamp("2024-03-01 09:00"),
        pd.Timestamp("2024-03-01 09:00"),
        pd.Timestamp("2024-03-02 09:00"),
    ]
    assert outbox["entered_at"].dtype == "datetime64[ns]"
    assert outbox["due_at"].dtype == "datetime64[ns]"


def test_times_are_stored_as_iso_utc_text_and_read_back_naive(ledger: Ledger) -> None:
    messages = due(["c1"])
    messages["due_at"] = pd.Timestamp("2024-03-01 11:00:00.25", tz="Europe/Helsinki")
    ledger.record_due(messages)
    assert raw(ledger.path, "SELECT entered_at, due_at FROM messages") == [
        ("2024-02-28T07:30:15.000000Z", "2024-03-01T09:00:00.250000Z")
    ]
    assert ledger.outbox()["due_at"].tolist() == [pd.Timestamp("2024-03-01 09:00:00.25")]


def test_messages_show_each_keys_latest_state_and_never_its_text(ledger: Ledger) -> None:
    before = pd.Timestamp.now(tz="UTC").tz_localize(None)
    ledger.record_due(due(["c1", "c2"]))
    ledger.record_due(due(["c3"], group="holdout"))
    ledger.mark_sent("nu-remind:c2", "HTTP 202")
    messages = ledger.messages()
    assert list(messages.columns) == [*STATE_COLUMNS, "recorded_as"]
    assert messages[["customer_id", "group", "state", "recorded_as"]].values.tolist() == [
        ["c1", "treatment", "pending", "pending"],
        ["c2", "treatment", "sent", "pending"],
        ["c3", "holdout", "holdout", "holdout"],
    ]
    assert messages["updated_at"].dtype == "datetime64[ns]"
    assert (messages["updated_at"] >= before).all()
    assert messages.loc[1, "updated_at"] >= messages.loc[0, "updated_at"]


def test_status_counts_each_nudges_keys_by_state(ledger: Ledger) -> None:
    ledger.record_due(due(["c1", "c2", "c3", "c4"]))
    ledger.record_due(due(["c5"], group="holdout"))
    ledger.record_expired(due(["c6", "c7"]))
    ledger.record_due(due(["c1"], nudge="nu-welcome"))
    ledger.mark_sent("nu-remind:c1")
    ledger.mark_failed("nu-remind:c2", "HTTP 500")
    ledger.mark_failed("nu-remind:c3", "HTTP 500")
    ledger.mark_sent("nu-remind:c3")
    status = ledger.status()
    assert status.to_dict("records") == [
        {"nudge_id": "nu-remind", "sent": 2, "pending": 1, "failed": 1, "expired": 2, "holdout": 1},
        {
            "nudge_id": "nu-welcome",
            "sent": 0,
            "pending": 1,
            "failed": 0,
            "expired": 0,
            "holdout": 0,
        },
    ]
    assert all(status[column].dtype == "int64" for column in status.columns[1:])


def test_customers_lists_every_pair_with_any_entry(ledger: Ledger) -> None:
    ledger.record_due(due(["c1", "c2"]))
    ledger.record_due(due(["c3"], group="holdout"))
    ledger.record_expired(due(["c4"]))
    ledger.record_due(due(["c9"], nudge="nu-other"))
    ledger.mark_sent("nu-remind:c1")
    pairs = ledger.customers(["nu-remind", "nu-missing"])
    assert list(pairs.columns) == ["nudge_id", "customer_id"]
    assert sorted(map(tuple, pairs.values.tolist())) == [
        ("nu-remind", "c1"),
        ("nu-remind", "c2"),
        ("nu-remind", "c3"),
        ("nu-remind", "c4"),
    ]
    assert ledger.customers([]).empty


def test_only_a_treatment_message_of_the_ledger_can_be_marked(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"], group="holdout"))
    with pytest.raises(ValueError, match="no treatment message"):
        ledger.mark_sent("nu-remind:c1")
    with pytest.raises(ValueError, match="no treatment message"):
        ledger.mark_failed("nu-remind:unknown", "HTTP 500")
    assert ledger.messages()["state"].tolist() == ["holdout"]


def test_a_pending_message_can_expire_and_leaves_the_outbox(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    ledger.mark_expired("nu-remind:c1", "waited past expire_hours")
    assert ledger.outbox().empty
    assert ledger.status()["expired"].tolist() == [1]


def test_messages_missing_a_column_are_refused_by_name(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="due_at"):
        ledger.record_due(due(["c1"]).drop(columns="due_at"))
    with pytest.raises(ValueError, match="group"):
        ledger.record_due(due(["c1"], group="control"))
    assert not ledger.exists()


def one_line_error(path: Path) -> str:
    with pytest.raises(CjmError) as caught, Ledger(path) as ledger:
        ledger.record_due(due(["c1"]))
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_a_file_that_is_no_database_is_named_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "w.nudges.sqlite"
    path.write_bytes(os.urandom(4096))
    assert "move it away" in one_line_error(path)
    with pytest.raises(CjmError, match="move it away"):
        Ledger(path).status()


def test_another_sqlite_database_is_not_taken_for_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "w.nudges.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, at TEXT)")
    message = one_line_error(path)
    assert "is not a nudge ledger" in message
    assert raw(path, "SELECT name FROM sqlite_master") == [("log",)]


def test_a_ledger_of_a_newer_version_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "w.nudges.sqlite"
    with Ledger(path) as ledger:
        ledger.record_due(due(["c1"]))
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER ledger_no_update")
        db.execute("UPDATE ledger SET value = '2' WHERE name = 'version'")
    assert "upgrade cjm-widgets" in one_line_error(path)


def test_a_folder_that_cannot_hold_the_ledger_is_named(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    message = one_line_error(tmp_path / "not-a-folder" / "w.nudges.sqlite")
    assert "make its folder writable" in message


def test_recording_a_hundred_thousand_messages_is_one_quick_transaction(
    ledger: Ledger,
) -> None:
    """One commit per row would take minutes (an fsync each); one transaction, about a
    second on a busy CI machine (benchmarks/bench_nudge_delivery.py prints the figure)."""
    messages = due([f"c{number}" for number in range(100_000)])
    started = time.perf_counter()
    assert ledger.record_due(messages) == 100_000
    assert time.perf_counter() - started < 5
    assert ledger.status()["pending"].tolist() == [100_000]


def test_messages_handed_over_together_are_marked_in_one_go(ledger: Ledger) -> None:
    ledger.record_due(due([f"c{n}" for n in range(1000)]))
    ledger.record_due(due(["h1"], group="holdout"))
    keys = [f"nu-remind:c{n}" for n in range(1000)]
    with pytest.raises(ValueError, match="no treatment messages"):
        ledger.mark_sent_many([*keys[:3], "nu-remind:h1"], "file due.csv")
    assert ledger.status()["sent"].tolist() == [0]
    started = time.perf_counter()
    assert ledger.mark_sent_many(keys, "file due.csv") == 1000
    assert time.perf_counter() - started < 1  # a flush per key would take seconds
    assert ledger.outbox().empty
    assert raw(ledger.path, "SELECT DISTINCT detail FROM states") == [("file due.csv",)]
