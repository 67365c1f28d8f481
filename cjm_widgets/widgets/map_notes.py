"""The room's notes on the map editor: sticky notes the facilitator drags onto a card to
accept, or dismisses with their close mark, as the room tab's inbox would.

The room tab (``RoomPanel``) offers its notes for its session (``offer``) and every map
editor of that session takes them up (``attach``), whichever comes first: so the map of
``cjm room``'s app shows the room's notes, and a map with no room open shows none and
stays as it was. The notes are overlay shapes in a "Room notes" lane that only the
editor's view adds (``layout/room_notes``): new notes redraw the overlay, never the map,
and no export shows them. A dragged note follows the pointer on the overlay as a card
does; dropped on a card, the room tab accepts it there (one step of undo, the decision
in the room's log); dropped anywhere else, nothing happens.
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from weakref import WeakKeyDictionary, WeakSet

import ipywidgets as widgets

from ..errors import WorkshopError
from ..i18n import translate
from ..layout.room_notes import Board, RoomNotesLane, Sticky, board, board_shapes, sticky_shapes
from ..layout.shapes import Box, Shape
from ..render.canvas import JourneyMapView
from ..render.canvas_painter import HIGHLIGHT, tooltip_shapes
from ..render.page_colours import MUTED
from ..room.decisions import ACCEPTED_AS
from ..room.tally import Note, Tally
from .map_gestures import DRAG_START
from .session import WorkshopSession


class NotesSource(Protocol):
    """What offers notes: the room tab (its tally, its decisions, its ``shown`` row)."""

    tally: Tally

    def accept(self, note: Note, kind: str, touchpoint: str | None = None) -> None: ...

    def decide(self, note: Note, action: str, **details: Any) -> None: ...

    def observe(self, handler: Callable[[Any], None], names: str) -> None: ...


class Editor(Protocol):
    """What the notes need of a map editor."""

    session: WorkshopSession
    view: JourneyMapView
    lang: str
    children: Sequence[widgets.Widget]
    room_notes: MapNotes | None
    message: widgets.HTML

    def refused(self, error: Exception) -> None: ...


_sources: WeakKeyDictionary[WorkshopSession, NotesSource] = WeakKeyDictionary()
_editors: WeakKeyDictionary[WorkshopSession, WeakSet[Any]] = WeakKeyDictionary()


def offer(session: WorkshopSession, source: NotesSource) -> None:
    """``source``'s notes on every map editor of ``session``, open now or later."""
    _sources[session] = source
    for editor in list(_editors.get(session, ())):
        if editor.room_notes is None:
            editor.room_notes = MapNotes(editor, source)


def attach(editor: Editor) -> MapNotes | None:
    """The notes of the room open on ``editor``'s session, if one is; else None."""
    _editors.setdefault(editor.session, WeakSet()).add(editor)
    source = _sources.get(editor.session)
    return None if source is None else MapNotes(editor, source)


@dataclass
class _Press:
    sticky: Sticky
    x: float
    y: float
    on_close: bool
    dragging: bool = False
    dx: float = 0.0
    dy: float = 0.0


