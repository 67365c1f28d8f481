"""What changed between two versions of one workshop, item by item through the ids.

Both versions are validated workshops (plain data is validated first), so a field one
file leaves out and the other writes as its default is no change. Items are compared
field by field under the names the declared tables give them (``backoffice.systems``,
``vision.overall``; a snapshot's ``steps`` as one field), with each changed field's
value before and after as the file writes it; added and removed items, moves within a
list, and a journey-level summary (``summary``) complete the picture.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from ..errors import CjmError
from ..frames.schema import item_fields, listed_by_id, workshop_fields
from ..i18n import translate
from ..model import Workshop
from .items import BOOKKEEPING, WORKSHOP, get_field, title_of
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
    """The id of the persona ``wanted`` names (an id or a name, in either version)."""
    personas = {**old.by_id("personas"), **new.by_id("personas")}
    if wanted in personas:
        return wanted
    for pid, persona in personas.items():
        if persona.name.casefold() == wanted.casefold():
            return pid
    choices = ", ".join(f"{pid} ({p.name})" for pid, p in personas.items()) or "\u2013"
    raise CjmError(translate("versions.unknown_persona", new.language, value=wanted,
                             choices=choices))  # fmt: skip


# -- the changes -----------------------------------------------------------------------------


Items = dict[str, tuple[Any, dict[str, Any]]]
"""id -> (the item, the item as the file writes it)."""


def _items(ws: Workshop, name: str) -> Items:
    return {item.id: (item, item.model_dump(mode="json")) for item in getattr(ws, name)}


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


def _list_changes(name: str, old: Workshop, new: Workshop, scope: Scope) -> list[Change]:
    old_items, new_items = _items(old, name), _items(new, name)
    fields = item_fields(name)
    changes: list[Change] = []
    for item_id, (item, dumped) in new_items.items():
        earlier = old_items.get(item_id)
        if not scope.keeps(name, item) and not scope.keeps(name, (earlier or (item,))[0]):
            continue
        if earlier is None:
            changes.append(Change(name, item_id, title_of(dumped), "added", after=dumped))
        else:
            changes.extend(
                _field_changes(name, item_id, title_of(dumped), fields, earlier[1], dumped)
            )
    for item_id, (item, dumped) in old_items.items():
        if item_id not in new_items and scope.keeps(name, item):
            changes.append(Change(name, item_id, title_of(dumped), "removed", before=dumped))
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
    lists = listed_by_id()
    old_ids = {(name, item.id) for name in lists for item in getattr(old, name)}
    new_ids = {(name, item.id) for name in lists for item in getattr(new, name)}
    if old_ids and new_ids and not old_ids & new_ids:
        raise DifferentWorkshopsError(
            translate("versions.different_workshops", new.language, old=old.title, new=new.title)
        )
    chosen = find_persona(old, new, persona) if persona is not None else None
    scope = Scope(old, new, chosen)
    fields, before = _own_fields(old)
    changes = _field_changes(WORKSHOP, "", new.title, fields, before, _own_fields(new)[1])
    for name in lists:
        changes.extend(_list_changes(name, old, new, scope))
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
