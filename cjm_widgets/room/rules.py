"""What a participant may write: what the page offers (today's touchpoints, ideas not
rejected), values in range, the vote budget, the note limits, the write rate, and who
may join (a rate per address, a cap per room). Each refusal is a ``RoomError`` with
the HTTP status and a message in the room's language naming the field and the fix."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from ..errors import CjmError
from ..i18n import Message, translate
from ..limits import control_character_code
from ..model import Workshop

RATING_FIELDS: Final = ("emotion", "effort", "impact")
NOTE_KINDS: Final = ("pain_point", "idea", "question", "praise")
MAX_NAME_CHARS: Final = 60
MAX_NOTE_CHARS: Final = 500
MAX_NOTES: Final = 100
MAX_WRITES_PER_SECOND: Final = 20
DEFAULT_VOTES: Final = 3
MAX_VOTE_BUDGET: Final = 100
DEFAULT_MAX_PARTICIPANTS: Final = 250
MAX_MAX_PARTICIPANTS: Final = 10_000
JOIN_BURST: Final = 20
"""Joins one client address may make at once (a table of laptops behind one address)..."""
JOIN_INTERVAL: Final = 3.0
"""...and then one more every this many seconds."""
TRACKED_ADDRESSES: Final = 4096
"""Addresses whose joins are remembered; idle ones are forgotten first."""


class RoomError(CjmError):
    """A refused request: ``status`` is the HTTP status the API answers with;
    ``retry_after`` the seconds to wait, when waiting helps."""

    def __init__(self, status: int, message: Message | str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


def _refuse(status: int, key: str, lang: str, **params: Any) -> RoomError:
    return RoomError(status, translate(key, lang, **params))


CLOSED_IDEAS = frozenset({"rejected", "done"})
"""Idea statuses the room no longer votes on or rates: turned down, or already done."""


@dataclass(frozen=True)
class Offer:
    """What the participant page offers from one workshop: today's touchpoints (every
    persona's journey) and the ideas still open (not rejected, not done); and every id
    with its text, to tell an unknown id (404) from one the page does not offer (409)."""

    touchpoints: frozenset[str]
    ideas: frozenset[str]
    titles: dict[str, str]
    texts: dict[str, str]
    done: frozenset[str] = frozenset()

    @classmethod
    def of(cls, ws: Workshop) -> Offer:
        return cls(
            touchpoints=frozenset(tp.id for tp in ws.journey(None, "current")),
            ideas=frozenset(idea.id for idea in ws.ideas if idea.status not in CLOSED_IDEAS),
            titles={tp.id: tp.title for tp in ws.touchpoints},
            texts={idea.id: idea.text for idea in ws.ideas},
            done=frozenset(idea.id for idea in ws.ideas if idea.status == "done"),
        )

    def touchpoint(self, value: Any, lang: str) -> str:
        """``value`` as a touchpoint the page offers, or the refusal."""
        if not isinstance(value, str) or value not in self.titles:
            raise _refuse(404, "room.error.unknown_touchpoints", lang, value=value)
        if value not in self.touchpoints:
            raise _refuse(409, "room.error.envisioned", lang, value=self.titles[value])
        return value

    def idea(self, value: Any, lang: str) -> str:
        """``value`` as an idea the page offers (one still open), or the refusal."""
        if not isinstance(value, str) or value not in self.texts:
            raise _refuse(404, "room.error.unknown_ideas", lang, value=value)
        if value in self.done:
            raise _refuse(409, "room.error.done", lang, value=self.texts[value])
        if value not in self.ideas:
            raise _refuse(409, "room.error.rejected", lang, value=self.texts[value])
        return value


def text_field(payload: dict[str, Any], name: str, lang: str, *, limit: int) -> str:
    """A string field of a request: present, at most ``limit`` characters, no control
    characters but tab and newline."""
    value = payload.get(name, "")
    if not isinstance(value, str):
        raise _refuse(400, "room.error.not_text", lang, field=name)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > limit:
        raise _refuse(400, "room.error.too_long", lang, field=name, limit=limit)
    code = control_character_code(value)
    if code is not None:
        raise _refuse(400, "room.error.control", lang, field=name, code=code)
    return value


def check_name(payload: dict[str, Any], lang: str) -> str:
    return text_field(payload, "name", lang, limit=MAX_NAME_CHARS).strip()


def check_rating(offer: Offer, payload: dict[str, Any], lang: str) -> tuple[str, str, int]:
    """``(target_id, field, value)`` of a rating: emotion of a touchpoint, effort or
    impact of an idea, a whole number 1-5."""
    field = payload.get("field")
    if field not in RATING_FIELDS:
        raise _refuse(400, "room.error.field", lang, value=field, choices=", ".join(RATING_FIELDS))
    wanted = payload.get("target_id")
    target = offer.touchpoint(wanted, lang) if field == "emotion" else offer.idea(wanted, lang)
    value = payload.get("value")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise _refuse(400, "room.error.value", lang, value=value)
    return target, str(field), value


def check_vote(votes_used: int, budget: int, lang: str) -> None:
    if votes_used >= budget:
        raise _refuse(409, "room.error.budget", lang, count=budget)


def check_unvote(offer: Offer, votes_on_idea: int, idea_id: str, lang: str) -> None:
    """A dot given can always be taken back, even from an idea rejected or deleted since."""
    if votes_on_idea > 0:
        return
    if idea_id not in offer.texts:
        raise _refuse(404, "room.error.unknown_ideas", lang, value=idea_id)
    raise _refuse(409, "room.error.no_vote", lang, value=idea_id)


def check_note(
    offer: Offer, payload: dict[str, Any], notes_so_far: int, lang: str
) -> tuple[str, str, str]:
    """``(touchpoint_id, kind, text)`` of a sticky note."""
    if notes_so_far >= MAX_NOTES:
        raise _refuse(429, "room.error.notes", lang, limit=MAX_NOTES)
    touchpoint = offer.touchpoint(payload.get("touchpoint_id"), lang)
    kind = payload.get("kind")
    if kind not in NOTE_KINDS:
        raise _refuse(400, "room.error.kind", lang, value=kind, choices=", ".join(NOTE_KINDS))
    text = text_field(payload, "text", lang, limit=MAX_NOTE_CHARS).strip()
    if not text:
        raise _refuse(400, "room.error.empty", lang)
    return touchpoint, str(kind), text


def check_rate(recent: list[float], moment: float, lang: str) -> None:
    """At most ``MAX_WRITES_PER_SECOND`` writes in any second: ``recent`` holds the times
    of the participant's last accepted writes, newest last."""
    if len(recent) >= MAX_WRITES_PER_SECOND and moment - recent[-MAX_WRITES_PER_SECOND] < 1.0:
        raise _refuse(429, "room.error.rate", lang, limit=MAX_WRITES_PER_SECOND)


