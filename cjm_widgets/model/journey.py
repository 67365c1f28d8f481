"""The journey itself: stages, channels, touchpoints (with their back office) and pain points.

Items link by id; whether every link points at an existing item is a whole-document rule,
checked by the ``Workshop``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ..limits import MAX_LIST_ITEMS
from ..model_types import (
    ChannelKind,
    ContactPhase,
    JourneyState,
    Name,
    PainSource,
    Score,
    SignalList,
    Text,
    TextList,
)
from .base import Entity, Record


class Stage(Entity):
    """A phase of the journey, in list order; it may lie before or after the contact."""

    list_name: ClassVar[str] = "stages"

    name: Name
    description: Text = ""
    contact: ContactPhase = "during"
    vision: Text = ""


class Channel(Entity):
    """Where the company meets the customer (step 3, service paths)."""

    list_name: ClassVar[str] = "channels"

    name: Name
    kind: ChannelKind = "digital"


class BackOffice(Record):
    """What behind the scenes makes a touchpoint work (step 5)."""

    processes: TextList = Field(default_factory=list)
    systems: TextList = Field(default_factory=list)
    department: Text = ""


class Touchpoint(Entity):
    """One encounter: what the customer does, thinks and feels there (step 4).

    ``persona`` None means the touchpoint belongs to every persona's journey.
    ``emotion`` None means the group has not scored it yet. ``signals`` are the event
    names in the organisation's logs that mean "this touchpoint happened" (any counts).
    """

    list_name: ClassVar[str] = "touchpoints"

    persona: str | None = None
    stage: str
    channel: str
    order: int = 0
    title: Name
    action: Text = ""
    thought: Text = ""
    emotion: Score | None = None
    feeling: Text = ""
    moment_of_truth: bool = False
    journey: JourneyState = "current"
    backoffice: BackOffice = Field(default_factory=BackOffice)
    signals: SignalList = Field(default_factory=list)


class PainPoint(Entity):
    """Something that hurts the customer at one or more touchpoints."""

    list_name: ClassVar[str] = "pain_points"

    touchpoints: list[str] = Field(min_length=1, max_length=MAX_LIST_ITEMS)
    text: Name
    severity: Score | None = None
    source: PainSource = "workshop"


__all__ = ["BackOffice", "Channel", "PainPoint", "Stage", "Touchpoint"]
