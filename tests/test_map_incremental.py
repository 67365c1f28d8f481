"""An edit redraws only what it changed on the live map, and the picture is the same as
drawing the whole map anew: the app's map, the projector's and the room's follow it."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cjm_widgets import Workshop
from cjm_widgets.editing import add
from cjm_widgets.layout.shapes import Box, Rect, Text
from cjm_widgets.render.canvas import JourneyMapView, LayoutView
from cjm_widgets.render.canvas_delta import changed_areas, ink_box
from cjm_widgets.widgets.app import WorkshopApp
from tests.canvas_pixels import NAMES, paint
from tests.test_widgets import SAVED_AT, Timers, field
from tests.widget_comm import RecordingComm, browser_sends

EDITED = "tp-signup-confirm-email"


@pytest.fixture
def canvases(monkeypatch: pytest.MonkeyPatch) -> RecordingComm:
    """Recording comms, each widget with an id of its own (so the two layers of a map's
    canvas can be told apart); returns the drawing commands' comm."""
    import comm
    import ipycanvas.canvas

    numbers = itertools.count()

    def numbered(**kwargs: Any) -> RecordingComm:
        made = RecordingComm()
        made.comm_id = f"comm{next(numbers)}"
        return made

    monkeypatch.setattr(comm, "create_comm", numbered)
    manager = ipycanvas.canvas._CANVAS_MANAGER
    recording = RecordingComm()
    monkeypatch.setattr(manager, "comm", recording)
    monkeypatch.setattr(manager, "_current_canvas", None)
    return recording


def pixels(canvases: RecordingComm, view: LayoutView, since: int = 0) -> Any:
    """The map layer's pixels after the drawing messages sent from message ``since`` on."""
    base = view.canvas[0].model_id
    sent = canvases.custom_messages()[since:]
    return paint(sent, base, view.canvas.width, view.canvas.height)


def whole_drawing(canvases: RecordingComm, view: LayoutView) -> Any:
    """The pixels of the whole map drawn anew, as a browser view attaching gets it."""
    import ipycanvas.canvas

    ipycanvas.canvas._CANVAS_MANAGER._current_canvas = None  # the stream names its canvas
    since = len(canvases.custom_messages())
    browser_sends(view.canvas, {"event": "client_ready"})
    return pixels(canvases, view, since)


def commands(message: tuple[Any, list[Any]]) -> list[Any]:
    decoded = json.loads(bytes(message[1][0]))
    return decoded if isinstance(decoded[0], list) else [decoded]


def on_map_layer(message: tuple[Any, list[Any]], view: LayoutView) -> list[str]:
    """The names of the commands one batch sent to the map's layer (not the overlay)."""
    base, current, found = f"IPY_MODEL_{view.canvas[0].model_id}", None, []
    for command in commands(message):
        if NAMES[command[0]] == "switchCanvas":
            current = command[1][0]
        elif current == base:
            found.append(NAMES[command[0]])
    return found


def batches_to(view: LayoutView, sent: list[tuple[Any, list[Any]]]) -> int:
    """How many of the batches ``sent`` drew on ``view``'s canvas."""
    layers = {f"IPY_MODEL_{layer.model_id}" for layer in view.canvas._canvases}
    return sum(
        any(NAMES[c[0]] == "switchCanvas" and c[1][0] in layers for c in commands(message))
        for message in sent
    )


def cleared(message: tuple[Any, list[Any]]) -> list[Box]:
    """The canvas areas one batch cleared (in canvas pixels)."""
    return [Box(*command[1]) for command in commands(message) if NAMES[command[0]] == "clearRect"]


@pytest.fixture
def app(canvases: RecordingComm, sample_path: Path) -> WorkshopApp:
    """The workshop app on Maija's map, with a browser view showing it."""
    app = WorkshopApp(sample_path, schedule=Timers(), clock=lambda: SAVED_AT, watch=None)
    app.persona.value = "pe-maija"
    app.go("map")
    assert app.map_view is not None
    whole_drawing(canvases, app.map_view)
    return app


def edit(app: WorkshopApp, change: Callable[[Any], None]) -> None:
    """Change the edited touchpoint in step 4's form, as the facilitator types it."""
    editor = app.editor("encounters")
    assert editor.list.select(EDITED)
    change(editor)


def retitle(editor: Any) -> None:
    field(editor.list.form_area, "Touchpoint").value = "Confirmation by text message"


