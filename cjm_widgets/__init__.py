"""cjm-widgets: a Jupyter-based workshop kit for Customer Journey Mapping."""

from ._version import __version__
from .errors import CjmError, ConflictError, Problem, StoreError, WorkshopError
from .model import (
    BackOffice,
    Channel,
    Feeling,
    Idea,
    Metric,
    PainPoint,
    Participant,
    Persona,
    Scope,
    Stage,
    Touchpoint,
    Vision,
    Workshop,
)

__all__ = [
    "BackOffice",
    "Channel",
    "CjmError",
    "ConflictError",
    "Feeling",
    "Idea",
    "Metric",
    "PainPoint",
    "Participant",
    "Persona",
    "Problem",
    "Scope",
    "Stage",
    "StoreError",
    "Touchpoint",
    "Vision",
    "Workshop",
    "WorkshopError",
    "__version__",
]
