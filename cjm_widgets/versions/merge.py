"""Three-way merge of two versions of a workshop, item by item and field by field.

Every top-level list merges by the key that tells its items apart (``keys.py``): an id,
a rating's participant, target and field, or the whole item. An item one side added is
kept; one a side removed while the other left it alone goes; changes to different items,
or to different fields of one item, merge cleanly, and so does a move within a list. When
both sides changed one field (or one rating) differently, one side removed an item the
other changed, or both moved the items of a list differently, the result keeps "ours" and
records the conflict in the document's ``conflicts`` list, so the file still loads and the
facilitator picks a side later (``cjm conflicts``, the app). A list with no key that both
sides changed is refused (``UnmergeableListError``) rather than merged by guesswork: no
item is ever dropped unseen. The revision becomes the higher of both plus one.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import CjmError
from ..i18n import SOURCE_LANGUAGE, translate
from .items import MISSING, ORDER, flatten, own_fields, set_field, weave
from .keys import ListKey, Names, apart, keyed, list_keys, model_key


class UnmergeableListError(CjmError):
    """Both sides changed a list whose items nothing tells apart: merging it could lose items."""

    def __init__(self, name: str) -> None:
        super().__init__(translate("versions.merge.unmergeable", name=name))
        self.list_name = name


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
    return _merge_order(base, ours, theirs, kept)[0]


def _merge_order(
    base: list[Any], ours: list[Any], theirs: list[Any], kept: set[Any]
) -> tuple[list[Any], bool]:
    """The merged order, and whether both sides moved the items all three share differently
    (then ours leads). Else the side that moved items leads, and items the other side added
    follow the item they followed there."""
    common = set(base).intersection(ours, theirs)
    b, o, t = ([i for i in side if i in common] for side in (base, ours, theirs))
    lead, other = (theirs, ours) if o == b and t != b else (ours, theirs)
    return weave(lead, other, kept), o != b and t != b and o != t


def _merge_list(
    key: ListKey, base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any],
    names: Names,
) -> tuple[list[Any], list[dict[str, Any]]]:  # fmt: skip
    name = key.name
    b, o, t = apart(*(keyed(key, document.get(name)) for document in (base, ours, theirs)))
    merged: dict[tuple[Hashable, int], Any] = {}
    conflicts: list[dict[str, Any]] = []

    def found(kind: str, item: Any, field_name: str, *sides: Any) -> None:
        conflicts.append(
            _conflict(kind, name, key.text(item), names.title(key, item), field_name, *sides)
        )

    for k in [*o, *(k for k in t if k not in o)]:
        in_ours, in_theirs = k in o, k in t
        if in_ours and in_theirs and (o[k] == t[k] or t[k] == b.get(k, MISSING)):
            merged[k] = o[k]  # only ours changed it (or both alike)
        elif in_ours and in_theirs and o[k] == b.get(k, MISSING):
            merged[k] = t[k]  # only theirs changed it
        elif in_ours and in_theirs and key.by_id:
            where = (name, key.text(o[k]), names.title(key, o[k]))
            merged[k], fields = _merge_fields(b.get(k, {}), o[k], t[k], where)
            conflicts.extend(fields)
        elif in_ours and in_theirs:  # a rating both gave differently: one fact, kept whole
            merged[k] = o[k]
            found("both", o[k], "", b.get(k, MISSING), o[k], t[k])
        elif in_ours:  # theirs removed it, or ours added it
            if k not in b or o[k] != b[k]:
                merged[k] = o[k]
            if k in b and o[k] != b[k]:
                found("theirs_removed", o[k], "", b[k], o[k], None)
        elif k not in b:  # theirs added it
            merged[k] = t[k]
        elif t[k] != b[k]:  # ours removed it, theirs changed it
            found("ours_removed", t[k], "", b[k], None, t[k])
    order, clash = _merge_order(list(b), list(o), list(t), set(merged))
    if clash and key.by_id:
        ids = [[key.text(items[k]) for k in items] for items in (b, o, t)]
        conflicts.append(_conflict("both", name, "", "", ORDER, *ids))
    return [merged[k] for k in order], conflicts


def _merge_whole(name: str, base: Mapping[str, Any], ours: Mapping[str, Any],
                 theirs: Mapping[str, Any]) -> Any:  # fmt: skip
    """A list with no key: the side that changed it, or a refusal when both did."""
    b, o, t = (document.get(name, MISSING) for document in (base, ours, theirs))
    if o == t or t == b:
        return o
    if o == b:
        return t
    raise UnmergeableListError(name)


def merge_documents(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> MergeResult:
    """Merge ``ours`` and ``theirs`` (plain data), both descended from ``base`` ({} if none).

    Items only one side changed are taken as they are, not copied: the result shares them
    with the inputs. Raises UnmergeableListError, before anything is decided, when both
    sides changed a list none of whose items can be told apart.
    """
    keys = list_keys(base, ours, theirs)
    merged, conflicts = _merge_fields(
        own_fields(base, keys), own_fields(ours, keys), own_fields(theirs, keys), ("", "", "")
    )
    lang = str(ours.get("language") or theirs.get("language") or SOURCE_LANGUAGE)
    names = Names(ours, theirs, base, lang=lang)
    for name, key in keys.items():
        if key is None and (value := _merge_whole(name, base, ours, theirs)) is not MISSING:
            merged[name] = value
    for name, key in keys.items():
        if key is not None and name != "conflicts":
            merged[name], found = _merge_list(key, base, ours, theirs, names)
            conflicts.extend(found)
    version = ours.get("schema_version", theirs.get("schema_version"))
    if version is not None:
        merged["schema_version"] = version
    merged["revision"] = max(int(ours.get("revision") or 0), int(theirs.get("revision") or 0)) + 1
    recorded, _ = _merge_list(model_key("conflicts") or ListKey("conflicts"), base, ours, theirs,
                              names)  # fmt: skip
    recorded += [c for c in conflicts if c not in recorded]
    if recorded:
        merged["conflicts"] = recorded
    else:
        merged.pop("conflicts", None)
    return MergeResult(merged, conflicts)
