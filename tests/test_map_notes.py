"""The room's notes as sticky notes on the map editor, driven as a browser drives the
canvas (no kernel): dragged onto a card a note becomes a pain point or an idea there,
the close mark dismisses it, a note dropped on empty space changes nothing, and no export
shows them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.editing import remove
from cjm_widgets.layout.journey import layout_journey
from cjm_widgets.layout.room_notes import NOTE_FILLS, Sticky
from cjm_widgets.render.svg import to_svg
from cjm_widgets.room.decisions import DEFAULT_SEVERITY
from cjm_widgets.room.log import RoomLog, log_path
from cjm_widgets.widgets.map_editor import MapEditor
from cjm_widgets.widgets.room import RoomApp, RoomPanel
from cjm_widgets.widgets.session import WorkshopSession
from tests.messages import said
from tests.test_canvas import event
from tests.test_widgets import Clock, Timers, clock

__all__ = ["clock"]

TP, OTHER = "tp-bank-suggests", "tp-open-pdf"


def write_notes(path: Path, *notes: tuple[str, str, str]) -> None:
    """A participant's notes (touchpoint, kind, text) in the room's log, as the server writes."""
    with RoomLog(log_path(path)) as log:
        log.append("pa-aino", "join", {"name": "Aino", "token_hash": "x"})
        for touchpoint, kind, text in notes:
            log.append("pa-aino", "note", {"touchpoint_id": touchpoint, "kind": kind, "text": text})


def decisions(path: Path) -> list[dict[str, Any]]:
    with RoomLog(log_path(path)) as log:
        return [entry.payload for entry in log.entries(kinds=("decision",))]


@pytest.fixture
def timers() -> Timers:
    return Timers()


@pytest.fixture
def room(
    comms: Any, sample_path: Path, clock: Clock, timers: Timers
) -> tuple[MapEditor, RoomPanel]:
    """Maija's map and the room tab on one session that saves at once; two notes waiting."""
    write_notes(
        sample_path,
        (TP, "pain_point", "The banner hides the amount"),
        (TP, "idea", "Show the amount in the banner"),
    )
    session = WorkshopSession(Workshop.load(sample_path))
    panel = RoomPanel(session, sample_path, schedule=timers)
    editor = MapEditor(session, "pe-maija", clock=clock)
    event(editor.view, "client_ready")
    return editor, panel


def stickies(editor: MapEditor) -> list[Sticky]:
    assert editor.room_notes is not None
    return list(editor.room_notes.board.stickies)


def sticky(editor: MapEditor, text: str) -> Sticky:
    return next(s for s in stickies(editor) if s.note.text == text)


def scaled(editor: MapEditor, x: float, y: float) -> tuple[float, float]:
    return x * editor.view.scale, y * editor.view.scale


def drag(editor: MapEditor, note: Sticky, to: tuple[float, float]) -> None:
    """Press the note's middle, move in steps, release at ``to`` (layout pixels)."""
    box = note.box
    start = (box.x + box.w / 3, box.y + box.h / 2)
    event(editor.view, "mouse_down", *scaled(editor, *start))
    for step in (0.25, 0.5, 1.0):
        x = start[0] + (to[0] - start[0]) * step
        y = start[1] + (to[1] - start[1]) * step
        event(editor.view, "mouse_move", *scaled(editor, x, y))
    event(editor.view, "mouse_up", *scaled(editor, *to))


def card_centre(editor: MapEditor, ref: str) -> tuple[float, float]:
    card = editor.card(ref)
    assert card is not None
    return card.box.x + card.box.w / 2, card.box.y + card.box.h / 2


def pains_in_file(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["pain_points"])


def test_open_notes_sit_under_their_card_in_the_rooms_colours(
    room: tuple[MapEditor, RoomPanel],
) -> None:
    editor, _ = room
    shown = stickies(editor)
    assert [s.note.text for s in shown] == [
        "The banner hides the amount",
        "Show the amount in the banner",
    ]
    card = editor.card(TP)
    assert card is not None
    for note in shown:  # in the card's column, below it
        assert card.box.x <= note.box.x and note.box.right <= card.box.right
        assert note.box.y > card.box.bottom
    overlay = editor.view._overlay_shapes()
    papers = [s for s in overlay if s.role == "room-note"]
    assert [p.fill for p in papers] == [NOTE_FILLS[False]["pain_point"], NOTE_FILLS[False]["idea"]]
    kinds = [s.lines for s in overlay if s.role == "room-note-kind"]
    assert kinds == [(said("room.page.kind.pain_point"),), (said("room.page.kind.idea"),)]
    assert said("map.lane.room_notes") in [
        " ".join(s.lines) for s in editor.view.layout_data.shapes if s.role == "lane-title"
    ]


