"""The small editor drawn over the journey map next to a card: title, channel (or a new
one), action, thought and feeling.

It keeps what is typed as a draft and changes the touchpoint only on Save (or Enter in the
title), through ``editing.update`` (each field checked as the step 4 form checks
it), as one step of the undo history. A refused field shows the model's message under it
and nothing changes; Cancel (or Esc on the map) drops the draft. A touchpoint added
while the workshop has no channel is a draft too, added on Save with its new channel.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..editing import add, remove, update
from ..errors import WorkshopError
from ..i18n import translate
from ..layout.shapes import Box
from ..model import Touchpoint
from ..render.page_colours import ACCENT, PAPER
from .fields import error_html
from .map_channels import ChannelMaker
from .session import WorkshopSession

FIELDS = ("title", "channel", "action", "thought", "feeling")
WIDTH = 320
"""The editor's width in pixels (it is placed beside the card, or left of it near the edge)."""

ROOM = 520
"""Pixels added below the map while the editor is open: every box of the page clips what
reaches out of it, and the editor beside a card may reach lower than the map."""

POPUP_CSS = (
    ".cjm-canvas-frame{position:relative}"
    f".cjm-map-popup,.cjm-map-float{{position:absolute;z-index:20;background:{PAPER};"
    f"border:1px solid {ACCENT};border-radius:6px;padding:8px;"
    "box-shadow:0 2px 8px rgba(0,0,0,0.25)}"
)
"""Lets the editor float over the canvas: ipywidgets' Layout has ``left`` and ``top`` but
no ``position``, so the map editor's page carries these two rules."""


def placement(
    box: Box, scale: float, width: float, bounds: tuple[float, float | None]
) -> tuple[str, str]:
    """CSS left and top (a margin) of the editor beside the card ``box`` (layout pixels) on
    a canvas ``width`` pixels wide drawn at ``scale``, which the browser shows between
    ``bounds`` CSS pixels wide (``LayoutView.width_bounds``; the frame's width in between).

    Between the bounds a place is a share of the frame's width, clamped as the canvas is;
    only a margin's percentage is of the width, so the top is a margin. The editor goes
    right of a card in the map's left half, else left of it."""
    least, most = bounds

    def at(pixels: float) -> str:
        share = f"{100 * pixels / max(width, 1):.3f}%"
        if least == most:
            return f"{pixels * least / max(width, 1):.0f}px"
        low = f"{pixels * least / max(width, 1):.0f}px"
        return share if most is None else f"clamp({low}, {share}, {pixels * most / width:.0f}px)"

    if (box.x + box.w / 2) * scale < width / 2:
        left = f"calc({at(box.right * scale)} + 12px)"
    else:
        left = f"max(0px, calc({at(box.x * scale)} - {WIDTH + 12}px))"
    return left, at(box.y * scale)


