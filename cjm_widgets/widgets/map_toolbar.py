"""The selected card's menu beside the map: Edit, Add pain point (with its severity),
Details (pain points, ideas, back office, metrics), Moment of truth, Delete (undone through
the history), and, in the app, More in step 4 for what the map does not show."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..errors import WorkshopError
from ..i18n import translate
from ..model import Touchpoint
from .map_keys import MapActions

ONE_LINE = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis"
"""A line that never wraps: the map below keeps its place whichever card is selected."""


class CardToolbar(widgets.HBox):  # type: ignore[misc]
    """Buttons acting on the selected card; hidden (keeping its place) while nothing is selected."""

    def __init__(self, editor: MapActions, on_more: Callable[[str], Any] | None) -> None:
        self.editor = editor
        lang = editor.lang

        def button(key: str, icon: str, act: Callable[[], Any]) -> widgets.Button:
            made = widgets.Button(
                description=translate(key, lang), icon=icon, layout=widgets.Layout(width="auto")
            )
            made.add_class(f"cjm-map-{key.split('.')[-1].replace('_', '-')}")
            made.on_click(lambda _: act())
            return made

        self.heading = widgets.HTML(f"<div style='{ONE_LINE}'>&nbsp;</div>")
        self.heading.layout.width = "100%"  # a row of its own: a long title moves no button
        self.edit_button = button("mapedit.edit", "pencil", editor.edit)
        self.pain_text = widgets.Text(
            placeholder=translate("mapedit.pain_placeholder", lang),
            layout=widgets.Layout(width="180px"),
        )
        scores = [(translate("mapedit.severity_value", lang, score=s), s) for s in range(1, 6)]
        self.severity = widgets.Dropdown(
            options=[(translate("mapedit.severity_none", lang), 0), *scores],
            layout=widgets.Layout(width="auto"),
        )
        self.severity.add_class("cjm-map-severity")
        self.pain_button = button("mapedit.add_pain", "plus", self.add_pain)
        self.details_button = button("mapedit.details", "th-list", editor.details.show_selected)
        self.moment_button = widgets.ToggleButton(  # hidden, as wide as shown: the map stays
            description=translate("mapedit.moment_off", lang), icon="star",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.moment_button.add_class("cjm-map-moment")
        self.moment_button.observe(self._toggled, names="value")
        self.delete_button = button("mapedit.delete", "trash", editor.delete)

        def more() -> None:
            if on_more is not None and editor.view.selected:
                on_more(editor.view.selected)

        self.more_button = button("mapedit.more", "list", more)
        self.more_button.layout.display = None if on_more else "none"
        self._quiet = False
        super().__init__(
            [
                self.heading,
                self.edit_button,
                self.pain_text,
                self.severity,
                self.pain_button,
                self.details_button,
                self.moment_button,
                self.delete_button,
                self.more_button,
            ],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.add_class("cjm-map-toolbar")

    def show(self, tp: Touchpoint | None) -> None:
        """Bring the buttons up to date with the selected card (hidden when none is).

        Hidden, the menu keeps its place: a map that jumped down when a card got selected
        would move the card away from under the pointer between the two presses of a
        double-click, or during a drag."""
        self.layout.visibility = "hidden" if tp is None else None
        if tp is None:
            return
        lang = self.editor.lang
        title = html.escape(translate("mapedit.selected", lang, title=tp.title))
        self.heading.value = f"<div style='{ONE_LINE}'><b>{title}</b></div>"
        self._quiet = True
        try:
            self.moment_button.value = tp.moment_of_truth
        finally:
            self._quiet = False
        state = "on" if tp.moment_of_truth else "off"
        self.moment_button.description = translate(f"mapedit.moment_{state}", lang)

    def _toggled(self, change: dict[str, Any]) -> None:
        tp = self.editor.selected
        if self._quiet or tp is None or tp.moment_of_truth == change["new"]:
            return
        self.editor.toggle_moment()

    def add_pain(self) -> None:
        """The typed pain point, linked to the selected card; an empty box is named."""
        text = self.pain_text.value.strip()
        if not text:
            missing = WorkshopError.single(
                "text", translate("mapedit.pain_missing", self.editor.lang)
            )
            self.editor.refused(missing)
            return
        if self.editor.add_pain(text, self.severity.value or None):
            self.pain_text.value, self.severity.value = "", 0
