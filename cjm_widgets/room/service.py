"""The participant API's operations, apart from HTTP: join, state, ratings, votes, notes.

One ``Room`` lives in the server process and is its log's only participant writer: it
checks each request against the workshop (re-read when its file changes) and the
participant's tally, appends the accepted write to the log and answers plain data.
The facilitator's settings (closed, the room key) are read from the log, so the app
in its own process can change them.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import deque
from pathlib import Path
from typing import Any

from ..i18n import Message, check_language, translate
from ..model import ROOM_PARTICIPANT_PREFIX, Persona, Workshop
from ..store import load_workshop
from . import rules
from .log import FACILITATOR, Entry, RoomLog, log_path
from .rules import CLOSED_IDEAS, RoomError
from .tally import Member, Tally


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A room key: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def participant_name(number: int, lang: str) -> Message:
    return translate("room.participant_name", lang, number=number)


class Room:
    """The room of one workshop, as its server sees it."""

    def __init__(
        self,
        workshop_path: str | Path,
        *,
        votes: int = rules.DEFAULT_VOTES,
        lang: str | None = None,
        key: str | None = None,
        max_participants: int = rules.DEFAULT_MAX_PARTICIPANTS,
    ) -> None:
        self.workshop_path = Path(workshop_path).resolve()
        self.budget = rules.check_budget(votes)
        self.max_participants = rules.check_max_participants(max_participants)
        self._stamp: tuple[int, int] | None = None
        self._workshop: Workshop | None = None
        self._offer: rules.Offer | None = None
        self.lang = check_language(lang) if lang else self.workshop.language
        self.log = RoomLog(log_path(self.workshop_path))
        self.tally = Tally().update(self.log)
        self._recent: dict[str, deque[float]] = {}
        self.joins = rules.JoinRate()
        if key is not None:
            self.set_key(key)

    # -- what the facilitator controls -------------------------------------------------

    def set_key(self, key: str) -> None:
        self.log.append(FACILITATOR, "room", {"key_hash": token_hash(key)})
        self.tally.update(self.log)

    def set_open(self, is_open: bool) -> None:
        self.log.append(FACILITATOR, "room", {"open": is_open})
        self.tally.update(self.log)

    def key_matches(self, key: str) -> bool:
        self.tally.update(self.log)
        wanted = self.tally.key_hash
        return wanted is not None and secrets.compare_digest(wanted, token_hash(key))

    # -- the workshop, re-read when its file changes ----------------------------------

    @property
    def workshop(self) -> Workshop:
        return self._current()[0]

    @property
    def offer(self) -> rules.Offer:
        """What the page offers from the workshop as it is now."""
        return self._current()[1]

    def _current(self) -> tuple[Workshop, rules.Offer]:
        stat = self.workshop_path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._workshop is None or self._offer is None or stamp != self._stamp:
            self._workshop = load_workshop(self.workshop_path)
            self._offer = rules.Offer.of(self._workshop)
            self._stamp = stamp
        return self._workshop, self._offer

    # -- the API -----------------------------------------------------------------------

    def member(self, token: str | None) -> Member:
        """The participant ``token`` belongs to. Only this process adds participants, and
        it reads its own joins as it writes them, so no read of the log is needed here."""
        member = self.tally.by_token.get(token_hash(token)) if token else None
        if member is None:
            raise RoomError(401, translate("room.error.token", self.lang))
        return member

    def join(self, payload: dict[str, Any], address: str = "") -> dict[str, Any]:
        """A new participant, unless the room is closed or full or ``address`` (the
        client's) has joined too often just now."""
        self.tally.update(self.log)
        rules.check_open(self.tally.open, self.lang)
        name = rules.check_name(payload, self.lang)
        rules.check_room_space(len(self.tally.members), self.max_participants, self.lang)
        self.joins.take(address, time.monotonic(), self.lang)
        number = len(self.tally.members) + 1
        if not name:
            name = str(participant_name(number, self.lang))
        token = secrets.token_urlsafe(24)
        participant = f"{ROOM_PARTICIPANT_PREFIX}{secrets.token_hex(5)}"
        self._append(participant, "join", {"name": name, "token_hash": token_hash(token)})
        return {"participant_id": participant, "token": token, "votes_left": self.budget}

    def state(self, member: Member) -> dict[str, Any]:
        ws = self.workshop
        personas: list[Persona | None] = [*ws.personas] or [None]
        journeys = []
        for persona in personas:
            persona_id = persona.id if persona is not None else None
            touchpoints = ws.journey(persona_id, "current")
            stages = []
            for stage in ws.stages:
                chosen = [tp for tp in touchpoints if tp.stage == stage.id]
                if chosen:
                    stages.append(
                        {
                            "id": stage.id,
                            "name": stage.name,
                            "touchpoints": [{"id": tp.id, "title": tp.title} for tp in chosen],
                        }
                    )
            journeys.append(
                {
                    "persona": None
                    if persona is None
                    else {"id": persona.id, "name": persona.name},
                    "stages": stages,
                }
            )
        ideas = [
            {"id": idea.id, "text": idea.text}
            for idea in ws.ideas
            if idea.status not in CLOSED_IDEAS
        ]
        return {
            "room": {
                "title": ws.title,
                "open": self.tally.open,
                "votes": self.budget,
                "language": self.lang,
                "persona": self.tally.persona,
            },
            "journeys": journeys,
            "ideas": ideas,
            "mine": self._mine(member),
        }

    def _mine(self, member: Member) -> dict[str, Any]:
        ratings: dict[str, dict[str, int]] = {}
        for (target, field), (value, _at) in member.ratings.items():
            ratings.setdefault(target, {})[field] = value
        return {
            "participant_id": member.id,
            "name": member.name,
            "ratings": ratings,
            "votes": dict(member.votes),
            "gone_ideas": self._gone_ideas(member),
            "votes_left": self.budget - member.votes_used,
            "notes": [
                {
                    "id": note.id,
                    "touchpoint_id": note.touchpoint,
                    "kind": note.kind,
                    "text": note.text,
                    "at": note.at.isoformat(),
                }
                for note in member.notes
            ],
        }

    def _gone_ideas(self, member: Member) -> dict[str, str]:
        """The texts of ideas this participant voted on that the page no longer offers
        (rejected since), so they can take those votes back; an idea deleted since has no
        text left to show (the page names it as removed)."""
        offer = self.offer
        return {
            idea: offer.texts[idea]
            for idea in member.votes
            if idea not in offer.ideas and idea in offer.texts
        }

    def _append(self, participant: str, kind: str, payload: dict[str, Any]) -> Entry:
        """One row into the log and the tally; the tally takes it as written unless
        another process (the facilitator's app) wrote in between, then it reads the log."""
        entry = self.log.append(participant, kind, payload)
        if entry.seq == self.tally.seen + 1:
            self.tally.add(entry)
        else:
            self.tally.update(self.log)
        return entry

    def _writing(self, member: Member) -> None:
        """The checks every write passes first: the room is open, the rate is kept."""
        rules.check_open(self.tally.open, self.lang)
        recent = self._recent.setdefault(member.id, deque(maxlen=rules.MAX_WRITES_PER_SECOND))
        moment = time.monotonic()
        rules.check_rate(list(recent), moment, self.lang)
        recent.append(moment)

    def rate(self, member: Member, payload: dict[str, Any]) -> dict[str, Any]:
        self._writing(member)
        target, field, value = rules.check_rating(self.offer, payload, self.lang)
        self._append(member.id, "rating", {"target_id": target, "field": field, "value": value})
        return {"target_id": target, "field": field, "value": value}

    def vote(self, member: Member, payload: dict[str, Any]) -> dict[str, Any]:
        self._writing(member)
        idea = self.offer.idea(payload.get("idea_id"), self.lang)
        rules.check_vote(member.votes_used, self.budget, self.lang)
        self._append(member.id, "vote", {"idea_id": idea})
        return self._votes(member, idea)

    def unvote(self, member: Member, idea_id: str) -> dict[str, Any]:
        self._writing(member)
        rules.check_unvote(self.offer, member.votes[idea_id], idea_id, self.lang)
        self._append(member.id, "unvote", {"idea_id": idea_id})
        return self._votes(member, idea_id)

    def _votes(self, member: Member, idea: str) -> dict[str, Any]:
        return {
            "idea_id": idea,
            "votes": member.votes[idea],
            "votes_left": self.budget - member.votes_used,
        }

    def note(self, member: Member, payload: dict[str, Any]) -> dict[str, Any]:
        self._writing(member)
        touchpoint, kind, text = rules.check_note(self.offer, payload, len(member.notes), self.lang)
        entry = self._append(
            member.id, "note", {"touchpoint_id": touchpoint, "kind": kind, "text": text}
        )
        return {"id": entry.seq, "touchpoint_id": touchpoint, "kind": kind, "text": text}
