"""cjm-widgets: a Jupyter-based workshop kit for Customer Journey Mapping.

``register(kind, name, obj)`` adds a lane, exporter, report section or template from a
notebook; ``refresh()`` finds plugins pip-installed since the kit was imported (plugin
authors: ``cjm_widgets.api``, docs/plugins.md).
"""

from . import plugin_hook
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
)
from .plugins import refresh, register
from .plugins import registry as _registry
from .workshop import Workshop

plugin_hook.connect(_registry)  # the layers below the registry look plugins up through it

_WIDGETS = {
    "WorkshopApp": "cjm_widgets.widgets",
    "WorkshopSession": "cjm_widgets.widgets",
    "PersonaEditor": "cjm_widgets.widgets",
    "VisionEditor": "cjm_widgets.widgets",
    "ServicePathEditor": "cjm_widgets.widgets",
    "TouchpointEditor": "cjm_widgets.widgets",
    "BackOfficeEditor": "cjm_widgets.widgets",
    "MetricsEditor": "cjm_widgets.widgets",
    "IdeaRater": "cjm_widgets.widgets",
    "JourneyMapView": "cjm_widgets.render.canvas",
    "MapEditor": "cjm_widgets.widgets",
    "PriorityMatrixView": "cjm_widgets.widgets.priority_matrix",
    "MapOptions": "cjm_widgets.layout.options",
}


def __getattr__(name: str) -> object:
    """Widgets load ipywidgets and ipycanvas only when asked for, keeping plain imports fast."""
    if name in _WIDGETS:
        import importlib

        return getattr(importlib.import_module(_WIDGETS[name]), name)
    raise AttributeError(f"module 'cjm_widgets' has no attribute {name!r}")


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt JupyterLab extension is (``jupyter labextension develop`` reads it)."""
    return [{"src": "labextension", "dest": "cjm-widgets"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """The extension's server side (routes behind the token): ``cjm_widgets.lab_server``."""
    return [{"module": "cjm_widgets.lab_server"}]


__all__ = [
    "BackOffice",
    "BackOfficeEditor",
    "Channel",
    "CjmError",
    "ConflictError",
    "Feeling",
    "Idea",
    "IdeaRater",
    "JourneyMapView",
    "MapEditor",
    "MapOptions",
    "Metric",
    "MetricsEditor",
    "PainPoint",
    "Participant",
    "Persona",
    "PersonaEditor",
    "PriorityMatrixView",
    "Problem",
    "Scope",
    "ServicePathEditor",
    "Stage",
    "StoreError",
    "Touchpoint",
    "TouchpointEditor",
    "Vision",
    "VisionEditor",
    "Workshop",
    "WorkshopApp",
    "WorkshopError",
    "WorkshopSession",
    "__version__",
    "refresh",
    "register",
]
