"""How versions see a workshop file: top-level lists of items with ids, and dotted fields.

A list counts as a list of items when every entry is an object with a string ``id``
(or, when empty, when it is one of the lists the kit knows), so the comparison and the
merge cover lists added by newer versions and other tools without knowing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..frames.schema import TABLES

BOOKKEEPING = frozenset({"schema_version", "revision", "conflicts"})
"""Top-level fields that are about the file, not the workshop: never compared or merged."""

KNOWN_LISTS = tuple(
    dict.fromkeys(t.list_name for t in TABLES if t.list_name and t.list_name not in BOOKKEEPING)
)
"""Item lists in the order their tables come; lists found beyond these follow by name."""

WORKSHOP = "workshop"
"""The ``list`` name of the workshop's own fields (title, vision, scope, ...) in a change."""


def is_item_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value)
    )


def item_lists(*documents: Mapping[str, Any]) -> list[str]:
    """The top-level keys that hold lists of items in any of ``documents``, in reading order."""
    found = {
        key
        for document in documents
        for key, value in document.items()
        if key not in BOOKKEEPING and (is_item_list(value) or (key in KNOWN_LISTS and value == []))
    }
    known = [name for name in KNOWN_LISTS if name in found]
    return known + sorted(found.difference(KNOWN_LISTS))


def items_by_id(document: Mapping[str, Any], name: str) -> dict[str, dict[str, Any]]:
    value = document.get(name)
    if not isinstance(value, list):
        return {}
    return {item["id"]: item for item in value if isinstance(item, dict) and "id" in item}


def own_fields(document: Mapping[str, Any], lists: Iterable[str]) -> dict[str, Any]:
    """The workshop's own fields (title, scope, vision, ...): not its lists, not bookkeeping."""
    skipped = BOOKKEEPING.union(lists)
    return {key: value for key, value in document.items() if key not in skipped}


def title_of(item: Mapping[str, Any]) -> str:
    """What people call an item: its name, title or text; a snapshot by its period; else its id."""
    for key in ("name", "title", "text"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    start, end = item.get("period_start"), item.get("period_end")
    if start or end:
        return f"{start or ''} \u2013 {end or ''}".strip()
    return str(item.get("id", ""))


def flatten(item: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"backoffice": {"systems": [...]}}`` -> ``{"backoffice.systems": [...]}``; an empty
    object and every non-object value (lists included) stay one field."""
    fields: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            fields.update(flatten(value, f"{name}."))
        else:
            fields[name] = value
    return fields


MISSING: Any = object()
"""A field one version does not have at all (not the same as a field that holds null)."""


def get_field(item: Mapping[str, Any], field: str) -> Any:
    """The value of a dotted ``field`` of ``item``, or MISSING."""
    value: Any = item
    for part in field.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def set_field(item: dict[str, Any], field: str, value: Any) -> None:
    """Set a dotted ``field`` of ``item`` (MISSING removes it), making objects on the way."""
    *parents, last = field.split(".")
    target = item
    for part in parents:
        nested = target.get(part)
        if not isinstance(nested, dict):
            nested = target[part] = {}
        target = nested
    if value is MISSING:
        target.pop(last, None)
    else:
        target[last] = value
