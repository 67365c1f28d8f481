"""Cross-entity checks that field types cannot express: unique ids, and ids that exist.

The checks read either a validated Workshop or the raw dict of a file, so a broken
file reports its dangling references together with its field errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import Problem

ENTITY_LISTS = (
    "participants",
    "personas",
    "stages",
    "channels",
    "touchpoints",
    "pain_points",
    "ideas",
    "metrics",
    "nudges",
)


@dataclass(frozen=True)
class Reference:
    """``source[i].field`` holds the id (or ids, when ``many``) of an item in ``target``."""

    source: str
    field: str
    target: str
    many: bool = False


REFERENCES = (
    Reference("touchpoints", "persona", "personas"),
    Reference("touchpoints", "stage", "stages"),
    Reference("touchpoints", "channel", "channels"),
    Reference("pain_points", "touchpoints", "touchpoints", many=True),
    Reference("ideas", "pain_points", "pain_points", many=True),
    Reference("metrics", "touchpoint", "touchpoints"),
    Reference("nudges", "persona", "personas"),
    Reference("nudges", "idea", "ideas"),
    Reference("nudges", "after", "touchpoints"),
    Reference("nudges", "until", "touchpoints"),
)


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def _items(document: Any, name: str) -> list[Any]:
    items = _get(document, name)
    return items if isinstance(items, list) else []


def _ids(document: Any, name: str) -> dict[str, int]:
    """id -> index of its first holder in the list ``name``."""
    found: dict[str, int] = {}
    for index, item in enumerate(_items(document, name)):
        item_id = _get(item, "id")
        if isinstance(item_id, str):
            found.setdefault(item_id, index)
    return found


def _duplicate_ids(document: Any) -> Iterator[Problem]:
    for name in ENTITY_LISTS:
        first_seen: dict[str, int] = {}
        for index, item in enumerate(_items(document, name)):
            item_id = _get(item, "id")
            if not isinstance(item_id, str):
                continue
            if item_id in first_seen:
                yield Problem.of(
                    f"{name}[{index}].id",
                    "error.duplicate_id",
                    value=item_id,
                    other=f"{name}[{first_seen[item_id]}]",
                )
            else:
                first_seen[item_id] = index


def _dangling(document: Any) -> Iterator[Problem]:
    known = {name: _ids(document, name) for name in {ref.target for ref in REFERENCES}}
    for ref in REFERENCES:
        targets = known[ref.target]
        for index, item in enumerate(_items(document, ref.source)):
            value = _get(item, ref.field)
            values = value if ref.many and isinstance(value, list) else [value]
            for target_id in values:
                if not isinstance(target_id, str) or target_id in targets:
                    continue
                yield Problem.of(
                    f"{ref.source}[{index}].{ref.field}",
                    "error.reference",
                    value=target_id,
                    target=ref.target,
                )


def reference_problems(document: Any) -> list[Problem]:
    """Every duplicate id and every reference to an id that does not exist."""
    return [*_duplicate_ids(document), *_dangling(document)]


RATED = {"emotion": "touchpoints", "effort": "ideas", "impact": "ideas", "vote": "ideas"}
"""The list a rating's ``target`` is in, by its ``field``."""


def rating_target_problems(document: Any) -> list[Problem]:
    """Ratings whose touchpoint or idea is not in the workshop (deleted after the room
    rated it). Not an error: the rating stays as a record of the room, counted nowhere;
    ``cjm validate`` names each, so a stale vote never passes unseen."""
    known = {name: _ids(document, name) for name in set(RATED.values())}
    found = []
    for index, rating in enumerate(_items(document, "ratings")):
        target, field = _get(rating, "target"), _get(rating, "field")
        kind = RATED.get(field) if isinstance(field, str) else None
        if kind is None or not isinstance(target, str) or target in known[kind]:
            continue
        found.append(
            Problem.of(f"ratings[{index}].target", "error.rating_target", value=target, target=kind)
        )
    return found
