"""The journey map's keys: arrows move the selection, Enter edits, Delete deletes, Esc
clears, Ctrl/Cmd+Z undoes and Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes, through the session.
While the card's or a stage's editor is open, Enter saves it and Esc cancels it; Esc
closes a card's details.

Up and Down set the selected card's emotion one step higher or lower: the keyboard's way
to do what dragging its point on the curve does (the cards lie in one lane, so there is
no lane above or below to move to).
"""

from __future__ import annotations

from typing import Protocol

from ..model import Touchpoint
from ..render.canvas import JourneyMapView
from . import map_gestures as gestures
from .map_details import DetailsEditor
from .map_popup import CardEditor
from .map_stages import MapStages
from .session import WorkshopSession


class MapActions(Protocol):
    """What the map editor offers its keys and its menu (``MapEditor`` is one)."""

    session: WorkshopSession
    popup: CardEditor
    details: DetailsEditor
    stages: MapStages
    view: JourneyMapView
    lang: str

    @property
    def selected(self) -> Touchpoint | None: ...

    def select(self, tp_id: str | None) -> None: ...

    def edit(self, tp_id: str | None = None) -> bool: ...

    def delete(self) -> None: ...

    def rate(self, tp: Touchpoint, score: int) -> None: ...

    def toggle_moment(self) -> None: ...

    def add_pain(self, text: str, severity: int | None = None) -> bool: ...

    def refused(self, error: Exception) -> None: ...


class KeyHandler:
    """Turns a key pressed on the map's canvas into a selection change or an edit."""

    def __init__(self, editor: MapActions) -> None:
        self.editor = editor

    def key_down(self, key: str, shift: bool, ctrl: bool, meta: bool) -> None:
        editor = self.editor
        session = editor.session
        if (ctrl or meta) and key.lower() in ("z", "y"):
            if key.lower() == "y" or shift:
                session.redo()
            else:
                session.undo()
            return
        popup = next((p for p in (editor.popup, editor.stages.popup) if p.is_open), None)
        if popup is not None:  # the card's or the stage's editor
            if key == "Escape":
                popup.cancel()
            elif key == "Enter":
                popup.save()
            return
        if key == "Escape" and editor.details.is_open:
            editor.details.close_details()
            return
        if key in ("ArrowLeft", "ArrowRight", "Home", "End"):
            self._step(key)
        elif key in ("ArrowUp", "ArrowDown"):
            tp = editor.selected
            if tp is not None:
                score = (tp.emotion or 3) + (1 if key == "ArrowUp" else -1)
                if tp.emotion is None:
                    score = 3
                editor.rate(tp, max(1, min(5, score)))
        elif key == "Enter":
            editor.edit()
        elif key in ("Delete", "Backspace"):
            editor.delete()
        elif key == "Escape":
            editor.select(None)

    def _step(self, key: str) -> None:
        """The next card along the journey (the first one when none is selected)."""
        editor = self.editor
        refs = [card.ref for card in gestures.cards(editor.view.layout_data)]
        if not refs:
            return
        current = editor.view.selected
        if key == "Home" or (current not in refs and key == "ArrowRight"):
            editor.select(refs[0])
        elif key == "End" or current not in refs:
            editor.select(refs[-1])
        else:
            index = refs.index(current) + (1 if key == "ArrowRight" else -1)
            editor.select(refs[max(0, min(index, len(refs) - 1))])
