"""Who is in the room and whom the journey is for: participants and personas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pydantic import Field

from ..errors import CjmError
from ..i18n import translate
from ..limits import MAX_LIST_ITEMS
from ..model_types import Name, Text, TextList, Valence
from .base import Entity, Record

ROOM_PARTICIPANT_PREFIX = "pa-room-"
"""The id of every participant a room merge adds (``pa-room-`` and random hex): the room
promised them that nobody but the facilitator sees their name (``model/privacy.py``)."""


class Participant(Entity):
    """Someone in the workshop room; departments matter for a cross-department group."""

    list_name: ClassVar[str] = "participants"

    name: Name
    department: Text = ""
    role: Text = ""

    @property
    def from_room(self) -> bool:
        """Joined from a phone in the room (not added by the facilitator by name)."""
        return self.id.startswith(ROOM_PARTICIPANT_PREFIX)


class Feeling(Record):
    """What excites (positive) or frightens (negative) the customer."""

    text: Name
    valence: Valence


class Persona(Entity):
    """A customer type; each persona has a journey of its own (step 1, Customer)."""

    list_name: ClassVar[str] = "personas"

    name: Name
    segment: Text = ""
    description: Text = ""
    job_to_be_done: Text = ""
    goals: TextList = Field(default_factory=list)
    needs: TextList = Field(default_factory=list)
    challenges: TextList = Field(default_factory=list)
    feelings: list[Feeling] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)


def find_persona(personas: Iterable[Persona], wanted: str, lang: str | None = None) -> str:
    """The id of the persona ``wanted`` names: its id, its full name, or a start of its name
    that fits no other persona (capital letters and outer spaces do not matter), so a command
    line can say ``--persona Aino`` for "Aino, careful senior". Anything else is a CjmError
    naming the personas to choose from."""
    chosen = list(personas)
    key = wanted.strip().casefold()
    by_id = [p for p in chosen if wanted == p.id or key == p.id.casefold()]
    by_name = [p for p in chosen if key == p.name.strip().casefold()]
    for found in (by_id, by_name):
        if len(found) == 1:
            return found[0].id
    starts = [p for p in chosen if key and p.name.strip().casefold().startswith(key)]
    if len(starts) == 1:
        return starts[0].id
    named = starts if len(starts) > 1 else chosen
    choices = ", ".join(f"{p.id} ({p.name})" for p in named) or "-"
    message = "persona.ambiguous" if len(starts) > 1 else "persona.unknown"
    raise CjmError(translate(message, lang, value=wanted, choices=choices), lang=lang)


__all__ = ["ROOM_PARTICIPANT_PREFIX", "Feeling", "Participant", "Persona", "find_persona"]
