"""The app's Undo and Redo buttons, each naming the action it takes back or does again."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..i18n import translate
from .session import WorkshopSession


class HistoryButtons(widgets.HBox):  # type: ignore[misc]
    """ "Undo: move 'Confirmation e-mail'" and "Redo: ...", just "Undo" and "Redo" (disabled)
    when there is nothing; brought up to date after every change of the session."""

    def __init__(self, session: WorkshopSession, lang: str) -> None:
        self.session, self.lang = session, lang
        self.undo_button = widgets.Button(icon="undo", layout=widgets.Layout(width="auto"))
        self.redo_button = widgets.Button(icon="repeat", layout=widgets.Layout(width="auto"))
        self.undo_button.add_class("cjm-undo")
        self.redo_button.add_class("cjm-redo")
        self.undo_button.on_click(lambda _: session.undo())
        self.redo_button.on_click(lambda _: session.redo())
        session.observe(self.refresh, names="version")
        super().__init__([self.undo_button, self.redo_button])
        self.refresh()

    def refresh(self, change: dict[str, Any] | None = None) -> None:
        history = self.session.history
        undo, redo = history.undo_action, history.redo_action
        self.undo_button.description = self._label("undo", undo)
        self.redo_button.description = self._label("redo", redo)
        # past a version taken from another window, Undo stays clickable to say why not
        self.undo_button.disabled = undo is None and history.cut_at is None
        self.redo_button.disabled = redo is None
        self.undo_button.tooltip = self.undo_button.description
        self.redo_button.tooltip = self.redo_button.description

    def _label(self, which: str, action: str | None) -> str:
        if action is None:
            return translate(f"history.{which}", self.lang)
        return translate(f"history.{which}_named", self.lang, action=action)
