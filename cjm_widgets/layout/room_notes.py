"""The room's open notes as sticky notes on the live map: a "Room notes" lane under the
touchpoint cards (the live editor's only, never an export's) and the notes in it.

The lane draws only an empty slot per column, so notes coming and going never lay the
map out again: the notes themselves are overlay shapes placed in their touchpoint's
slot, oldest first, as many as fit, with a "+N" badge for the rest. Each kind has its
own paper colour, and its name is written on the note too (colour is never the only
cue); the text is the theme's ink, at least 4.5:1 on every note in both themes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import translate
from ..room.tally import Note
from .blocks import text_block
from .context import MapContext
from .lane_base import Drawn, Lane
from .shapes import Box, Layout, Rect, Shape, Text
from .theme import Theme

NOTE_FILLS = {
    False: {"pain_point": "#FBD5CF", "idea": "#FFF1A8", "question": "#CFE6F7", "praise": "#CDEFE0"},
    True: {"pain_point": "#5C2A22", "idea": "#4A4220", "question": "#1F3F58", "praise": "#1E4636"},
}
"""A note's paper per kind, in the light (False) and the dark (True) theme."""

SHOWN = 2
"""Notes shown per touchpoint; the others are counted on a badge."""
LINES = 2
"""Lines of a note's text under its kind (longer text ends with an ellipsis)."""
GAP = 4.0
CLOSE = 16.0
"""The side of the close mark that dismisses a note."""
SLOT = "room-notes-slot"
CROSS = "\u00d7"
"""The close mark, a multiplication sign."""


def note_height(theme: Theme) -> float:
    return 2 * GAP + theme.line_px(theme.small_size) * (LINES + 1)


class RoomNotesLane(Lane):
    """Room for ``SHOWN`` notes under each card: an invisible slot per touchpoint."""

    key = "room_notes"
    title_key = "map.lane.room_notes"
    order = 45.0
    column_local = True

    def height(self, ctx: MapContext) -> float:
        theme = ctx.theme
        return 2 * theme.lane_padding + SHOWN * note_height(theme) + (SHOWN - 1) * GAP

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        pad = ctx.theme.lane_padding
        return Drawn(
            [
                Rect(
                    Box(col.x, top + pad, col.w, height - 2 * pad),
                    "none",
                    SLOT,
                    solid=False,
                    ref=col.touchpoint.id,
                )
                for col in ctx.columns
                if col.touchpoint is not None
            ]
        )


@dataclass(frozen=True)
class Sticky:
    """A note where it sits on the map, with its close mark."""

    note: Note
    box: Box

    @property
    def close(self) -> Box:
        return Box(self.box.right - CLOSE - 2, self.box.y + 2, CLOSE, CLOSE)


@dataclass(frozen=True)
class Board:
    """The notes shown on a map and, per touchpoint with more, how many are not."""

    stickies: tuple[Sticky, ...] = ()
    more: tuple[tuple[Sticky, int], ...] = ()

    def at(self, x: float, y: float) -> Sticky | None:
        return next((s for s in reversed(self.stickies) if s.box.contains(x, y)), None)


def board(layout: Layout, notes: Sequence[Note], theme: Theme) -> Board:
    """``notes`` placed in their touchpoint's slot (those of touchpoints not on the map
    are left out: they wait in the room tab's inbox)."""
    slots = {s.ref: s.box for s in layout.shapes if isinstance(s, Rect) and s.role == SLOT}
    by_touchpoint: dict[str, list[Note]] = {}
    for note in notes:
        if note.touchpoint in slots:
            by_touchpoint.setdefault(note.touchpoint, []).append(note)
    stickies: list[Sticky] = []
    more: list[tuple[Sticky, int]] = []
    height = note_height(theme)
    for ref, found in by_touchpoint.items():
        slot = slots[ref]
        placed = [
            Sticky(note, Box(slot.x, slot.y + i * (height + GAP), slot.w, height))
            for i, note in enumerate(found[:SHOWN])
        ]
        stickies.extend(placed)
        if len(found) > SHOWN:
            more.append((placed[-1], len(found) - SHOWN))
    return Board(tuple(stickies), tuple(more))


def sticky_shapes(
    sticky: Sticky,
    theme: Theme,
    lang: str,
    *,
    dx: float = 0.0,
    dy: float = 0.0,
    lifted: str | None = None,
) -> list[Shape]:
    """One note's paper, kind, text and close mark, moved by ``dx, dy`` while it is dragged
    (``lifted``: the outline colour it has then)."""
    box = Box(sticky.box.x + dx, sticky.box.y + dy, sticky.box.w, sticky.box.h)
    note, size = sticky.note, theme.small_size
    fill = NOTE_FILLS[theme.dark].get(note.kind, NOTE_FILLS[theme.dark]["idea"])
    inner = box.w - 2 * GAP - CLOSE
    kind = text_block(
        box.x + GAP,
        box.y + GAP,
        inner,
        translate(f"room.page.kind.{note.kind}", lang),
        size=size,
        max_lines=1,
        color=theme.ink,
        role="room-note-kind",
        bold=True,
    )
    text = text_block(
        box.x + GAP,
        kind.box.bottom,
        box.w - 2 * GAP,
        note.text,
        size=size,
        max_lines=LINES,
        color=theme.ink,
        role="room-note-text",
    )
    close = Box(box.right - CLOSE - 2, box.y + 2, CLOSE, CLOSE)
    cross = text_block(
        close.x,
        close.y,
        close.w,
        CROSS,
        size=theme.text_size + 2,
        max_lines=1,
        color=theme.ink,
        role="room-note-close",
        anchor="middle",
    )
    paper = Rect(
        box,
        fill,
        "room-note",
        stroke=lifted or theme.rule,
        stroke_width=3 if lifted else 1,
        radius=3,
        solid=False,
    )
    return [paper, kind, text, cross]


def badge_shapes(sticky: Sticky, count: int, theme: Theme, lang: str) -> list[Shape]:
    """The "+N" on the last note shown, left of its close mark: N more notes there."""
    label = translate("map.room_notes.more", lang, count=count)
    size = theme.small_size
    width = 12 + size * 0.62 * len(label)
    box = Box(sticky.close.x - width - 4, sticky.box.y + GAP, width, size + 4)
    words: Text = text_block(
        box.x,
        box.y + 2,
        box.w,
        label,
        size=size,
        max_lines=1,
        color=theme.paper,
        role="room-notes-more",
        bold=True,
        anchor="middle",
    )
    return [Rect(box, theme.ink, "room-notes-badge", radius=box.h / 2, solid=False), words]


def board_shapes(shown: Board, theme: Theme, lang: str, hide: int | None = None) -> list[Shape]:
    """Every note of ``shown`` and its badges, but the one with id ``hide`` (dragged)."""
    shapes: list[Shape] = []
    for sticky in shown.stickies:
        if sticky.note.id != hide:
            shapes.extend(sticky_shapes(sticky, theme, lang))
    for sticky, count in shown.more:
        shapes.extend(badge_shapes(sticky, count, theme, lang))
    return shapes