class CardEditor(widgets.VBox):  # type: ignore[misc]
    """Edits one touchpoint at a time; ``show_for(tp, (left, top))`` shows it there (CSS)."""

    def __init__(
        self, session: WorkshopSession, lang: str, on_done: Callable[[bool], None]
    ) -> None:
        self.session, self.lang = session, lang
        self._on_done = on_done
        self.touchpoint: Touchpoint | None = None
        self.draft: dict[str, Any] | None = None
        """A new touchpoint's stage, persona and place, added on Save (None: editing one)."""
        self._quiet = False
        self.heading = widgets.HTML()
        self.controls: dict[str, widgets.ValueWidget] = {
            "title": widgets.Text(continuous_update=False),
            "channel": widgets.Dropdown(),
            "action": widgets.Text(continuous_update=False),
            "thought": widgets.Textarea(rows=2),
            "feeling": widgets.Text(continuous_update=False),
        }
        self.new_channel = ChannelMaker(lang)
        self.errors = {name: widgets.HTML() for name in FIELDS}
        self.error = widgets.HTML()
        """A problem that belongs to no one field (the workshop as a whole refused it)."""
        parts: list[widgets.Widget] = [self.heading]
        for name, control in self.controls.items():
            control.layout = widgets.Layout(width="100%")
            control.add_class(f"cjm-card-{name}")
            label = html.escape(translate(f"touchpoint.{name}", lang))
            parts += [widgets.HTML(f"<b>{label}</b>"), control, self.errors[name]]
            if name == "channel":
                parts.append(self.new_channel)
        # Enter in the title commits it, and saves; ipywidgets reports leaving the field
        # the same way, so the other fields stay a draft until Save or Enter in the title
        self.controls["title"].observe(self._entered, names="value")
        self.save_button = widgets.Button(
            description=translate("mapedit.save", lang), icon="check", button_style="primary"
        )
        self.save_button.add_class("cjm-card-save")
        self.cancel_button = widgets.Button(description=translate("mapedit.cancel", lang))
        self.save_button.on_click(lambda _: self.save())
        self.cancel_button.on_click(lambda _: self.cancel())
        parts += [self.error, widgets.HBox([self.save_button, self.cancel_button])]
        super().__init__(parts, layout=widgets.Layout(width=f"{WIDTH}px", display="none"))
        self.add_class("cjm-map-popup")

    @property
    def is_open(self) -> bool:
        return self.touchpoint is not None

    def show_new(self, values: dict[str, Any], where: tuple[str, str]) -> None:
        """A new touchpoint (``values``: its stage, persona, journey, order and title) to
        fill in, added on Save: the map's way to its first touchpoint and channel."""
        ws = self.session.workshop
        self.show_for(Touchpoint(id=ws.new_id("touchpoints", values["title"]), channel="",
                                 **values), where)  # fmt: skip
        self.draft = {name: values[name] for name in values if name != "title"}

    def show_for(self, tp: Touchpoint, where: tuple[str, str]) -> None:
        """Show ``tp``'s fields at ``where``, CSS left and top in the canvas frame."""
        self.touchpoint, self.draft = tp, None
        ws = self.session.workshop
        self.new_channel.reset(ws)
        self._quiet = True
        try:
            self.controls["channel"].options = [(c.name, c.id) for c in ws.channels]
            for name in FIELDS:
                value = getattr(tp, name)
                self.controls[name].value = value if value or name != "channel" else None
        finally:
            self._quiet = False
        for message in (*self.errors.values(), self.error):
            message.value = ""
        self.heading.value = (
            f"<b>{html.escape(translate('mapedit.editing', self.lang, title=tp.title))}</b>"
        )
        self.layout.left, self.layout.top = where[0], "0px"
        self.layout.margin = f"{where[1]} 0 0 0"
        self.layout.display = None

    def _entered(self, change: dict[str, Any]) -> None:
        if not self._quiet and self.is_open:
            self.save()

    def values(self) -> dict[str, Any]:
        return {name: self.controls[name].value for name in FIELDS}

    def save(self) -> bool:
        """Write the draft to the touchpoint as one step "edit 'Title'"; False (the editor
        stays open, each refused field saying why) when the model refuses it."""
        tp = self.touchpoint
        if tp is None:
            return False
        for message in (*self.errors.values(), self.error):
            message.value = ""
        ws, values, made = self.session.workshop, self.values(), None
        try:
            made = self.new_channel.create(ws)
            values["channel"] = made.id if made else values["channel"]
            if self.draft is not None:
                made_tp = add(ws, "touchpoints", {**self.draft, **values})
                assert isinstance(made_tp, Touchpoint)
                tp = made_tp
            changed = update(ws, tp, values) or made is not None or self.draft is not None
        except WorkshopError as error:
            if made is not None:  # the card was refused: its new channel goes too
                remove(ws, "channels", made.id)
            for problem in error.problems:
                field = problem.path.split(".")[-1]
                target = self.errors.get(field, self.error)
                target.value = error_html(WorkshopError([problem]), self.lang)
            return False
        verb = "add" if self.draft is not None else "edit"
        self._close()
        if changed:
            self.session.changed(self.session.action(verb, tp))
        self._on_done(changed)
        return True

    def cancel(self) -> None:
        """Drop the draft: the touchpoint and the file stay as they were."""
        if self.is_open:
            self._close()
            self._on_done(False)

    def _close(self) -> None:
        self.touchpoint = self.draft = None
        self.layout.display = "none"
