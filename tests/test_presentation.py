"""The map on the projector: the whole window, large type, stage by stage, one batch a stage."""

from __future__ import annotations

import html
import inspect
import json
import time
from pathlib import Path
from typing import Any

from cjm_widgets import Workshop
from cjm_widgets.layout.shapes import Text
from cjm_widgets.widgets import WorkshopApp
from cjm_widgets.widgets.presentation import PresentationView, journey_stages
from tests.messages import said
from tests.test_canvas import batches, drawn_text
from tests.test_widgets import Timers
from tests.widget_comm import browser_sends

SAVED_AT = time.mktime((2026, 11, 23, 14, 3, 41, 0, 0, -1))


def key(view: PresentationView, name: str) -> None:
    """What the browser sends when a key is pressed on the focused map."""
    pressed = {"event": "key_down", "key": name, "shift_key": False, "ctrl_key": False}
    browser_sends(view.map.canvas, {**pressed, "meta_key": False})


def drawn_titles(comms: Any, sample: Workshop, stage: str) -> tuple[bool, bool]:
    """Whether the last drawing sent wrote every title of ``stage``'s touchpoints, and
    whether it wrote any other stage's."""
    text = " ".join(drawn_text(batches(comms)[-1]))
    mine = [tp.title for tp in sample.journey("pe-maija", "current") if tp.stage == stage]
    others = [tp.title for tp in sample.journey("pe-maija", "current") if tp.stage != stage]
    assert mine and others
    return all(title in text for title in mine), any(title in text for title in others)


def lane_titles(view: PresentationView) -> list[str]:
    shapes = view.map.layout_data.shapes
    return [" ".join(s.lines) for s in shapes if isinstance(s, Text) and s.role == "lane-title"]


def make_app(comms: Any, sample_path: Path) -> WorkshopApp:
    return WorkshopApp(sample_path, schedule=Timers(), clock=lambda: SAVED_AT, watch=None)


def test_present_has_the_signature_the_lab_extension_calls() -> None:
    signature = inspect.signature(WorkshopApp.present)
    assert str(signature) == "(self, on: 'bool' = True) -> 'None'"


def test_present_shows_only_the_map_and_back(comms: Any, sample_path: Path) -> None:
    app = make_app(comms, sample_path)
    workspace = app.children
    app.persona.value = "pe-maija"
    app.present()
    view = app.presentation
    assert view is not None and app.children == (view,)
    assert "cjm-presentation" in view._dom_classes  # the CSS that fills the window
    assert view.persona == "pe-maija"
    view.next()  # the second stage has pain points
    lanes = ("stages", "touchpoints", "emotions", "pain_points")
    assert lane_titles(view) == [said(f"map.lane.{lane}") for lane in lanes]
    assert view.map.options.theme.text_size >= 18  # readable from the back of the room
    app.present(False)
    assert app.children == workspace and app.presentation is None


def test_arrow_keys_walk_the_stages(comms: Any, sample: Workshop) -> None:
    view = PresentationView(sample, "pe-maija")
    browser_sends(view.map.canvas, {"event": "client_ready"})  # the projector's window
    stages = journey_stages(sample, "pe-maija")
    assert len(stages) >= 3
    first = said("present.stage", number=1, count=len(stages), name=stages[0].name)
    assert html.escape(first) in view.heading.value
    comms.messages.clear()
    key(view, "ArrowRight")
    assert view.stage == 1
    second = said("present.stage", number=2, count=len(stages), name=stages[1].name)
    assert html.escape(second) in view.heading.value
    assert drawn_titles(comms, sample, stages[1].id) == (True, False)  # what the screen shows
    key(view, "ArrowLeft")
    assert drawn_titles(comms, sample, stages[0].id) == (True, False)
    key(view, "ArrowLeft")  # nothing before the first stage
    assert view.stage == 0 and view.back_button.disabled
    key(view, "End")
    assert view.stage == len(stages) - 1 and view.next_button.disabled
    assert drawn_titles(comms, sample, stages[-1].id) == (True, False)
    key(view, "PageDown")  # nothing after the last
    assert view.stage == len(stages) - 1
    view.back_button.click()
    assert view.stage == len(stages) - 2


def test_escape_ends_the_presentation(comms: Any, sample_path: Path) -> None:
    app = make_app(comms, sample_path)
    workspace = app.children
    app.present()
    assert app.presentation is not None
    key(app.presentation, "Escape")
    assert app.presentation is None and app.children == workspace


def test_each_stage_goes_out_as_one_batch(comms: Any, sample: Workshop) -> None:
    view = PresentationView(sample, "pe-maija")
    browser_sends(view.map.canvas, {"event": "client_ready"})  # the projector's window
    comms.messages.clear()
    key(view, "ArrowRight")
    assert len(batches(comms)) == 1
    assert drawn_titles(comms, sample, journey_stages(sample, "pe-maija")[1].id) == (True, False)


def test_edits_show_on_the_projector(comms: Any, sample_path: Path) -> None:
    timers = Timers()
    app = WorkshopApp(sample_path, schedule=timers, clock=lambda: SAVED_AT, watch=None)
    app.persona.value = "pe-maija"
    app.present()
    view = app.presentation
    assert view is not None
    view.next()
    shown = {s.ref for s in view.map.layout_data.hotspots}
    pain = next(p for p in app.workshop.pain_points if set(p.touchpoints) & shown)
    pain.text = "Nobody explains the e-invoice"
    app.session.changed()  # what an editor in another step calls
    texts = " ".join(" ".join(s.lines) for s in view.map.layout_data.shapes if isinstance(s, Text))
    assert "Nobody explains" in texts
    timers.run()
    saved = json.loads(sample_path.read_text(encoding="utf-8"))
    assert any(p["text"] == "Nobody explains the e-invoice" for p in saved["pain_points"])
