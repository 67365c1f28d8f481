"""Pure geometry of the journey map, the priority matrix and the emotion curves.

Layouts are plain data (shapes in paint order, hotspots); the canvas and SVG
renderers read nothing else, so the live view and the printed poster agree.
"""

from .journey import MapContext, channel_colours, layout_journey
from .lanes import (
    Column,
    Entry,
    Lane,
    ListLane,
    StageSpan,
    StageTextLane,
    TouchpointTextLane,
    default_lanes,
)
from .shapes import Box, Circle, Curve, Hotspot, Layout, Polygon, Rect, Segment, Shape, Text
from .theme import Theme

__all__ = [
    "Box",
    "Circle",
    "Column",
    "Curve",
    "Entry",
    "Hotspot",
    "Lane",
    "Layout",
    "ListLane",
    "MapContext",
    "Polygon",
    "Rect",
    "Segment",
    "Shape",
    "StageSpan",
    "StageTextLane",
    "Text",
    "Theme",
    "TouchpointTextLane",
    "channel_colours",
    "default_lanes",
    "layout_journey",
]
