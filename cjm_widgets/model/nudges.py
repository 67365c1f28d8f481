"""Nudges: an approved idea turned into a message that reaches customers stuck on the map.

A nudge waits for a customer's first event of its ``after`` touchpoint, lets
``wait_hours`` pass (moved out of ``quiet_hours`` in the workshop's time zone) and, if
nothing of its ``until`` touchpoint has happened by then, makes a message due through
``channel``. A stable share (``holdout``) of customers never gets one: they are the
control its lift is measured against. ``cjm nudge`` finds, sends and records them;
docs/orchestration.md gives the exact rules.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, Field, model_validator

from ..model_types import Name, Signal, Text
from ..validation import custom_error
from .base import Entity

MAX_HOURS = 24 * 366
"""The longest wait or expiry a nudge may have: a year."""

MAX_HOLDOUT = 0.5
"""The largest share of customers a nudge may hold back as its control."""

_QUIET = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$")


def quiet_minutes(text: str) -> tuple[int, int]:
    """``'21-08'`` or ``'21:30-07:45'`` as minutes after midnight (start, end); the span
    may pass midnight. Raises ValueError for anything else."""
    match = _QUIET.match(text.strip())
    if match is None:
        raise ValueError(text)
    start_h, start_m, end_h, end_m = (int(part or 0) for part in match.groups())
    if start_h > 23 or end_h > 23 or start_m > 59 or end_m > 59:
        raise ValueError(text)
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if start == end:
        raise ValueError(text)
    return start, end


def _quiet_hours(value: str) -> str:
    try:
        quiet_minutes(value)
    except ValueError:
        raise custom_error("quiet_hours", value=value) from None
    return value.strip()


QuietHours = Annotated[str, AfterValidator(_quiet_hours)]


class Nudge(Entity):
    """A message due to customers who entered at ``after`` and have not reached ``until``."""

    list_name: ClassVar[str] = "nudges"

    title: Name
    persona: str | None = None
    """Only this persona's segment of the log (None: every customer)."""
    idea: str | None = None
    """The approved idea the nudge carries out."""
    owner: Text = ""
    after: str
    """Entry: the customer's first event signalled by this touchpoint."""
    until: str
    """The goal: any of this touchpoint's events after entry ends the nudge."""
    wait_hours: int = Field(ge=1, le=MAX_HOURS)
    expire_hours: int = Field(default=168, ge=1, le=MAX_HOURS)
    channel: Name
    message: Name
    """In the workshop's language; ``{first_name}``-style placeholders are passed through
    for the sending tool to fill."""
    holdout: float = Field(default=0.1, ge=0.0, le=MAX_HOLDOUT)
    quiet_hours: QuietHours | None = None
    active: bool = True
    start: date | None = None
    end: date | None = None
    only_if_event: Signal | None = None
    """An event that must have happened between entry and the due time."""
    unless_event: Signal | None = None
    """An event that must not have happened between entry and the due time."""

    @model_validator(mode="after")
    def _sensible(self) -> Self:
        if self.after == self.until:
            raise custom_error("nudge_same_touchpoint", value=self.after)
        if self.start is not None and self.end is not None and self.start > self.end:
            raise custom_error("nudge_period", start=self.start, end=self.end)
        return self


__all__ = ["MAX_HOLDOUT", "MAX_HOURS", "Nudge", "QuietHours", "quiet_minutes"]
