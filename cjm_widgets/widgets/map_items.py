"""A small form over the map for one kind of item linked to a card (pain points, ideas,
metrics): pick one of the card's items or "New ...", change its fields, Save or Delete.

Each Save or Delete is one step of the undo history, through ``editing`` as the step 4-6
forms do it; a refused field shows the model's message under its box and nothing changes.
Also the helpers the map's popovers share: showing one beside a card, and putting each
problem of a refusal under the field it names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from .. import editing
from ..errors import Problem, WorkshopError
from ..history import name_of
from ..i18n import translate
from ..model import Entity
from .fields import error_html
from .session import WorkshopSession

WIDTH = 320
"""A popover's width in pixels (as the card editor's)."""


class Popover(widgets.VBox):  # type: ignore[misc]
    """A hidden box that floats over the map (the map editor's CSS, as the card editor)
    once shown; ``cjm-map-popup`` stays the card editor's own class."""

    def __init__(self, children: Sequence[widgets.Widget], name: str) -> None:
        super().__init__(list(children), layout=widgets.Layout(width=f"{WIDTH}px", display="none"))
        self.add_class("cjm-map-float")
        self.add_class(name)

    def show_at(self, where: tuple[str, str]) -> None:
        """Show it at ``where``: CSS left and top (a margin) in the canvas frame."""
        self.layout.left, self.layout.top = where[0], "0px"
        self.layout.margin = f"{where[1]} 0 0 0"
        self.layout.display = None

    def hide(self) -> None:
        self.layout.display = "none"


def labelled(label: str, control: widgets.Widget, error: widgets.HTML) -> list[widgets.Widget]:
    """A field's bold label, its box (full width) and the line for its refusal."""
    control.layout.width = "100%"
    return [widgets.HTML(f"<b>{html.escape(label)}</b>"), control, error]


def show_problems(
    error: WorkshopError, errors: dict[str, widgets.HTML], other: widgets.HTML, lang: str
) -> None:
    """Each problem under the field its path names (``backoffice.systems.0`` names
    ``systems``); a problem of no shown field goes to ``other``."""
    for problem in error.problems:
        parts = re.split(r"[.\[\]=]", problem.path)
        field = next((part for part in parts if part in errors), None)
        target = errors[field] if field else other
        target.value = error_html(WorkshopError([problem]), lang)


def refusal(field: str, key: str, lang: str, **params: Any) -> WorkshopError:
    """A refusal of ``field`` with the catalog message ``key`` (shown under that field)."""
    return WorkshopError([Problem(field, translate(key, lang, **params))], lang=lang)


@dataclass
class Spec:
    """One field of an item form: its label key, its box, and how a typed value becomes
    the model's (``to_model(value, item)``, raising WorkshopError to refuse it) and back."""

    label: str
    control: widgets.ValueWidget
    to_model: Callable[[Any, Any], Any] = lambda value, _item: value
    to_control: Callable[[Any], Any] = lambda value: value
    blank: Any = ""


class ItemForm(widgets.VBox):  # type: ignore[misc]
    """The items of one list that belong to a card: ``members()`` lists them, ``new_values()``
    links a new one to the card; ``on_change()`` after every accepted Save or Delete."""

    def __init__(
        self,
        session: WorkshopSession,
        kind: str,
        specs: dict[str, Spec],
        *,
        members: Callable[[], list[Entity]],
        new_values: Callable[[], dict[str, Any]],
        new_label: str,
        on_change: Callable[[], Any] = lambda: None,
    ) -> None:
        self.session, self.kind, self.specs = session, kind, specs
        self.lang = session.lang
        self.members, self.new_values, self.new_label = members, new_values, new_label
        self.on_change = on_change
        self.picker = widgets.Dropdown(layout=widgets.Layout(width="100%"))
        self.picker.observe(lambda _: self._load(), names="value")
        self.errors = {name: widgets.HTML() for name in specs}
        self.error = widgets.HTML()
        parts: list[widgets.Widget] = [self.picker]
        for name, spec in specs.items():
            spec.control.add_class(f"cjm-{kind.replace('_', '-')}-{name.replace('_', '-')}")
            parts += labelled(translate(spec.label, self.lang), spec.control, self.errors[name])
        self.save_button = widgets.Button(
            description=translate("mapedit.save", self.lang), icon="check"
        )
        self.delete_button = widgets.Button(
            description=translate("mapedit.delete", self.lang), icon="trash"
        )
        self.save_button.on_click(lambda _: self.save())
        self.delete_button.on_click(lambda _: self.delete())
        parts += [self.error, widgets.HBox([self.save_button, self.delete_button])]
        super().__init__(parts)
        self.add_class(f"cjm-map-{kind.replace('_', '-')}")
        self.refresh()

    @property
    def item(self) -> Entity | None:
        """The item being edited; None while "New ..." is picked."""
        return self.session.workshop.by_id(self.kind).get(self.picker.value or "")

    def refresh(self, keep: str | None = None) -> None:
        """List the card's items again, and show ``keep`` (default: a new one)."""
        options = [(self.new_label, ""), *((name_of(i, i.id), i.id) for i in self.members())]
        self.picker.options = options
        self.picker.value = keep if keep in {value for _, value in options} else ""
        self._load()

    def _load(self) -> None:
        item = self.item
        for name, spec in self.specs.items():
            value = spec.blank if item is None else spec.to_control(getattr(item, name))
            spec.control.value = value
        for message in (*self.errors.values(), self.error):
            message.value = ""
        self.delete_button.disabled = item is None

    def values(self) -> dict[str, Any]:
        """The fields as the model takes them; a value that cannot be one is refused."""
        item, found, problems = self.item, {}, []
        for name, spec in self.specs.items():
            try:
                found[name] = spec.to_model(spec.control.value, item)
            except WorkshopError as error:
                problems += [Problem(name, problem.message) for problem in error.problems]
        if problems:
            raise WorkshopError(problems, lang=self.lang)
        return found

    def save(self) -> bool:
        """Add the new item or change the picked one, as one named step; False (each
        refused field saying why) when the model refuses it."""
        for message in (*self.errors.values(), self.error):
            message.value = ""
        ws, item = self.session.workshop, self.item
        try:
            values = self.values()
            if item is None:
                item = editing.add(ws, self.kind, {**self.new_values(), **values})
                verb = "add"
            elif editing.update(ws, item, values):
                verb = "edit"
            else:
                return True
        except WorkshopError as error:
            show_problems(error, self.errors, self.error, self.lang)
            return False
        self.session.changed(self.session.action(verb, item))
        self.refresh(keep=item.id)
        self.on_change()
        return True

    def delete(self) -> bool:
        """Delete the picked item (Undo puts it back)."""
        item = self.item
        if item is None:
            return False
        try:
            editing.remove(self.session.workshop, self.kind, item.id)
        except WorkshopError as error:
            show_problems(error, self.errors, self.error, self.lang)
            return False
        self.session.changed(self.session.action("delete", item))
        self.refresh()
        self.on_change()
        return True
