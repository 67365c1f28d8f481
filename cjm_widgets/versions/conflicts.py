"""The conflicts a merge left in a workshop, and resolving them one side at a time.

Resolving takes "ours" (the value the file already holds: the record just goes) or
"theirs" (their value, their whole rating, their order of a list, their item back, or
their removal), finding the item by its list's key (``keys.py``); it checks the whole
workshop and only then changes it, in place, so open editors and the store's file stay
attached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from ..editing import remove
from ..errors import CjmError
from ..i18n import translate
from ..model import MergeConflict, Workshop
from .items import ORDER, set_field, weave
from .keys import ListKey, list_keys, model_key

Side = Literal["ours", "theirs"]


def open_conflicts(ws: Workshop) -> list[MergeConflict]:
    return list(ws.conflicts)


def _take_theirs(data: dict[str, Any], conflict: MergeConflict) -> None:
    name = conflict.list_name
    key = list_keys(data).get(name) or model_key(name) or ListKey(name, ("id",))
    value = data.get(name)
    items: list[Any] = value if isinstance(value, list) else []
    found = [index for index, item in enumerate(items) if key.text(item) == conflict.id]
    if conflict.kind == "ours_removed" and isinstance(conflict.theirs, dict):
        data.setdefault(name, []).append(conflict.theirs)
    elif conflict.kind == "both" and not name:
        set_field(data, conflict.field, conflict.theirs)
    elif conflict.kind == "both" and not conflict.id and conflict.field == ORDER:
        by_key = {key.text(item): item for item in items}
        theirs = conflict.theirs if isinstance(conflict.theirs, list) else []
        lead = [k for k in theirs if isinstance(k, str)]
        data[name] = [by_key[k] for k in weave(lead, list(by_key), set(by_key))]
    elif conflict.kind == "both" and found and not conflict.field:
        items[found[0]] = conflict.theirs  # one fact, such as a rating, taken whole
    elif conflict.kind == "both":
        for index in found:
            set_field(items[index], conflict.field, conflict.theirs)
    elif conflict.kind == "theirs_removed" and name not in Workshop.ENTITY_TYPES:
        data[name] = [item for index, item in enumerate(items) if index not in found[:1]]


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
    taken = side == "theirs" and conflict.kind == "theirs_removed"
    if taken and conflict.list_name in Workshop.ENTITY_TYPES:
        remove(fresh, conflict.list_name, conflict.id)  # with what belongs to it
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
