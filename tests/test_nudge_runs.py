"""A run's book-keeping across runs: what an earlier run could not deliver is retried,
and once past its nudge's expiry it is marked expired, never sent late."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import pytest

from cjm_widgets.orchestrate import delivery, run
from cjm_widgets.orchestrate.delivery import Backoff
from cjm_widgets.orchestrate.ledger import Ledger
from tests.nudge_logs import log, workshop


def _closed_port() -> int:
    """A loopback port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_undelivered_message_expires_instead_of_going_out_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "BACKOFF", Backoff(initial=0.01, maximum=0.02))
    ws = workshop(expire_hours=24)
    events = log([("a", "2026-03-08 10:00", "bill_opened")])  # due 03-10 10:00
    book = tmp_path / "w.nudges.sqlite"
    url = f"http://127.0.0.1:{_closed_port()}/"
    first = run(ws, events, ledger=book, as_of=datetime(2026, 3, 10, 12), webhook=url, attempts=1)
    assert first.delivery is not None and first.delivery.failed == 1
    with Ledger(book) as ledger:
        assert ledger.status().iloc[0][["failed", "expired"]].tolist() == [1, 0]
    # a day later it is still within the expiry: retried (and fails again)
    again = run(ws, events, ledger=book, as_of=datetime(2026, 3, 11, 9), webhook=url, attempts=1)
    assert again.delivery is not None and again.delivery.failed == 1
    # past due + 24 h: expired, and nothing is tried
    late = run(ws, events, ledger=book, as_of=datetime(2026, 3, 11, 11), webhook=url, attempts=1)
    assert late.delivery is not None and (late.delivery.sent, late.delivery.failed) == (0, 0)
    with Ledger(book) as ledger:
        assert ledger.status().iloc[0][["failed", "expired"]].tolist() == [0, 1]
        assert ledger.outbox().empty


def test_a_message_that_expired_unsent_stays_in_the_treatment_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjm_widgets.orchestrate.lift import nudge_lift

    monkeypatch.setattr(delivery, "BACKOFF", Backoff(initial=0.01, maximum=0.02))
    ws = workshop(expire_hours=24)
    events = log([("a", "2026-03-08 10:00", "bill_opened"), ("z", "2026-03-20 10:00", "x")])
    book = tmp_path / "w.nudges.sqlite"
    url = f"http://127.0.0.1:{_closed_port()}/"
    run(ws, events, ledger=book, as_of=datetime(2026, 3, 10, 12), webhook=url, attempts=1)
    run(ws, events, ledger=book, as_of=datetime(2026, 3, 11, 11), webhook=url, attempts=1)
    with Ledger(book) as ledger:
        messages = ledger.messages()
    assert messages["state"].tolist() == ["expired"]
    lift = nudge_lift(ws, events, messages).set_index("group")
    assert lift.loc["treatment", "customers"] == 1  # assigned, so compared (intention to treat)