def feel_worse(editor: Any) -> None:
    field(editor.list.form_area, "How the customer feels").value = 1


def next_stage(editor: Any) -> None:
    field(editor.list.form_area, "Stage").value = "st-receive"


def add_pain(editor: Any) -> None:
    editor.pains.new_item.value = "The e-mail lands in spam"


EDITS = {"title": retitle, "emotion": feel_worse, "stage": next_stage, "pain point": add_pain}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_sends_one_batch_that_ends_in_the_whole_map_s_pixels(
    app: WorkshopApp, canvases: RecordingComm, name: str
) -> None:
    view = app.map_view
    assert view is not None
    before = pixels(canvases, view)
    since = len(canvases.custom_messages())
    edit(app, EDITS[name])
    sent = canvases.custom_messages()[since:]
    assert len(sent) == 1  # one batch for the edit
    patched = pixels(canvases, view)
    assert not np.array_equal(patched, before)  # the edit shows
    assert np.array_equal(patched, whole_drawing(canvases, view))


@pytest.mark.parametrize("name", ["title", "emotion", "pain point"])
def test_an_edit_in_one_column_clears_only_around_it(
    app: WorkshopApp, canvases: RecordingComm, name: str
) -> None:
    view = app.map_view
    assert view is not None
    since = len(canvases.custom_messages())
    edit(app, EDITS[name])
    (batch,) = canvases.custom_messages()[since:]
    areas = cleared(batch)
    assert "clear" not in on_map_layer(batch, view)  # not all of it
    chip = next(
        s for s in view.layout_data.shapes if isinstance(s, Rect) and s.role == "touchpoint"
        and s.ref == EDITED
    )  # fmt: skip
    middle = (chip.box.x + chip.box.w / 2) * view.scale
    assert any(area.x <= middle <= area.right for area in areas)
    canvas_area = view.canvas.width * view.canvas.height
    assert sum(area.w * area.h for area in areas) < canvas_area / 4


def test_the_projector_follows_each_edit_with_one_batch(
    app: WorkshopApp, canvases: RecordingComm
) -> None:
    app.present()
    view = app.presentation
    assert view is not None
    view.next()  # Signs up, where the edited touchpoint is
    whole_drawing(canvases, view.map)
    for change in (retitle, feel_worse, add_pain):
        since = len(canvases.custom_messages())
        edit(app, change)
        assert batches_to(view.map, canvases.custom_messages()[since:]) == 1
        patched = pixels(canvases, view.map)
        assert np.array_equal(patched, whole_drawing(canvases, view.map))
    texts = [" ".join(s.lines) for s in view.map.layout_data.shapes if isinstance(s, Text)]
    assert "Confirmation by text message" in texts
    assert "The e-mail lands in spam" in " ".join(texts)


def test_a_room_s_accepted_note_reaches_the_map_as_one_batch(
    app: WorkshopApp, canvases: RecordingComm
) -> None:
    view = app.map_view
    assert view is not None
    ws = app.workshop
    since = len(canvases.custom_messages())
    add(ws, "pain_points", {"text": "Which e-mail was it?", "touchpoints": [EDITED]})
    app.session.changed()  # what the room tab calls when a note is accepted
    assert len(canvases.custom_messages()[since:]) == 1
    assert np.array_equal(pixels(canvases, view), whole_drawing(canvases, view))


def test_changed_areas_cover_every_shape_that_differs(sample: Workshop) -> None:
    from cjm_widgets.layout import layout_journey

    before = layout_journey(sample, "pe-maija")
    sample.by_id("touchpoints")[EDITED].emotion = 1
    after = layout_journey(sample, "pe-maija")
    areas = changed_areas(before, after)
    assert areas is not None and areas
    differing = set(before.shapes) ^ set(after.shapes)
    covered = [shape for shape in differing if any(ink_box(shape).overlaps(a) for a in areas)]
    assert len(covered) == len(differing)
    assert changed_areas(after, after) == []
    wider = layout_journey(sample)  # everyone's map: another size
    assert changed_areas(after, wider) is None


def test_a_new_view_or_zoom_still_gets_the_whole_drawing(
    app: WorkshopApp, canvases: RecordingComm
) -> None:
    view = app.map_view
    assert isinstance(view, JourneyMapView)
    since = len(canvases.custom_messages())
    view.buttons["out"].click()
    (batch,) = canvases.custom_messages()[since:]
    assert "clear" in on_map_layer(batch, view)
    since = len(canvases.custom_messages())
    edit(app, feel_worse)
    assert np.array_equal(pixels(canvases, view), whole_drawing(canvases, view))


