"""Pure geometry of the journey map, the priority matrix and the emotion curves.

Layouts are plain data (shapes in paint order, hotspots); the canvas and SVG
renderers read nothing else, so the live view and the printed poster agree.
"""

from .context import Column, Lookups, MapContext, StageSpan, channel_colours
from .journey import layout_journey
from .lane_base import Drawn, Lane
from .list_lanes import Entry, ListLane
from .options import MapOptions, default_lanes, registered_lanes
from .shapes import Box, Circle, Curve, Hotspot, Layout, Polygon, Rect, Segment, Shape, Text
from .text_lanes import Cell, StageTextLane, TextLane, TouchpointTextLane
from .theme import Theme

__all__ = [
    "Box",
    "Cell",
    "Circle",
    "Column",
    "Curve",
    "Drawn",
    "Entry",
    "Hotspot",
    "Lane",
    "Layout",
    "ListLane",
    "Lookups",
    "MapContext",
    "MapOptions",
    "Polygon",
    "Rect",
    "Segment",
    "Shape",
    "StageSpan",
    "StageTextLane",
    "Text",
    "TextLane",
    "Theme",
    "TouchpointTextLane",
    "channel_colours",
    "default_lanes",
    "layout_journey",
    "registered_lanes",
]
