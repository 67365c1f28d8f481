"""The workshop document: pydantic models, the single source of truth.

One module per part of the document: ``base`` (``Record``, ``Entity``), ``people``
(participants, personas), ``journey`` (stages, channels, touchpoints, pain points),
``ideas`` (ideas, the room's ratings), ``measures`` (metrics, measurement snapshots),
``framing`` (scope, vision, merge conflicts) and ``workshop`` (the root ``Workshop``
and the rules of the whole document). Import every name from here, as before the split:
``from cjm_widgets.model import Touchpoint``. The field types come from ``model_types``.
"""

from ..model_types import (
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
    TimeZoneName,
    Valence,
)
from .base import Entity, Record
from .framing import MergeConflict, Scope, Vision
from .ideas import MAX_VOTES, Idea, Rating, RatingField
from .journey import BackOffice, Channel, PainPoint, Stage, Touchpoint
from .measures import (
    MeasuredImpact,
    MeasuredNudge,
    MeasuredSignal,
    MeasuredStep,
    Measurement,
    Metric,
)
from .nudges import MAX_HOLDOUT, MAX_HOURS, Nudge, QuietHours, quiet_minutes
from .people import ROOM_PARTICIPANT_PREFIX, Feeling, Participant, Persona, find_persona
from .workshop import SCHEMA_VERSION, Workshop

__all__ = [
    "MAX_HOLDOUT",
    "MAX_HOURS",
    "MAX_VOTES",
    "ROOM_PARTICIPANT_PREFIX",
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
    "MeasuredNudge",
    "MeasuredSignal",
    "MeasuredStep",
    "Measurement",
    "MergeConflict",
    "Metric",
    "MetricKind",
    "Name",
    "Nudge",
    "Number",
    "PainPoint",
    "PainSource",
    "Participant",
    "Persona",
    "QuietHours",
    "Rating",
    "RatingField",
    "Record",
    "Scope",
    "Score",
    "SignalList",
    "Stage",
    "Text",
    "TextList",
    "TimeZoneName",
    "Touchpoint",
    "Valence",
    "Vision",
    "Workshop",
    "find_persona",
    "quiet_minutes",
]
