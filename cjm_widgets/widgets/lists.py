"""List editors that work the same for every list: add, edit in place, delete with undo, move.

``TextListEditor`` edits a list of short texts (goals, needs, processes...).
``EntityListEditor`` edits one of the workshop's entity lists (personas, stages,
touchpoints...): pick an item to edit it in a form below, add one by typing its name
and pressing Enter, delete it (undo brings it back), move it up or down. Each action is
a step of the session's undo history; a list's own "Undo delete" takes back its delete
through that history while the delete is still the last step.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .. import editing
from ..errors import WorkshopError
from ..history import key_of
from ..i18n import translate
from ..model import Entity
from ..render.page_colours import RULE
from .fields import HINT_STYLE, error_html
from .session import WorkshopSession

SMALL = widgets.Layout(width="auto")


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget and everything inside it, so replaced forms do not pile up in the kernel."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


def _button(
    description: str, icon: str, tooltip: str = "", disabled: bool = False
) -> widgets.Button:
    return widgets.Button(
        description=description,
        icon=icon,
        tooltip=tooltip or description,
        layout=SMALL,
        disabled=disabled,
    )


def _adder(
    lang: str, placeholder: str, add: Callable[[str], Any]
) -> tuple[widgets.Text, widgets.Button]:
    """The box to type a new item into (Enter adds it) and its Add button."""
    box = widgets.Text(
        continuous_update=False,
        placeholder=placeholder or translate("list.type_and_enter", lang),
        layout=widgets.Layout(width="100%"),
    )
    box.observe(lambda change: add(change["new"]), names="value")
    box.add_class("cjm-add")
    button = _button(translate("list.add", lang), "plus")
    button.on_click(lambda _: add(box.value))
    return box, button


class TextListEditor(widgets.VBox):  # type: ignore[misc]
    """A list of texts on ``target.name``: each editable in place, with ↑ ↓ ✕, and a box to add."""

    def __init__(
        self,
        label: str,
        target: Any,
        name: str,
        session: WorkshopSession,
        placeholder: str = "",
        *,
        help_text: str = "",
    ) -> None:
        self.target, self.name, self.session = target, name, session
        lang = session.lang
        self.error = widgets.HTML()
        self.rows = widgets.VBox()
        self.new_item, self.add_button = _adder(lang, placeholder, self.add)
        self.undo_button = _button(translate("list.undo_delete", lang), "undo")
        self.undo_button.layout.display = "none"
        self.undo_button.on_click(lambda _: self.undo())
        self._deleted_step: int | None = None
        title = widgets.HTML(f"<b>{html.escape(label)}</b>")
        adder = widgets.HBox([self.new_item, self.add_button, self.undo_button])
        parts = [title, self.rows, adder, self.error]
        if help_text:
            parts.insert(
                1, widgets.HTML(f'<span style="{HINT_STYLE}">{html.escape(help_text)}</span>')
            )
        super().__init__(parts, layout=widgets.Layout(margin="0 0 8px 0"))
        self.add_class(f"cjm-list-{name}")
        self.render()

    @property
    def items(self) -> list[str]:
        return list(getattr(self.target, self.name))

    def _write(self, items: list[str], action: str, key: str | None = None) -> bool:
        try:
            setattr(self.target, self.name, items)
        except WorkshopError as error:
            self.error.value = error_html(error, self.session.lang)
            return False
        self.error.value = ""
        self.session.changed(action, key=key)
        self.render()
        return True

    def render(self) -> None:
        rows = []
        lang = self.session.lang
        for index, text in enumerate(self.items):
            box = widgets.Text(
                value=text, continuous_update=False, layout=widgets.Layout(width="100%")
            )
            box.observe(lambda change, i=index: self.edit(i, change["new"]), names="value")
            up = _button("", "arrow-up", translate("list.move_up", lang), disabled=index == 0)
            down = _button(
                "",
                "arrow-down",
                translate("list.move_down", lang),
                disabled=index == len(self.items) - 1,
            )
            delete = _button("", "trash", translate("list.delete", lang))
            up.on_click(lambda _, i=index: self.move(i, -1))
            down.on_click(lambda _, i=index: self.move(i, +1))
            delete.on_click(lambda _, i=index: self.delete(i))
            rows.append(widgets.HBox([box, up, down, delete]))
        self.rows.children = rows

    def add(self, text: str) -> None:
        """Add ``text`` at the end (what Enter in the box and the Add button do)."""
        if not text.strip():
            return
        if self._write([*self.items, text.strip()], self.session.action("add", text)):
            self.new_item.value = ""

    def edit(self, index: int, text: str) -> None:
        items = self.items
        if items[index] == text:
            return
        items[index] = text
        key = f"{key_of(self.target, self.name)}:{index}"
        self._write(items, self.session.action("edit", text), key)

    def delete(self, index: int) -> None:
        items = self.items
        removed = items.pop(index)
        if self._write(items, self.session.action("delete", removed)):
            self._deleted_step = self.session.history.last_step
            self.undo_button.layout.display = None

    def undo(self) -> None:
        """Take back this list's last delete, if nothing was changed after it."""
        step, self._deleted_step = self._deleted_step, None
        self.undo_button.layout.display = "none"
        _undo_if_last(self.session, step, self.error)

    def move(self, index: int, step: int) -> None:
        items = self.items
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
            self._write(items, self.session.action("move", items[target]))


