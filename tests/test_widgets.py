"""The workshop app driven as a facilitator would: typing, Enter, clicks, with no kernel or browser."""

from __future__ import annotations

import html
import json
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.widgets import (
    BackOfficeEditor,
    IdeaRater,
    MetricsEditor,
    PersonaEditor,
    ServicePathEditor,
    TouchpointEditor,
    VisionEditor,
    WorkshopApp,
)
from cjm_widgets.widgets.fields import Field
from cjm_widgets.widgets.lists import EntityListEditor, TextListEditor
from tests.messages import said
from tests.test_canvas import attached, event, where_drawn

SAVED_AT = time.mktime((2026, 11, 23, 14, 3, 41, 0, 0, -1))


class Timers:
    """A scheduler that runs nothing until told: autosave timing made deterministic."""

    def __init__(self) -> None:
        self.pending: list[tuple[float, Callable[[], None], Any]] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> Any:
        timers = self

        class Handle:
            cancelled = False

            def cancel(self) -> None:
                self.cancelled = True
                timers.pending = [p for p in timers.pending if p[2] is not self]

        handle = Handle()
        self.pending.append((delay, callback, handle))
        return handle

    def run(self) -> None:
        pending, self.pending = self.pending, []
        for _, callback, _ in pending:
            callback()


@pytest.fixture
def timers() -> Timers:
    return Timers()


class Clock:
    """A clock the test moves on: edits close together merge, two presses close together
    are a double-click."""

    def __init__(self) -> None:
        self.now = SAVED_AT

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(comms: Any, sample_path: Path, timers: Timers) -> WorkshopApp:
    return WorkshopApp(sample_path, schedule=timers, clock=lambda: SAVED_AT, watch=None)


