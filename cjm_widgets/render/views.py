"""The named views of a workshop that exports and reports draw: map, matrix, emotions."""

from __future__ import annotations

from ..errors import CjmError
from ..i18n import translate
from ..layout import Layout, MapOptions, layout_journey
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
    options: MapOptions | None = None,
    window: tuple[int, int] | None = None,
) -> Layout:
    """The layout of one view; ``persona`` narrows the map and the emotion curve to one persona.

    ``options`` (lanes, theme, language) is what the app and the reports use too;
    ``window`` is a page of the map (``layout.journey.map_pages``).
    """
    options = (options or MapOptions()).in_language(lang)
    if view == "map":
        return layout_journey(ws, persona, state=state, options=options, window=window)
    if view == "matrix":
        return layout_matrix(ws, theme=options.theme, lang=options.lang)
    if view == "emotions":
        personas = None if persona is None else [persona]
        return layout_emotions(ws, personas, theme=options.theme, lang=options.lang)
    raise CjmError(translate("svg.unknown_view", value=view, choices=", ".join(VIEWS)))