def test_a_pain_note_dragged_onto_a_card_becomes_its_pain_point(
    room: tuple[MapEditor, RoomPanel], sample_path: Path
) -> None:
    editor, _ = room
    note = sticky(editor, "The banner hides the amount")
    drag(editor, note, card_centre(editor, OTHER))  # onto another card than the note's own
    added = [p for p in pains_in_file(sample_path) if p["text"] == "The banner hides the amount"]
    assert len(added) == 1
    assert (added[0]["touchpoints"], added[0]["severity"]) == ([OTHER], DEFAULT_SEVERITY)
    assert decisions(sample_path) == [
        {
            "action": "accept",
            "notes": [note.note.id],
            "kind": "pain_points",
            "entity": added[0]["id"],
        }
    ]
    assert [s.note.text for s in stickies(editor)] == ["Show the amount in the banner"]
    drawn = [" ".join(s.lines) for s in editor.view._overlay_shapes() if s.role == "room-note-text"]
    assert drawn == ["Show the amount in the banner"]  # the accepted note left the board
    session = editor.session
    assert session.history.undo_action == said("history.accept", name="The banner hides the amount")
    session.undo()
    assert "The banner hides the amount" not in [p["text"] for p in pains_in_file(sample_path)]
    assert decisions(sample_path)[-1] == {"action": "reopen", "notes": [note.note.id]}
    assert [s.note.text for s in stickies(editor)] == [  # back on the board, in its place
        "The banner hides the amount",
        "Show the amount in the banner",
    ]
    session.redo()
    assert [s.note.text for s in stickies(editor)] == ["Show the amount in the banner"]
    assert decisions(sample_path)[-1]["action"] == "accept"
    assert [
        p["touchpoints"] for p in pains_in_file(sample_path) if p["text"] == note.note.text
    ] == [[OTHER]]


def test_an_idea_note_becomes_an_idea_linked_to_the_cards_pain_points(
    room: tuple[MapEditor, RoomPanel], sample_path: Path
) -> None:
    editor, _ = room
    drag(editor, sticky(editor, "Show the amount in the banner"), card_centre(editor, OTHER))
    ws = Workshop.load(sample_path)
    idea = next(i for i in ws.ideas if i.text == "Show the amount in the banner")
    pains = {p.id for p in ws.pain_points if OTHER in p.touchpoints}
    assert pains and set(idea.pain_points) == pains
    assert decisions(sample_path)[0]["kind"] == "ideas"


def test_a_pain_point_from_a_note_deleted_on_purpose_leaves_the_note_decided(
    room: tuple[MapEditor, RoomPanel], sample_path: Path
) -> None:
    editor, _ = room
    note = sticky(editor, "The banner hides the amount")
    drag(editor, note, card_centre(editor, OTHER))
    session, ws = editor.session, editor.workshop
    (pain,) = [p for p in ws.pain_points if p.text == note.note.text]
    remove(ws, "pain_points", pain.id)  # the group deletes it: their choice
    session.changed(session.action("delete", pain))
    ws.journey("pe-maija")[0].emotion = 1  # another edit, then undone
    session.changed("rate")
    session.undo()
    assert [d["action"] for d in decisions(sample_path)] == ["accept"]  # not opened again
    assert [s.note.text for s in stickies(editor)] == ["Show the amount in the banner"]
    session.undo()  # the delete undone: the pain point is back, the note still decided
    assert note.note.text in [p["text"] for p in pains_in_file(sample_path)]
    assert [d["action"] for d in decisions(sample_path)] == ["accept"]


def test_the_cross_dismisses_a_note_as_the_inbox_rejects_it(
    room: tuple[MapEditor, RoomPanel], sample_path: Path
) -> None:
    editor, panel = room
    before = sample_path.read_bytes()
    note = sticky(editor, "The banner hides the amount")
    close = note.close
    at = scaled(editor, close.x + close.w / 2, close.y + close.h / 2)
    event(editor.view, "mouse_down", *at)
    event(editor.view, "mouse_up", *at)
    assert decisions(sample_path) == [{"action": "reject", "notes": [note.note.id]}]
    assert [s.note.text for s in stickies(editor)] == ["Show the amount in the banner"]
    assert panel.inbox_title.value == f"<h4>{said('room.panel.inbox', count=1)}</h4>"
    assert sample_path.read_bytes() == before


def test_a_note_dropped_on_empty_space_changes_nothing(
    room: tuple[MapEditor, RoomPanel], sample_path: Path
) -> None:
    editor, _ = room
    before = sample_path.read_bytes()
    note = sticky(editor, "The banner hides the amount")
    drag(editor, note, (note.box.x + 40, note.box.bottom + 200))  # down among the lanes
    drag(editor, note, (4, 4))  # the map's corner
    assert sample_path.read_bytes() == before
    assert decisions(sample_path) == []
    assert len(stickies(editor)) == 2
    assert editor.session.history.undo_action is None


def test_a_praise_note_is_not_accepted_but_says_how_to_dismiss_it(
    comms: Any, sample_path: Path, clock: Clock
) -> None:
    write_notes(sample_path, (TP, "praise", "Love the reminder"))
    session = WorkshopSession(Workshop.load(sample_path))
    panel = RoomPanel(session, sample_path, schedule=Timers())
    editor = MapEditor(session, "pe-maija", clock=clock)
    event(editor.view, "client_ready")
    before = sample_path.read_bytes()
    drag(editor, sticky(editor, "Love the reminder"), card_centre(editor, TP))
    assert sample_path.read_bytes() == before and decisions(sample_path) == []
    assert "Praise stays in the room" in editor.message.value
    assert panel.shown > 0


