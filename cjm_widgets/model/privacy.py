"""What leaves the facilitator's app keeps the room's promise: participants who joined
from a phone are told that nobody else sees their name.

Their names stay in the workshop file, which only the facilitator opens; handouts,
decks, exported tables and reports show them as a count, or as "Participant 1..n" where
a row is needed. Participants the facilitator added by name (any other id) are shown as
they are.
"""

from __future__ import annotations

from ..i18n import translate
from .people import Participant
from .workshop import Workshop


def room_participants(ws: Workshop) -> list[Participant]:
    """The participants a room merge added, in the workshop's order."""
    return [person for person in ws.participants if person.from_room]


def named_participants(ws: Workshop) -> list[Participant]:
    """The participants the facilitator added by name."""
    return [person for person in ws.participants if not person.from_room]


def shown_names(ws: Workshop, lang: str | None = None) -> dict[str, str]:
    """participant id -> the name shown outside the app: a named participant's own name,
    ``Participant n`` for the room's n-th, in ``lang`` (default: the workshop's)."""
    lang = lang or ws.language
    shown = {person.id: person.name for person in named_participants(ws)}
    for number, person in enumerate(room_participants(ws), start=1):
        shown[person.id] = str(translate("room.participant_name", lang, number=number))
    return shown


def for_sharing(ws: Workshop, lang: str | None = None) -> Workshop:
    """A copy of ``ws`` for what others read: room participants renamed ``Participant n``
    (``shown_names``), everything else as it is. ``ws`` itself is not changed."""
    if not room_participants(ws):
        return ws
    shown = shown_names(ws, lang)
    shared = ws.model_copy(deep=True)
    for person in shared.participants:
        person.name = shown[person.id]
    return shared


__all__ = ["for_sharing", "named_participants", "room_participants", "shown_names"]
