"""Handing due messages to the tool that sends them: each treatment message of the
ledger's outbox POSTed to a webhook, at a bounded rate, retried with backoff, and marked
in the ledger the moment the receiver acknowledges it.

Crash safety comes from the order of things: a key is marked sent (committed to disk)
right after its 2xx answer and before the next request, and every request carries the key
as ``Idempotency-Key``. A run killed between an acknowledgement and its mark re-sends that
one key next time, under the same key, which a receiver that dedupes on it ignores; a key
acknowledged and marked is never sent again. One run delivers a ledger at a time (a lock
beside it), so two overlapping scheduled runs cannot send the same outbox twice.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from filelock import FileLock, Timeout
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
)

from .._version import __version__
from ..errors import CjmError
from ..i18n import translate
from .ledger import Ledger
from .payloads import FORMATS, check_format, check_webhook, payload

__all__ = [
    "BACKOFF", "FORMATS", "Backoff", "DeliveryResult", "check_delivery", "check_webhook", "deliver",
    "payload",
]  # fmt: skip


@dataclass(frozen=True)
class Backoff:
    """How long to wait before trying a message again: ``initial`` doubled per attempt
    plus up to ``initial`` of jitter, at most ``maximum``; a receiver's ``Retry-After``
    is honoured up to ``retry_after_max`` seconds."""

    initial: float = 0.5
    maximum: float = 30.0
    retry_after_max: float = 60.0


BACKOFF = Backoff()
"""The waits every delivery uses (tests make them short)."""

GIVE_UP_AFTER = 5
"""Messages in a row the receiver failed (5xx, 429, no answer) after every attempt: the
run stops there and leaves the rest for the next run, instead of hammering a receiver
that is down for every message of the outbox."""

PROGRESS_EVERY = 100
"""A progress line after this many messages."""


@dataclass(frozen=True)
class DeliveryResult:
    """What one delivery did: messages acknowledged, messages that failed (the next run
    retries them), its duration, and messages not tried because the receiver was down."""

    sent: int
    failed: int
    seconds: float
    left: int = 0


class _Pacer:
    """At most ``rate`` requests a second: each starts at least 1/rate after the last."""

    def __init__(self, rate: float) -> None:
        self.spacing = 0.0 if math.isinf(rate) else 1.0 / rate
        self.next = 0.0

    def wait(self) -> None:
        now = time.monotonic()
        if now < self.next:
            time.sleep(self.next - now)
            now = time.monotonic()
        self.next = now + self.spacing


def _retriable(response: httpx.Response) -> bool:
    """The receiver's trouble, worth trying again: 429 and every 5xx."""
    return response.status_code == 429 or response.status_code >= 500


