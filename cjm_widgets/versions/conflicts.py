"""The conflicts a merge left in a workshop, and resolving them one side at a time.

Resolving takes "ours" (the value the file already holds: the record just goes) or
"theirs" (their value, their item back, or their removal), checks the whole workshop
and only then changes it, in place, so open editors and the store's file stay attached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from ..editing import remove
from ..errors import CjmError
from ..i18n import translate
from ..model import MergeConflict, Workshop
from .items import set_field

Side = Literal["ours", "theirs"]


def open_conflicts(ws: Workshop) -> list[MergeConflict]:
    return list(ws.conflicts)


def _take_theirs(data: dict[str, Any], conflict: MergeConflict) -> None:
    if conflict.kind == "ours_removed" and isinstance(conflict.theirs, dict):
        data.setdefault(conflict.list_name, []).append(conflict.theirs)
    elif conflict.kind == "both" and not conflict.list_name:
        set_field(data, conflict.field, conflict.theirs)
    elif conflict.kind == "both":
        for item in data.get(conflict.list_name) or []:
            if item.get("id") == conflict.id:
                set_field(item, conflict.field, conflict.theirs)


def resolve(ws: Workshop, index: int, side: Side) -> None:
    """Close conflict number ``index`` (from 0) of ``ws`` by taking ``side``.

    Raises CjmError for an unknown number or side, and WorkshopError (nothing changed)
    when their version no longer fits the workshop (it refers to something removed).
    """
    conflicts = list(ws.conflicts)
    if side not in ("ours", "theirs"):
        raise CjmError(translate("versions.bad_side", ws.language, value=side))
    if not 0 <= index < len(conflicts):
        raise CjmError(
            translate("versions.no_such_conflict", ws.language, value=index + 1,
                      count=len(conflicts))
        )  # fmt: skip
    conflict = conflicts.pop(index)
    data = ws.to_dict()
    data["conflicts"] = [c.model_dump(mode="json") for c in conflicts]
    if side == "theirs":
        _take_theirs(data, conflict)
    fresh = type(ws).from_dict(data)
    if side == "theirs" and conflict.kind == "theirs_removed":
        remove(fresh, conflict.list_name, conflict.id)
    for name in type(ws).model_fields:
        ws.__dict__[name] = fresh.__dict__[name]


def resolve_all(ws: Workshop, side: Side) -> int:
    """Take ``side`` for every open conflict, first to last; returns how many were closed."""
    count = len(ws.conflicts)
    for _ in range(count):
        resolve(ws, 0, side)
    return count


def resolve_numbers(ws: Workshop, numbers: Iterable[int] | None, side: Side) -> int:
    """Take ``side`` for the conflicts numbered (from 1) in ``numbers``, or for every open
    one when None; the last first, so the numbers still name the same conflicts. Returns
    how many were closed."""
    chosen = sorted(set(numbers or range(1, len(ws.conflicts) + 1)), reverse=True)
    for number in chosen:
        resolve(ws, number - 1, side)
    return len(chosen)
