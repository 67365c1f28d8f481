"""Three-way merge of two versions of a workshop, by item id and field.

Changes to different items, or to different fields of one item, merge cleanly, and so
do moves within a list. When both sides changed one field differently, or one side
removed an item the other changed, the result keeps "ours" and records the conflict in
the document's ``conflicts`` list, so the file still loads and the facilitator picks a
side later (``cjm conflicts``, the app). The revision becomes the higher of both plus one.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .items import (
    MISSING,
    flatten,
    item_lists,
    items_by_id,
    own_fields,
    set_field,
    title_of,
)


@dataclass
class MergeResult:
    """The merged document and the conflicts found in this merge (also in ``document``)."""

    document: dict[str, Any]
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def _conflict(
    kind: str, name: str, item_id: str, title: str, field_name: str, base: Any, ours: Any,
    theirs: Any,
) -> dict[str, Any]:  # fmt: skip
    def plain(value: Any) -> Any:
        return None if value is MISSING else value

    return {
        "kind": kind, "list_name": name, "id": item_id, "title": title, "field": field_name,
        "base": plain(base), "ours": plain(ours), "theirs": plain(theirs),
    }  # fmt: skip


def _merge_fields(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any],
    where: tuple[str, str, str],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    """``ours`` with the fields only ``theirs`` changed; fields both changed differently stay
    ours and are returned as conflicts. ``where`` is (list, id, title) for the conflicts."""
    flat_base, flat_ours, flat_theirs = flatten(base), flatten(ours), flatten(theirs)
    merged = copy.deepcopy(dict(ours))
    conflicts = []
    names = [*flat_ours, *(k for k in flat_theirs if k not in flat_ours)]
    names += [k for k in flat_base if k not in flat_ours and k not in flat_theirs]
    for name in names:
        b = flat_base.get(name, MISSING)
        o = flat_ours.get(name, MISSING)
        t = flat_theirs.get(name, MISSING)
        if o == t or t == b:
            continue
        if o == b:
            set_field(merged, name, copy.deepcopy(t))
        elif (joined := _merge_text_lists(b, o, t)) is not None:
            set_field(merged, name, joined)
        else:
            conflicts.append(_conflict("both", *where, name, b, o, t))
    return merged, conflicts


def _plain_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value)
        and len(set(value)) == len(value)
    )


def _merge_text_lists(base: Any, ours: Any, theirs: Any) -> list[Any] | None:
    """Lists of distinct texts (goals, processes, signals, a pain point's touchpoints) that
    both sides changed: what either added, less what either removed; None if not such lists."""
    base = [] if base is MISSING else base
    if not all(_plain_list(value) for value in (base, ours, theirs)):
        return None
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    kept = (set(ours) | set(theirs)) - removed
    return _merge_order(base, ours, theirs, kept)


def _reordered(base: list[str], side: list[str]) -> bool:
    """Whether ``side`` puts the items it shares with ``base`` in another order."""
    common = set(base).intersection(side)
    return [i for i in base if i in common] != [i for i in side if i in common]


def _merge_order(base: list[str], ours: list[str], theirs: list[str], kept: set[str]) -> list[str]:
    """The merged order: the side that moved items leads (ours when both did); items the
    other side added follow the item they followed there."""
    lead, other = (theirs, ours) if _reordered(base, theirs) and not _reordered(base, ours) else (
        ours, theirs,
    )  # fmt: skip
    order = [i for i in lead if i in kept]
    placed = set(order)
    for index, item_id in enumerate(other):
        if item_id in placed or item_id not in kept:
            continue
        before = next((p for p in reversed(other[:index]) if p in placed), None)
        at = order.index(before) + 1 if before is not None else 0
        order.insert(at, item_id)
        placed.add(item_id)
    return order


def _merge_list(
    name: str, base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    b, o, t = items_by_id(base, name), items_by_id(ours, name), items_by_id(theirs, name)
    merged: dict[str, dict[str, Any]] = {}
    conflicts: list[dict[str, Any]] = []
    for item_id in [*o, *(i for i in t if i not in o)]:
        in_ours, in_theirs = item_id in o, item_id in t
        if in_ours and in_theirs and (o[item_id] == t[item_id] or t[item_id] == b.get(item_id)):
            merged[item_id] = o[item_id]  # only ours changed it (or both alike)
        elif in_ours and in_theirs and o[item_id] == b.get(item_id):
            merged[item_id] = t[item_id]  # only theirs changed it
        elif in_ours and in_theirs:
            where = (name, item_id, title_of(o[item_id]))
            merged[item_id], found = _merge_fields(
                b.get(item_id, {}), o[item_id], t[item_id], where
            )
            conflicts.extend(found)
        elif in_ours:  # theirs removed it, or ours added it
            if item_id in b and o[item_id] != b[item_id]:
                conflicts.append(
                    _conflict("theirs_removed", name, item_id, title_of(o[item_id]), "",
                              b[item_id], o[item_id], None)
                )  # fmt: skip
                merged[item_id] = o[item_id]
            elif item_id not in b:
                merged[item_id] = o[item_id]
        elif item_id not in b:  # theirs added it
            merged[item_id] = t[item_id]
        elif t[item_id] != b[item_id]:  # ours removed it, theirs changed it
            conflicts.append(
                _conflict("ours_removed", name, item_id, title_of(t[item_id]), "",
                          b[item_id], None, t[item_id])
            )  # fmt: skip
    order = _merge_order(list(b), list(o), list(t), set(merged))
    return [merged[item_id] for item_id in order], conflicts


def merge_documents(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> MergeResult:
    """Merge ``ours`` and ``theirs`` (plain data), both descended from ``base`` ({} if none).

    Items only one side changed are taken as they are, not copied: the result shares them
    with the inputs.
    """
    lists = item_lists(base, ours, theirs)
    merged, conflicts = _merge_fields(
        own_fields(base, lists), own_fields(ours, lists), own_fields(theirs, lists), ("", "", "")
    )
    for name in lists:
        merged[name], found = _merge_list(name, base, ours, theirs)
        conflicts.extend(found)
    version = ours.get("schema_version", theirs.get("schema_version"))
    if version is not None:
        merged["schema_version"] = version
    merged["revision"] = max(int(ours.get("revision") or 0), int(theirs.get("revision") or 0)) + 1
    recorded = [*(ours.get("conflicts") or [])]
    recorded += [c for c in theirs.get("conflicts") or [] if c not in recorded]
    recorded += [c for c in conflicts if c not in recorded]
    if recorded:
        merged["conflicts"] = recorded
    return MergeResult(merged, conflicts)