def check_open(is_open: bool, lang: str) -> None:
    if not is_open:
        raise _refuse(403, "room.error.closed", lang)


def check_budget(budget: int) -> int:
    """The ``--votes`` option: 1 to 100 dots per participant."""
    if not 1 <= budget <= MAX_VOTE_BUDGET:
        raise CjmError(translate("room.error.votes_option", value=budget, high=MAX_VOTE_BUDGET))
    return budget


def check_max_participants(limit: int) -> int:
    """The ``--max-participants`` option: 1 to 10,000 (each participant is a row of the
    workshop's participants, and their ratings rows of its ratings)."""
    if not 1 <= limit <= MAX_MAX_PARTICIPANTS:
        raise CjmError(translate("room.error.max_option", value=limit, high=MAX_MAX_PARTICIPANTS))
    return limit


def check_room_space(joined: int, limit: int, lang: str) -> None:
    if joined >= limit:
        raise _refuse(403, "room.error.full", lang, count=limit)


class JoinRate:
    """Joins per client address: ``burst`` at once, then one every ``interval`` seconds
    (a token bucket), so one phone cannot flood the room with throwaway participants."""

    def __init__(self, burst: int = JOIN_BURST, interval: float = JOIN_INTERVAL) -> None:
        self.burst, self.interval = burst, interval
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (joins left, at)

    def _left(self, address: str, moment: float) -> float:
        left, at = self._buckets.get(address, (float(self.burst), moment))
        return min(float(self.burst), left + (moment - at) / self.interval)

    def take(self, address: str, moment: float, lang: str) -> None:
        """Count one join from ``address``, or refuse it (429) saying how long to wait."""
        left = self._left(address, moment)
        if left < 1:
            seconds = max(1, math.ceil((1 - left) * self.interval))
            error = _refuse(429, "room.error.join_rate", lang, count=seconds)
            error.retry_after = seconds
            raise error
        self._buckets[address] = (left - 1, moment)
        if len(self._buckets) > TRACKED_ADDRESSES:
            self._forget(moment)

    def _forget(self, moment: float) -> None:
        """Drop addresses whose bucket is full again; if too many are still busy, the
        oldest half (the room's cap still bounds what they can do)."""
        for address in [a for a in self._buckets if self._left(a, moment) >= self.burst]:
            del self._buckets[address]
        if len(self._buckets) > TRACKED_ADDRESSES:
            oldest = sorted(self._buckets, key=lambda a: self._buckets[a][1])
            for address in oldest[: len(oldest) // 2]:
                del self._buckets[address]


# -- what a request body may hold ----------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _strings(payload: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every key and text in ``payload`` with the top-level field it sits under."""
    pending: list[tuple[str, Any]] = [(str(key), value) for key, value in payload.items()]
    yield from ((key, key) for key in payload)
    while pending:
        field, value = pending.pop()
        if isinstance(value, str):
            yield field, value
        elif isinstance(value, dict):
            pending.extend((field, item) for item in value.values())
            yield from ((field, str(key)) for key in value)
        elif isinstance(value, list):
            pending.extend((field, item) for item in value)


def check_whole_characters(payload: dict[str, Any], lang: str) -> None:
    """Refuse text holding a lone surrogate (``"\\ud800"`` in JSON): half of a character,
    which no file or answer can encode."""
    for field, text in _strings(payload):
        found = _SURROGATE.search(text)
        if found:
            name = field.encode("utf-8", "backslashreplace").decode("utf-8")
            code = f"U+{ord(found.group()):04X}"
            raise _refuse(400, "room.error.surrogate", lang, field=name, code=code)
