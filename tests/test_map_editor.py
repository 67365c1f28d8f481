"""Editing the journey on the map itself, driven as a browser drives the canvas (no kernel).

Each test presses, moves and releases the pointer or the keys on the map's canvas and
reads what the facilitator would see: the saved file, the map's layout, the live region.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from ipycanvas.canvas import _CANVAS_MANAGER, COMMANDS

from cjm_widgets import Workshop
from cjm_widgets.editing import place, update
from cjm_widgets.errors import WorkshopError
from cjm_widgets.layout.shapes import Box, Hotspot
from cjm_widgets.widgets.map_editor import MapEditor
from cjm_widgets.widgets.map_gestures import DOUBLE_CLICK_SECONDS, GHOST, plus_marks
from cjm_widgets.widgets.map_popup import ROOM, placement
from cjm_widgets.widgets.session import WorkshopSession
from tests.messages import said
from tests.test_canvas import batches, event
from tests.test_widgets import Clock, clock
from tests.widget_comm import browser_sends

SWITCH = COMMANDS["switchCanvas"]

__all__ = ["clock"]  # the fixture, shared with the undo tests


@pytest.fixture
def editor(comms: Any, sample_path: Path, clock: Clock) -> MapEditor:
    """Maija's map, edited through a session that saves at once (no event loop)."""
    session = WorkshopSession(Workshop.load(sample_path))
    made = MapEditor(session, "pe-maija", clock=clock)
    event(made.view, "client_ready")
    return made


