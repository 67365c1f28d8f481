"""The workshop's own parts that are no list of entities: its scope, its vision, and the
conflicts a merge left open."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import JsonValue, model_validator

from ..model_types import Text
from ..validation import custom_error
from .base import Record


class Vision(Record):
    """The dream state of the whole experience and the competitive angle (step 2)."""

    overall: Text = ""
    competitive_angle: Text = ""


class Scope(Record):
    """Whether the workshop maps the whole journey or a named part of it."""

    journey: Literal["whole", "part"] = "whole"
    part: Text = ""
    note: Text = ""

    @model_validator(mode="after")
    def _part_is_named(self) -> Self:
        if self.journey == "part" and not self.part.strip():
            raise custom_error("scope_part")
        return self


class MergeConflict(Record):
    """A field both sides of a merge changed differently, or an item one side removed while
    the other changed it. The file keeps "ours"; the facilitator picks a side later.

    ``kind``: ``both`` (the field differs; ``field`` names it, dotted for nested fields),
    ``ours_removed`` (we removed the item, they changed it: ``theirs`` is their item) or
    ``theirs_removed`` (they removed it, we changed it). ``list_name`` and ``id`` name the
    item (both empty for the workshop's own fields, such as ``title`` or ``vision.overall``).
    A rating both sides gave differently has the rating's key as ``id``
    (``participant/target/field``) and each side's whole rating; a list both sides put in
    different orders has an empty ``id``, the ``field`` ``order`` and each side's order of ids.
    """

    kind: Literal["both", "ours_removed", "theirs_removed"] = "both"
    list_name: str = ""
    id: str = ""
    title: Text = ""
    field: str = ""
    base: JsonValue = None
    ours: JsonValue = None
    theirs: JsonValue = None


__all__ = ["MergeConflict", "Scope", "Vision"]
