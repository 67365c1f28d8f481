"""What a participant may write: ids that exist, values in range, the vote budget, the
note limits and the write rate. Each refusal is a ``RoomError`` with the HTTP status
and a message in the room's language naming the field and the fix."""

from __future__ import annotations

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


class RoomError(CjmError):
    """A refused request: ``status`` is the HTTP status the API answers with."""

    def __init__(self, status: int, message: Message | str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _refuse(status: int, key: str, lang: str, **params: Any) -> RoomError:
    return RoomError(status, translate(key, lang, **params))


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


def check_rating(ws: Workshop, payload: dict[str, Any], lang: str) -> tuple[str, str, int]:
    """``(target_id, field, value)`` of a rating: emotion of a touchpoint, effort or
    impact of an idea, a whole number 1-5."""
    field = payload.get("field")
    if field not in RATING_FIELDS:
        raise _refuse(400, "room.error.field", lang, value=field, choices=", ".join(RATING_FIELDS))
    target = payload.get("target_id")
    kind = "touchpoints" if field == "emotion" else "ideas"
    if not isinstance(target, str) or target not in _ids(ws, kind):
        raise _refuse(404, f"room.error.unknown_{kind}", lang, value=target)
    value = payload.get("value")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise _refuse(400, "room.error.value", lang, value=value)
    return target, str(field), value


def check_idea(ws: Workshop, idea_id: Any, lang: str) -> str:
    if not isinstance(idea_id, str) or idea_id not in _ids(ws, "ideas"):
        raise _refuse(404, "room.error.unknown_ideas", lang, value=idea_id)
    return idea_id


def check_vote(votes_used: int, budget: int, lang: str) -> None:
    if votes_used >= budget:
        raise _refuse(409, "room.error.budget", lang, count=budget)


def check_unvote(votes_on_idea: int, idea_id: str, lang: str) -> None:
    if votes_on_idea <= 0:
        raise _refuse(409, "room.error.no_vote", lang, value=idea_id)


def check_note(
    ws: Workshop, payload: dict[str, Any], notes_so_far: int, lang: str
) -> tuple[str, str, str]:
    """``(touchpoint_id, kind, text)`` of a sticky note."""
    if notes_so_far >= MAX_NOTES:
        raise _refuse(429, "room.error.notes", lang, limit=MAX_NOTES)
    touchpoint = payload.get("touchpoint_id")
    if not isinstance(touchpoint, str) or touchpoint not in _ids(ws, "touchpoints"):
        raise _refuse(404, "room.error.unknown_touchpoints", lang, value=touchpoint)
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


def _ids(ws: Workshop, kind: str) -> set[str]:
    return {item.id for item in getattr(ws, kind)}
