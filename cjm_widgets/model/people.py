"""Who is in the room and whom the journey is for: participants and personas."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

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


__all__ = ["ROOM_PARTICIPANT_PREFIX", "Feeling", "Participant", "Persona"]