def on_disk(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def fields(widget: Any) -> list[Field]:
    found = [widget] if isinstance(widget, Field) else []
    for child in getattr(widget, "children", ()):
        found.extend(fields(child))
    return found


def field(widget: Any, label: str) -> Field:
    matches = [f for f in fields(widget) if label in f.label]
    assert matches, [f.label for f in fields(widget)]
    return matches[0]


def of_type(widget: Any, kind: type) -> list[Any]:
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found.extend(of_type(child, kind))
    return found


def text_list(widget: Any, label: str) -> TextListEditor:
    return next(e for e in of_type(widget, TextListEditor) if label in e.children[0].value)


# -- the app and its navigation ---------------------------------------------------------


def test_app_opens_on_step_one_with_its_guiding_questions(app: WorkshopApp) -> None:
    assert app.current == "customer"
    for question in said("guide.customer.questions").splitlines():
        assert f"<li>{html.escape(question)}</li>" in app.guide.value
    assert [b.description for b in app.step_buttons][:2] == [
        f"✓ 1 {said('guide.customer.title')}",
        f"✓ 2 {said('guide.vision.title')}",
    ]
    assert app.back_button.disabled and not app.next_button.disabled
    assert app.status.value.endswith(f"{said('session.opened', revision=2)}</span>")


def test_next_and_back_walk_the_steps(app: WorkshopApp) -> None:
    seen = []
    for _ in range(7):
        app.next_button.click()
        seen.append(app.current)
    assert seen == ["vision", "paths", "encounters", "backoffice", "metrics", "prioritize", "map"]
    assert app.next_button.disabled
    assert html.escape(said("guide.map.intro")) in app.guide.value
    app.back_button.click()
    assert app.current == "prioritize"
    app.step_buttons[2].click()
    assert app.current == "paths"


def test_progress_shows_which_steps_have_content(
    comms: Any, tmp_path: Path, timers: Timers
) -> None:
    path = Workshop(title="Fresh").save(tmp_path / "fresh.cjm.json")
    app = WorkshopApp(path, schedule=timers, watch=None)
    step = said("guide.customer.title")
    assert app.step_buttons[0].description == f"1 {step}"
    editor = app.editor("customer")
    editor.list.new_item.value = "Pekka"
    assert app.step_buttons[0].description == f"✓ 1 {step}"


# -- editing: lists, fields, autosave ----------------------------------------------------------


def test_step_one_lists_add_edit_move_delete_undo(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    personas = app.editor("customer").list
    personas.new_item.value = "Erik, café owner"  # typing a name and pressing Enter
    persona = app.workshop.personas[-1]
    assert persona.name == "Erik, café owner" and personas.selected is persona
    goals = text_list(personas.form_area, "Goals")
    goals.new_item.value = "Pay suppliers on time"
    goals.new_item.value = "See costs per month"
    goals.new_item.value = "Keep receipts for the accountant"
    goals.add_button.click()  # nothing typed: nothing added
    assert persona.goals == [
        "Pay suppliers on time",
        "See costs per month",
        "Keep receipts for the accountant",
    ]
    goals.rows.children[1].children[0].value = "See energy costs per month"  # edit in place
    goals.rows.children[2].children[1].click()  # move the third up
    assert persona.goals == [
        "Pay suppliers on time",
        "Keep receipts for the accountant",
        "See energy costs per month",
    ]
    goals.rows.children[0].children[3].click()  # delete the first
    assert persona.goals[0] == "Keep receipts for the accountant"
    deleted = said("history.delete", name="Pay suppliers on time")
    assert app.history_buttons.undo_button.description == said("history.undo_named", action=deleted)
    goals.undo_button.click()  # the list's own undo takes back its delete, as Undo would
    persona = app.workshop.personas[-1]
    assert persona.goals[0] == "Pay suppliers on time"
    assert app.history_buttons.redo_button.description == said("history.redo_named", action=deleted)
    personas = app.editor("customer").list  # the page was laid out again, on the same persona
    assert personas.selected is persona
    fears = text_list(personas.form_area, "What they fear")
    fears.new_item.value = "A surprise bill in January"
    assert [(f.text, f.valence) for f in persona.feelings] == [
        ("A surprise bill in January", "negative")
    ]
    timers.run()
    saved = on_disk(sample_path)["personas"][-1]
    assert saved["goals"][0] == "Pay suppliers on time"
    assert saved["feelings"] == [{"text": "A surprise bill in January", "valence": "negative"}]


def test_autosave_writes_once_for_a_burst_of_edits(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    form = app.editor("customer").list.form_area
    field(form, "Segment").value = "Households"
    field(form, "Who they are").value = "Busy parent of two"
    field(form, "The job").value = "Keep bills paid without thinking"
    assert app.status.value.endswith(f"{said('session.pending')}</span>")
    assert on_disk(sample_path)["revision"] == 2  # nothing written while typing
    assert len(timers.pending) == 1 and timers.pending[0][0] == 1.0
    timers.run()
    saved = on_disk(sample_path)
    assert saved["revision"] == 3
    assert saved["personas"][0]["segment"] == "Households"
    assert saved["personas"][0]["job_to_be_done"] == "Keep bills paid without thinking"
    assert said("session.saved", time="14:03:41", revision=3) in app.status.value


def test_invalid_values_are_refused_at_the_field(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    personas = app.editor("customer").list
    name = field(personas.form_area, "Name")
    name.value = "   "
    assert said("error.blank") in name.error.value
    assert app.workshop.personas[0].name == "Maija, busy parent"
    assert timers.pending == []
    name.value = "Maija, parent"
    assert name.error.value == ""
    assert personas.picker.options[0][0] == "Maija, parent"  # the list follows the rename
    timers.run()
    assert on_disk(sample_path)["personas"][0]["name"] == "Maija, parent"


def test_step_four_adds_a_touchpoint_with_emotion_and_pain(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    app.persona.value = "pe-aino"
    app.go("encounters")
    editor = app.editor("encounters")
    titles = [label for label, _ in editor.list.picker.options]
    assert all("Maija" not in t for t in titles)
    shared = said("touchpoint.shared")
    assert f"Receives the bill: E-invoice arrives in the online bank · {shared}" in titles
    editor.stage_for_new.value = "st-pay"
    editor.channel_for_new.value = "ch-phone"
    editor.list.new_item.value = "Asks for a payment plan"
    tp = app.workshop.by_id("touchpoints")[editor.list.picker.value]
    assert (tp.title, tp.stage, tp.channel, tp.persona) == (
        "Asks for a payment plan",
        "st-pay",
        "ch-phone",
        "pe-aino",
    )
    form = editor.list.form_area
    emotion = field(form, "How the customer feels")
    emotion.value = 2
    assert emotion.control.tooltips[2] == said("emotion.2")
    field(form, "Moment of truth").value = True
    editor.pains.new_item.value = "Nobody explains the options"
    severity = field(editor.pains.form_area, "Severity")
    severity.value = 4
    timers.run()
    saved = next(
        t for t in on_disk(sample_path)["touchpoints"] if t["title"] == "Asks for a payment plan"
    )
    assert (saved["emotion"], saved["moment_of_truth"]) == (2, True)
    pain = next(
        p for p in on_disk(sample_path)["pain_points"] if p["text"] == "Nobody explains the options"
    )
    assert (pain["touchpoints"], pain["severity"]) == ([saved["id"]], 4)


def test_deleting_a_touchpoint_takes_its_pains_and_undo_restores_them(app: WorkshopApp) -> None:
    app.go("encounters")
    tps = app.editor("encounters").list
    assert not tps.select("tp-aino-paper-duplicate")  # Maija's journey is shown
    app.persona.value = "pe-aino"
    tps = app.editor("encounters").list
    assert tps.select("tp-aino-paper-duplicate")
    tps.delete_button.click()
    ws = app.workshop
    assert "tp-aino-paper-duplicate" not in ws.by_id("touchpoints")
    assert "pp-paper-after-switch" not in ws.by_id("pain_points")
    assert "me-duplicate-paper" not in ws.by_id("metrics")
    assert ws.by_id("ideas")["idea-stop-paper-same-day"].pain_points == []
    tps.undo_button.click()
    assert ws.by_id("ideas")["idea-stop-paper-same-day"].pain_points == ["pp-paper-after-switch"]
    assert app.editor("encounters").list.picker.value == "tp-aino-paper-duplicate"


def test_a_stage_in_use_cannot_be_deleted(app: WorkshopApp) -> None:
    app.go("paths")
    stages = app.editor("paths").stages
    stages.select("st-pay")
    stages.delete_button.click()
    assert html.escape(said("edit.in_use.stages", count=4)) in stages.error.value
    assert "st-pay" in app.workshop.by_id("stages")


def test_stage_order_moves(app: WorkshopApp, timers: Timers, sample_path: Path) -> None:
    app.go("paths")
    stages = app.editor("paths").stages
    stages.select("st-after")
    stages.up_button.click()
    assert [s.id for s in app.workshop.stages][-2:] == ["st-after", "st-pay"]
    timers.run()
    assert [s["id"] for s in on_disk(sample_path)["stages"]][-2:] == ["st-after", "st-pay"]


def test_numbers_accept_a_decimal_comma_and_refuse_words(app: WorkshopApp) -> None:
    app.go("metrics")
    editor = app.editor("metrics")
    editor.list.select("tp-open-pdf")
    actual = field(editor.metrics.form_area, "Actual")
    actual.value = "3,6"
    assert app.workshop.by_id("metrics")["me-bill-csat"].actual == 3.6
    actual.value = "quite good"
    refusal = said("field.not_a_number", value="quite good")
    assert html.escape(refusal, quote=False) in actual.error.value
    assert app.workshop.by_id("metrics")["me-bill-csat"].actual == 3.6
    actual.value = ""
    assert app.workshop.by_id("metrics")["me-bill-csat"].actual is None


def test_back_office_lists(app: WorkshopApp) -> None:
    app.go("backoffice")
    editor = app.editor("backoffice")
    editor.list.select("tp-pay-einvoice")
    systems = text_list(editor.list.form_area, "Systems")
    systems.new_item.value = "Payment gateway"
    assert (
        app.workshop.by_id("touchpoints")["tp-pay-einvoice"].backoffice.systems[-1]
        == "Payment gateway"
    )


def test_step_four_lists_the_event_names_that_signal_a_touchpoint(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    app.go("encounters")
    editor = app.editor("encounters")
    editor.list.select("tp-open-pdf")
    signals = text_list(editor.list.form_area, "Signals in the event log")
    hint = signals.children[1].value  # the hint under the title
    assert html.escape(said("touchpoint.signals_help")) in hint
    assert signals.new_item.placeholder == said("touchpoint.signals_new")
    tp = app.workshop.by_id("touchpoints")["tp-open-pdf"]
    index = app.workshop.touchpoints.index(tp)
    assert tp.signals == ["bill_image_opened"]
    signals.new_item.value = "  bill_pdf_downloaded "  # typed, then Enter
    assert app.workshop.touchpoints[index].signals == ["bill_image_opened", "bill_pdf_downloaded"]
    assert signals.new_item.value == ""
    timers.run()
    saved = on_disk(sample_path)["touchpoints"][index]
    assert saved["signals"] == ["bill_image_opened", "bill_pdf_downloaded"]

    signals.rows.children[1].children[1].click()  # move the new one up
    assert tp.signals == ["bill_pdf_downloaded", "bill_image_opened"]
    signals.rows.children[0].children[0].value = "   "  # a blank event name is refused
    assert said("error.blank") in signals.error.value
    assert tp.signals == ["bill_pdf_downloaded", "bill_image_opened"]
    signals.rows.children[0].children[0].value = "bill_pdf_saved"  # edited in place
    assert signals.error.value == ""
    signals.rows.children[0].children[3].click()  # delete it
    assert tp.signals == ["bill_image_opened"]
    timers.run()
    assert on_disk(sample_path)["touchpoints"][index]["signals"] == ["bill_image_opened"]
    signals.undo_button.click()
    tp = app.workshop.touchpoints[index]
    assert tp.signals == ["bill_pdf_saved", "bill_image_opened"]


def test_a_touchpoint_editor_alone_edits_signals(comms: Any, sample: Workshop) -> None:
    editor = TouchpointEditor(sample, persona="pe-maija")
    editor.list.select("tp-pay-einvoice")
    signals = text_list(editor.list.form_area, "Signals in the event log")
    signals.add("einvoice_payment_failed")
    assert sample.by_id("touchpoints")["tp-pay-einvoice"].signals == [
        "einvoice_paid",
        "einvoice_payment_failed",
    ]
    assert editor.session.state == "unsaved"


def test_the_persona_segment_is_the_event_logs_segment(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    form = app.editor("customer").list.form_area
    segment = field(form, "Segment")
    assert segment.value == "digital first"
    assert html.escape(said("persona.segment_help")) in segment.children[1].value
    segment.value = "Digital natives"
    assert app.workshop.personas[0].segment == "Digital natives"
    timers.run()
    assert on_disk(sample_path)["personas"][0]["segment"] == "Digital natives"


def test_ideas_are_rated_and_decided(app: WorkshopApp) -> None:
    app.go("prioritize")
    rater = next(e for e in of_type(app.editor("prioritize"), IdeaRater))
    rater.list.select("idea-callback")
    form = rater.list.form_area
    field(form, "Effort").value = 2
    field(form, "Impact").value = 5
    field(form, "Decision").value = "approved"
    field(form, "Owner").value = "Sanna Korhonen"
    idea = app.workshop.by_id("ideas")["idea-callback"]
    assert (idea.effort, idea.impact, idea.status) == (2, 5, "approved")
    rating = said("idea.rating", effort=2, impact=5)
    assert f"{rating} · {said('status.approved')}" in rater.list.picker.options[3][0]


def test_a_launch_date_is_picked_saved_and_cleared(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    app.go("prioritize")
    rater = next(e for e in of_type(app.editor("prioritize"), IdeaRater))
    rater.list.select("idea-callback")
    launched = field(rater.list.form_area, "Launched on")
    assert launched.value is None
    launched.value = date(2026, 11, 2)
    timers.run()
    saved = {idea["id"]: idea for idea in on_disk(sample_path)["ideas"]}
    assert saved["idea-callback"]["launched_on"] == "2026-11-02"
    assert app.workshop.frames.ideas.set_index("id").loc["idea-callback", "launched_on"] == (
        pd.Timestamp("2026-11-02")
    )
    launched.value = None
    timers.run()
    saved = {idea["id"]: idea for idea in on_disk(sample_path)["ideas"]}
    assert saved["idea-callback"]["launched_on"] is None


# -- conflicts and failed writes -------------------------------------------------------------


def test_a_conflicting_save_offers_the_choice(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    theirs = Workshop.load(sample_path)
    theirs.title = "Their title"
    theirs.save()
    field(app.editor("customer").list.form_area, "Segment").value = "Mine"
    timers.run()
    assert app.session.state == "conflict"
    assert html.escape(said("session.conflict", theirs=3)) in app.status.value
    assert app.reload_button.layout.display is None and app.keep_button.layout.display is None
    assert on_disk(sample_path)["title"] == "Their title"
    app.keep_button.click()
    saved = on_disk(sample_path)
    assert (saved["revision"], saved["personas"][0]["segment"]) == (4, "Mine")
    assert app.reload_button.layout.display == "none"


def test_reload_theirs_shows_their_version(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    theirs = Workshop.load(sample_path)
    theirs.personas[0].name = "Maija (renamed by the other laptop)"
    theirs.save()
    field(app.editor("customer").list.form_area, "Segment").value = "Mine"
    timers.run()
    app.reload_button.click()
    assert app.session.state == "saved"
    assert app.workshop.personas[0].name == "Maija (renamed by the other laptop)"
    assert app.editor("customer").list.picker.options[0][0] == "Maija (renamed by the other laptop)"
    assert said("session.reloaded", revision=3) in app.status.value


def test_a_failed_write_keeps_the_edits_until_a_save_works(
    app: WorkshopApp, timers: Timers, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def read_only(*args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    field(app.editor("customer").list.form_area, "Segment").value = "Kept in memory"
    timers.run()
    assert app.session.state == "error"
    reason = said("store.cannot_write", path=sample_path, reason="Read-only file system")
    assert html.escape(said("session.failed", reason=reason)) in app.status.value
    assert app.retry_button.layout.display is None
    assert app.workshop.personas[0].segment == "Kept in memory"
    assert on_disk(sample_path)["personas"][0]["segment"] != "Kept in memory"
    monkeypatch.setattr(os, "replace", real_replace)
    app.retry_button.click()
    assert app.session.state == "saved"
    assert on_disk(sample_path)["personas"][0]["segment"] == "Kept in memory"


# -- the map page -----------------------------------------------------------------------------


def test_clicking_a_touchpoint_selects_it_on_the_map_and_its_menu_opens_step_four(
    comms: Any, app: WorkshopApp
) -> None:
    app.persona.value = "pe-maija"
    app.go("map")
    view = app.map_view
    assert view is not None and view.persona == "pe-maija"
    title = app.workshop.by_id("touchpoints")["tp-open-pdf"].title
    x, y = where_drawn(attached(comms, view), title)
    event(view, "mouse_down", x + 2, y - 4)  # on the title, where the browser shows it
    assert app.current == "map" and view.selected == "tp-open-pdf"  # edited on the map
    assert app.map_editor is not None
    app.map_editor.toolbar.more_button.click()
    assert app.current == "encounters"
    assert app.editor("encounters").list.picker.value == "tp-open-pdf"


def test_edits_elsewhere_show_on_the_map(app: WorkshopApp) -> None:
    app.go("map")
    app.go("encounters")
    editor = app.editor("encounters")
    editor.list.select("tp-open-pdf")
    field(editor.list.form_area, "Touchpoint").value = "Opens the bill PDF"
    app.go("map")
    assert app.map_view is not None
    titles = {
        " ".join(s.lines)
        for s in app.map_view.layout_data.shapes
        if getattr(s, "role", "") == "touchpoint-title"
    }
    assert "Opens the bill PDF" in titles


# -- the pieces alone --------------------------------------------------------------------------


ALONE = {
    # editor, item to open first, field label, what it shows, what is typed, where it lands, as what
    "persona": (PersonaEditor, None, "Segment", "digital first", "Households",
                lambda ws: ws.personas[0].segment, "Households"),
    "vision": (VisionEditor, None, "Our competitive angle",
               "The clearest bill and the smoothest switch of any Nordic utility, so price "
               "comparison sites rank us first on service.", "Bills anyone can read",
               lambda ws: ws.vision.competitive_angle, "Bills anyone can read"),
    "paths": (ServicePathEditor, None, "What happens in this stage",
              "Before any contact with Nordvik: the bank, family and neighbours talk about e-invoices.",
              "Neighbours talk", lambda ws: ws.stages[0].description, "Neighbours talk"),
    "touchpoint": (TouchpointEditor, None, "Touchpoint", "Online bank suggests e-invoice",
                   "Bank offers e-invoice", lambda ws: ws.touchpoints[0].title, "Bank offers e-invoice"),
    "backoffice": (BackOfficeEditor, None, "Owning department", "Billing", "Customer service",
                   lambda ws: ws.touchpoints[0].backoffice.department, "Customer service"),
    "metrics": (MetricsEditor, "tp-open-pdf", "Actual", "3.3", "3,9",
                lambda ws: ws.by_id("metrics")["me-bill-csat"].actual, 3.9),
    "ideas": (IdeaRater, None, "Idea", "Pre-fill the customer number in bank e-invoice offers",
              "Pre-fill the number", lambda ws: ws.ideas[0].text, "Pre-fill the number"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(ALONE))
def test_each_editor_works_alone_and_edits_its_model(
    comms: Any, sample: Workshop, case: str
) -> None:
    editor, item, label, shown, typed, where, held = ALONE[case]
    widget = editor(sample)
    assert widget.workshop is sample
    if item:
        widget.list.select(item)
    control = field(widget, label)
    assert control.value == shown  # the sample's item is open in the form
    control.value = typed
    assert control.error.value == ""
    assert where(sample) == held


def test_vision_editor_edits_each_stage(comms: Any, sample: Workshop) -> None:
    editor = VisionEditor(sample)
    field(editor, "Looks back").value = "Customers tell friends"
    assert sample.by_id("stages")["st-after"].vision == "Customers tell friends"
    assert editor.session.state == "unsaved"  # no file: nothing to autosave to


def test_entity_list_editor_is_generic(comms: Any, small: Workshop) -> None:
    from cjm_widgets.widgets import WorkshopSession

    session = WorkshopSession(small)
    editor = EntityListEditor(
        session,
        "participants",
        label="People",
        form=lambda p: Field("Name", __import__("ipywidgets").Text(), p, "name", session),
        describe=lambda p: p.name,
        new_values=lambda name: {"name": name},
    )
    editor.new_item.value = "Liisa"
    editor.add("Jonas")
    assert [p.name for p in small.participants] == ["Liisa", "Jonas"]
    editor.up_button.click()
    assert [p.name for p in small.participants] == ["Jonas", "Liisa"]


def test_a_second_window_follows_saves_made_in_the_first(
    comms: Any, sample_path: Path, timers: Timers
) -> None:
    laptop = WorkshopApp(sample_path, schedule=timers, clock=lambda: SAVED_AT, watch=None)
    projector = WorkshopApp(sample_path, schedule=Timers(), watch=None)
    projector_timers = Timers()
    projector.session._schedule = projector_timers
    projector.session.watch(2.0)
    projector.go("map")
    field(laptop.editor("customer").list.form_area, "Name").value = "Maija, parent of two"
    timers.run()  # the laptop saves
    projector_timers.run()  # the projector's next look at the file
    assert projector.workshop.personas[0].name == "Maija, parent of two"
    assert said("session.updated", revision=3) in projector.status.value
    assert projector.map_view is not None and projector.map_view.workshop is projector.workshop
    assert projector_timers.pending  # it keeps looking


def test_unsaved_edits_are_not_replaced_by_another_window(comms: Any, sample_path: Path) -> None:
    mine_timers, their_timers = Timers(), Timers()
    mine = WorkshopApp(sample_path, schedule=mine_timers, watch=2.0)
    theirs = WorkshopApp(sample_path, schedule=their_timers, watch=None)
    field(theirs.editor("customer").list.form_area, "Segment").value = "Theirs"
    their_timers.run()
    field(mine.editor("customer").list.form_area, "Who they are").value = "Mine, not saved yet"
    mine_timers.pending = [p for p in mine_timers.pending if p[0] == 2.0]  # only the file check
    mine_timers.run()
    assert mine.workshop.personas[0].description == "Mine, not saved yet"
    assert mine.session.state == "pending"
