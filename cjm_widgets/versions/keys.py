"""What tells the items of each top-level list of a workshop apart, so versions can match them.

Read from the model, so a list added later needs nothing here: a list whose items have an
``id`` is matched by it; ``ratings`` by participant, target and field (one participant's
last word on one field of one item); the merge's own records (``conflicts``), which nobody
edits, only adds and settles, and lists of plain values (``dates``) by the whole item. A
list none of these fits has no key (None): a merge takes it whole when one side alone
changed it and refuses when both did, rather than guess and lose items.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ..frames.schema import top_level_lists
from ..i18n import translate
from ..model import Workshop

NATURAL_KEYS: dict[str, tuple[str, ...]] = {"ratings": ("participant", "target", "field")}
"""Lists whose items have no id but fields that together name one item."""

WHOLE_ITEMS = frozenset({"conflicts"})
"""Lists of records nobody edits: an item is its own key."""

KEY_SEPARATOR = "/"
"""Between the parts of a natural key where a conflict or a change names the item
(``pa-anna/tp-pay/emotion``); no id holds it."""


@dataclass(frozen=True)
class ListKey:
    """How the items of the list ``name`` are matched: by ``fields`` (``("id",)`` or a
    natural key) or, without fields, by the whole item."""

    name: str
    fields: tuple[str, ...] = ()

    @property
    def by_id(self) -> bool:
        return self.fields == ("id",)

    @property
    def whole(self) -> bool:
        return not self.fields

    def of(self, item: Any) -> Hashable:
        if self.whole or not isinstance(item, Mapping):
            return _canonical(item)
        return tuple(_canonical(item.get(field)) for field in self.fields)

    def text(self, item: Any) -> str:
        """The key as conflicts and changes name the item (its id, or ``pa-1/tp-2/emotion``);
        empty for a list matched by the whole item."""
        if self.whole or not isinstance(item, Mapping):
            return ""
        return KEY_SEPARATOR.join(str(item.get(field, "")) for field in self.fields)


def _canonical(value: Any) -> Hashable:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value if isinstance(value, Hashable) else repr(value)


Keyed = dict[tuple[Hashable, int], Any]
"""(key, how many items before it had the same key) -> item: a list's items by key, where
a key twice in one list (dates, say) counts as two items."""


def keyed(key: ListKey, items: Any) -> Keyed:
    """The items of a list by ``key``; anything but a list has none."""
    found: Keyed = {}
    seen: dict[Hashable, int] = {}
    for item in items if isinstance(items, list) else []:
        value = key.of(item)
        found[value, seen.get(value, 0)] = item
        seen[value] = seen.get(value, 0) + 1
    return found


def apart(*versions: Keyed) -> tuple[Keyed, ...]:
    """The versions of one list with every key that stands twice in any of them told by
    the item's whole content instead: the n-th item of a repeated key is not the same
    fact in each version (an item inserted before it shifts the count), so such items are
    matched as they are, and a changed one is one removed and one added, never lost."""
    repeated = {value for version in versions for value, count in version if count > 0}
    if not repeated:
        return versions
    told: list[Keyed] = []
    for version in versions:
        found: Keyed = {}
        seen: dict[Hashable, int] = {}
        for (value, count), item in version.items():
            if value in repeated:
                value = (value, _canonical(item))
                count = seen.get(value, 0)
                seen[value] = count + 1
            found[value, count] = item
        told.append(found)
    return tuple(told)


def model_key(name: str, kind: type[Workshop] = Workshop) -> ListKey | None:
    """The key of the model's list ``name``; None when nothing tells its items apart (or
    ``name`` is no list of the model)."""
    if name in NATURAL_KEYS:
        return ListKey(name, NATURAL_KEYS[name])
    if name in WHOLE_ITEMS:
        return ListKey(name)
    info = kind.model_fields.get(name)
    if info is None or get_origin(info.annotation) is not list:
        return None
    item = next(iter(get_args(info.annotation)), None)
    if isinstance(item, type) and issubclass(item, BaseModel):
        return ListKey(name, ("id",)) if "id" in item.model_fields else None
    return ListKey(name)  # plain values (dates): the value is the key


def _has_ids(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in value
    )


def list_keys(*documents: Mapping[str, Any]) -> dict[str, ListKey | None]:
    """Every top-level list in any of ``documents`` with its key: the model's lists in their
    order, then lists the model does not know (by id when all their items have one). A name
    that holds something other than a list in one of them has no key."""
    model = top_level_lists(Workshop)
    present = {name for document in documents for name, value in document.items()
               if isinstance(value, list)}  # fmt: skip
    names = [name for name in model if name in present] + sorted(present.difference(model))
    keys: dict[str, ListKey | None] = {}
    for name in names:
        values = [document[name] for document in documents if document.get(name) is not None]
        if not all(isinstance(value, list) for value in values):
            keys[name] = None
        elif name in model:
            keys[name] = model_key(name)
        else:
            keys[name] = ListKey(name, ("id",)) if all(map(_has_ids, values)) else None
    return keys


# -- what people call an item ------------------------------------------------------------------


def title_of(item: Any) -> str:
    """What people call an item: its name, title or text; a snapshot by its period; else its id."""
    if not isinstance(item, Mapping):
        return str(item)
    for key in ("name", "title", "text"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    start, end = item.get("period_start"), item.get("period_end")
    if start or end:
        return f"{start or ''} \u2013 {end or ''}".strip()
    return str(item.get("id", ""))


class Names:
    """Items' titles by id in one or more versions (the first that has an id wins), so an
    item without a title of its own is named by the items it names: who rated what."""

    def __init__(self, *documents: Mapping[str, Any], lang: str) -> None:
        self.lang = lang
        self.titles: dict[str, str] = {}
        for document in documents:
            for name, key in list_keys(document).items():
                if key is not None and key.by_id:
                    for item in document.get(name) or []:
                        self.titles.setdefault(str(item.get("id")), title_of(item))

    def name(self, value: Any) -> str:
        return self.titles.get(str(value)) or str(value)

    def title(self, key: ListKey, item: Any) -> str:
        """``Anna rated Pays the bill (emotion)`` for a rating; other items by ``title_of``."""
        if key.name == "ratings" and isinstance(item, Mapping):
            return str(translate(
                "versions.rating", self.lang, participant=self.name(item.get("participant")),
                target=self.name(item.get("target")), field=item.get("field", ""),
            ))  # fmt: skip
        if key.whole or key.by_id or not isinstance(item, Mapping):
            return title_of(item)
        return ", ".join(self.name(item.get(field)) for field in key.fields)
