"""What the facilitator decides about a participant's note, apart from any widget: the
note made a pain point or an idea on a touchpoint, and each decision written to the
room's log, so the room tab's inbox and the map's sticky notes decide alike."""

from __future__ import annotations

from typing import Any

from ..editing import add
from ..model import Idea, PainPoint, Workshop
from .log import FACILITATOR, RoomLog
from .tally import REOPEN, Note

DEFAULT_SEVERITY = 3
"""The severity a note accepted as a pain point starts with (1 minor - 5 severe): the
middle, so its marker shows on the map until the group rates it."""

__all__ = ["ACCEPTED_AS", "DEFAULT_SEVERITY", "REOPEN", "accept_note", "log_decision"]

ACCEPTED_AS = {"pain_point": "pain_points", "question": "pain_points", "idea": "ideas"}
"""What a note dropped on a card becomes, by its kind: a praise has no place on the map."""


def accept_note(
    ws: Workshop, note: Note, kind: str, touchpoint: str | None = None
) -> PainPoint | Idea:
    """``note`` added to ``ws`` as a pain point (``kind`` "pain_points") or an idea linked
    to the touchpoint's pain points, on ``touchpoint`` (default: the note's own)."""
    on = touchpoint or note.touchpoint
    if kind == "pain_points":
        values: dict[str, Any] = {
            "text": note.text,
            "touchpoints": [on],
            "severity": DEFAULT_SEVERITY,
        }
    else:
        values = {
            "text": note.text,
            "pain_points": [p.id for p in ws.pain_points if on in p.touchpoints],
        }
    item = add(ws, kind, values)
    assert isinstance(item, PainPoint | Idea)
    return item


def log_decision(room_log: RoomLog, note: Note, action: str, **details: Any) -> None:
    """One decision about ``note`` (accept, reject, merge, reopen) as a row of the room's log."""
    room_log.append(FACILITATOR, "decision", {"action": action, "notes": [note.id], **details})
