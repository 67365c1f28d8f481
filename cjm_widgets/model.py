"""The workshop document: pydantic models, the single source of truth.

The document is flat and normalised like a set of tables: top-level lists of
entities with stable string ids, linked by id. Every field is checked on creation
and on assignment; every reference is checked whenever the whole document is
validated. All errors come out as one WorkshopError listing every problem.

The model knows nothing of files, tables or diagrams: ``cjm_widgets.workshop`` adds
those doors (``load``, ``save``, ``to_frames``, ...) in a thin subclass, and the store
keeps what it knows of each workshop's file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    model_validator,
)

from .errors import Problem, WorkshopError
from .i18n import SOURCE_LANGUAGE
from .ids import ID_PREFIXES, new_id
from .limits import (
    MAX_LIST_ITEMS,
    MAX_NESTING,
    control_character_code,
    nesting_depth,
)
from .model_types import (
    ChannelKind,
    ContactPhase,
    Direction,
    EntityId,
    IdeaStatus,
    JourneyState,
    Language,
    MetricKind,
    Name,
    Number,
    PainSource,
    Score,
    SignalList,
    Text,
    TextList,
    Valence,
)
from .references import reference_problems
from .validation import custom_error, document_language, problems_from_validation

SCHEMA_VERSION = 2
"""The file format this version writes; older files are migrated on load."""


class Record(BaseModel):
    """Base of every part of the document: strict fields, checked on assignment too."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise WorkshopError(self._problems(error, data), lang=document_language(data)) from None

    # Nested models are built by pydantic-core directly (fast, errors located in the
    # parent); only a user's own call goes through this wrapper.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        previous = self.__dict__.get(name)
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            # A model-level check fails after pydantic already stored the value: undo it,
            # so a refused value never reaches the model.
            if name in self.__dict__:
                self.__dict__[name] = previous
            raise WorkshopError(problems_from_validation(error, self._where())) from None

    @classmethod
    def _problems(cls, error: ValidationError, data: Any) -> list[Problem]:
        """Every problem of ``data``; the Workshop adds reference checks of raw data."""
        return problems_from_validation(error)

    def _where(self) -> str:
        """How error paths name this object when one of its fields is set."""
        return ""


class Entity(Record):
    """An item of one of the document's lists, found and linked by its id."""

    list_name: ClassVar[str] = ""
    id: EntityId

    def _where(self) -> str:
        return f"{type(self).__name__}[id={self.id}]"


class Participant(Entity):
    """Someone in the workshop room; departments matter for a cross-department group."""

    list_name: ClassVar[str] = "participants"

    name: Name
    department: Text = ""
    role: Text = ""


class Feeling(Record):
    """What excites (positive) or frightens (negative) the customer."""

    text: Name
    valence: Valence


class Persona(Entity):
    """A customer type; each persona has a journey of its own (step 1, Customer)."""

    list_name: ClassVar[str] = "personas"

    name: Name
    segment: Text = ""
    description: Text = ""
    job_to_be_done: Text = ""
    goals: TextList = Field(default_factory=list)
    needs: TextList = Field(default_factory=list)
    challenges: TextList = Field(default_factory=list)
    feelings: list[Feeling] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)


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


class Metric(Entity):
    """How a touchpoint (or, with no touchpoint, the whole journey) is measured (step 6)."""

    list_name: ClassVar[str] = "metrics"

    touchpoint: str | None = None
    name: Name
    kind: MetricKind = "other"
    unit: Text = ""
    better: Direction = "higher"
    baseline: Number | None = None
    target: Number | None = None
    actual: Number | None = None
    source: Text = ""

    def gap(self) -> float | None:
        """How far ``actual`` still is from ``target``; positive means short of the target."""
        if self.target is None or self.actual is None:
            return None
        gap = float(self.target - self.actual)
        return gap if self.better == "higher" else -gap


class MeasuredStep(Record):
    """One touchpoint of one measured journey in a snapshot: the funnel figures of
    ``cjm monitor`` (rates are shares 0-1). ``touchpoint`` may name a touchpoint deleted
    since; ``title`` keeps what it was called when measured."""

    persona: str | None = None
    touchpoint: str
    title: Text = ""
    paths: int | None = Field(default=None, ge=0)
    conversion_rate: Number | None = None
    step_conversion_rate: Number | None = None
    reach: int | None = Field(default=None, ge=0)
    repeat_paths: int | None = Field(default=None, ge=0)
    median_seconds_to_next: Number | None = None
    p90_seconds_to_next: Number | None = None


class MeasuredImpact(Record):
    """A launched idea's effect on one touchpoint's step conversion, before vs after."""

    idea: str
    touchpoint: str
    before: Number | None = None
    after: Number | None = None
    difference: Number | None = None
    ci_low: Number | None = None
    ci_high: Number | None = None
    p_value: Number | None = None
    paths_before: int = Field(default=0, ge=0)
    paths_after: int = Field(default=0, ge=0)
    small_sample: bool = False


class Measurement(Record):
    """A measurement snapshot: what the event log said about the journeys in one period.

    Kept in the workshop so maps and reports show it without the log; the newest
    (latest ``period_end``) is the current one.
    """

    id: EntityId
    period_start: datetime
    period_end: datetime
    source: Text = ""
    engine: Text = ""
    measured_at: datetime | None = None
    steps: list[MeasuredStep] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    impact: list[MeasuredImpact] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)

    def _where(self) -> str:
        return f"Measurement[id={self.id}]"


class MergeConflict(Record):
    """A field both sides of a merge changed differently, or an item one side removed while
    the other changed it. The file keeps "ours"; the facilitator picks a side later.

    ``kind``: ``both`` (the field differs; ``field`` names it, dotted for nested fields),
    ``ours_removed`` (we removed the item, they changed it: ``theirs`` is their item) or
    ``theirs_removed`` (they removed it, we changed it). ``list_name`` and ``id`` name the
    item (both empty for the workshop's own fields, such as ``title`` or ``vision.overall``).
    """

    kind: Literal["both", "ours_removed", "theirs_removed"] = "both"
    list_name: str = ""
    id: str = ""
    title: Text = ""
    field: str = ""
    base: JsonValue = None
    ours: JsonValue = None
    theirs: JsonValue = None


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
    }

    schema_version: int = SCHEMA_VERSION
    revision: int = Field(default=0, ge=0)
    title: Name
    organisation: Text = ""
    scope: Scope = Field(default_factory=Scope)
    language: Language = SOURCE_LANGUAGE
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


__all__ = [
    "SCHEMA_VERSION",
    "BackOffice",
    "Channel",
    "ChannelKind",
    "ContactPhase",
    "Direction",
    "Entity",
    "EntityId",
    "Feeling",
    "Idea",
    "IdeaStatus",
    "JourneyState",
    "Language",
    "MeasuredImpact",
    "MeasuredStep",
    "Measurement",
    "MergeConflict",
    "Metric",
    "MetricKind",
    "Name",
    "Number",
    "PainPoint",
    "PainSource",
    "Participant",
    "Persona",
    "Rating",
    "RatingField",
    "Record",
    "Scope",
    "Score",
    "SignalList",
    "Stage",
    "Text",
    "TextList",
    "Touchpoint",
    "Valence",
    "Vision",
    "Workshop",
]
