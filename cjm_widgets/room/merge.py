"""The room's ratings and participants into the workshop file: atomically (through the
store) and idempotently (merging twice changes nothing the second time).

Each participant's last word per target and field replaces what the workshop held for
that participant, target and field; a vote taken back removes that rating. Ratings of
earlier rooms (other participants) stay as they are. Only participants who left
something (a rating, a vote, a note) join the workshop's participants.

The merge is never blocked by the log's size: participants are taken in the order they
joined while they and their ratings fit the model's list limits (``limits.py``); the
rest, and ratings of touchpoints or ideas deleted since, are left out and named.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CjmWarning, ConflictError, StoreError
from ..i18n import Message, format_count, translate
from ..limits import MAX_LIST_ITEMS
from ..model import Participant, Rating, Workshop
from ..store import load_workshop, save_workshop
from .log import RoomLog, log_path
from .tally import Member, Tally, member_ratings, read_tally

NAMES_SHOWN = 10
"""Names a message lists before it says how many more it left out."""


class RoomMergeWarning(CjmWarning):
    """Part of the room did not go into the workshop; the message names what."""


@dataclass
class MergeOutcome:
    """What a merge did: whether the workshop changed, its ratings, and what was left out."""

    changed: bool = False
    ratings: int = 0
    left_out: list[str] = field(default_factory=list)
    """Names of participants who did not fit the workshop's lists."""
    left_out_ratings: int = 0
    missing: dict[str, int] = field(default_factory=dict)
    """Ratings left out because their touchpoint or idea is no longer in the workshop, by id."""
    limit: int = MAX_LIST_ITEMS
    """The most items a list of the workshop may hold."""
    unsorted: int = 0
    """Notes still in the inbox: a merge takes ratings, the facilitator sorts notes."""

    def left_to_sort(self, lang: str | None = None, path: str | Path | None = None) -> Message:
        """``3 notes from the room are not sorted yet...``: where to sort them, the Room
        tab of the app (``cjm room PATH`` opens it when ``path`` is given)."""
        notes = translate("room.count.notes", lang, count=self.unsorted)
        if path is None:
            return translate("room.merge.unsorted_here", lang, notes=notes)
        return translate("room.merge.unsorted", lang, notes=notes, path=path)

    def notices(self, lang: str | None = None) -> list[Message]:
        """What was left out, one message each, in ``lang``."""
        found = []
        if self.left_out:
            found.append(
                translate(
                    "room.merge.left_out",
                    lang,
                    participants=translate(
                        "room.count.participants", lang, count=len(self.left_out)
                    ),
                    ratings=translate("room.count.ratings", lang, count=self.left_out_ratings),
                    limit=format_count(self.limit, lang),
                    names=_listed(self.left_out, lang),
                )
            )
        if self.missing:
            found.append(
                translate(
                    "room.merge.missing",
                    lang,
                    ratings=translate("room.count.ratings", lang, count=sum(self.missing.values())),
                    targets=_listed(list(self.missing), lang),
                )
            )
        return found


def _listed(names: list[str], lang: str | None) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) <= NAMES_SHOWN:
        return shown
    return str(translate("room.merge.more", lang, names=shown, count=len(names) - NAMES_SHOWN))


def _contributed(member: Member) -> bool:
    return bool(member.ratings or member.votes or member.notes)


def merge_into(workshop: Workshop, tally: Tally, limit: int = MAX_LIST_ITEMS) -> MergeOutcome:
    """Apply the room to ``workshop`` in memory, as much of it as fits ``limit`` items per
    list; the outcome says whether anything changed and what was left out."""
    outcome = MergeOutcome(limit=limit, unsorted=len(tally.open_notes()))
    targets = {
        "touchpoints": {tp.id for tp in workshop.touchpoints},
        "ideas": {idea.id for idea in workshop.ideas},
    }
    held: dict[str, int] = {}
    for rating in workshop.ratings:
        held[rating.participant] = held.get(rating.participant, 0) + 1
    known = {participant.id for participant in workshop.participants}
    participants, ratings_count = len(workshop.participants), len(workshop.ratings)
    taken: dict[str, list[Rating]] = {}
    joining: list[Participant] = []
    for member in tally.members.values():
        if not _contributed(member) and member.id not in held:
            continue
        mine = list(_existing(member_ratings(member), targets, outcome))
        new_participant = member.id not in known and _contributed(member)
        grows = len(mine) - held.get(member.id, 0)
        if participants + new_participant > limit or ratings_count + grows > limit:
            outcome.left_out.append(member.name)
            outcome.left_out_ratings += len(mine)
            continue
        taken[member.id] = mine
        ratings_count += grows
        if new_participant:
            participants += 1
            joining.append(Participant(id=member.id, name=member.name))
    kept = [rating for rating in workshop.ratings if rating.participant not in taken]
    room = sorted(
        (rating for mine in taken.values() for rating in mine),
        key=lambda r: (r.participant, r.field, r.target),
    )
    ratings = [*kept, *room]
    outcome.ratings = len(ratings)
    if ratings == workshop.ratings and not joining:
        return outcome
    workshop.participants.extend(joining)
    workshop.ratings = ratings
    outcome.changed = True
    return outcome


def _existing(
    ratings: Iterable[Rating], targets: dict[str, set[str]], outcome: MergeOutcome
) -> Iterable[Rating]:
    """The ratings whose touchpoint or idea is still in the workshop; the others counted."""
    for rating in ratings:
        kind = "touchpoints" if rating.field == "emotion" else "ideas"
        if rating.target in targets[kind]:
            yield rating
        else:
            outcome.missing[rating.target] = outcome.missing.get(rating.target, 0) + 1


def merge_room(
    workshop_path: str | Path, attempts: int = 3, limit: int = MAX_LIST_ITEMS
) -> tuple[bool, int]:
    """Merge the room log beside ``workshop_path`` into it: (changed, number of ratings);
    ``merge_room_outcome`` says what was left too."""
    outcome = merge_room_outcome(workshop_path, attempts, limit)
    return outcome.changed, outcome.ratings


def merge_room_outcome(
    workshop_path: str | Path, attempts: int = 3, limit: int = MAX_LIST_ITEMS
) -> MergeOutcome:
    """Merge the room log beside ``workshop_path`` into it.

    A save that meets someone else's newer save loads that and merges again. What did
    not fit, or rates what is gone, is left out with a ``RoomMergeWarning`` naming it;
    the outcome counts the notes left to sort (``unsorted``).
    """
    path = Path(workshop_path)
    log_file = log_path(path)
    if not log_file.exists():
        raise StoreError(translate("room.no_log", path=log_file), log_file)
    with RoomLog(log_file, create=False) as log:
        tally = read_tally(log)
    for attempt in range(attempts):
        workshop: Workshop = load_workshop(path)
        outcome = merge_into(workshop, tally, limit)
        if outcome.changed:
            try:
                save_workshop(workshop, path)
            except ConflictError:
                if attempt == attempts - 1:
                    raise
                continue
        for notice in outcome.notices():
            warnings.warn(RoomMergeWarning(notice), stacklevel=3)
        return outcome
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
