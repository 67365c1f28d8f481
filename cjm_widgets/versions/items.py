"""How versions see a workshop file: the workshop's own fields, dotted field names, order.

The top-level lists and what tells their items apart are in ``keys.py``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

BOOKKEEPING = frozenset({"schema_version", "revision", "conflicts"})
"""Top-level fields that are about the file, not the workshop: never compared as workshop
fields (a merge merges the open conflicts as a list of their own)."""

WORKSHOP = "workshop"
"""The ``list`` name of the workshop's own fields (title, vision, scope, ...) in a change."""

ORDER = "order"
"""The ``field`` of a conflict about the order of a whole list (its ``id`` is empty)."""


def own_fields(document: Mapping[str, Any], lists: Iterable[str]) -> dict[str, Any]:
    """The workshop's own fields (title, scope, vision, ...): not its lists, not bookkeeping."""
    skipped = BOOKKEEPING.union(lists)
    return {key: value for key, value in document.items() if key not in skipped}


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


K = TypeVar("K", bound=Hashable)


def weave(lead: Sequence[K], other: Sequence[K], kept: set[K]) -> list[K]:
    """``lead``'s order of the ``kept`` items, with those only ``other`` has placed after the
    item they follow there (first when nothing does)."""
    order = [key for key in lead if key in kept]
    placed = set(order)
    for index, key in enumerate(other):
        if key in placed or key not in kept:
            continue
        before = next((p for p in reversed(other[:index]) if p in placed), None)
        order.insert(order.index(before) + 1 if before is not None else 0, key)
        placed.add(key)
    return order
