"""The nudge ledger: ``NAME.nudges.sqlite`` beside the workshop, the memory of every
message a nudge made due, so a run never makes or sends one twice.

Two append-only tables (triggers refuse updates and deletes, as in the room's log):
``messages`` holds each key once, as it was due and with the state it was recorded in
(pending, holdout or expired; the text only for treatment rows, which must still be sent:
a holdout or expired customer's text is never stored), and ``states`` one row per later
change (sent, failed, expired); the newest row of a key is its state. Each change is
committed on its own with ``synchronous=FULL``, so a delivery marked sent stays marked
whatever happens to the process or the machine next. WAL mode lets a report read while a
run writes; the file and its -wal and -shm are readable by their owner only.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import StoreError
from ..i18n import translate
from ..store import stem_of

LEDGER_SUFFIX = ".nudges.sqlite"
MESSAGE_COLUMNS = (
    "nudge_id", "customer_id", "touchpoint_id", "channel", "message",
    "entered_at", "due_at", "group", "key",
)  # fmt: skip
STATES = ("pending", "sent", "failed", "holdout", "expired")
GROUPS = ("treatment", "holdout")
STATE_COLUMNS = (
    "key", "nudge_id", "customer_id", "touchpoint_id", "channel", "group",
    "entered_at", "due_at", "state", "updated_at",
)  # fmt: skip
STATUS_COLUMNS = ("nudge_id", "sent", "pending", "failed", "expired", "holdout")
TIME_COLUMNS = ("entered_at", "due_at")

_FORMAT = "cjm-widgets nudge ledger"
_VERSION = "1"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
"""Stored times: UTC, fixed width to the microsecond, so text order is time order."""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS ledger (name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO ledger VALUES ('format', '{_FORMAT}'), ('version', '{_VERSION}');
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    nudge_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    message TEXT,
    entered_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    grp TEXT NOT NULL CHECK (grp IN ('treatment', 'holdout')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'holdout', 'expired')),
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_nudge ON messages (nudge_id, customer_id);
CREATE TABLE IF NOT EXISTS states (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message INTEGER NOT NULL REFERENCES messages (id),
    state TEXT NOT NULL CHECK (state IN {STATES!r}),
    at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS states_message ON states (message, seq);
"""
_GUARDS = "".join(
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'the nudge ledger is append-only'); END;\n"
    for table in ("ledger", "messages", "states")
    for verb in ("update", "delete")
)
_LATEST = """
WITH latest AS (SELECT message, MAX(seq) AS seq FROM states GROUP BY message)
SELECT m.key, m.nudge_id, m.customer_id, m.touchpoint_id, m.channel, m.grp,
       m.entered_at, m.due_at, COALESCE(s.state, m.state) AS state,
       COALESCE(s.at, m.recorded_at) AS at {extra}
FROM messages AS m LEFT JOIN latest ON latest.message = m.id
LEFT JOIN states AS s ON s.seq = latest.seq
"""
"""Each message with its newest state: its last change, else the state it was recorded in."""


def ledger_path(workshop: str | Path) -> Path:
    """``journey.cjm.json`` -> ``journey.nudges.sqlite`` in the same folder."""
    path = Path(workshop)
    return path.with_name(f"{stem_of(path)}{LEDGER_SUFFIX}")


def now_text() -> str:
    """This moment as a stored time."""
    return datetime.now(UTC).strftime(_TIME_FORMAT)


def times_text(values: pd.Series, column: str) -> list[str]:
    """Times (naive meaning UTC, aware, or ISO text) as stored text, as one vector step."""
    moments = pd.to_datetime(values, utc=True)
    if moments.isna().any():
        raise ValueError(f"nudge ledger: {column} has a missing time")
    naive = moments.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    texts: list[str] = np.datetime_as_string(naive, unit="us", timezone="UTC").tolist()
    return texts


