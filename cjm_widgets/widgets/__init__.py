"""The facilitator's widgets: the workshop app and its editors, usable alone too."""

from .app import STEPS, WorkshopApp
from .editors import (
    BackOfficeEditor,
    IdeaRater,
    MetricsEditor,
    PersonaEditor,
    ServicePathEditor,
    TouchpointEditor,
    VisionEditor,
)
from .fields import Field
from .lists import EntityListEditor, TextListEditor
from .map_editor import MapEditor
from .session import WorkshopSession

__all__ = [
    "STEPS",
    "BackOfficeEditor",
    "EntityListEditor",
    "Field",
    "IdeaRater",
    "MapEditor",
    "MetricsEditor",
    "PersonaEditor",
    "ServicePathEditor",
    "TextListEditor",
    "TouchpointEditor",
    "VisionEditor",
    "WorkshopApp",
    "WorkshopSession",
]
