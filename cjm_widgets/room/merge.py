"""The room's ratings and participants into the workshop file: atomically (through the
store) and idempotently (merging twice changes nothing the second time).

Each participant's last word per target and field replaces what the workshop held for
that participant, target and field; a vote taken back removes that rating. Ratings of
earlier rooms (other participants) stay as they are.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConflictError, StoreError
from ..i18n import translate
from ..model import Participant, Rating, Workshop
from ..store import load_workshop, save_workshop
from .log import RoomLog, log_path
from .tally import Tally, read_tally, tallied_ratings


def merged_ratings(workshop: Workshop, tally: Tally) -> list[Rating]:
    """The workshop's ratings with the room's last words in place of older ones."""
    room = tallied_ratings(tally)
    speakers = set(tally.members)
    kept = [rating for rating in workshop.ratings if rating.participant not in speakers]
    ordered = sorted(room, key=lambda r: (r.participant, r.field, r.target))
    return [*kept, *ordered]


def merge_into(workshop: Workshop, tally: Tally) -> bool:
    """Apply the room to ``workshop`` in memory; whether anything changed."""
    ratings = merged_ratings(workshop, tally)
    known = {participant.id for participant in workshop.participants}
    joining = [
        Participant(id=member.id, name=member.name)
        for member in tally.members.values()
        if member.id not in known
    ]
    if ratings == workshop.ratings and not joining:
        return False
    workshop.participants.extend(joining)
    workshop.ratings = ratings
    return True


def merge_room(workshop_path: str | Path, attempts: int = 3) -> tuple[bool, int]:
    """Merge the room log beside ``workshop_path`` into it: (changed, number of ratings).

    A save that meets someone else's newer save loads that and merges again.
    """
    path = Path(workshop_path)
    log_file = log_path(path)
    if not log_file.exists():
        raise StoreError(translate("room.no_log", path=log_file), log_file)
    with RoomLog(log_file, create=False) as log:
        tally = read_tally(log)
    for attempt in range(attempts):
        workshop: Workshop = load_workshop(path)
        changed = merge_into(workshop, tally)
        if not changed:
            return False, len(workshop.ratings)
        try:
            save_workshop(workshop, path)
        except ConflictError:
            if attempt == attempts - 1:
                raise
            continue
        return True, len(workshop.ratings)
    return False, 0  # pragma: no cover - the loop returns or raises
