"""The journey's stages made on the map: "Add stage" above it (the first thing an empty
map asks for), and a double-click on a stage's header opens its editor over the map:
name, relation to the contact ("Before contact", "Contact with us", "After contact"),
what happens there; a stage added after it; the stage deleted while no touchpoint is in
it (a stage with touchpoints is refused, saying to move or delete them first).

Every change is one step of the undo history, through ``editing`` as step 3's list does it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from .. import editing
from ..errors import WorkshopError
from ..i18n import translate
from ..layout.shapes import Box, Layout
from ..model import Stage, Workshop
from ..render.canvas import JourneyMapView
from ..render.page_colours import MUTED
from . import map_gestures as gestures
from .editor_base import choice_options
from .fields import error_html
from .map_items import Popover, labelled, show_problems
from .map_popup import CardEditor
from .session import WorkshopSession

FIELDS = ("name", "contact", "description")
PHASES = ("before", "during", "after")


class StageHost(Protocol):
    """What the stages need of the map editor (``MapEditor`` is one)."""

    session: WorkshopSession
    view: JourneyMapView
    lang: str
    popup: CardEditor

    def beside(self, box: Box, room: int = ...) -> tuple[str, str]: ...

    def refused(self, error: Exception) -> None: ...

    def _after_edit(self) -> None: ...


class StageEditor(Popover):
    """Edits one stage at a time; Save writes the draft as one step, Cancel drops it."""

    def __init__(self, host: StageHost, on_add_after: Callable[[str], Any]) -> None:
        self.host, self.lang = host, host.lang
        self.stage: Stage | None = None
        self.heading = widgets.HTML()
        self.controls: dict[str, widgets.ValueWidget] = {
            "name": widgets.Text(),
            "contact": widgets.Dropdown(options=choice_options(self.lang, "map.contact", PHASES)),
            "description": widgets.Textarea(rows=2),
        }
        self.errors = {name: widgets.HTML() for name in FIELDS}
        self.error = widgets.HTML()
        parts: list[widgets.Widget] = [self.heading]
        for name, control in self.controls.items():
            control.add_class(f"cjm-stage-{name}")
            parts += labelled(translate(f"stage.{name}", self.lang), control, self.errors[name])

        def button(key: str, icon: str, act: Callable[[], Any]) -> widgets.Button:
            made = widgets.Button(description=translate(key, self.lang), icon=icon,
                                  layout=widgets.Layout(width="auto"))  # fmt: skip
            made.add_class(f"cjm-stage-{key.split('.')[-1].replace('_', '-')}")
            made.on_click(lambda _: act())
            return made

        self.save_button = button("mapedit.save", "check", self.save)
        self.save_button.button_style = "primary"
        self.cancel_button = button("mapedit.cancel", "", self.cancel)
        self.after_button = button("mapedit.add_stage_after", "plus",
                                   lambda: self.stage and on_add_after(self.stage.id))  # fmt: skip
        self.delete_button = button("mapedit.delete_stage", "trash", self.delete)
        parts += [
            self.error,
            widgets.HBox([self.save_button, self.cancel_button]),
            widgets.HBox([self.after_button, self.delete_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
        ]  # fmt: skip
        super().__init__(parts, "cjm-map-stage-editor")

    @property
    def is_open(self) -> bool:
        return self.stage is not None

    def show_for(self, stage: Stage, where: tuple[str, str]) -> None:
        self.stage = stage
        for name in FIELDS:
            self.controls[name].value = getattr(stage, name)
        for message in (*self.errors.values(), self.error):
            message.value = ""
        title = translate("mapedit.editing", self.lang, title=stage.name)
        self.heading.value = f"<b>{html.escape(title)}</b>"
        self.show_at(where)

    def save(self) -> bool:
        """Write the draft as one step "edit 'Stage'"; False (the refused field saying
        why, the editor open) when the model refuses it."""
        stage = self.stage
        if stage is None:
            return False
        session = self.host.session
        values = {name: self.controls[name].value for name in FIELDS}
        try:
            changed = editing.update(session.workshop, stage, values)
        except WorkshopError as error:
            show_problems(error, self.errors, self.error, self.lang)
            return False
        self.close_editor()
        if changed:
            session.changed(session.action("edit", stage))
        return True

    def delete(self) -> bool:
        """Delete the stage (Undo puts it back); one with touchpoints is refused."""
        stage, session = self.stage, self.host.session
        if stage is None:
            return False
        try:
            editing.remove(session.workshop, "stages", stage.id)
        except WorkshopError as error:
            self.error.value = error_html(error, self.lang)
            return False
        self.close_editor()
        session.changed(session.action("delete", stage))
        return True

    def cancel(self) -> None:
        self.close_editor()

    def close_editor(self) -> None:
        if self.is_open:
            self.stage = None
            self.hide()
            self.host._after_edit()


class MapStages:
    """The map's stages: the "Add stage" bar, the stage editor, and double-clicks on headers."""

    def __init__(self, host: StageHost, clock: Callable[[], float]) -> None:
        self.host = host
        self.presses = gestures.Presses(clock)
        self.popup = StageEditor(host, on_add_after=lambda ref: self.add(after=ref))
        self.add_button = widgets.Button(
            description=translate("mapedit.add_stage", host.lang), icon="plus",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.add_button.add_class("cjm-map-add-stage")
        self.add_button.on_click(lambda _: self.add())
        self.note = widgets.HTML()
        self.bar = widgets.HBox([self.add_button, self.note],
                                layout=widgets.Layout(align_items="center"))  # fmt: skip
        host.session.on_replace(self._put_back, weak=True)
        self.refresh()

    @property
    def workshop(self) -> Workshop:
        return self.host.session.workshop

    def _put_back(self, _: Any) -> None:
        self.popup.cancel()

    def refresh(self) -> None:
        """An empty journey says where to start."""
        empty = not self.workshop.stages
        text = translate("mapedit.no_stages", self.host.lang) if empty else ""
        self.note.value = f"<span style='color:{MUTED}'>{html.escape(text)}</span>"

    def header_at(self, layout: Layout, x: float, y: float) -> str | None:
        """The stage whose header is under the layout point, if any."""
        return next((ref for ref, box in gestures.stage_boxes(layout) if box.contains(x, y)), None)

    def press(self, x: float, y: float) -> bool:
        """A press on the map (layout point): True when it completed a double-click on a
        stage's header (not its "+"), whose editor is open then. A press anywhere but on
        the open editor's own header saves that editor, as a click outside the card's."""
        layout = self.host.view.layout_data
        ref = None if gestures.plus_at(layout, x, y) else self.header_at(layout, x, y)
        if self.popup.stage is not None and ref != self.popup.stage.id:
            self.popup.save()
        if self.presses.press(None if ref is None else f"stage:{ref}"):
            self.host.popup.save()  # the card editor, if open, first
            return self.open(ref)
        return False

    def open(self, ref: str | None) -> bool:
        stage = self.workshop.by_id("stages").get(ref or "")
        box = next((b for r, b in gestures.stage_boxes(self.host.view.layout_data) if r == ref),
                   None)  # fmt: skip
        if stage is None or box is None:
            return False
        self.popup.show_for(stage, self.host.beside(box))
        return True

    def add(self, after: str | None = None) -> Stage | None:
        """A new stage at the end (or right after stage ``after``), opened in its editor;
        what the open editor holds is saved first (refused: no new stage, the editor
        says why)."""
        ws, session = self.workshop, self.host.session
        if self.popup.is_open and not self.popup.save():
            return None
        ids = [stage.id for stage in ws.stages]
        index = ids.index(after) + 1 if after in ids else None
        try:
            name = translate("mapedit.new_stage", self.host.lang)
            stage = editing.add(ws, "stages", {"name": name}, index)
        except WorkshopError as error:
            self.host.refused(error)
            return None
        assert isinstance(stage, Stage)
        session.changed(session.action("add", stage))
        self.refresh()
        self.open(stage.id)
        return stage
