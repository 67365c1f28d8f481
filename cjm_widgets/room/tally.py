"""The room log folded into what each participant said last: the one reading of the log
that the server, the facilitator's aggregates and the merge all share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..model import Rating
from .log import Entry, RoomLog

REOPEN = "reopen"
"""The decision that opens a note again: the pain point or idea it became was undone."""


@dataclass
class Note:
    """A sticky note; ``id`` is its row in the log."""

    id: int
    participant: str
    touchpoint: str
    kind: str
    text: str
    at: datetime


@dataclass
class Member:
    """One participant: their last rating per (target, field), their dots, their notes."""

    id: str
    name: str
    token_hash: str
    joined: datetime
    ratings: dict[tuple[str, str], tuple[int, datetime]] = field(default_factory=dict)
    votes: Counter[str] = field(default_factory=Counter)
    voted_at: dict[str, datetime] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    @property
    def votes_used(self) -> int:
        return sum(self.votes.values())


@dataclass
class Tally:
    """Everything the log says, up to row ``seen``; ``update`` reads only newer rows."""

    members: dict[str, Member] = field(default_factory=dict)
    by_token: dict[str, Member] = field(default_factory=dict)
    notes: dict[int, Note] = field(default_factory=dict)
    decisions: dict[int, dict[str, object]] = field(default_factory=dict)
    open: bool = True
    key_hash: str | None = None
    persona: str | None = None
    """The persona whose journey the facilitator is discussing (the page opens on it)."""
    seen: int = 0

    def update(self, log: RoomLog) -> Tally:
        for entry in log.entries(after=self.seen):
            self.add(entry)
        return self

    def add(self, entry: Entry) -> None:
        self.seen = max(self.seen, entry.seq)
        payload = entry.payload
        if entry.kind == "room":
            self.open = bool(payload.get("open", self.open))
            self.key_hash = str(payload.get("key_hash", self.key_hash or "")) or None
            if "persona" in payload:
                self.persona = str(payload["persona"] or "") or None
            return
        if entry.kind == "decision":
            for seq in _note_ids(payload):
                if payload.get("action") == REOPEN:
                    self.decisions.pop(seq, None)
                else:
                    self.decisions[seq] = payload
            return
        if entry.kind == "join":
            member = Member(
                entry.participant, str(payload["name"]), str(payload["token_hash"]), entry.at
            )
            self.members[member.id] = member
            self.by_token[member.token_hash] = member
            return
        member = self.members[entry.participant]
        if entry.kind == "rating":
            key = (str(payload["target_id"]), str(payload["field"]))
            member.ratings[key] = (int(str(payload["value"])), entry.at)
        elif entry.kind in ("vote", "unvote"):
            idea = str(payload["idea_id"])
            member.votes[idea] += 1 if entry.kind == "vote" else -1
            member.voted_at[idea] = entry.at
            if member.votes[idea] <= 0:
                del member.votes[idea]
        elif entry.kind == "note":
            note = Note(
                entry.seq,
                member.id,
                str(payload["touchpoint_id"]),
                str(payload["kind"]),
                str(payload["text"]),
                entry.at,
            )
            member.notes.append(note)
            self.notes[note.id] = note

    def open_notes(self) -> list[Note]:
        """Notes the facilitator has not accepted, rejected or merged yet (or whose accept
        was undone), oldest first."""
        return [note for seq, note in sorted(self.notes.items()) if seq not in self.decisions]


def _note_ids(payload: dict[str, object]) -> list[int]:
    notes = payload.get("notes", [])
    return [int(str(note)) for note in notes] if isinstance(notes, list) else []


def read_tally(log: RoomLog) -> Tally:
    return Tally().update(log)


def member_ratings(member: Member) -> list[Rating]:
    """One participant's last word per target and field, as the workshop keeps them:
    ratings 1-5, and dots per idea (ideas with no dots left are not listed)."""
    found = [
        Rating(participant=member.id, target=target, field=name, value=value, at=at)
        for (target, name), (value, at) in member.ratings.items()
    ]
    found.extend(
        Rating(
            participant=member.id, target=idea, field="vote", value=dots, at=member.voted_at[idea]
        )
        for idea, dots in member.votes.items()
    )
    return found


def tallied_ratings(tally: Tally) -> list[Rating]:
    """Every participant's last words (``member_ratings``), in the order they joined."""
    return [rating for member in tally.members.values() for rating in member_ratings(member)]