class MapNotes:
    """The sticky notes of ``source`` on ``editor``'s map, and what the pointer does to them."""

    def __init__(self, editor: Editor, source: NotesSource) -> None:
        self.editor, self.source = editor, source
        view = self.view = editor.view
        view.options = view.options.adding(RoomNotesLane())
        self._press: _Press | None = None
        self._hover: Sticky | None = None
        """The note under the pointer: its whole text shows beside it."""
        self._cached: tuple[object, int, Board] | None = None
        earlier = view.extras
        view.extras = lambda: self._shapes(earlier)
        canvas = view.canvas
        canvas.on_mouse_down(self._down)
        canvas.on_mouse_move(self._move)
        canvas.on_mouse_up(self._up)
        canvas.on_mouse_out(self._out)
        self.hint = widgets.HTML(
            f"<span style='color:{MUTED}'>{html.escape(self.t('map.room_notes.hint'))}</span>"
        )
        self.hint.add_class("cjm-room-notes-hint")
        editor.children = (*editor.children[:2], self.hint, *editor.children[2:])
        view_ref = weakref.ref(view)  # the room tab outlives map views: it must not keep them

        def arrived(_: object) -> None:
            shown = view_ref()
            if shown is not None and shown.comm is not None:  # not closed
                shown.redraw_overlay()

        source.observe(arrived, names="shown")
        view.refresh()

    def t(self, key: str, **params: Any) -> str:
        return str(translate(key, self.editor.lang, **params))

    @property
    def board(self) -> Board:
        """The open notes where they sit on the map as it is drawn now."""
        layout, seen = self.view.layout_data, self.source.tally.seen
        if self._cached is None or self._cached[:2] != (layout, seen):
            theme = self.view.shown_options.theme
            self._cached = (layout, seen, board(layout, self.source.tally.open_notes(), theme))
        return self._cached[2]

    def _shapes(self, earlier: Callable[[], Sequence[Shape]] | None) -> list[Shape]:
        """The notes under the editor's own marks; the dragged one on top of everything."""
        theme, lang, press = self.view.shown_options.theme, self.editor.lang, self._press
        dragged = press.sticky.note.id if press is not None and press.dragging else None
        shapes = board_shapes(self.board, theme, lang, hide=dragged)
        shapes.extend(earlier() if earlier is not None else ())
        if press is not None and dragged is not None:
            shapes.extend(
                sticky_shapes(press.sticky, theme, lang, dx=press.dx, dy=press.dy, lifted=HIGHLIGHT)
            )
        elif self._hover is not None and self._hover in self.board.stickies:
            note, box, layout = self._hover.note, self._hover.box, self.view.layout_data
            text = f"{self.t(f'room.page.kind.{note.kind}')}\n{note.text}"
            bounds = Box(0, 0, layout.width, layout.height)
            shapes.extend(tooltip_shapes(text, box.right, box.y, bounds))
        return shapes

    # -- the pointer ---------------------------------------------------------------------

    def _down(self, x: float, y: float) -> None:
        lx, ly = self.view.to_layout(x, y)
        sticky = self.board.at(lx, ly)
        self._press = None
        if sticky is not None:
            self._press = _Press(sticky, lx, ly, sticky.close.contains(lx, ly))

    def _move(self, x: float, y: float) -> None:
        press = self._press
        lx, ly = self.view.to_layout(x, y)
        if press is None:
            hover = self.board.at(lx, ly)
            if hover != self._hover:
                self._hover = hover
                self.view.redraw_overlay()
            return
        if not press.dragging:
            if abs(lx - press.x) + abs(ly - press.y) < DRAG_START:
                return
            press.dragging = True
            self.view.show_tooltips = False
        press.dx, press.dy = lx - press.x, ly - press.y
        self.view.redraw_overlay()

    def _up(self, x: float, y: float) -> None:
        press, self._press = self._press, None
        if press is None:
            return
        self.view.show_tooltips = True
        lx, ly = self.view.to_layout(x, y)
        note = press.sticky.note
        if not press.dragging:
            if press.on_close and press.sticky.close.contains(lx, ly):
                self.dismiss(note)
            return
        spot = self.view.layout_data.hit(lx, ly)
        if spot is None or spot.kind != "touchpoint" or not self.accept(note, spot.ref):
            self.view.redraw_overlay()  # back to its place: nothing changed

    def _out(self, x: float, y: float) -> None:
        if self._press is not None or self._hover is not None:
            self._press = self._hover = None
            self.view.show_tooltips = True
            self.view.redraw_overlay()

    # -- the decisions -------------------------------------------------------------------

    def accept(self, note: Note, touchpoint: str) -> bool:
        """``note`` made a pain point (or, an idea note, an idea) on ``touchpoint``."""
        kind = ACCEPTED_AS.get(note.kind)
        if kind is None:
            told = html.escape(self.t("map.room_notes.praise"))
            self.editor.message.value = f"<span style='color:{MUTED}'>{told}</span>"
            return False
        try:
            self.source.accept(note, kind, touchpoint)
        except WorkshopError as error:
            self.editor.refused(error)
            return False
        return True

    def dismiss(self, note: Note) -> None:
        """``note`` off the board, rejected as the room tab's "Reject" does."""
        self.source.decide(note, "reject")
