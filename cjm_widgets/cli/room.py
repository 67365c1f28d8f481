"""``cjm room WORKSHOP`` serves the room; ``cjm room merge WORKSHOP`` merges its log."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import CjmError
from ..i18n import SOURCE_LANGUAGE, check_language, translate

T = translate


def cmd_room(args: argparse.Namespace) -> int:
    if args.path == "merge" and args.workshop:
        from ..room.merge import merge_room_outcome

        path = Path(args.workshop)
        outcome = merge_room_outcome(path)
        key = "room.merged" if outcome.changed else "room.merged_nothing"
        print(T(key, path=path, ratings=T("room.count.ratings", count=outcome.ratings)))
        if outcome.unsorted:
            print(outcome.left_to_sort(path=path))
        return 0
    if args.workshop:
        raise CjmError(T("room.usage", value=args.path))
    if args.path == "merge" and not Path(args.path).exists():  # not a new workshop "merge"
        raise CjmError(T("room.merge_needs_workshop"))
    from ..room.command import run_room

    path = Path(args.path).resolve()
    if args.lang:
        check_language(args.lang)
    from .. import launch

    launch.ensure_workshop(path, None, args.lang or SOURCE_LANGUAGE)
    return run_room(path, args.host, args.port, args.votes, args.lang, args.max_participants)
