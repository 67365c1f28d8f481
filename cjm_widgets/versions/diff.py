"""What changed between two versions of one workshop, item by item through their keys.

Both versions are validated workshops (plain data is validated first), so a field one
file leaves out and the other writes as its default is no change. Items are matched by
their list's key (``keys.py``: an id, or a rating's participant, target and field, named
as who rated what) and compared field by field under the names the declared tables give
them (``backoffice.systems``, ``vision.overall``; a snapshot's ``steps`` as one field),
with each changed field's value before and after as the file writes it; added and
removed items, moves within a list of items with ids, and a journey-level summary
(``summary``) complete the picture.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from ..errors import CjmError
from ..frames.schema import item_fields, top_level_lists, workshop_fields
from ..i18n import translate
from ..model import Workshop
from ..model import find_persona as find_persona_in
from .items import BOOKKEEPING, WORKSHOP, get_field
from .keys import ListKey, Names, model_key, title_of
from .summary import (
    RESOLVING_STATUSES,
    MetricShift,
    Resolved,
    Scope,
    Shift,
    Summary,
    summarise,
)

ChangeKind = Literal["added", "removed", "changed"]


class DifferentWorkshopsError(CjmError):
    """The two files share no item at all: two different workshops, not two versions."""


@dataclass(frozen=True)
class Change:
    """One added or removed item, or one changed field of an item (dotted when nested)."""

    list: str
    id: str
    title: str
    change: ChangeKind
    field: str | None = None
    before: Any = None
    after: Any = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Diff:
    """Everything that changed from ``old`` to ``new``, in the new version's language."""

    title: str
    lang: str
    persona: str | None
    summary: Summary
    changes: list[Change]
    persona_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"summary": asdict(self.summary), "changes": [c.to_json() for c in self.changes]}

    @property
    def empty(self) -> bool:
        return not self.changes


# -- choosing what to compare ------------------------------------------------------------


def find_persona(old: Workshop, new: Workshop, wanted: str) -> str:
    """The id of the persona ``wanted`` names in either version (``model.find_persona``)."""
    personas = {**old.by_id("personas"), **new.by_id("personas")}
    return find_persona_in(personas.values(), wanted, new.language)


# -- the changes -----------------------------------------------------------------------------


Items = dict[str, tuple[Any, dict[str, Any]]]
"""key -> (the item, the item as the file writes it)."""


def compared_lists() -> list[ListKey]:
    """The model's lists compared item by item: those whose items have an id or a natural
    key (ratings); lists of values (dates) are fields of the workshop."""
    keys = [model_key(name) for name in top_level_lists() if name not in BOOKKEEPING]
    return [key for key in keys if key is not None and not key.whole]


def _items(ws: Workshop, key: ListKey) -> Items:
    found: Items = {}
    for item in getattr(ws, key.name):
        dumped = item.model_dump(mode="json")
        found.setdefault(key.text(dumped), (item, dumped))
    return found


def _field_changes(
    name: str, item_id: str, title: str, fields: list[str], old: Any, new: Any
) -> list[Change]:
    changes = []
    for field in fields:
        before, after = get_field(old, field), get_field(new, field)
        if before != after:
            changes.append(Change(name, item_id, title, "changed", field, before, after))
    return changes


def _moves(name: str, old_items: Items, new_items: Items, scope: Scope) -> list[Change]:
    """Items whose place in the list changed, beyond what adding and removing explain."""
    old_ids, new_ids = list(old_items), list(new_items)
    common = set(old_ids).intersection(new_ids)
    old_order = [i for i in old_ids if i in common]
    new_order = [i for i in new_ids if i in common]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {new_order[b.b + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    old_place = {item_id: place for place, item_id in enumerate(old_ids, 1)}
    new_place = {item_id: place for place, item_id in enumerate(new_ids, 1)}
    return [
        Change(name, i, title_of(new_items[i][1]), "changed", "position", old_place[i],
               new_place[i])
        for i in new_order
        if i not in kept and scope.keeps(name, new_items[i][0])
    ]  # fmt: skip


def _list_changes(
    key: ListKey, old: Workshop, new: Workshop, scope: Scope, names: Names
) -> list[Change]:
    name = key.name
    old_items, new_items = _items(old, key), _items(new, key)
    fields = [field for field in item_fields(name) if field not in key.fields]
    changes: list[Change] = []
    for item_id, (item, dumped) in new_items.items():
        earlier = old_items.get(item_id)
        if not scope.keeps(name, item) and not scope.keeps(name, (earlier or (item,))[0]):
            continue
        title = names.title(key, dumped)
        if earlier is None:
            changes.append(Change(name, item_id, title, "added", after=dumped))
        else:
            changes.extend(_field_changes(name, item_id, title, fields, earlier[1], dumped))
    for item_id, (item, dumped) in old_items.items():
        if item_id not in new_items and scope.keeps(name, item):
            title = names.title(key, dumped)
            changes.append(Change(name, item_id, title, "removed", before=dumped))
    if key.by_id:
        changes.extend(_moves(name, old_items, new_items, scope))
    return changes


def _own_fields(ws: Workshop) -> tuple[list[str], dict[str, Any]]:
    """The workshop's own fields (title, scope, vision, ...) and their values as written."""
    fields = [field for field in workshop_fields() if field.split(".")[0] not in BOOKKEEPING]
    return fields, ws.model_dump(mode="json", include={field.split(".")[0] for field in fields})


# -- the whole comparison ----------------------------------------------------------------------


def diff_workshops(old: Workshop, new: Workshop, persona: str | None = None) -> Diff:
    """Compare two versions of one workshop.

    ``persona`` (an id or a name) narrows it to that persona's journey. Raises
    DifferentWorkshopsError when the versions share no item at all.
    """
    lists = compared_lists()
    by_id = [key.name for key in lists if key.by_id]
    old_ids = {(name, item.id) for name in by_id for item in getattr(old, name)}
    new_ids = {(name, item.id) for name in by_id for item in getattr(new, name)}
    if old_ids and new_ids and not old_ids & new_ids:
        raise DifferentWorkshopsError(
            translate("versions.different_workshops", new.language, old=old.title, new=new.title)
        )
    chosen = find_persona(old, new, persona) if persona is not None else None
    scope = Scope(old, new, chosen)
    fields, before = _own_fields(old)
    changes = _field_changes(WORKSHOP, "", new.title, fields, before, _own_fields(new)[1])
    names = Names(new.to_dict(), old.to_dict(), lang=new.language)
    for key in lists:
        changes.extend(_list_changes(key, old, new, scope, names))
    personas = {**old.by_id("personas"), **new.by_id("personas")}
    name = personas[chosen].name if chosen is not None else ""
    return Diff(new.title, new.language, chosen, summarise(old, new, scope), changes, name)


def _validated(document: Workshop | Mapping[str, Any]) -> Workshop:
    return document if isinstance(document, Workshop) else Workshop.from_dict(document)


def diff_documents(
    old: Workshop | Mapping[str, Any],
    new: Workshop | Mapping[str, Any],
    persona: str | None = None,
) -> Diff:
    """Compare two versions given as workshops or as plain data (as in the files), which
    is validated first: a WorkshopError lists what is wrong with either."""
    return diff_workshops(_validated(old), _validated(new), persona)


__all__ = [
    "RESOLVING_STATUSES",
    "Change",
    "ChangeKind",
    "Diff",
    "DifferentWorkshopsError",
    "MetricShift",
    "Resolved",
    "Shift",
    "Summary",
    "diff_documents",
    "diff_workshops",
    "find_persona",
]
