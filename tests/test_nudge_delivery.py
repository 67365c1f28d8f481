"""Handing due messages to a webhook: the bodies and headers a receiver gets, retries
and their limits, the rate, and the addresses refused. Every request goes to a receiver
the test starts on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock

from cjm_widgets._version import __version__
from cjm_widgets.errors import CjmError
from cjm_widgets.orchestrate import delivery
from cjm_widgets.orchestrate.delivery import (
    FORMATS,
    Backoff,
    check_webhook,
    deliver,
    payload,
)
from cjm_widgets.orchestrate.ledger import Ledger
from tests.nudge_receiver import Reply, receiving
from tests.test_nudge_ledger import due


@pytest.fixture(autouse=True)
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery, "BACKOFF", Backoff(initial=0.01, maximum=0.05))


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "bills.nudges.sqlite") as opened:
        yield opened


def states(ledger: Ledger) -> dict[str, str]:
    return dict(zip(ledger.messages()["key"], ledger.messages()["state"], strict=True))


ROW = {
    "nudge_id": "nu-remind",
    "customer_id": "cust-42",
    "touchpoint_id": "tp-opens-invoice",
    "channel": "e-mail",
    "message": "Hi {first_name}, your invoice waits",
    "entered_at": pd.Timestamp("2024-02-28 07:30:15"),
    "due_at": pd.Timestamp("2024-03-01 09:00"),
    "group": "treatment",
    "key": "3f2a9c0d1e",
}


def test_the_cjm_format_is_the_row_with_utc_times() -> None:
    assert FORMATS == ("cjm", "segment")
    assert payload(ROW, "cjm") == {
        "nudge_id": "nu-remind",
        "customer_id": "cust-42",
        "touchpoint_id": "tp-opens-invoice",
        "channel": "e-mail",
        "message": "Hi {first_name}, your invoice waits",
        "entered_at": "2024-02-28T07:30:15Z",
        "due_at": "2024-03-01T09:00:00Z",
        "group": "treatment",
        "key": "3f2a9c0d1e",
    }


def test_the_segment_format_is_a_track_call() -> None:
    aware = {**ROW, "due_at": pd.Timestamp("2024-03-01 11:00:00.5", tz="Europe/Helsinki")}
    assert payload(aware, "segment") == {
        "type": "track",
        "userId": "cust-42",
        "event": "Journey nudge due",
        "messageId": "3f2a9c0d1e",
        "timestamp": "2024-03-01T09:00:00.500000Z",
        "properties": {
            "nudge_id": "nu-remind",
            "touchpoint_id": "tp-opens-invoice",
            "channel": "e-mail",
            "message": "Hi {first_name}, your invoice waits",
            "entered_at": "2024-02-28T07:30:15Z",
            "due_at": "2024-03-01T09:00:00.500000Z",
            "group": "treatment",
        },
    }


def test_an_unknown_format_names_the_flag() -> None:
    with pytest.raises(CjmError, match="--format xml: use one of cjm, segment"):
        payload(ROW, "xml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_message_arrives_once_with_its_key_token_and_body(ledger: Ledger, fmt: str) -> None:
    ledger.record_due(due(["c1", "c2"]))
    ledger.record_due(due(["c3"], group="holdout"))
    with receiving() as receiver:
        result = deliver(ledger, receiver.url, fmt=fmt, token="s3cret-token", rate=1000)
    assert (result.sent, result.failed, result.left) == (2, 0, 0)
    assert [arrival.key for arrival in receiver.arrivals] == ["nu-remind:c1", "nu-remind:c2"]
    first = receiver.arrivals[0]
    assert first.headers["Idempotency-Key"] == "nu-remind:c1"
    assert first.headers["Authorization"] == "Bearer s3cret-token"
    assert first.headers["User-Agent"] == f"cjm-widgets/{__version__}"
    assert first.headers["Content-Type"] == "application/json"
    assert first.body == payload(due(["c1"]).iloc[0].to_dict(), fmt)
    assert states(ledger) == {
        "nu-remind:c1": "sent",
        "nu-remind:c2": "sent",
        "nu-remind:c3": "holdout",
    }
    assert b"s3cret-token" not in ledger.path.read_bytes()


def test_no_token_no_authorization_header_and_nothing_is_sent_twice(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    with receiving() as receiver:
        deliver(ledger, receiver.url, rate=1000)
        again = deliver(ledger, receiver.url, rate=1000)
    assert (again.sent, again.failed) == (0, 0)
    assert len(receiver.arrivals) == 1
    assert "Authorization" not in receiver.arrivals[0].headers


def test_a_holdout_message_is_never_sent(ledger: Ledger) -> None:
    ledger.record_due(due([f"h{n}" for n in range(5)], group="holdout"))
    with receiving() as receiver:
        result = deliver(ledger, receiver.url, rate=1000)
    assert (result.sent, result.failed) == (0, 0)
    assert receiver.arrivals == []


def test_a_500_is_retried_with_the_same_key_until_it_succeeds(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    lines: list[str] = []
    with receiving(lambda key, before: Reply(500 if before < 2 else 200)) as receiver:
        result = deliver(ledger, receiver.url, rate=1000, progress=lines.append)
    assert result.sent == 1
    assert [arrival.key for arrival in receiver.arrivals] == ["nu-remind:c1"] * 3
    assert receiver.arrivals[1].body == receiver.arrivals[0].body
    assert states(ledger) == {"nu-remind:c1": "sent"}
    assert lines[0].startswith("nu-remind:c1: HTTP 500; trying again in ")
    assert lines[0].endswith("(attempt 2 of 5)")


def test_a_429_waits_as_long_as_retry_after_asks(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    plan = {0: Reply(429, headers={"Retry-After": "0.4"})}
    with receiving(lambda key, before: plan.get(before, Reply())) as receiver:
        deliver(ledger, receiver.url, rate=1000)
    first, second = receiver.arrivals
    assert second.at - first.at >= 0.4
    assert states(ledger) == {"nu-remind:c1": "sent"}


def test_a_long_retry_after_is_capped(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery, "BACKOFF", Backoff(0.01, 0.05, retry_after_max=0.1))
    ledger.record_due(due(["c1"]))
    plan = {0: Reply(429, headers={"Retry-After": "3600"})}
    with receiving(lambda key, before: plan.get(before, Reply())) as receiver:
        deliver(ledger, receiver.url, rate=1000)
    first, second = receiver.arrivals
    assert 0.1 <= second.at - first.at < 2


def test_a_request_past_the_timeout_is_sent_again(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    plan = {0: Reply(delay=0.6, late=True)}
    with receiving(lambda key, before: plan.get(before, Reply())) as receiver:
        result = deliver(ledger, receiver.url, rate=1000, timeout=0.2)
    assert result.sent == 1
    assert receiver.seen("nu-remind:c1") == 2
    assert receiver.acted == {"nu-remind:c1": 1}  # the receiver dedupes the late one


def test_a_400_fails_at_once_and_the_next_run_tries_again(ledger: Ledger) -> None:
    ledger.record_due(due(["c1", "c2"]))
    bad = {"nu-remind:c1"}
    lines: list[str] = []
    with receiving(lambda key, before: Reply(400 if key in bad else 200)) as receiver:
        result = deliver(ledger, receiver.url, rate=1000, progress=lines.append)
        assert (result.sent, result.failed) == (1, 1)
        assert receiver.seen("nu-remind:c1") == 1
        assert states(ledger)["nu-remind:c1"] == "failed"
        assert lines == ["nu-remind:c1: not delivered (HTTP 400); the next run tries it again"]
        details = ledger.messages()
        bad.clear()
        second = deliver(ledger, receiver.url, rate=1000)
    assert (second.sent, second.failed) == (1, 0)
    assert receiver.seen("nu-remind:c1") == 2
    assert receiver.seen("nu-remind:c2") == 1
    assert states(ledger) == {"nu-remind:c1": "sent", "nu-remind:c2": "sent"}
    assert details["state"].tolist() == ["failed", "sent"]


def test_retries_stop_after_the_given_attempts(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    with receiving(lambda key, before: Reply(503)) as receiver:
        result = deliver(ledger, receiver.url, rate=1000, attempts=3)
    assert (result.sent, result.failed) == (0, 1)
    assert receiver.seen("nu-remind:c1") == 3
    assert states(ledger) == {"nu-remind:c1": "failed"}


def test_a_receiver_that_is_down_stops_the_run_early(ledger: Ledger) -> None:
    ledger.record_due(due([f"c{n}" for n in range(8)]))
    lines: list[str] = []
    with receiving(lambda key, before: Reply(503)) as receiver:
        result = deliver(ledger, receiver.url, rate=1000, attempts=1, progress=lines.append)
    assert (result.sent, result.failed, result.left) == (0, 5, 3)
    assert len(receiver.arrivals) == 5
    assert lines[-1] == (
        "the receiver failed 5 messages in a row, so the run stopped; "
        "3 messages wait for the next run"
    )
    assert len(ledger.outbox()) == 8  # failed and untried alike wait for the next run


def test_no_answer_at_all_is_a_network_error_retried_then_failed(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    with receiving() as receiver:
        url = receiver.url
    result = deliver(ledger, url, rate=1000, attempts=2, timeout=1)
    assert (result.sent, result.failed) == (0, 1)
    assert ledger.messages()["state"].tolist() == ["failed"]


def test_the_rate_spaces_the_requests(ledger: Ledger) -> None:
    ledger.record_due(due([f"c{n}" for n in range(6)]))
    with receiving() as receiver:
        deliver(ledger, receiver.url, rate=20)
    times = [arrival.at for arrival in receiver.arrivals]
    assert len(times) == 6
    assert times[-1] - times[0] >= 5 / 20 - 0.01
    assert min(b - a for a, b in itertools.pairwise(times)) >= 1 / 20 - 0.01


def test_retries_count_against_the_rate(ledger: Ledger) -> None:
    ledger.record_due(due(["c1", "c2"]))
    with receiving(lambda key, before: Reply(500 if before == 0 else 200)) as receiver:
        deliver(ledger, receiver.url, rate=10)
    times = [arrival.at for arrival in receiver.arrivals]
    assert len(times) == 4
    assert times[-1] - times[0] >= 3 / 10 - 0.01


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://[::1]:9/",
        "http://localhost/h",
        "https://hooks.example.com/n",
    ],
)
def test_https_and_loopback_addresses_are_accepted(url: str) -> None:
    assert check_webhook(url) == url


def test_plain_http_to_another_machine_needs_allow_http() -> None:
    url = "http://user:pa55word@hooks.example.com/T0/B0/xoxb-secret?token=abc"
    with pytest.raises(CjmError) as caught:
        check_webhook(url)
    message = str(caught.value)
    assert message == (
        "--webhook http://hooks.example.com: plain http:// would send customers' messages "
        "unencrypted; use https://, or add --allow-http if the network to "
        "hooks.example.com is trusted"
    )
    assert check_webhook(url, allow_http=True) == url


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "hooks.example.com", "https://", "http://h:port/"]
)
def test_what_is_no_web_address_is_refused(url: str) -> None:
    with pytest.raises(CjmError, match="--webhook needs the receiver's http:// or https://"):
        check_webhook(url)


def test_delivery_refuses_plain_http_before_sending_anything(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    with pytest.raises(CjmError, match="--allow-http"):
        deliver(ledger, "http://192.0.2.1/hook")
    assert states(ledger) == {"nu-remind:c1": "pending"}


def test_a_rate_of_zero_names_the_flag(ledger: Ledger) -> None:
    with pytest.raises(CjmError, match="--rate 0: give the most messages"):
        deliver(ledger, "https://hooks.example.com/n", rate=0)


def test_a_second_delivery_of_the_same_ledger_is_refused(ledger: Ledger) -> None:
    ledger.record_due(due(["c1"]))
    with (
        FileLock(ledger.path.with_name(f".{ledger.path.name}.lock")),
        receiving() as receiver,
        pytest.raises(CjmError, match="another run is delivering this workshop's nudges"),
    ):
        deliver(ledger, receiver.url)
    assert receiver.arrivals == []


def test_nothing_to_deliver_creates_no_ledger(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "w.nudges.sqlite")
    result = deliver(ledger, "https://hooks.example.com/n")
    assert (result.sent, result.failed) == (0, 0)
    assert sorted(tmp_path.iterdir()) == []


def test_the_body_is_compact_utf8_json() -> None:
    text = delivery.body({**ROW, "message": "Hei {first_name}, lasku odottaa ✓"}, "cjm")
    assert json.loads(text)["message"] == "Hei {first_name}, lasku odottaa ✓"
    assert "✓".encode() in text