def retry_after(response: httpx.Response) -> float | None:
    """The seconds a ``Retry-After`` header asks for (a number or an HTTP date)."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


class _Wait:
    """Tenacity's wait: the receiver's Retry-After (capped), else exponential with jitter."""

    def __init__(self, backoff: Backoff) -> None:
        self.backoff = backoff

    def __call__(self, state: RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            asked = retry_after(outcome.result())
            if asked is not None:
                return min(asked, self.backoff.retry_after_max)
        exponential = self.backoff.initial * 2.0 ** (state.attempt_number - 1)
        jitter = random.uniform(0, self.backoff.initial)  # spreads retries; no secret
        return min(exponential + jitter, self.backoff.maximum)


Outcome = httpx.Response | BaseException


def problem(outcome: Outcome) -> str:
    """What went wrong, for the ledger and the progress lines: the HTTP status or the
    kind of network error (never the URL, whose path may hold a secret)."""
    if isinstance(outcome, httpx.Response):
        return f"HTTP {outcome.status_code}"
    return type(outcome).__name__


def _receiver_trouble(outcome: Outcome) -> bool:
    return not isinstance(outcome, httpx.Response) or _retriable(outcome)


@contextmanager
def _delivering(ledger: Ledger) -> Iterator[None]:
    """One delivery of a ledger at a time; a second is refused at once."""
    lock = FileLock(ledger.path.with_name(f".{ledger.path.name}.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise CjmError(translate("nudge.delivery_busy", path=ledger.path)) from None
    try:
        yield
    finally:
        lock.release()


def check_delivery(
    url: str, fmt: str, *, rate: float, timeout: float, attempts: int, allow_http: bool
) -> str:
    """Everything a delivery needs, checked before anything is recorded or sent: the URL
    (``check_webhook``), the format, a rate, a timeout and attempts above 0. Returns the
    URL; a one-line CjmError names the flag and the fix."""
    checked = check_webhook(url, allow_http)
    check_format(fmt)
    _checked(rate, timeout, attempts)
    return checked


def _checked(rate: float, timeout: float, attempts: int) -> None:
    if not rate > 0:
        raise CjmError(translate("nudge.rate", value=rate))
    if not timeout > 0:
        raise CjmError(translate("nudge.timeout", value=timeout))
    if attempts < 1:
        raise CjmError(translate("nudge.attempts", value=attempts))


def _retrying(attempts: int, progress: Callable[[str], Any] | None) -> Retrying:
    def before_sleep(state: RetryCallState) -> None:
        if progress is None or state.outcome is None or state.next_action is None:
            return
        outcome = state.outcome.exception() or state.outcome.result()
        progress(
            translate(
                "nudge.delivery_retry", key=state.kwargs["key"], problem=problem(outcome),
                seconds=round(state.next_action.sleep, 1), attempt=state.attempt_number + 1,
                attempts=attempts,
            )
        )  # fmt: skip

    return Retrying(
        stop=stop_after_attempt(attempts),
        wait=_Wait(BACKOFF),
        retry=retry_if_exception_type(httpx.TransportError) | retry_if_result(_retriable),
        retry_error_callback=lambda state: (
            state.outcome.exception() or state.outcome.result() if state.outcome else None
        ),
        before_sleep=before_sleep,
    )


def _post(
    client: httpx.Client, pacer: _Pacer, url: str, body: bytes, *, key: str
) -> httpx.Response:
    pacer.wait()
    return client.post(url, content=body, headers={"Idempotency-Key": key})


def headers(token: str | None) -> dict[str, str]:
    """The headers of every request; the token only ever travels in ``Authorization``."""
    sent = {
        "User-Agent": f"cjm-widgets/{__version__}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return sent


def body(row: Mapping[str, Any], fmt: str) -> bytes:
    """The request body of one message: its payload as compact UTF-8 JSON."""
    return json.dumps(payload(row, fmt), ensure_ascii=False, separators=(",", ":")).encode()


class _Run:
    """One delivery's state: its counts, and the receiver's failures in a row."""

    def __init__(
        self, ledger: Ledger, url: str, fmt: str, attempts: int,
        progress: Callable[[str], Any] | None, pacer: _Pacer,
    ) -> None:  # fmt: skip
        self.ledger, self.url, self.fmt, self.progress, self.pacer = (
            ledger, url, fmt, progress, pacer,
        )  # fmt: skip
        self.retrying = _retrying(attempts, progress)
        self.sent = self.failed = self.streak = self.left = 0

    def one(self, client: httpx.Client, row: Mapping[str, Any]) -> None:
        """Send one message (retrying as the rules say) and mark it, committed at once."""
        if row["group"] != "treatment":  # the outbox holds none; a bug must not send one
            raise RuntimeError(f"nudge delivery: {row['key']} is no treatment message")
        key = str(row["key"])
        data = body(row, self.fmt)
        outcome: Outcome = self.retrying(_post, client, self.pacer, self.url, data, key=key)
        if isinstance(outcome, httpx.Response) and outcome.is_success:
            self.ledger.mark_sent(key, problem(outcome))
            self.sent, self.streak = self.sent + 1, 0
            return
        self.ledger.mark_failed(key, problem(outcome))
        self.failed += 1
        self.streak = self.streak + 1 if _receiver_trouble(outcome) else 0
        if self.progress is not None:
            self.progress(translate("nudge.delivery_failed", key=key, problem=problem(outcome)))


def deliver(
    ledger: Ledger,
    url: str,
    *,
    fmt: str = "cjm",
    token: str | None = None,
    rate: float = 10.0,
    timeout: float = 10.0,
    allow_http: bool = False,
    attempts: int = 5,
    progress: Callable[[str], Any] | None = None,
) -> DeliveryResult:
    """POST each message of the ledger's outbox to ``url`` and mark it sent or failed.

    At most ``rate`` requests a second, each retried up to ``attempts`` times on 5xx,
    429 and network errors; any other 4xx fails at once. Holdout rows are never sent.
    """
    url = check_webhook(url, allow_http)
    check_format(fmt)
    _checked(rate, timeout, attempts)
    started = time.monotonic()
    if not ledger.exists():
        return DeliveryResult(0, 0, 0.0)
    with _delivering(ledger):
        rows: list[dict[str, Any]] = [
            {str(name): value for name, value in row.items()}
            for row in ledger.outbox().to_dict("records")
        ]
        run = _Run(ledger, url, fmt, attempts, progress, _Pacer(rate))
        with httpx.Client(headers=headers(token), timeout=timeout) as client:
            for index, row in enumerate(rows, start=1):
                run.one(client, row)
                if progress is not None and index % PROGRESS_EVERY == 0:
                    progress(translate("nudge.delivery_progress", done=index, total=len(rows)))
                if run.streak >= GIVE_UP_AFTER and index < len(rows):
                    run.left = len(rows) - index
                    if progress is not None:
                        progress(
                            translate("nudge.delivery_stopped", failures=run.streak, left=run.left)
                        )
                    break
    return DeliveryResult(run.sent, run.failed, time.monotonic() - started, run.left)