def _undo_if_last(session: WorkshopSession, step: int | None, error: widgets.HTML) -> bool:
    """A list's "Undo delete": the session's undo while the delete is still its last step;
    otherwise the list says to use the app's Undo, which goes back step by step."""
    if step is None:
        return False
    if session.history.last_step != step:
        hint = html.escape(translate("history.not_last", session.lang))
        error.value = f'<span style="{HINT_STYLE}">{hint}</span>'
        return False
    return session.undo()


class EntityListEditor(widgets.VBox):  # type: ignore[misc]
    """One of the workshop's lists: pick, add (type a name, Enter), delete with undo, move.

    ``members`` narrows what is listed (one persona's touchpoints); ``new_values`` gives
    the fields of a new item from its name; ``form`` builds the editor of one item.
    """

    def __init__(
        self,
        session: WorkshopSession,
        kind: str,
        *,
        label: str,
        form: Callable[[Any], widgets.Widget],
        describe: Callable[[Any], str],
        new_values: Callable[[str], dict[str, Any]],
        members: Callable[[], list[Any]] | None = None,
        placeholder: str = "",
    ) -> None:
        self.session, self.kind = session, kind
        self.form, self.describe, self.new_values = form, describe, new_values
        self._members = members
        lang = session.lang
        self.picker = widgets.Select(options=[], rows=6, layout=widgets.Layout(width="100%"))
        self.picker.observe(lambda _: self._show_form(), names="value")
        self.new_item, self.add_button = _adder(lang, placeholder, self.add)
        self.up_button = _button("", "arrow-up", translate("list.move_up", lang))
        self.down_button = _button("", "arrow-down", translate("list.move_down", lang))
        self.delete_button = _button(translate("list.delete", lang), "trash")
        self.undo_button = _button(translate("list.undo_delete", lang), "undo")
        self.undo_button.layout.display = "none"
        self.up_button.on_click(lambda _: self.move(-1))
        self.down_button.on_click(lambda _: self.move(+1))
        self.delete_button.on_click(lambda _: self.delete())
        self.undo_button.on_click(lambda _: self.undo())
        self.error = widgets.HTML()
        self.form_area = widgets.VBox(
            layout=widgets.Layout(padding="6px 0 0 12px", border_left=f"3px solid {RULE}")
        )
        self._deleted: tuple[int | None, str] | None = None
        """The history step of this list's last delete, and the item it deleted."""
        title = widgets.HTML(f"<b>{html.escape(label)}</b>")
        tools = widgets.HBox(
            [self.up_button, self.down_button, self.delete_button, self.undo_button]
        )
        adder = widgets.HBox([self.new_item, self.add_button])
        super().__init__([title, self.picker, tools, adder, self.error, self.form_area])
        self.add_class(f"cjm-entities-{kind}")
        self.refresh()

    # -- what is listed -----------------------------------------------------------------

    def members(self) -> list[Any]:
        return (
            self._members()
            if self._members is not None
            else list(getattr(self.session.workshop, self.kind))
        )

    @property
    def selected(self) -> Any | None:
        return (
            self.session.workshop.by_id(self.kind).get(self.picker.value)
            if self.picker.value
            else None
        )

    def select(self, entity_id: str | None) -> bool:
        """Show the item ``entity_id`` in the form; False if it is not in this list."""
        if entity_id not in [value for _, value in self.picker.options]:
            return False
        self.picker.value = entity_id
        return True

    def refresh(self, keep: str | None = None) -> None:
        """List the items again, keeping the selection where possible."""
        chosen = keep if keep is not None else self.picker.value
        chosen = chosen or self.session.picked.get(self.kind)
        items = self.members()
        options = [(self.describe(item), item.id) for item in items]
        self.picker.unobserve_all("value")
        self.picker.options = options
        ids = [item.id for item in items]
        self.picker.value = chosen if chosen in ids else (ids[0] if ids else None)
        self.picker.observe(lambda _: self._show_form(), names="value")
        self._show_form()

    def _show_form(self) -> None:
        item = self.selected
        if item is not None:
            self.session.picked[self.kind] = item.id
        old = self.form_area.children
        self.form_area.children = [self.form(item)] if item is not None else []
        for widget in old:
            close_tree(widget)
        position = [i.id for i in self.members()].index(item.id) if item is not None else -1
        self.up_button.disabled = position <= 0
        self.down_button.disabled = item is None or position == len(self.members()) - 1
        self.delete_button.disabled = item is None

    def relabel(self) -> None:
        """Update the list's labels after an item's name changed, without losing the form."""
        self.picker.unobserve_all("value")
        value = self.picker.value
        self.picker.options = [(self.describe(item), item.id) for item in self.members()]
        self.picker.value = value
        self.picker.observe(lambda _: self._show_form(), names="value")

    # -- operations ------------------------------------------------------------------------

    def _try(self, action: Callable[[], Any], verb: str, item: Any = None) -> Any:
        try:
            result = action()
        except WorkshopError as error:
            self.error.value = error_html(error, self.session.lang)
            return None
        self.error.value = ""
        self.session.changed(self.session.action(verb, item if item is not None else result))
        return result if result is not None else True

    def add(self, name: str) -> Entity | None:
        """Add an item called ``name`` and select it (Enter in the box, or the Add button)."""
        if not name.strip():
            return None
        item = self._try(
            lambda: editing.add(self.session.workshop, self.kind, self.new_values(name.strip())),
            "add",
        )
        if isinstance(item, Entity):
            self.new_item.value = ""
            self.refresh(keep=item.id)
            return item
        return None

    def delete(self) -> None:
        item = self.selected
        if item is None:
            return
        removal = self._try(
            lambda: editing.remove(self.session.workshop, self.kind, item.id), "delete", item
        )
        if isinstance(removal, editing.Removal):
            self._deleted = (self.session.history.last_step, item.id)
            self.undo_button.layout.display = None
            self.refresh()

    def undo(self) -> None:
        """Take back this list's last delete (the item shown again), if nothing was
        changed after it."""
        if self._deleted is None:
            return
        (step, entity_id), self._deleted = self._deleted, None
        self.undo_button.layout.display = "none"
        self.session.picked[self.kind] = entity_id
        if _undo_if_last(self.session, step, self.error):
            self.refresh(keep=entity_id)

    def move(self, step: int) -> None:
        item = self.selected
        if item is None:
            return
        among = [member.id for member in self.members()]
        if self._try(
            lambda: editing.move(self.session.workshop, self.kind, item.id, step, among),
            "move",
            item,
        ):
            self.refresh(keep=item.id)
