"""What the workshop proposes and how the room rated it: ideas and participants' ratings."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal, Self

from pydantic import Field, model_validator

from ..limits import MAX_LIST_ITEMS
from ..model_types import EntityId, IdeaStatus, Name, Score, Text
from ..validation import custom_error
from .base import Entity, Record


class Idea(Entity):
    """A proposed solution, rated by effort and impact in the follow-up session."""

    list_name: ClassVar[str] = "ideas"

    text: Name
    pain_points: list[str] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    effort: Score | None = None
    impact: Score | None = None
    status: IdeaStatus = "proposed"
    owner: Text = ""
    decision_note: Text = ""
    launched_on: date | None = None
    """When the change reached customers: ``cjm monitor`` compares the paths that started
    before this day with those that started on it or later (the idea's impact)."""


RatingField = Literal["emotion", "effort", "impact", "vote"]
"""What a participant rated: a touchpoint's emotion, an idea's effort or impact, or dot votes."""

MAX_VOTES = 100
"""The most dots one participant may put on one idea."""


class Rating(Record):
    """One participant's last word on one field of a touchpoint or idea, from the room.

    ``value`` is a score 1-5, or for ``vote`` the dots given (1-100). Ratings keep the
    ids they were given: an item deleted later leaves its ratings as a record of the room.
    """

    participant: EntityId
    target: EntityId
    field: RatingField
    value: int
    at: datetime

    @model_validator(mode="after")
    def _value_in_range(self) -> Self:
        high = MAX_VOTES if self.field == "vote" else 5
        if not 1 <= self.value <= high:
            raise custom_error("out_of_range", value=self.value, low=1, high=high)
        return self


__all__ = ["MAX_VOTES", "Idea", "Rating", "RatingField"]
