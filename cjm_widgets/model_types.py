"""The field types of the workshop document and the rules each checks on its own.

Text that holds no control characters, names that are not blank, readable ids,
scores 1-5, finite numbers, supported languages, and the fixed choices (channel kinds,
idea statuses, metric kinds...). ``model`` builds the document's parts from them.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    Field,
)

from .i18n import supported_languages
from .ids import ID_PATTERN
from .limits import (
    MAX_LIST_ITEMS,
    control_character_code,
    normalise_newlines,
)
from .validation import custom_error


def _plain_text(value: str) -> str:
    """Line endings as LF; control characters (NUL, ESC, ...) refused: they break exports."""
    value = normalise_newlines(value)
    code = control_character_code(value)
    if code is not None:
        raise custom_error("control_character", code=code)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise custom_error("blank")
    return value


def _valid_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise custom_error("id_format", value=value)
    return value


def _score(value: int) -> int:
    if not 1 <= value <= 5:
        raise custom_error("out_of_range", value=value, low=1, high=5)
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise custom_error("not_finite", value=value)
    return value


def _known_language(value: str) -> str:
    if value not in supported_languages():
        raise custom_error(
            "unknown_language", value=value, choices=", ".join(supported_languages())
        )
    return value


def _event_name(value: str) -> str:
    """An event name as the log spells it: surrounding spaces dropped, nothing else changed."""
    value = value.strip()
    if not value:
        raise custom_error("blank")
    return value


def _time_zone(value: str) -> str:
    """An IANA time zone name (``Europe/Helsinki``), as the system or tzdata knows it."""
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):
        raise custom_error("time_zone", value=value) from None
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Name = Annotated[str, AfterValidator(_plain_text), AfterValidator(_not_blank)]
EntityId = Annotated[str, AfterValidator(_valid_id)]
Score = Annotated[int, AfterValidator(_score)]
Number = Annotated[float, AfterValidator(_finite)]
Language = Annotated[str, AfterValidator(_known_language)]
TimeZoneName = Annotated[str, AfterValidator(_time_zone)]
TextList = Annotated[list[Name], Field(max_length=MAX_LIST_ITEMS)]
Signal = Annotated[str, AfterValidator(_plain_text), AfterValidator(_event_name)]
SignalList = Annotated[list[Signal], Field(max_length=MAX_LIST_ITEMS)]

ChannelKind = Literal["digital", "physical", "human"]
ContactPhase = Literal["before", "during", "after"]
JourneyState = Literal["current", "future"]
Valence = Literal["positive", "negative"]
PainSource = Literal["workshop", "interview", "feedback", "data"]
IdeaStatus = Literal["proposed", "approved", "rejected", "in_progress", "done"]
MetricKind = Literal[
    "nps", "csat", "ces", "conversion", "contact_volume", "drop_off", "duration", "cost", "other"
]
Direction = Literal["higher", "lower"]
