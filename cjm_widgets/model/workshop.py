"""The root of the document: ``Workshop``, its lists, and the rules of the whole document.

The document is flat and normalised like a set of tables: top-level lists of
entities with stable string ids, linked by id. Every field is checked on creation
and on assignment; every reference is checked whenever the whole document is
validated. All errors come out as one WorkshopError listing every problem.

The model knows nothing of files, tables or diagrams: ``cjm_widgets.workshop`` adds
those doors (``load``, ``save``, ``to_frames``, ...) in a thin subclass, and the store
keeps what it knows of each workshop's file.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Self

from pydantic import Field, JsonValue, ValidationError, model_validator

from ..errors import Problem, WorkshopError
from ..i18n import SOURCE_LANGUAGE
from ..ids import ID_PREFIXES, new_id
from ..limits import MAX_LIST_ITEMS, MAX_NESTING, control_character_code, nesting_depth
from ..model_types import JourneyState, Language, Name, Text, TimeZoneName
from ..references import reference_problems
from ..validation import custom_error, document_language, problems_from_validation
from .base import Entity, Record
from .framing import MergeConflict, Scope, Vision
from .ideas import Idea, Rating
from .journey import Channel, PainPoint, Stage, Touchpoint
from .measures import Measurement, Metric
from .nudges import Nudge
from .people import Participant, Persona

SCHEMA_VERSION = 2
"""The file format this version writes; older files are migrated on load."""


class Workshop(Record):
    """A whole workshop: metadata, the six steps' content, ideas and metrics."""

    ENTITY_TYPES: ClassVar[dict[str, type[Entity]]] = {
        "participants": Participant,
        "personas": Persona,
        "stages": Stage,
        "channels": Channel,
        "touchpoints": Touchpoint,
        "pain_points": PainPoint,
        "ideas": Idea,
        "metrics": Metric,
        "nudges": Nudge,
    }

    schema_version: int = SCHEMA_VERSION
    revision: int = Field(default=0, ge=0)
    title: Name
    organisation: Text = ""
    scope: Scope = Field(default_factory=Scope)
    language: Language = SOURCE_LANGUAGE
    timezone: TimeZoneName = Field(default="UTC", exclude_if=lambda value: value == "UTC")
    """Where the workshop's nudges keep quiet hours (IANA name); not in the file when UTC."""
    dates: list[date] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    vision: Vision = Field(default_factory=Vision)
    participants: list[Participant] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    personas: list[Persona] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    stages: list[Stage] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    channels: list[Channel] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    touchpoints: list[Touchpoint] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    pain_points: list[PainPoint] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    ideas: list[Idea] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    metrics: list[Metric] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    nudges: list[Nudge] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, exclude_if=lambda value: not value
    )
    """Messages to stuck customers (``cjm nudge``); not in the file when there are none."""
    measurements: list[Measurement] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    conflicts: list[MergeConflict] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, exclude_if=lambda value: not value
    )
    """What a merge (``cjm merge-driver``) could not decide; not in the file when none is open."""
    ratings: list[Rating] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    extensions: dict[str, JsonValue] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _current_schema(self) -> Self:
        if self.schema_version != SCHEMA_VERSION:
            raise custom_error("schema_version", value=self.schema_version, current=SCHEMA_VERSION)
        return self

    @model_validator(mode="after")
    def _extensions_are_plain(self) -> Self:
        """Plugins' data obeys the same limits as the rest: shallow, no control characters."""
        if nesting_depth(self.extensions, MAX_NESTING - 1) > MAX_NESTING - 1:
            raise custom_error("too_deep", limit=MAX_NESTING)
        pending: list[Any] = [self.extensions]
        while pending:
            item = pending.pop()
            if isinstance(item, dict):
                pending.extend(item.keys())
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, str) and (code := control_character_code(item)) is not None:
                raise custom_error("control_character_in", field="extensions", code=code)
        return self

    @model_validator(mode="after")
    def _measurement_ids_unique(self) -> Self:
        seen: dict[str, int] = {}
        for index, snapshot in enumerate(self.measurements):
            if snapshot.id in seen:
                raise custom_error(
                    "duplicate_id", value=snapshot.id, other=f"measurements[{seen[snapshot.id]}]"
                )
            seen[snapshot.id] = index
        return self

    @model_validator(mode="after")
    def _references_exist(self) -> Self:
        problems = reference_problems(self)
        if problems:
            raise custom_error("references", problems=problems, count=len(problems))
        return self

    # -- building and checking -------------------------------------------------

    @classmethod
    def _problems(cls, error: ValidationError, data: Any) -> list[Problem]:
        problems = problems_from_validation(error)
        references_checked = any(detail["type"] == "references" for detail in error.errors())
        if isinstance(data, dict) and not references_checked:
            problems.extend(reference_problems(data))
        return problems

    @classmethod
    def from_dict(cls, data: Any, source: str | None = None) -> Self:
        """Validate a plain dict; every field error and dangling reference is listed at once."""
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise WorkshopError(
                cls._problems(error, data), source=source, lang=document_language(data)
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON-ready plain data, in the file's key order."""
        return self.model_dump(mode="json")

    def check(self) -> Self:
        """Validate the whole document again, after lists were changed in place."""
        Workshop.from_dict(self.to_dict())
        return self

    # -- finding things --------------------------------------------------------

    def by_id(self, kind: str) -> dict[str, Any]:
        """id -> entity for one list, for example ``ws.by_id('stages')['st-pay']``."""
        if kind not in self.ENTITY_TYPES:
            raise KeyError(kind)
        return {item.id: item for item in getattr(self, kind)}

    def new_id(self, kind: str, name: str) -> str:
        """A fresh readable id for a new item of list ``kind``, derived from its name."""
        return new_id(ID_PREFIXES[kind], name, self.by_id(kind))

    def journey(
        self, persona: str | None = None, state: JourneyState | None = None
    ) -> list[Touchpoint]:
        """Touchpoints in journey order: by stage, then ``order``, then position in the list.

        With ``persona``, only that persona's touchpoints and the shared ones (persona None).
        With ``state``, only today's (``current``) or the envisioned (``future``) journey.
        """
        stage_index = {stage.id: index for index, stage in enumerate(self.stages)}
        chosen = [
            (stage_index.get(tp.stage, len(stage_index)), tp.order, position, tp)
            for position, tp in enumerate(self.touchpoints)
            if (persona is None or tp.persona in (None, persona))
            and (state is None or tp.journey == state)
        ]
        chosen.sort(key=lambda row: row[:3])
        return [row[3] for row in chosen]

    def current_measurement(self) -> Measurement | None:
        """The newest snapshot (latest period end; of equals, the later in the list)."""
        if not self.measurements:
            return None
        return max(enumerate(self.measurements), key=lambda item: (item[1].period_end, item[0]))[1]


__all__ = ["SCHEMA_VERSION", "Workshop"]
