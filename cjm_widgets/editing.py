"""Editing operations on a workshop's lists: add, delete (with undo), move, place, update.

What a delete takes with it follows the method: a touchpoint's pain points and
metrics belong to it and go too; a persona, stage or channel still used by
touchpoints is refused with a message saying what to do first. Every operation
leaves a valid workshop, or changes nothing and raises WorkshopError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, WorkshopError
from .i18n import translate
from .model import Entity, Workshop
from .references import REFERENCES

FieldChange = tuple[Entity, str, Any]
"""(item, field name, new value): a change made in place, so editors keep their objects."""


@dataclass
class Removal:
    """What one delete removed or changed, so it can be undone exactly."""

    kind: str
    entity_id: str
    removed: dict[str, list[tuple[int, Entity]]] = field(default_factory=dict)
    changed: list[FieldChange] = field(default_factory=list)


def referrers(ws: Workshop, kind: str, entity_id: str) -> dict[str, list[Entity]]:
    """Items of other lists that refer to ``entity_id`` of list ``kind``."""
    found: dict[str, list[Entity]] = {}
    for ref in REFERENCES:
        if ref.target != kind:
            continue
        for item in getattr(ws, ref.source):
            value = getattr(item, ref.field)
            if value == entity_id or (ref.many and entity_id in value):
                found.setdefault(ref.source, []).append(item)
    return found


_BLOCKING = {"personas", "stages", "channels"}


def _apply(ws: Workshop, lists: dict[str, list[Any]], changes: list[FieldChange]) -> None:
    """Check the workshop as it would be, then change it in place (same item objects).

    Editors hold on to the items they show; changing lists and fields in place keeps
    those items live. Nothing changes when the check fails.
    """
    patched = {(id(item), name): value for item, name, value in changes}
    data = ws.to_dict()
    for name in {*lists, *(type(item).list_name for item, _, _ in changes)}:
        data[name] = []
        for item in lists.get(name, getattr(ws, name)):
            dumped = item.model_dump(mode="json")
            for field_name in type(item).model_fields:
                if (id(item), field_name) in patched:
                    dumped[field_name] = patched[(id(item), field_name)]
            data[name].append(dumped)
    Workshop.from_dict(data)
    for name, items in lists.items():
        ws.__dict__[name] = items
    for item, name, value in changes:
        item.__dict__[name] = value


def add(ws: Workshop, kind: str, values: dict[str, Any], index: int | None = None) -> Entity:
    """A new item of list ``kind`` made from ``values`` (an id is made from its name)."""
    model = Workshop.ENTITY_TYPES[kind]
    name = str(values.get("name") or values.get("title") or values.get("text") or "")
    item = model(**{"id": ws.new_id(kind, name), **values})
    items = list(getattr(ws, kind))
    items.insert(len(items) if index is None else index, item)
    _apply(ws, {kind: items}, [])
    return item


def remove(ws: Workshop, kind: str, entity_id: str) -> Removal:
    """Delete one item; returns what is needed to undo it."""
    users = referrers(ws, kind, entity_id)
    if kind in _BLOCKING and users.get("touchpoints"):
        raise WorkshopError.single(
            kind,
            translate(f"edit.in_use.{kind}", ws.language, count=len(users["touchpoints"])),
        )
    removal = Removal(kind, entity_id)
    gone = {kind: {entity_id}}
    if kind == "touchpoints":
        gone["pain_points"] = {p.id for p in ws.pain_points if p.touchpoints == [entity_id]}
        gone["metrics"] = {m.id for m in ws.metrics if m.touchpoint == entity_id}
        gone["nudges"] = {n.id for n in ws.nudges if entity_id in (n.after, n.until)}
    lists: dict[str, list[Any]] = {}
    for name, ids in gone.items():
        items = list(getattr(ws, name))
        removal.removed[name] = [(i, item) for i, item in enumerate(items) if item.id in ids]
        lists[name] = [item for item in items if item.id not in ids]
    changes: list[FieldChange] = []
    for ref in REFERENCES:
        ids = gone.get(ref.target, set())
        if not ids:
            continue
        for item in lists.get(ref.source, getattr(ws, ref.source)):
            value = getattr(item, ref.field)
            if ref.many and any(v in ids for v in value):
                new: Any = [v for v in value if v not in ids]
            elif not ref.many and value in ids:
                new = None
            else:
                continue
            removal.changed.append((item, ref.field, value))
            changes.append((item, ref.field, new))
    _apply(ws, lists, changes)
    return removal


def undo(ws: Workshop, removal: Removal) -> None:
    """Put back what ``removal`` took away, at the places it stood."""
    lists: dict[str, list[Any]] = {}
    for name, entries in removal.removed.items():
        items = list(getattr(ws, name))
        for index, item in sorted(entries, key=lambda entry: entry[0]):
            items.insert(min(index, len(items)), item)
        lists[name] = items
    _apply(ws, lists, list(removal.changed))


def move(
    ws: Workshop, kind: str, entity_id: str, step: int, among: list[str] | None = None
) -> None:
    """Move an item ``step`` places up (-1) or down (+1) among ``among`` (default: its list).

    Touchpoints move in journey order within their stage: their ``order`` numbers are
    rewritten so the new sequence holds.
    """
    if kind == "touchpoints":
        tp = ws.by_id(kind)[entity_id]
        sequence = [
            t for t in ws.journey() if t.stage == tp.stage and (among is None or t.id in among)
        ]
        position = [t.id for t in sequence].index(entity_id)
        target = position + step
        if not 0 <= target < len(sequence):
            return
        sequence[position], sequence[target] = sequence[target], sequence[position]
        _apply(ws, {}, [(t, "order", index) for index, t in enumerate(sequence)])
        return
    items = list(getattr(ws, kind))
    position = [item.id for item in items].index(entity_id)
    visible = [i for i, item in enumerate(items) if among is None or item.id in among]
    rank = visible.index(position)
    if not 0 <= rank + step < len(visible):
        return
    other = visible[rank + step]
    items[position], items[other] = items[other], items[position]
    _apply(ws, {kind: items}, [])


def place(
    ws: Workshop, entity_id: str, stage: str, index: int, among: list[str] | None = None
) -> bool:
    """Put touchpoint ``entity_id`` in ``stage`` at position ``index`` among that stage's
    touchpoints in ``among`` (the ones a map shows; default: all), as a card dropped on the
    map; returns whether its stage or the journey's order changed.

    The stage's ``order`` numbers are rewritten so the new sequence holds; touchpoints the
    map does not show keep their places relative to the shown ones.
    """
    tp = ws.by_id("touchpoints")[entity_id]
    if stage not in ws.by_id("stages"):
        raise WorkshopError.single(
            "stage", translate("error.reference", ws.language, value=stage, target="stages")
        )
    before = (tp.stage, [t.id for t in ws.journey() if t.stage == stage])
    others = [t for t in ws.journey() if t.stage == stage and t.id != entity_id]
    shown = [t for t in others if among is None or t.id in among]
    index = max(0, min(index, len(shown)))
    if index < len(shown):
        at = others.index(shown[index])
    else:
        at = others.index(shown[-1]) + 1 if shown else len(others)
    sequence = [*others[:at], tp, *others[at:]]
    changes: list[FieldChange] = [(t, "order", i) for i, t in enumerate(sequence)]
    if tp.stage != stage:
        changes.append((tp, "stage", stage))
    if before == (stage, [t.id for t in sequence]):
        return False
    _apply(ws, {}, changes)
    return True


def update(ws: Workshop, item: Entity, values: dict[str, Any]) -> bool:
    """Set several fields of ``item`` at once (an editor's Save), each checked as the forms
    check one; a refused field is named in the WorkshopError (its problem's path is the
    field's name) and then nothing changes. Returns whether any value changed."""
    trial = item.model_copy()
    problems: list[Problem] = []
    for name, value in values.items():
        try:
            setattr(trial, name, value)
        except WorkshopError as error:
            problems.extend(Problem(name, problem.message) for problem in error.problems)
    if problems:
        raise WorkshopError(problems, lang=ws.language)
    changes: list[FieldChange] = [
        (item, name, getattr(trial, name))
        for name in values
        if getattr(trial, name) != getattr(item, name)
    ]
    if changes:
        _apply(ws, {}, changes)
    return bool(changes)
