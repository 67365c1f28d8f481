"""The room's append-only contribution log: ``NAME.room.sqlite`` beside the workshop.

One row per contribution (participant, time, kind, JSON payload), never updated or
deleted (triggers refuse it), in WAL mode so the facilitator's app reads while the
server writes. The server owns the participants' writes; the facilitator's app adds
only its own decisions and the room's settings (closed, key), rarely.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..i18n import translate
from ..store import stem_of

LOG_SUFFIX = ".room.sqlite"
FACILITATOR = "facilitator"
"""The ``participant`` of rows the facilitator's app writes (decisions, room settings)."""

KINDS = ("join", "rating", "vote", "unvote", "note", "decision", "room")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    participant TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_kind ON log (kind, seq);
CREATE TRIGGER IF NOT EXISTS log_no_update BEFORE UPDATE ON log
BEGIN SELECT RAISE(ABORT, 'the room log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_no_delete BEFORE DELETE ON log
BEGIN SELECT RAISE(ABORT, 'the room log is append-only'); END;
"""


def log_path(workshop_path: str | Path) -> Path:
    """``journey.cjm.json`` -> ``journey.room.sqlite`` in the same folder."""
    path = Path(workshop_path)
    return path.with_name(f"{stem_of(path)}{LOG_SUFFIX}")


@dataclass(frozen=True)
class Entry:
    """One row of the log."""

    seq: int
    at: datetime
    participant: str
    kind: str
    payload: dict[str, Any]


def now() -> datetime:
    return datetime.now(UTC)


class RoomLog:
    """A connection to one room log; create it where it is used (connections stay in
    their thread)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(translate("room.no_log", path=self.path), self.path)
        try:
            self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise StoreError(
                translate("room.log_unusable", path=self.path, error=error), self.path
            ) from None
        if create:
            self.path.chmod(0o600)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RoomLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def append(self, participant: str, kind: str, payload: dict[str, Any]) -> Entry:
        """Add one row and commit it; returns it with its sequence number."""
        if kind not in KINDS:
            raise ValueError(kind)
        at = now()
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        cursor = self._db.execute(
            "INSERT INTO log (at, participant, kind, payload) VALUES (?, ?, ?, ?)",
            (at.isoformat(), participant, kind, text),
        )
        return Entry(int(cursor.lastrowid or 0), at, participant, kind, payload)

    def entries(self, after: int = 0, kinds: tuple[str, ...] = KINDS) -> Iterator[Entry]:
        """Rows after sequence number ``after``, of the given kinds, in order."""
        marks = ",".join("?" * len(kinds))
        rows = self._db.execute(
            f"SELECT seq, at, participant, kind, payload FROM log "
            f"WHERE seq > ? AND kind IN ({marks}) ORDER BY seq",
            (after, *kinds),
        )
        for seq, at, participant, kind, payload in rows:
            yield Entry(seq, datetime.fromisoformat(at), participant, kind, json.loads(payload))

    def latest(self, kind: str) -> Entry | None:
        """The newest row of ``kind``."""
        row = self._db.execute(
            "SELECT seq, at, participant, kind, payload FROM log "
            "WHERE kind = ? ORDER BY seq DESC LIMIT 1",
            (kind,),
        ).fetchone()
        if row is None:
            return None
        seq, at, participant, kind, payload = row
        return Entry(seq, datetime.fromisoformat(at), participant, kind, json.loads(payload))

    def last_seq(self) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM log").fetchone()
        return int(row[0])
