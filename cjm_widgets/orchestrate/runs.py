"""``run``: one run of the workshop's nudges, recorded in the ledger and handed over.

The order keeps every message safe when a run is killed at any moment: the due
messages are recorded first (one transaction: treatment as pending, holdout and expired
as what they are), then handed over, and only then marked sent. Earlier messages never
delivered are marked expired once past their nudge's expiry, never sent late. A message recorded but
not yet marked is handed over again by the next run, with the same key, so a receiver
that honours the idempotency key acts on it once. A dry run reads the ledger (to leave
out what was handled) but writes nothing to it and sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..csv_files import write_csv
from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from .delivery import DeliveryResult, check_delivery, deliver
from .due_set import find, now
from .ledger import MESSAGE_COLUMNS, Ledger
from .rules import NudgeRule, nudge_rules
from .source import LogSource

OUTPUT_SUFFIXES = (".csv", ".parquet")


@dataclass(frozen=True)
class RunResult:
    """What one run found and did."""

    due: pd.DataFrame
    """This run's new messages (treatment and holdout; ``MESSAGE_COLUMNS``)."""
    expired: pd.DataFrame
    handed: pd.DataFrame
    """What was written to the file (this run's and earlier runs' unsent messages)."""
    recorded: int
    delivery: DeliveryResult | None = None


def check_output(path: Path) -> Path:
    """The file the due messages go to: CSV or Parquet, by its name."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise CjmError(translate("nudge.bad_output", path=path))
    return path


def write_messages(path: Path, messages: pd.DataFrame) -> Path:
    """The messages as CSV (text guarded against spreadsheet formulas) or Parquet."""
    if path.suffix.lower() == ".parquet":
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        messages.to_parquet(partial, index=False)
        partial.replace(path)
        return path
    return write_csv(path, messages)


def _handed(found: pd.DataFrame, outbox: pd.DataFrame) -> pd.DataFrame:
    """This run's messages and the earlier runs' that were never handed over."""
    earlier = outbox[~outbox["key"].isin(found["key"])]
    frames = [frame for frame in (earlier, found) if not frame.empty]
    if not frames:
        return found
    return pd.concat(frames, ignore_index=True)[list(MESSAGE_COLUMNS)]


def _expire_unsent(book: Ledger, rules: list[NudgeRule], as_of: datetime) -> None:
    """Messages an earlier run recorded but never delivered, now more than their nudge's
    expiry past due: expired, never sent late."""
    if not book.exists():
        return
    expiry = {rule.nudge.id: rule.nudge.expire_hours for rule in rules}
    waiting = book.outbox()
    waiting = waiting[waiting["nudge_id"].isin(list(expiry))]
    if waiting.empty:
        return
    limit = pd.to_timedelta(waiting["nudge_id"].map(expiry), unit="h")
    for key in waiting.loc[waiting["due_at"] < as_of - limit, "key"]:
        book.mark_expired(str(key), "past its expiry")


def run(
    ws: Workshop,
    events: object,
    *,
    ledger: str | Path | Ledger,
    as_of: datetime | None = None,
    nudges: Iterable[str] | None = None,
    out: str | Path | None = None,
    webhook: str | None = None,
    fmt: str = "cjm",
    token: str | None = None,
    rate: float = 10.0,
    timeout: float = 10.0,
    allow_http: bool = False,
    attempts: int = 5,
    dry_run: bool = False,
    progress: Callable[[str], Any] | None = None,
    **log_options: object,
) -> RunResult:
    """Find the messages due at ``as_of`` (default now, UTC) for the active nudges (or
    ``nudges``), record them in ``ledger`` and hand them over: to ``out`` (CSV or Parquet)
    or ``webhook`` (``fmt`` cjm or segment, at most ``rate`` a second). ``dry_run``
    records and sends nothing. ``log_options`` as ``monitor()`` takes them."""
    target = check_output(Path(out)) if out is not None else None
    if webhook is not None:  # refused before anything is recorded, even in a dry run
        check_delivery(
            webhook, fmt, rate=rate, timeout=timeout, attempts=attempts, allow_http=allow_http
        )
    book = ledger if isinstance(ledger, Ledger) else Ledger(Path(ledger))
    rules = nudge_rules(ws, nudges)
    ids = [rule.nudge.id for rule in rules]
    recorded = book.customers(ids) if book.exists() else None
    source = LogSource(events, **log_options)  # type: ignore[arg-type]
    moment = as_of or now()
    found = find(ws, source, rules, moment, recorded)
    if dry_run:
        if target is not None:
            write_messages(target, found.due)
        return RunResult(found.due, found.expired, found.due, 0)
    count = book.record_due(found.due) + book.record_expired(found.expired)
    _expire_unsent(book, rules, moment)
    if webhook is not None:
        sent = deliver(
            book, webhook, fmt=fmt, token=token, rate=rate, timeout=timeout,
            allow_http=allow_http, attempts=attempts, progress=progress,
        )  # fmt: skip
        return RunResult(found.due, found.expired, found.due.iloc[0:0], count, sent)
    handed = _handed(found.due, book.outbox()) if book.exists() else found.due
    if target is not None:
        write_messages(target, handed)
        keys = handed.loc[handed["group"] == "treatment", "key"].astype(str)
        book.mark_sent_many(keys, f"file {target.name}")
    return RunResult(found.due, found.expired, handed, count)


__all__ = ["OUTPUT_SUFFIXES", "RunResult", "check_output", "run", "write_messages"]