def saved(path: Path) -> dict[str, Any]:
    """The touchpoints of the file as saved, by id."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {tp["id"]: tp for tp in data["touchpoints"]}


def spot(editor: MapEditor, ref: str, kind: str = "touchpoint") -> Hotspot:
    return next(s for s in editor.view.layout_data.hotspots if s.ref == ref and s.kind == kind)


def centre(box: Any, scale: float) -> tuple[float, float]:
    return (box.x + box.w / 2) * scale, (box.y + box.h / 2) * scale


def press(editor: MapEditor, ref: str, kind: str = "touchpoint") -> tuple[float, float]:
    x, y = centre(spot(editor, ref, kind).box, editor.view.scale)
    event(editor.view, "mouse_down", x, y)
    return x, y


def key(editor: MapEditor, name: str, *, shift: bool = False, ctrl: bool = False) -> None:
    browser_sends(
        editor.view.canvas,
        {"event": "key_down", "key": name, "shift_key": shift, "ctrl_key": ctrl, "meta_key": False},
    )


def journey_of(path: Path, stage: str) -> list[str]:
    """The ids of a stage's touchpoints in the saved file's journey order."""
    ws = Workshop.load(path)
    return [tp.id for tp in ws.journey("pe-maija", state="current") if tp.stage == stage]


# -- the in-place editor --------------------------------------------------------------------


def test_a_double_click_opens_the_editor_and_enter_saves_the_title(
    editor: MapEditor, sample_path: Path, clock: Clock
) -> None:
    press(editor, "tp-open-pdf")
    clock.now += 0.2
    press(editor, "tp-open-pdf")
    assert editor.popup.is_open
    assert editor.popup.controls["title"].value == "Opens the bill image"
    assert editor.popup.layout.display is None
    assert editor.view.scroller.layout.padding == f"0 0 {ROOM}px 0"  # room for it below the map
    card = editor.card("tp-open-pdf")
    assert card is not None
    view = editor.view
    left, top = placement(card.box, view.scale, view.canvas.width, view.width_bounds)
    assert (editor.popup.layout.left, editor.popup.layout.margin) == (left, f"{top} 0 0 0")
    assert "clamp(" in left  # the default: fitted, but never below READABLE
    editor.popup.controls["thought"].value = "Where is the total?"
    editor.popup.controls["title"].value = "Opens the bill in the app"  # Enter commits it
    assert not editor.popup.is_open
    assert editor.view.scroller.layout.padding is None
    tp = saved(sample_path)["tp-open-pdf"]
    assert (tp["title"], tp["thought"]) == ("Opens the bill in the app", "Where is the total?")
    assert editor.session.history.undo_action == said(
        "history.edit", name="Opens the bill in the app"
    )


def test_two_presses_far_apart_in_time_do_not_open_the_editor(
    editor: MapEditor, clock: Clock
) -> None:
    press(editor, "tp-open-pdf")
    clock.now += DOUBLE_CLICK_SECONDS + 0.1
    press(editor, "tp-open-pdf")
    assert not editor.popup.is_open
    assert editor.view.selected == "tp-open-pdf"


def test_escape_cancels_the_editor_and_the_file_stays(editor: MapEditor, sample_path: Path) -> None:
    before = sample_path.read_bytes()
    press(editor, "tp-open-pdf")
    key(editor, "Enter")
    assert editor.popup.is_open
    editor.popup.controls["thought"].value = "Never saved"
    key(editor, "Escape")
    assert not editor.popup.is_open
    assert sample_path.read_bytes() == before
    assert editor.workshop.by_id("touchpoints")["tp-open-pdf"].thought != "Never saved"


def test_a_refused_title_is_shown_under_its_field_and_nothing_changes(
    editor: MapEditor, sample_path: Path
) -> None:
    before = sample_path.read_bytes()
    assert editor.edit("tp-open-pdf")
    editor.popup.controls["action"].value = "Opens it"
    editor.popup.controls["title"].value = "   "
    assert editor.popup.is_open  # still open, to correct it
    assert editor.popup.errors["title"].value != ""
    assert editor.popup.errors["action"].value == ""
    assert sample_path.read_bytes() == before
    with pytest.raises(WorkshopError) as refused:
        update(editor.workshop, editor.selected, {"title": "   "})  # type: ignore[arg-type]
    message = html.escape(refused.value.problems[0].text("en"), quote=False)
    assert message in editor.popup.errors["title"].value


def test_the_channel_is_chosen_from_the_workshop_s_channels(
    editor: MapEditor, sample_path: Path
) -> None:
    editor.edit("tp-open-pdf")
    channels = [value for _, value in editor.popup.controls["channel"].options]
    assert channels == [c.id for c in editor.workshop.channels]
    editor.popup.controls["channel"].value = channels[-1]
    editor.popup.save_button.click()
    assert saved(sample_path)["tp-open-pdf"]["channel"] == channels[-1]


# -- dragging cards and points ----------------------------------------------------------------


def drag_card_to(editor: MapEditor, ref: str, x: float, y: float) -> list[Any]:
    """Press on a card, move in three steps to (x, y) (canvas pixels) and release; returns
    the drawing batches sent while moving."""
    start = press(editor, ref)
    _CANVAS_MANAGER._current_canvas = None  # every batch names the layer it draws on
    since = len(batches(_CANVAS_MANAGER.comm))
    for part in (0.3, 0.6, 1.0):
        event(editor.view, "mouse_move", start[0] + (x - start[0]) * part,
              start[1] + (y - start[1]) * part)  # fmt: skip
    moving = batches(_CANVAS_MANAGER.comm)[since:]
    event(editor.view, "mouse_up", x, y)
    return moving


def layers_drawn(moving: list[Any]) -> set[str]:
    return {command[1][0] for batch in moving for command in batch if command[0] == SWITCH}


def test_dragging_a_card_to_another_stage_moves_it_there_in_the_file(
    editor: MapEditor, sample_path: Path
) -> None:
    target = spot(editor, "tp-pay-einvoice").box  # drop between Pay's two cards
    scale = editor.view.scale
    moving = drag_card_to(editor, "tp-open-pdf", (target.right + 2) * scale,
                          (target.y + 10) * scale)  # fmt: skip
    assert journey_of(sample_path, "st-pay") == [
        "tp-pay-einvoice", "tp-open-pdf", "tp-direct-payment-offer"
    ]  # fmt: skip
    assert "tp-open-pdf" not in journey_of(sample_path, "st-understand")
    overlay = f"IPY_MODEL_{editor.view.canvas[1].model_id}"
    assert moving and layers_drawn(moving) == {overlay}  # only the overlay while moving
    assert editor.session.history.undo_action == said("history.move", name="Opens the bill image")


def test_after_a_drop_no_hover_ring_is_left_where_the_card_was(
    editor: MapEditor, sample_path: Path
) -> None:
    before = spot(editor, "tp-open-pdf").box
    scale = editor.view.scale
    event(editor.view, "mouse_move", (before.x + 5) * scale, (before.y + 5) * scale)
    assert [s.role for s in editor.view._overlay_shapes()].count("hover") == 1  # hovered
    target = spot(editor, "tp-pay-einvoice").box
    x, y = target.right + 2, target.y + 10
    drag_card_to(editor, "tp-open-pdf", x * scale, y * scale)
    assert journey_of(sample_path, "st-pay")[1] == "tp-open-pdf"
    rings = [s.box for s in editor.view._overlay_shapes() if s.role == "hover"]
    assert all(ring.contains(x, y) for ring in rings), f"a ring away from the pointer: {rings}"


def test_each_drag_move_draws_the_overlay_once_and_only_around_what_moved(
    editor: MapEditor,
) -> None:
    """On a long journey the overlay is 16,384 pixels wide: a move clears and paints the
    ghost's and the landing mark's old and new places, not the whole layer, and the hover
    highlight does not follow the pointer while a card is dragged."""
    target = spot(editor, "tp-pay-einvoice").box
    scale, canvas = editor.view.scale, editor.view.canvas
    moving = drag_card_to(editor, "tp-open-pdf", (target.right + 2) * scale,
                          (target.y + 10) * scale)  # fmt: skip
    later = moving[-2:]  # the first move starts the drag (and may leave a hovered card)
    assert len(later) == 2 and len(moving) <= 4  # one batch per move once dragging
    assert not [c for batch in moving for c in batch if c[0] == COMMANDS["clear"]]
    for batch in later:
        cleared = [c[1] for c in batch if c[0] == COMMANDS["clearRect"]]
        assert cleared  # the ghost's old place is wiped ...
        assert sum(w * h for _, _, w, h in cleared) < canvas.width * canvas.height / 4
    last = later[-1]  # ... and the ghost is painted under the pointer, which is at
    fill = last.index([COMMANDS["set"], [0, GHOST]])  # (target.right + 2, target.y + 10)
    ghost_x, ghost_y = next(c[1] for c in reversed(last[:fill]) if c[0] == COMMANDS["moveTo"])
    card = spot(editor, "tp-open-pdf").box
    assert target.right + 2 - card.w <= ghost_x <= target.right + 2
    assert target.y + 10 - card.h <= ghost_y <= target.y + 10


def test_a_card_dropped_outside_any_stage_or_not_moved_changes_nothing(
    editor: MapEditor, sample_path: Path
) -> None:
    before = sample_path.read_bytes()
    drag_card_to(editor, "tp-open-pdf", 2, 2)  # the title area, above the lanes
    press(editor, "tp-open-pdf")
    event(editor.view, "mouse_up", *centre(spot(editor, "tp-open-pdf").box, editor.view.scale))
    assert sample_path.read_bytes() == before
    assert editor.session.history.undo_action is None


def test_dragging_a_point_on_the_emotion_curve_snaps_to_a_score(
    editor: MapEditor, sample_path: Path
) -> None:
    assert editor.workshop.by_id("touchpoints")["tp-open-pdf"].emotion == 2
    x, y = press(editor, "tp-open-pdf", "emotion")
    band = editor.view.options.theme.emotion_band * editor.view.scale
    event(editor.view, "mouse_move", x, y - 1.2 * band)
    shown = [c[1][0] for b in batches(_CANVAS_MANAGER.comm)[-1:] for c in b
             if c[0] == COMMANDS["fillText"]]  # fmt: skip
    assert "3" in shown  # the overlay says where it would be set
    event(editor.view, "mouse_move", x, y - 2.2 * band)  # a little past 4: snaps to 4
    event(editor.view, "mouse_up", x, y - 2.2 * band)
    assert saved(sample_path)["tp-open-pdf"]["emotion"] == 4
    assert editor.session.history.undo_action == said(
        "history.rate_emotion", name="Opens the bill image", score=4
    )
    x, y = press(editor, "tp-open-pdf", "emotion")
    event(editor.view, "mouse_move", x, y + 9 * band)  # far below the lane: the lowest score
    event(editor.view, "mouse_up", x, y + 9 * band)
    assert saved(sample_path)["tp-open-pdf"]["emotion"] == 1


def test_plus_adds_a_touchpoint_at_the_end_of_its_stage(
    editor: MapEditor, sample_path: Path
) -> None:
    _stage, box = next(mark for mark in plus_marks(editor.view.layout_data) if mark[0] == "st-pay")
    event(editor.view, "mouse_down", *centre(box, editor.view.scale))
    order = journey_of(sample_path, "st-pay")
    new = saved(sample_path)[order[-1]]
    assert (new["title"], new["stage"], new["persona"]) == (
        said("mapedit.new_title"), "st-pay", "pe-maija"
    )  # fmt: skip
    assert editor.popup.is_open and editor.popup.touchpoint is not None
    assert editor.popup.touchpoint.id == new["id"]
    assert all(s.role != "add-mark" for s in editor.view.layout_data.shapes)  # overlay only


# -- the keyboard and the live region ---------------------------------------------------------------


def test_arrows_move_the_selection_and_the_live_region_says_which_card(
    editor: MapEditor,
) -> None:
    assert said("mapedit.live_none") in editor.live.value
    key(editor, "ArrowRight")
    assert editor.view.selected == "tp-bank-suggests"
    key(editor, "ArrowRight")
    assert editor.view.selected == "tp-signup-bank"
    key(editor, "ArrowLeft")
    assert editor.view.selected == "tp-bank-suggests"
    live = editor.live.value
    assert 'role="status"' in live and 'aria-live="polite"' in live
    tp = editor.selected
    assert tp is not None
    expected = said(
        "mapedit.live",
        title=tp.title,
        stage=editor.workshop.by_id("stages")["st-discover"].name,
        channel=editor.workshop.by_id("channels")[tp.channel].name,
        emotion=said("mapedit.emotion_value", score=4, word=said("emotion.4")),
    )
    assert html.escape(expected) in live
    key(editor, "Escape")
    assert editor.view.selected is None


def test_enter_edits_delete_deletes_and_ctrl_z_takes_it_back(
    editor: MapEditor, sample_path: Path
) -> None:
    original = sample_path.read_text(encoding="utf-8")
    original_touchpoints = saved(sample_path)
    press(editor, "tp-open-pdf")
    key(editor, "Enter")
    assert editor.popup.is_open
    key(editor, "Escape")
    key(editor, "Delete")
    assert "tp-open-pdf" not in saved(sample_path)
    assert editor.view.selected is None
    key(editor, "z", ctrl=True)
    assert saved(sample_path) == original_touchpoints  # back to its earlier content
    assert json.loads(sample_path.read_text())["pain_points"] == json.loads(original)["pain_points"]
    assert any(c.ref == "tp-open-pdf" for c in editor.view.layout_data.hotspots)
    key(editor, "Z", shift=True, ctrl=True)
    assert "tp-open-pdf" not in saved(sample_path)


def test_up_and_down_set_the_selected_card_s_emotion(editor: MapEditor, sample_path: Path) -> None:
    press(editor, "tp-open-pdf")
    key(editor, "ArrowUp")
    assert saved(sample_path)["tp-open-pdf"]["emotion"] == 3
    key(editor, "ArrowDown")
    key(editor, "ArrowDown")
    key(editor, "ArrowDown")  # no score under 1
    assert saved(sample_path)["tp-open-pdf"]["emotion"] == 1


# -- the selected card's menu ---------------------------------------------------------------------


def test_the_menu_adds_a_pain_point_marks_a_moment_and_deletes(
    editor: MapEditor, sample_path: Path
) -> None:
    assert editor.toolbar.layout.visibility == "hidden"  # nothing selected
    assert editor.toolbar.layout.display is None  # its place is kept: the map does not jump
    press(editor, "tp-open-pdf")
    assert editor.toolbar.layout.visibility is None
    editor.toolbar.pain_button.click()  # nothing typed: the field is named
    assert html.escape(said("mapedit.pain_missing"), quote=False) in editor.message.value
    editor.toolbar.pain_text.value = "The PDF is hard to read on a phone"
    editor.toolbar.pain_button.click()
    pains = json.loads(sample_path.read_text())["pain_points"]
    assert {
        "text": "The PDF is hard to read on a phone",
        "touchpoints": ["tp-open-pdf"],
    }.items() <= next(p for p in pains if p["text"].startswith("The PDF is hard")).items()
    assert editor.message.value == ""
    editor.toolbar.moment_button.value = True
    assert saved(sample_path)["tp-open-pdf"]["moment_of_truth"] is True
    assert editor.toolbar.moment_button.description == said("mapedit.moment_on")
    editor.toolbar.delete_button.click()
    assert "tp-open-pdf" not in saved(sample_path)
    editor.session.undo()
    assert saved(sample_path)["tp-open-pdf"]["moment_of_truth"] is True


# -- the model operation behind a drop -------------------------------------------------------------


def test_place_puts_a_touchpoint_at_a_place_among_the_shown_ones(sample: Workshop) -> None:
    maija = [tp.id for tp in sample.journey("pe-maija", state="current")]
    assert place(sample, "tp-open-pdf", "st-pay", 2, maija)
    stage = [tp.id for tp in sample.journey() if tp.stage == "st-pay"]
    shown = [i for i in stage if i in maija or i == "tp-open-pdf"]
    assert shown == ["tp-pay-einvoice", "tp-direct-payment-offer", "tp-open-pdf"]
    assert sample.by_id("touchpoints")["tp-open-pdf"].stage == "st-pay"
    assert not place(sample, "tp-open-pdf", "st-pay", 2, maija)  # already there
    assert place(sample, "tp-open-pdf", "st-pay", 0, maija)
    assert next(tp.id for tp in sample.journey("pe-maija") if tp.stage == "st-pay") == "tp-open-pdf"
    with pytest.raises(WorkshopError):
        place(sample, "tp-open-pdf", "st-nowhere", 0)
    assert sample.by_id("touchpoints")["tp-open-pdf"].stage == "st-pay"


# -- in the app ------------------------------------------------------------------------------------


def test_the_app_s_map_page_edits_on_the_map_and_undoes_from_the_keys(
    comms: Any, sample_path: Path
) -> None:
    from cjm_widgets.widgets.app import WorkshopApp

    app = WorkshopApp(sample_path, watch=None)
    app.persona.value = "pe-maija"
    app.go("map")
    editor = app.map_editor
    assert editor is not None and app.map_view is editor.view
    event(editor.view, "client_ready")
    before = saved(sample_path)
    assert editor.edit("tp-open-pdf")
    editor.popup.controls["title"].value = "Opens the bill in the app"
    assert saved(sample_path)["tp-open-pdf"]["title"] == "Opens the bill in the app"
    assert app.history_buttons.undo_button.description == said(
        "history.undo_named", action=said("history.edit", name="Opens the bill in the app")
    )
    titles = [" ".join(s.lines) for s in app.map_view.layout_data.shapes if hasattr(s, "lines")]
    assert "Opens the bill in the app" in titles  # the map shows it at once
    key(editor, "z", ctrl=True)
    assert saved(sample_path) == before
    assert app.map_editor is editor and editor.view.selected == "tp-open-pdf"
    titles = [" ".join(s.lines) for s in app.map_view.layout_data.shapes if hasattr(s, "lines")]
    assert "Opens the bill in the app" not in titles
    key(editor, "z", ctrl=True, shift=True)  # the same map (the browser's focus) redoes
    assert saved(sample_path)["tp-open-pdf"]["title"] == "Opens the bill in the app"
    assert app.current == "map"


def test_a_map_editor_alone_in_a_notebook_edits_the_workshop_it_was_given(
    comms: Any, sample: Workshop
) -> None:
    from cjm_widgets import MapEditor as Exported

    editor = Exported(sample, "pe-maija")
    event(editor.view, "client_ready")
    key(editor, "End")
    assert editor.view.selected == "tp-budget-app"
    key(editor, "Delete")
    assert "tp-budget-app" not in sample.by_id("touchpoints")
    assert all(spot.ref != "tp-budget-app" for spot in editor.view.layout_data.hotspots)
    key(editor, "z", ctrl=True)
    assert "tp-budget-app" in sample.by_id("touchpoints")  # the notebook's own variable
    assert any(spot.ref == "tp-budget-app" for spot in editor.view.layout_data.hotspots)


def test_update_sets_every_field_or_none(sample: Workshop) -> None:
    tp = sample.by_id("touchpoints")["tp-open-pdf"]
    with pytest.raises(WorkshopError) as refused:
        update(sample, tp, {"action": "Opens it", "title": ""})
    assert [problem.path for problem in refused.value.problems] == ["title"]
    assert tp.action != "Opens it"  # the valid field was not set either
    assert update(sample, tp, {"action": "Opens it", "title": tp.title})
    assert tp.action == "Opens it"
    assert not update(sample, tp, {"action": "Opens it"})  # nothing to change


def test_the_selected_card_has_a_focus_ring_on_the_overlay_only(editor: MapEditor) -> None:
    key(editor, "ArrowRight")
    card = spot(editor, "tp-bank-suggests").box
    rings = [s for s in editor.view._overlay_shapes() if getattr(s, "role", "") == "focus"]
    assert len(rings) == 1 and rings[0].box.x < card.x and rings[0].box.right > card.right
    assert all(getattr(s, "role", "") != "focus" for s in editor.view.layout_data.shapes)
    key(editor, "Escape")
    assert not [s for s in editor.view._overlay_shapes() if getattr(s, "role", "") == "focus"]


def test_the_editor_is_placed_beside_the_card_at_any_width_the_browser_shows_the_canvas() -> None:
    """At a zoom the canvas's own pixels; fitted, a share of the frame's width; by default
    a share clamped as the canvas's width is (between 60% and all of its pixels); left of
    cards on the right."""
    card = Box(100, 50, 190, 60)
    assert placement(card, 1.0, 1000, (1000, 1000)) == ("calc(290px + 12px)", "50px")
    assert placement(card, 1.0, 1000, (0, None)) == ("calc(29.000% + 12px)", "5.000%")
    assert placement(card, 1.0, 1000, (600, 1000)) == (
        "calc(clamp(174px, 29.000%, 290px) + 12px)",
        "clamp(30px, 5.000%, 50px)",
    )
    right = Box(700, 50, 190, 60)
    assert placement(right, 0.5, 500, (0, None)) == (
        "max(0px, calc(70.000% - 332px))",
        "5.000%",
    )