def times_back(values: pd.Series) -> pd.Series:
    """Stored text -> naive datetime64[ns] meaning UTC (the monitor's convention)."""
    moments = pd.to_datetime(values, format=_TIME_FORMAT, utc=True)
    return moments.dt.tz_localize(None).astype("datetime64[ns]")


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as text, a missing value as ""."""
    texts: list[str] = frame[column].fillna("").astype("str").tolist()
    return texts


class Ledger:
    """One workshop's ledger; the file is made on the first write, so reading a workshop
    that never ran a nudge leaves nothing behind. Use it in one thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def exists(self) -> bool:
        return self.path.exists()

    # -- the connection ----------------------------------------------------------------

    def _unusable(self, error: object) -> StoreError:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return StoreError(
            translate("nudge.ledger_unusable", path=self.path, error=reason), self.path
        )

    def _connect(self, *, write: bool) -> sqlite3.Connection | None:
        """The open connection; None when reading a ledger that does not exist yet."""
        if self._db is not None:
            return self._db
        if not self.exists():
            if not write:
                return None
            self._create_file()
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as error:
            raise self._unusable(error) from None
        try:
            known = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if known and "ledger" not in known:
                raise StoreError(translate("nudge.not_a_ledger", path=self.path), self.path)
            if known:
                self._check_format(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA cache_size=-65536")  # 64 MiB: big batches touch many pages
            if not known:
                db.executescript(f"BEGIN;{_SCHEMA}{_GUARDS}COMMIT;")
        except sqlite3.Error as error:
            db.close()
            raise self._unusable(error) from None
        except StoreError:
            db.close()
            raise
        self._private()
        self._db = db
        return db

    def _check_format(self, db: sqlite3.Connection) -> None:
        rows = dict(db.execute("SELECT name, value FROM ledger").fetchall())
        if rows.get("format") != _FORMAT:
            raise StoreError(translate("nudge.not_a_ledger", path=self.path), self.path)
        if rows.get("version") != _VERSION:
            raise StoreError(
                translate("nudge.ledger_newer", path=self.path, version=rows.get("version")),
                self.path,
            )

    def _create_file(self) -> None:
        """An empty file made readable by its owner only before SQLite writes anything;
        SQLite gives the -wal and -shm files the database's own mode."""
        try:
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            pass
        except OSError as error:
            raise self._unusable(error.strerror or error) from None

    def _private(self) -> None:
        """Mode 600 for the ledger and its -wal and -shm (a copied file may be looser)."""
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                if part.exists() and part.stat().st_mode & 0o077:
                    part.chmod(0o600)

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        db = self._connect(write=False)
        if db is None:
            return []
        try:
            return db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self._unusable(error) from None

    # -- writing -----------------------------------------------------------------------

    def record_due(self, messages: pd.DataFrame) -> int:
        """Record due messages (``MESSAGE_COLUMNS``): treatment rows wait to be sent,
        holdout rows are recorded without their text. Keys already in the ledger are
        skipped; all rows in one transaction. Returns how many were recorded."""
        return self._record(messages, expired=False)

    def record_expired(self, rows: pd.DataFrame) -> int:
        """Record messages whose time passed before a run saw them: never sent, no text."""
        return self._record(rows, expired=True)

    def _record(self, frame: pd.DataFrame, *, expired: bool) -> int:
        required = [c for c in MESSAGE_COLUMNS if not (expired and c in ("message", "group"))]
        missing = [column for column in required if column not in frame.columns]
        if missing:
            raise ValueError(f"nudge ledger: the messages lack the columns {missing}")
        if frame.empty:
            return 0
        groups = _texts(frame, "group") if "group" in frame.columns else ["treatment"] * len(frame)
        wrong = sorted(set(groups) - set(GROUPS))
        if wrong:
            raise ValueError(f"nudge ledger: group must be one of {GROUPS}, not {wrong}")
        if expired or "message" not in frame.columns:
            texts: list[str | None] = [None] * len(frame)
        else:
            shown = _texts(frame, "message")
            texts = [t if g == "treatment" else None for t, g in zip(shown, groups, strict=True)]
        initial = ["expired"] * len(frame) if expired else [
            "holdout" if group == "holdout" else "pending" for group in groups
        ]  # fmt: skip
        rows = zip(
            _texts(frame, "key"), _texts(frame, "nudge_id"), _texts(frame, "customer_id"),
            _texts(frame, "touchpoint_id"), _texts(frame, "channel"), texts,
            times_text(frame["entered_at"], "entered_at"), times_text(frame["due_at"], "due_at"),
            groups, initial, itertools.repeat(now_text()), strict=False,
        )  # fmt: skip
        with self._transaction() as db:
            recorded = db.executemany(
                "INSERT INTO messages (key, nudge_id, customer_id, touchpoint_id, channel, "
                "message, entered_at, due_at, grp, state, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                rows,
            ).rowcount
        return int(recorded)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back when it
        raises; the database's own errors as the one-line message naming the file."""
        db = self._connect(write=True)
        assert db is not None
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except BaseException as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self._unusable(error) from None
            raise

    def mark_sent(self, key: str, detail: str = "") -> None:
        """The receiver acknowledged ``key``: committed to disk before this returns."""
        self._mark(key, "sent", detail)

    def mark_sent_many(self, keys: Iterable[str], detail: str = "") -> int:
        """Mark many treatment keys sent in one transaction (one disk flush, not one per
        key): for messages handed over together, as a file. Returns how many."""
        wanted = json.dumps(list(dict.fromkeys(keys)))
        with self._transaction() as db:
            marked = db.execute(
                "INSERT INTO states (message, state, at, detail) "
                "SELECT m.id, 'sent', ?, ? FROM json_each(?) AS j "
                "JOIN messages AS m ON m.key = j.value WHERE m.grp = 'treatment' ORDER BY j.key",
                (now_text(), " ".join(detail.split()), wanted),
            ).rowcount
            if marked != len(json.loads(wanted)):  # rolled back: nothing marked
                raise ValueError("nudge ledger: some keys are no treatment messages of it")
        return int(marked)

    def mark_failed(self, key: str, detail: str) -> None:
        """``key`` was not delivered; the next run tries it again."""
        self._mark(key, "failed", detail)

    def mark_expired(self, key: str, detail: str = "") -> None:
        """A treatment message waited past its nudge's expiry: it is no longer sent."""
        self._mark(key, "expired", detail)

    def _mark(self, key: str, state: str, detail: str) -> None:
        db = self._connect(write=True)
        assert db is not None
        try:
            found = db.execute("SELECT id, grp FROM messages WHERE key = ?", (key,)).fetchone()
            if found is None or found[1] != "treatment":
                raise ValueError(f"nudge ledger: {key!r} is no treatment message of this ledger")
            db.execute(
                "INSERT INTO states (message, state, at, detail) VALUES (?, ?, ?, ?)",
                (found[0], state, now_text(), " ".join(detail.split())),
            )
        except sqlite3.Error as error:
            raise self._unusable(error) from None

    # -- reading -----------------------------------------------------------------------

    def customers(self, nudge_ids: Iterable[str]) -> pd.DataFrame:
        """Every (nudge, customer) the ledger has an entry for, whatever its state: those
        a run must not make due again. One indexed read per nudge."""
        nudges: list[str] = []
        customers: list[str] = []
        for nudge_id in sorted(set(nudge_ids)):
            found = self._read(
                "SELECT customer_id FROM messages WHERE nudge_id = ? ORDER BY customer_id",
                (nudge_id,),
            )
            nudges.extend([nudge_id] * len(found))
            customers.extend(row[0] for row in found)
        return pd.DataFrame({"nudge_id": nudges, "customer_id": customers}, dtype="str")

    def _latest(
        self, where: str = "", order: str = "m.id", *, text: bool = False, first: bool = False
    ) -> pd.DataFrame:
        extra = (", m.message" if text else "") + (", m.state" if first else "")
        rows = self._read(f"{_LATEST.format(extra=extra)} {where} ORDER BY {order}")
        columns = [
            *STATE_COLUMNS, *(["message"] if text else []), *(["recorded_as"] if first else [])
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=columns)
        for column in (*TIME_COLUMNS, "updated_at"):
            frame[column] = times_back(frame[column].astype(str))
        return frame

    def outbox(self) -> pd.DataFrame:
        """Treatment messages still to send (pending, or failed last time), oldest due first."""
        frame = self._latest(
            "WHERE m.grp = 'treatment' AND COALESCE(s.state, m.state) IN ('pending', 'failed')",
            "m.due_at, m.id",
            text=True,
        )
        frame["message"] = frame["message"].fillna("")
        return frame[list(MESSAGE_COLUMNS)].reset_index(drop=True)

    def messages(self) -> pd.DataFrame:
        """Each key with its latest state and when it changed, and ``recorded_as``, the
        state it was recorded in (pending, holdout or expired; never a message's text),
        in the order they were recorded."""
        return self._latest(first=True)

    def status(self) -> pd.DataFrame:
        """Per nudge, how many of its keys are in each state."""
        counts = ", ".join(f"SUM(state = {state!r})" for state in STATUS_COLUMNS[1:])
        rows = self._read(
            f"SELECT nudge_id, {counts} FROM ({_LATEST.format(extra='')}) "
            f"GROUP BY nudge_id ORDER BY nudge_id"
        )
        frame = pd.DataFrame.from_records(rows, columns=list(STATUS_COLUMNS))
        frame["nudge_id"] = frame["nudge_id"].astype("str")
        for column in STATUS_COLUMNS[1:]:
            frame[column] = frame[column].astype("int64")
        return frame
