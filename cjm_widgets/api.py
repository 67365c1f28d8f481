"""The one module plugin authors import from: the types a plugin implements, what they
are given, and the registry's doors.

A lane subclasses ``Lane`` (or ``TextLane`` / ``ListLane`` for a text or a list per
touchpoint) and draws ``shapes`` from a ``MapContext``; an exporter subclasses
``Exporter`` and writes an ``ExportRequest``; a report section is a ``SectionMaker``
returning a ``Section`` built from the escaping blocks below; a template is a
``TemplateSource``. Register them with entry points (docs/plugins.md) or, from a
notebook, with ``register``. Everything here keeps its name across releases; the
modules it comes from may move.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from .errors import CjmError, CjmWarning
from .exporters import DrawingExporter, Exporter, ExportRequest, TextExporter
from .formula_guard import guard_formula
from .i18n import translate
from .layout import (
    Box,
    Cell,
    Circle,
    Column,
    Curve,
    Drawn,
    Entry,
    Hotspot,
    Lane,
    Layout,
    ListLane,
    MapContext,
    MapOptions,
    Polygon,
    Rect,
    Segment,
    Shape,
    StageSpan,
    StageTextLane,
    Text,
    TextLane,
    Theme,
    TouchpointTextLane,
    default_lanes,
    layout_journey,
    registered_lanes,
)
from .model import (
    BackOffice,
    Channel,
    Idea,
    Metric,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
    Workshop,
)
from .plugin_hook import Plugin, PluginWarning
from .plugins import GROUPS, refresh, register, registry
from .reports.html import (
    Section,
    bullet_list,
    empty_line,
    escape_html,
    join_html,
    table,
    table_or_empty,
    tag,
)
from .reports.registered import SectionMaker, plugin_sections, registered_sections
from .store import write_file
from .templates import bundled_template, template_from_plugin

TemplateSource = Path | str | Callable[[], Path | str]
"""What a template plugin gives: a notebook's path, or a function returning it."""

__all__ = [
    "GROUPS",
    "BackOffice",
    "Box",
    "Cell",
    "Channel",
    "Circle",
    "CjmError",
    "CjmWarning",
    "Column",
    "Curve",
    "DrawingExporter",
    "Drawn",
    "Entry",
    "ExportRequest",
    "Exporter",
    "Hotspot",
    "Idea",
    "Lane",
    "Layout",
    "ListLane",
    "MapContext",
    "MapOptions",
    "Markup",
    "Metric",
    "PainPoint",
    "Persona",
    "Plugin",
    "PluginWarning",
    "Polygon",
    "Rect",
    "Section",
    "SectionMaker",
    "Segment",
    "Shape",
    "Stage",
    "StageSpan",
    "StageTextLane",
    "TemplateSource",
    "Text",
    "TextExporter",
    "TextLane",
    "Theme",
    "Touchpoint",
    "TouchpointTextLane",
    "Workshop",
    "bullet_list",
    "bundled_template",
    "default_lanes",
    "empty_line",
    "escape_html",
    "guard_formula",
    "join_html",
    "layout_journey",
    "plugin_sections",
    "refresh",
    "register",
    "registered_lanes",
    "registered_sections",
    "registry",
    "table",
    "table_or_empty",
    "tag",
    "template_from_plugin",
    "translate",
    "write_file",
]