def test_new_notes_appear_without_laying_the_map_out_again(
    room: tuple[MapEditor, RoomPanel], sample_path: Path, timers: Timers
) -> None:
    editor, _ = room
    layout = editor.view.layout_data
    with RoomLog(log_path(sample_path)) as log:
        for n in range(3):
            log.append(
                "pa-aino", "note", {"touchpoint_id": TP, "kind": "question", "text": f"Q{n}"}
            )
    timers.run()  # the room tab reads the log again
    assert editor.view.layout_data is layout
    overlay = editor.view._overlay_shapes()
    assert [" ".join(s.lines) for s in overlay if s.role == "room-notes-more"] == [
        said("map.room_notes.more", count=3)
    ]


def test_a_map_without_a_room_shows_no_notes(comms: Any, sample_path: Path) -> None:
    write_notes(sample_path, (TP, "pain_point", "Nobody reads this"))
    editor = MapEditor(WorkshopSession(Workshop.load(sample_path)), "pe-maija")
    assert editor.room_notes is None
    assert "room_notes" not in [lane.key for lane in editor.view.options.map_lanes()]


def test_the_room_app_shows_the_notes_on_its_map_and_exports_do_not(
    comms: Any, sample_path: Path
) -> None:
    write_notes(sample_path, (TP, "pain_point", "The banner hides the amount"))
    svg_before = to_svg(layout_journey(Workshop.load(sample_path), "pe-maija"))
    timers = Timers()
    app = RoomApp(sample_path, schedule=timers, watch=None)
    app.app.go("map")
    editor = app.app.map_editor
    assert editor is not None and editor.room_notes is not None
    assert [s.note.text for s in stickies(editor)] == ["The banner hides the amount"]
    assert "room_notes" not in [lane.key for lane in app.app.options.map_lanes()]
    svg = to_svg(layout_journey(app.app.workshop, "pe-maija", options=app.app.options))
    assert svg == svg_before
    assert "The banner hides the amount" not in svg and said("map.lane.room_notes") not in svg

    drag(editor, sticky(editor, "The banner hides the amount"), card_centre(editor, OTHER))
    timers.run()  # the app's autosave
    assert [p["text"] for p in pains_in_file(sample_path) if OTHER in p["touchpoints"]][-1:] == [
        "The banner hides the amount"
    ]
    on_map = [
        " ".join(s.lines) for s in editor.view.layout_data.shapes if s.role == "pain_points-item"
    ]
    assert "The banner hides the amount" in on_map and stickies(editor) == []
    assert editor.view.layout_data == layout_journey(
        app.app.workshop, "pe-maija", options=editor.view.shown_options
    )  # the live map laid out in part is the whole layout, notes lane and all
    app.app.history_buttons.undo_button.click()
    timers.run()
    assert "The banner hides the amount" not in [p["text"] for p in pains_in_file(sample_path)]


def test_in_a_dark_page_the_notes_are_dark_paper_with_light_ink(
    comms: Any, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjm_widgets.layout.theme import DARK, THEME_VARIABLE
    from cjm_widgets.render import page_theme

    monkeypatch.setattr(page_theme, "_shared", None)
    monkeypatch.setenv(THEME_VARIABLE, "dark")
    write_notes(sample_path, (TP, "question", "Which amount?"))
    session = WorkshopSession(Workshop.load(sample_path))
    RoomPanel(session, sample_path, schedule=Timers())
    editor = MapEditor(session, "pe-maija")
    overlay = editor.view._overlay_shapes()
    assert [s.fill for s in overlay if s.role == "room-note"] == [NOTE_FILLS[True]["question"]]
    assert {s.color for s in overlay if s.role == "room-note-text"} == {DARK.ink}


def test_hovering_a_note_shows_its_whole_text(comms: Any, sample_path: Path, clock: Clock) -> None:
    long = "The banner hides the amount, " * 6
    write_notes(sample_path, (TP, "question", long.strip()))
    session = WorkshopSession(Workshop.load(sample_path))
    RoomPanel(session, sample_path, schedule=Timers())
    editor = MapEditor(session, "pe-maija", clock=clock)
    event(editor.view, "client_ready")
    (note,) = stickies(editor)
    shown = [s for s in editor.view._overlay_shapes() if s.role == "room-note-text"]
    assert shown[0].lines[-1].endswith("…")  # cut on the note itself

    def tooltip() -> str:
        return " ".join(
            line
            for s in editor.view._overlay_shapes()
            if s.role == "tooltip-text"
            for line in s.lines
        )

    event(editor.view, "mouse_move", *scaled(editor, note.box.x + 20, note.box.y + 20))
    assert tooltip().startswith(said("room.page.kind.question"))
    assert "hides the amount" in tooltip() and len(tooltip()) > len(" ".join(shown[0].lines))
    event(editor.view, "mouse_move", *scaled(editor, 4, 4))
    assert tooltip() == ""