def overlay_pixels(canvases: RecordingComm, view: LayoutView, since: int = 0) -> Any:
    """The overlay layer's pixels after the drawing messages sent from message ``since`` on."""
    sent = canvases.custom_messages()[since:]
    return paint(sent, view.canvas[1].model_id, view.canvas.width, view.canvas.height)


def test_a_drag_s_overlay_drawn_piece_by_piece_is_the_whole_overlay(
    app: WorkshopApp, canvases: RecordingComm
) -> None:
    """Each move clears and paints only the ghost's and the landing bar's old and new
    places: after the moves, no ghost is left behind anywhere, and the overlay has the
    pixels of one drawn whole."""
    import ipycanvas.canvas

    assert app.map_editor is not None
    view = app.map_editor.view
    ipycanvas.canvas._CANVAS_MANAGER._current_canvas = None
    since = len(canvases.custom_messages())
    browser_sends(view.canvas, {"event": "client_ready"})
    before = overlay_pixels(canvases, view, since)
    cards = sorted((s for s in view.layout_data.hotspots if s.kind == "touchpoint"),
                   key=lambda s: s.box.x)  # fmt: skip
    scale, card, far = view.scale, cards[0].box, cards[-2].box
    x, y = (card.x + card.w / 2) * scale, (card.y + card.h / 2) * scale
    browser_sends(view.canvas, {"event": "mouse_down", "x": x, "y": y})
    for part in (0.1, 0.3, 0.5, 0.7):
        to = x + ((far.x + far.w / 2) * scale - x) * part
        browser_sends(view.canvas, {"event": "mouse_move", "x": to, "y": y + 40 * part})
    moving = canvases.custom_messages()[since:]
    assert not any("clear" in on_overlay(m, view) for m in moving[2:])  # never all of it
    pieces = overlay_pixels(canvases, view, since)
    assert not np.array_equal(pieces, before)  # the ghost shows
    assert np.array_equal(pieces, whole_overlay(canvases, view))


def on_overlay(message: tuple[Any, list[Any]], view: LayoutView) -> list[str]:
    """The names of the commands one batch sent to the map's overlay layer."""
    overlay, current, found = f"IPY_MODEL_{view.canvas[1].model_id}", None, []
    for command in commands(message):
        if NAMES[command[0]] == "switchCanvas":
            current = command[1][0]
        elif current == overlay:
            found.append(NAMES[command[0]])
    return found


def whole_overlay(canvases: RecordingComm, view: LayoutView) -> Any:
    """The overlay's pixels drawn whole, as a browser view attaching gets them."""
    import ipycanvas.canvas

    ipycanvas.canvas._CANVAS_MANAGER._current_canvas = None
    since = len(canvases.custom_messages())
    browser_sends(view.canvas, {"event": "client_ready"})
    return overlay_pixels(canvases, view, since)


def test_a_style_set_once_serves_the_shapes_after_it_with_the_same_pixels(
    canvases: RecordingComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The painter sends a font, colour or alignment only when it differs from the one it
    set last: the picture is the one every style sent anew gives, in fewer bytes."""
    from cjm_widgets.render.canvas_painter import Painter
    from cjm_widgets.samples import sample_workshop
    from tests.test_map_golden import measured_and_rated

    view = JourneyMapView(measured_and_rated(sample_workshop()), "pe-maija")

    def drawn() -> tuple[Any, int]:
        pictured = whole_drawing(canvases, view)
        (batch,) = canvases.custom_messages()[-1:]
        return pictured, sum(len(bytes(buffer)) for buffer in batch[1])

    remembering, remembered_bytes = drawn()
    setting, text = Painter._set, Painter.text

    def forgetful_set(painter: Painter, name: str, value: object) -> None:
        painter._styles.clear()
        setting(painter, name, value)

    def forgetful_text(painter: Painter, shape: Text) -> None:
        painter._text_style = None
        text(painter, shape)

    monkeypatch.setattr(Painter, "_set", forgetful_set)
    monkeypatch.setattr(Painter, "text", forgetful_text)
    every_style, every_style_bytes = drawn()
    assert np.array_equal(remembering, every_style)
    assert remembering[..., 3].any()  # a map was drawn, not two empty canvases
    assert remembered_bytes < 0.8 * every_style_bytes
