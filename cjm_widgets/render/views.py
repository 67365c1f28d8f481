"""The named views of a workshop that exports and reports draw: map, matrix, emotions."""

from __future__ import annotations

from ..errors import CjmError
from ..i18n import translate
from ..layout import Layout, layout_journey
from ..layout.emotions import layout_emotions
from ..layout.matrix import layout_matrix
from ..model import JourneyState, Workshop

VIEWS = ("map", "matrix", "emotions")


def layout_view(
    ws: Workshop,
    view: str = "map",
    persona: str | None = None,
    *,
    state: JourneyState = "current",
    lang: str | None = None,
) -> Layout:
    """The layout of one view; ``persona`` narrows the map and the emotion curve to one persona."""
    if view == "map":
        return layout_journey(ws, persona, state=state, lang=lang)
    if view == "matrix":
        return layout_matrix(ws, lang=lang)
    if view == "emotions":
        return layout_emotions(ws, None if persona is None else [persona], lang=lang)
    raise CjmError(translate("svg.unknown_view", value=view, choices=", ".join(VIEWS)))
