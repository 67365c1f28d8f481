"""The journey map as the workshop's wall: select, edit, drag, rate and add cards on the map.

``MapEditor(session_or_workshop, persona)`` wraps a ``JourneyMapView`` (which only draws
and reports the pointer) and turns what the pointer and the keys do into edits: every
edit goes through ``editing`` or the model's checked assignment, then
``session.changed(action)``, so validation, autosave, the file's revision, undo and the
second screen stay in step with the forms. While a card or a point is dragged only the
overlay layer is drawn again; the drop is one step of the history.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from .. import editing
from ..errors import WorkshopError
from ..history import name_of
from ..i18n import translate
from ..layout import MapOptions
from ..layout.shapes import Box, Hotspot, Shape
from ..layout.theme import EMOTION_COLOURS
from ..model import Touchpoint, Workshop
from ..render.canvas import JourneyMapView
from ..render.page_colours import MUTED
from . import map_gestures as gestures
from .editor_base import as_session
from .fields import error_html
from .map_details import DetailsEditor
from .map_keys import KeyHandler
from .map_notes import attach as attach_notes
from .map_popup import POPUP_CSS, ROOM, CardEditor, placement
from .map_stages import MapStages
from .map_toolbar import ONE_LINE, CardToolbar
from .session import WorkshopSession


@dataclass
class _Press:
    """A press on a card or an emotion point, and how far the pointer has gone since."""

    spot: Hotspot
    x: float
    y: float
    dragging: bool = False
    shapes: tuple[Shape, ...] = ()


class MapEditor(widgets.VBox):  # type: ignore[misc]
    """The live journey map of ``persona``, edited on the map itself.

    ``follow``: redraw after every change of the session (alone in a notebook); the app
    passes False because it redraws its map page itself. ``on_more(tp_id)``: a "More in
    step 4" button on the selected card's toolbar (the app's forms). ``clock`` tells a
    double-click from two clicks (injectable for tests).
    """

    def __init__(
        self,
        source: WorkshopSession | Workshop,
        persona: str | None = None,
        *,
        lang: str | None = None,
        options: MapOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_more: Callable[[str], Any] | None = None,
        follow: bool = True,
    ) -> None:
        self.session = as_session(source)
        self.lang = lang or self.session.lang
        self.view = JourneyMapView(self.session.workshop, persona, lang=self.lang, options=options)
        self.view.extras = self._extras
        self.view.observe(lambda _: self._show_selection(), names="selected")
        canvas = self.view.canvas
        canvas.on_mouse_down(self._down)
        canvas.on_mouse_move(self._move)
        canvas.on_mouse_up(self._up)
        canvas.on_mouse_out(self._out)
        self.key_handler = KeyHandler(self)
        canvas.on_key_down(self.key_handler.key_down)
        self._presses = gestures.Presses(clock)
        self._press: _Press | None = None
        self._closed = False
        self.popup = CardEditor(self.session, self.lang, on_done=lambda _: self._after_edit())
        self.details = DetailsEditor(self)
        self.stages = MapStages(self, clock)
        self.view.scroller.children = (
            *self.view.scroller.children, self.popup, self.details, self.stages.popup
        )  # fmt: skip
        self.toolbar = CardToolbar(self, on_more)
        self.message = widgets.HTML()
        self.live = widgets.HTML()
        """The ARIA live region: screen readers announce the selected card."""
        self.live.add_class("cjm-map-live")
        hint = widgets.HTML(
            f"<span style='color:{MUTED}'>{html.escape(self.t('mapedit.hint'))}</span>"
        )
        style = widgets.HTML(f"<style>{POPUP_CSS}</style>")
        parts = [style, hint, self.stages.bar, self.toolbar, self.message, self.live, self.view]
        super().__init__(parts)
        self.add_class("cjm-map-editor")
        self.follow = follow
        self.session.observe(self._on_version, names="version")
        self.session.on_replace(self._on_replace, weak=True)
        self._show_selection()
        self.room_notes = attach_notes(self)
        """The room's notes as sticky notes on the map while a room tab is open (``map_notes``)."""

    # -- what it exposes ------------------------------------------------------------------

    @property
    def workshop(self) -> Workshop:
        return self.session.workshop

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    @property
    def selected(self) -> Touchpoint | None:
        ref = self.view.selected
        return self.workshop.by_id("touchpoints").get(ref) if ref else None

    def select(self, tp_id: str | None) -> None:
        self.view.selected = tp_id

    def close(self) -> None:
        self._closed = True
        super().close()

    # -- following the session -----------------------------------------------------------

    def _on_version(self, change: dict[str, Any]) -> None:
        if self._closed:
            return
        if self.follow:
            self.view.workshop = self.workshop
        self._show_selection()

    def _on_replace(self, workshop: Workshop) -> None:
        """Undo, redo or their version reloaded: the map shows the content put back."""
        if self._closed:
            return
        self.popup.cancel()
        self.view.workshop = workshop
        self._show_selection()

    def _after_edit(self) -> None:
        self.view.scroller.layout.padding = None
        self.view.redraw_overlay()
        self._show_selection()

    def _changed(self, action: str) -> None:
        """One accepted edit: a step of the history, then the map brought up to date."""
        self.message.value = ""
        self.session.changed(action)
        if not self.follow:
            self._show_selection()

    def refused(self, error: Exception) -> None:
        self.message.value = error_html(error, self.lang)

    # -- the selected card -----------------------------------------------------------------

    def _show_selection(self) -> None:
        self.stages.refresh()
        tp = self.selected
        shown = self.details.touchpoint
        if shown is not None and (tp is None or shown.id != tp.id):  # deleted or not selected
            self.details.close_details()
        self.toolbar.show(tp)
        if tp is None:
            text = self.t("mapedit.live_none")
        else:
            stage = self.workshop.by_id("stages").get(tp.stage)
            channel = self.workshop.by_id("channels").get(tp.channel)
            emotion = (
                self.t("mapedit.not_rated")
                if tp.emotion is None
                else self.t(
                    "mapedit.emotion_value", score=tp.emotion, word=self.t(f"emotion.{tp.emotion}")
                )
            )
            text = self.t(
                "mapedit.live",
                title=tp.title,
                stage=stage.name if stage else tp.stage,
                channel=channel.name if channel else tp.channel,
                emotion=emotion,
            )
        self.live.value = (
            f'<div role="status" aria-live="polite" style="{ONE_LINE}">{html.escape(text)}</div>'
        )

    def card(self, tp_id: str | None) -> Hotspot | None:
        return next((c for c in gestures.cards(self.view.layout_data) if c.ref == tp_id), None)

    def edit(self, tp_id: str | None = None) -> bool:
        """Open the in-place editor on a card (default: the selected one)."""
        tp_id = tp_id or self.view.selected
        spot = self.card(tp_id)
        tp = self.workshop.by_id("touchpoints").get(tp_id or "")
        if spot is None or tp is None:
            return False
        self.select(tp.id)
        self.popup.show_for(tp, self.beside(spot.box))
        return True

    def beside(self, box: Box, room: int = ROOM) -> tuple[str, str]:
        """Where a popover goes beside ``box`` (layout pixels), with ``room`` below the map."""
        view = self.view
        view.scroller.layout.padding = f"0 0 {room}px 0"  # room below the map for it
        return placement(box, view.scale, view.canvas.width, view.width_bounds)

    def add_touchpoint(self, stage: str) -> Touchpoint | None:
        """A new touchpoint at the end of ``stage`` (a title from the catalog), opened in
        the editor; without any channel, a draft whose editor asks for the first channel."""
        ws = self.workshop
        in_stage = [tp.order for tp in ws.touchpoints if tp.stage == stage]
        values = {"title": self.t("mapedit.new_title"), "stage": stage,
                  "persona": self.view.persona, "journey": self.view.state,
                  "order": max(in_stage, default=-1) + 1}  # fmt: skip
        header = next((b for ref, b in gestures.stage_boxes(self.view.layout_data) if ref == stage))
        if not ws.channels:
            self.popup.show_new(values, self.beside(header))
            return None
        try:
            tp = editing.add(ws, "touchpoints", {**values, "channel": ws.channels[0].id})
        except WorkshopError as error:
            self.refused(error)
            return None
        assert isinstance(tp, Touchpoint)
        self._changed(self.session.action("add", tp))
        self.select(tp.id)
        self.edit(tp.id)
        return tp

    def delete(self) -> None:
        tp = self.selected
        if tp is None:
            return
        try:
            editing.remove(self.workshop, "touchpoints", tp.id)
        except WorkshopError as error:
            self.refused(error)
            return
        self._changed(self.session.action("delete", tp))

    def toggle_moment(self) -> None:
        tp = self.selected
        if tp is None:
            return
        tp.moment_of_truth = not tp.moment_of_truth
        verb = "mark_moment" if tp.moment_of_truth else "unmark_moment"
        self._changed(self.session.action(verb, tp))

    def add_pain(self, text: str, severity: int | None = None) -> bool:
        tp = self.selected
        if tp is None:
            return False
        values = {"text": text, "touchpoints": [tp.id], "severity": severity}
        try:
            pain = editing.add(self.workshop, "pain_points", values)
        except WorkshopError as error:
            self.refused(error)
            return False
        self._changed(self.session.action("add", pain))
        return True

    def rate(self, tp: Touchpoint, score: int) -> None:
        """Set how the step felt (the form's own checked assignment), one named step."""
        if tp.emotion == score:
            return
        try:
            tp.emotion = score
        except WorkshopError as error:
            self.refused(error)
            return
        self._changed(translate("history.rate_emotion", self.lang, name=name_of(tp), score=score))

    def move_card(self, tp_id: str, stage: str, index: int) -> bool:
        among = [c.ref for c in gestures.cards(self.view.layout_data)]
        tp = self.workshop.by_id("touchpoints")[tp_id]
        try:
            moved = editing.place(self.workshop, tp_id, stage, index, among)
        except WorkshopError as error:
            self.refused(error)
            return False
        if moved:
            self._changed(self.session.action("move", tp))
        return moved

    # -- the pointer ---------------------------------------------------------------------------

    def _extras(self) -> list[Shape]:
        layout = self.view.layout_data
        shapes = gestures.plus_shapes(layout)
        spot = self.card(self.view.selected)
        if spot is not None:
            shapes.append(gestures.focus_ring(spot.box))
        if self._press is not None:
            shapes.extend(self._press.shapes)
        return shapes

    def _down(self, x: float, y: float) -> None:
        lx, ly = self.view.to_layout(x, y)
        if self.stages.press(lx, ly):  # a double-click on a stage's header edits the stage
            return
        layout = self.view.layout_data
        spot = layout.hit(lx, ly)
        editing_now = self.popup.touchpoint
        if editing_now is not None and (spot is None or spot.ref != editing_now.id):
            self.popup.save()  # a click outside the editor saves it
            layout = self.view.layout_data
            spot = layout.hit(lx, ly)
        self.details.close_details()
        stage = gestures.plus_at(layout, lx, ly)
        if stage is not None:
            self._presses.press(None)
            self.add_touchpoint(stage)
            return
        if spot is not None and spot.kind == "touchpoint":
            if self._presses.press(spot.ref):
                self._press = None
                self.edit(spot.ref)
                return
            self._press = _Press(spot, lx, ly)
        elif spot is not None and spot.kind == "emotion":
            self._presses.press(None)
            self._press = _Press(spot, lx, ly)
        else:
            self._presses.press(None)
            self._press = None

    def _move(self, x: float, y: float) -> None:
        press = self._press
        if press is None:
            return
        lx, ly = self.view.to_layout(x, y)
        if not press.dragging:
            if abs(lx - press.x) + abs(ly - press.y) < gestures.DRAG_START:
                return
            press.dragging = True
            self.view.show_tooltips = False
        tp = self.workshop.by_id("touchpoints").get(press.spot.ref)
        if tp is None:  # gone meanwhile (another window's save taken up)
            self._out(x, y)
            return
        if press.spot.kind == "emotion":
            score = self._snapped(press, tp, ly)
            band = self.view.options.theme.emotion_band
            cy = press.spot.box.y + press.spot.box.h / 2 - (score - (tp.emotion or 3)) * band
            press.shapes = tuple(
                gestures.emotion_shapes(press.spot, score, cy, EMOTION_COLOURS[score])
            )
        else:
            where = gestures.landing(self.view.layout_data, press.spot.ref, lx, ly)
            press.shapes = tuple(
                gestures.drag_shapes(press.spot.box, lx - press.x, ly - press.y, where)
            )
        self.view.redraw_overlay()

    def _snapped(self, press: _Press, tp: Touchpoint, y: float) -> int:
        band = self.view.options.theme.emotion_band
        return gestures.snapped_emotion(press.spot, tp.emotion or 3, y, band)

    def _up(self, x: float, y: float) -> None:
        press, self._press = self._press, None
        self.view.show_tooltips = True
        if press is None or not press.dragging:
            return
        lx, ly = self.view.to_layout(x, y)
        tp = self.workshop.by_id("touchpoints").get(press.spot.ref)
        changed = False
        if tp is not None and press.spot.kind == "emotion":
            before = tp.emotion
            self.rate(tp, self._snapped(press, tp, ly))
            changed = tp.emotion != before
        elif tp is not None:
            where = gestures.landing(self.view.layout_data, tp.id, lx, ly)
            if where is not None:
                changed = self.move_card(tp.id, where.stage, where.index)
        if not changed:
            self.view.redraw_overlay()  # the ghost goes; nothing else changed

    def _out(self, x: float, y: float) -> None:
        """The pointer left the map: a drag under way is dropped nowhere."""
        if self._press is not None:
            self._press = None
            self.view.show_tooltips = True
            self.view.redraw_overlay()
