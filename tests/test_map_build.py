"""Building a whole journey map on the map page, from an empty workshop (no kernel).

The facilitator only uses the map page: "Add stage", double-clicks on stage headers and
cards, "+" on a stage, the card editor's fields (a new channel made there), the card's
menu and its Details (pain points, ideas, back office, metrics). The saved file and the
exported SVG must then hold what the sample map shows.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.editing import add
from cjm_widgets.errors import WorkshopError
from cjm_widgets.layout.journey import layout_journey
from cjm_widgets.model import Channel
from cjm_widgets.render.svg import to_svg
from cjm_widgets.widgets.editor_base import NOT_RATED
from cjm_widgets.widgets.map_editor import MapEditor
from cjm_widgets.widgets.map_gestures import plus_marks, stage_boxes
from cjm_widgets.widgets.session import WorkshopSession
from tests.messages import said
from tests.test_canvas import event
from tests.test_map_editor import centre, key
from tests.test_widgets import Clock, clock

__all__ = ["clock"]


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    """A workshop with its persona, and nothing on the map yet."""
    path = tmp_path / "empty.cjm.json"
    Workshop.from_dict(
        {"title": "E-invoice", "personas": [{"id": "pe-maija", "name": "Maija"}]}
    ).save(path)
    return path


@pytest.fixture
def editor(comms: Any, empty_path: Path, clock: Clock) -> MapEditor:
    made = MapEditor(WorkshopSession(Workshop.load(empty_path)), "pe-maija", clock=clock)
    event(made.view, "client_ready")
    return made


def saved(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def header(editor: MapEditor, name: str) -> Any:
    ids = {stage.name: stage.id for stage in editor.workshop.stages}
    return next(box for ref, box in stage_boxes(editor.view.layout_data) if ref == ids[name])


def double_click_header(editor: MapEditor, clock: Clock, name: str) -> None:
    point = centre(header(editor, name), editor.view.scale)
    event(editor.view, "mouse_down", *point)
    event(editor.view, "mouse_up", *point)
    clock.now += 0.2
    event(editor.view, "mouse_down", *point)
    event(editor.view, "mouse_up", *point)


def plus(editor: MapEditor, clock: Clock, name: str) -> None:
    clock.now += 1
    ids = {stage.name: stage.id for stage in editor.workshop.stages}
    box = next(box for ref, box in plus_marks(editor.view.layout_data) if ref == ids[name])
    event(editor.view, "mouse_down", *centre(box, editor.view.scale))


def double_click_card(editor: MapEditor, clock: Clock, title: str) -> None:
    tp_id = next(tp.id for tp in editor.workshop.touchpoints if tp.title == title)
    point = centre(editor.card(tp_id).box, editor.view.scale)  # type: ignore[union-attr]
    for _ in range(2):
        clock.now += 0.2
        event(editor.view, "mouse_down", *point)
        event(editor.view, "mouse_up", *point)


def fill(controls: dict[str, Any], **values: Any) -> None:
    for name, value in values.items():
        controls[name].value = value


def card_titles(editor: MapEditor) -> list[str]:
    cards = [s for s in editor.view.layout_data.hotspots if s.kind == "touchpoint"]
    return [editor.workshop.by_id("touchpoints")[s.ref].title for s in cards]


def test_a_facilitator_builds_the_sample_s_kind_of_map_on_the_map_page(
    editor: MapEditor, empty_path: Path, clock: Clock
) -> None:
    # stages: the empty map asks for one; a double-click on a header edits it
    assert said("mapedit.no_stages") in html.unescape(editor.stages.note.value)
    editor.stages.add_button.click()
    stage_editor = editor.stages.popup
    assert stage_editor.is_open and stage_editor.controls["name"].value == said("mapedit.new_stage")
    fill(stage_editor.controls, name="Receiving the bill", contact="before")
    stage_editor.save_button.click()
    assert not stage_editor.is_open and editor.stages.note.value.count(">") == 2  # no note
    double_click_header(editor, clock, "Receiving the bill")
    assert stage_editor.is_open and stage_editor.stage is not None
    stage_editor.after_button.click()  # a stage right after this one
    fill(stage_editor.controls, name="Paying", contact="during", description="Pays in the app")
    stage_editor.save_button.click()
    assert [s.name for s in editor.workshop.stages] == ["Receiving the bill", "Paying"]

    # the first touchpoint on a map without channels: the card editor makes the channel
    plus(editor, clock, "Receiving the bill")
    card = editor.popup
    assert card.is_open and card.new_channel.is_open
    fill(card.controls, title="Gets the e-invoice offer")
    card.save_button.click()  # no channel named: refused under the channel field
    assert html.escape(said("mapedit.channel_missing"), quote=False) in card.errors["channel"].value
    assert saved(empty_path)["touchpoints"] == []
    card.new_channel.name.value = "E-mail"
    card.new_channel.kind.value = "digital"
    fill(card.controls, action="Reads the e-mail", thought="Is this safe?", feeling="curious")
    card.save_button.click()
    assert not card.is_open
    assert editor.session.history.undo_action == said(
        "history.add", name="Gets the e-invoice offer"
    )

    # two more cards in the second stage, one on a new channel, one on the e-mail channel
    plus(editor, clock, "Paying")
    assert card.is_open and not card.new_channel.is_open
    card.new_channel.toggle.value = True
    card.new_channel.name.value = "Branch office"
    card.new_channel.kind.value = "human"
    fill(card.controls, action="Queues", thought="Why so slow?", feeling="annoyed")
    card.controls["title"].value = "Asks at the branch"  # Enter in the title saves
    assert not card.is_open
    plus(editor, clock, "Paying")
    channels = {c.name: c.id for c in editor.workshop.channels}
    fill(card.controls, channel=channels["E-mail"], action="Taps Pay", feeling="relieved")
    card.save_button.click()
    double_click_card(editor, clock, card_titles(editor)[-1])  # and edited again
    card.controls["title"].value = "Pays from the e-mail link"
    assert not card.is_open
    assert card_titles(editor) == [
        "Gets the e-invoice offer", "Asks at the branch", "Pays from the e-mail link"
    ]  # fmt: skip

    # emotion from the keys, a moment of truth and a pain point with its severity
    ids = {tp.title: tp.id for tp in editor.workshop.touchpoints}
    editor.select(ids["Asks at the branch"])
    key(editor, "ArrowDown")  # unrated -> 3
    key(editor, "ArrowDown")
    editor.toolbar.moment_button.value = True
    editor.toolbar.pain_text.value = "The queue is long"
    editor.toolbar.severity.value = 4
    editor.toolbar.pain_button.click()
    assert editor.toolbar.severity.label == said("mapedit.severity_none")  # ready for the next

    # the card's details: an idea answering the pain, its back office, a metric
    editor.toolbar.details_button.click()
    details = editor.details
    assert details.is_open
    ideas = details.forms["ideas"]
    pains = ideas.specs["pain_points"].control
    assert [text for text, _ in pains.options] == ["The queue is long"]
    ideas.specs["text"].control.value = "Pay at the branch's kiosk"
    pains.value = pains.options[0][1]
    assert ideas.specs["status"].control.label == said("status.proposed")
    ideas.specs["status"].control.value = "approved"  # the group's decision colours its mark
    ideas.save_button.click()
    fill(details.office, processes="Teller checks the ID\nPayment booked",
         systems="Core banking, Queue system", department="Branch network")  # fmt: skip
    details.office_save.click()
    metrics = details.forms["metrics"]
    fill({n: s.control for n, s in metrics.specs.items()},
         name="Queue time", kind="duration", unit="min", target="5", actual="12,5")  # fmt: skip
    metrics.save_button.click()
    details.close_button.click()

    # the saved file, read again from disk
    ws = Workshop.load(empty_path)
    assert [(s.name, s.contact) for s in ws.stages] == [
        ("Receiving the bill", "before"), ("Paying", "during")
    ]  # fmt: skip
    assert {c.name: c.kind for c in ws.channels} == {"E-mail": "digital", "Branch office": "human"}
    by_title = {tp.title: tp for tp in ws.journey("pe-maija")}
    branch = by_title["Asks at the branch"]
    assert (branch.emotion, branch.moment_of_truth, branch.feeling) == (2, True, "annoyed")
    assert (branch.action, branch.thought) == ("Queues", "Why so slow?")
    assert ws.by_id("channels")[branch.channel].name == "Branch office"
    assert ws.by_id("channels")[by_title["Pays from the e-mail link"].channel].name == "E-mail"
    assert by_title["Gets the e-invoice offer"].feeling == "curious"
    (pain,) = ws.pain_points
    assert (pain.text, pain.severity, pain.touchpoints) == ("The queue is long", 4, [branch.id])
    (idea,) = ws.ideas
    assert (idea.text, idea.pain_points, idea.status) == (
        "Pay at the branch's kiosk", [pain.id], "approved"
    )  # fmt: skip
    office = branch.backoffice
    assert office.processes == ["Teller checks the ID", "Payment booked"]
    assert (office.systems, office.department) == (
        ["Core banking", "Queue system"], "Branch network"
    )  # fmt: skip
    (metric,) = ws.metrics
    assert (metric.name, metric.kind, metric.target, metric.actual, metric.touchpoint) == (
        "Queue time", "duration", 5.0, 12.5, branch.id
    )  # fmt: skip

    # and the exported map shows it all
    svg = html.unescape(to_svg(layout_journey(ws, "pe-maija")))
    for text in (
        "Receiving the bill", "Paying", "Before contact", "Contact with us",
        "Gets the e-invoice offer", "Asks at the branch", "Pays from the e-mail link",
        "E-mail", "Branch office", "Queues", "Why so slow?", "annoyed", "The queue is long",
        "Pay at the branch", "Teller checks the ID", "Core banking", "Branch network",
        "Queue time",
    ):  # fmt: skip
        assert text in svg, text
    assert re.search(f'<polygon class="moment-of-truth"[^>]*data-ref="{branch.id}"', svg)
    felt = said("map.tooltip.emotion", score=2, word=said("emotion.2"), feeling="annoyed")
    assert felt in svg  # the emotion point's tooltip


# -- each new editor: its refusals and its undo --------------------------------------------------


@pytest.fixture
def maija(comms: Any, sample_path: Path, clock: Clock) -> MapEditor:
    """Maija's map of the sample, saved at once."""
    made = MapEditor(WorkshopSession(Workshop.load(sample_path)), "pe-maija", clock=clock)
    event(made.view, "client_ready")
    return made


def test_the_stage_editor_refuses_a_blank_name_and_a_stage_with_touchpoints(
    maija: MapEditor, sample_path: Path, clock: Clock
) -> None:
    before = sample_path.read_bytes()
    double_click_header(maija, clock, "Pays")
    popup = maija.stages.popup
    assert popup.is_open and popup.controls["contact"].value == "during"
    popup.controls["name"].value = "   "
    popup.save_button.click()
    assert popup.is_open and popup.errors["name"].value != ""  # the model's message, by the field
    assert popup.errors["contact"].value == ""
    popup.delete_button.click()
    in_stage = [tp for tp in maija.workshop.touchpoints if tp.stage == "st-pay"]
    refused = said("edit.in_use.stages", count=len(in_stage))
    assert html.escape(refused, quote=False) in popup.error.value
    popup.cancel_button.click()
    assert not popup.is_open and sample_path.read_bytes() == before
    double_click_header(maija, clock, "Pays")
    popup.controls["name"].value = "Never saved"
    key(maija, "Escape")  # the keys of the map: Esc cancels, Enter saves
    assert not popup.is_open and sample_path.read_bytes() == before
    double_click_header(maija, clock, "Pays")
    popup.controls["contact"].value = "after"
    key(maija, "Enter")
    assert not popup.is_open
    assert (
        next(s for s in saved(sample_path)["stages"] if s["id"] == "st-pay")["contact"] == "after"
    )


def test_adding_a_stage_saves_what_the_open_stage_editor_holds(
    maija: MapEditor, sample_path: Path, clock: Clock
) -> None:
    double_click_header(maija, clock, "Pays")
    popup = maija.stages.popup
    popup.controls["name"].value = "Pays the bill"
    popup.after_button.click()
    names = [stage["name"] for stage in saved(sample_path)["stages"]]
    assert names[names.index("Pays the bill") + 1] == said("mapedit.new_stage")
    popup.controls["name"].value = " "  # refused: nothing is added, the editor says why
    maija.stages.add_button.click()
    assert [stage["name"] for stage in saved(sample_path)["stages"]] == names
    assert popup.is_open and popup.errors["name"].value


def test_an_empty_stage_is_added_after_a_stage_deleted_and_undone(
    maija: MapEditor, sample_path: Path, clock: Clock
) -> None:
    double_click_header(maija, clock, "Pays")
    maija.stages.popup.after_button.click()
    names = [stage["name"] for stage in saved(sample_path)["stages"]]
    assert names[names.index("Pays") + 1] == said("mapedit.new_stage")
    assert any(
        ref == maija.workshop.stages[names.index("Pays") + 1].id
        for ref, _ in stage_boxes(maija.view.layout_data)
    )  # the map shows its empty column at once
    maija.stages.popup.delete_button.click()
    assert said("mapedit.new_stage") not in [s["name"] for s in saved(sample_path)["stages"]]
    assert maija.session.history.undo_action == said(
        "history.delete", name=said("mapedit.new_stage")
    )
    key(maija, "z", ctrl=True)
    assert [s["name"] for s in saved(sample_path)["stages"]] == names


def test_a_new_channel_is_made_with_the_card_in_one_step_or_not_at_all(
    maija: MapEditor, sample_path: Path
) -> None:
    before = sample_path.read_bytes()
    assert maija.edit("tp-open-pdf")
    maker = maija.popup.new_channel
    assert not maker.is_open  # the workshop has channels: picked from the list
    maker.toggle.value = True
    maija.popup.save_button.click()  # no name typed
    assert maija.popup.errors["channel"].value != "" and sample_path.read_bytes() == before
    maker.name.value = "Chat\x07"
    maija.popup.save_button.click()
    assert maija.popup.is_open and "Chat" not in sample_path.read_text()
    with pytest.raises(WorkshopError) as refused:
        Channel(id="ch-chat", name="Chat\x07")
    message = html.escape(refused.value.problems[0].text("en"), quote=False)
    assert message in maija.popup.errors["channel"].value  # the model's own message
    assert all(c.name != "Chat\x07" for c in maija.workshop.channels)  # taken back
    maker.name.value = "Chat"
    maker.kind.value = "human"
    maija.popup.save_button.click()
    data = saved(sample_path)
    chat = next(c for c in data["channels"] if c["name"] == "Chat")
    assert chat["kind"] == "human"
    assert next(t for t in data["touchpoints"] if t["id"] == "tp-open-pdf")["channel"] == chat["id"]
    maija.session.undo()
    assert saved(sample_path)["channels"] == json.loads(before)["channels"]
    assert saved(sample_path)["touchpoints"] == json.loads(before)["touchpoints"]


def test_the_card_editor_sets_the_feeling(maija: MapEditor, sample_path: Path) -> None:
    assert maija.edit("tp-open-pdf")
    assert maija.popup.controls["feeling"].value == maija.selected.feeling  # type: ignore[union-attr]
    maija.popup.controls["feeling"].value = "puzzled"
    maija.popup.save_button.click()
    tp = next(t for t in saved(sample_path)["touchpoints"] if t["id"] == "tp-open-pdf")
    assert tp["feeling"] == "puzzled"


def test_the_details_close_when_their_card_is_deleted_or_another_is_selected(
    maija: MapEditor,
) -> None:
    maija.select("tp-open-pdf")
    maija.toolbar.details_button.click()
    assert maija.details.is_open
    key(maija, "ArrowRight")  # the next card selected: its details are not these
    assert not maija.details.is_open
    maija.toolbar.details_button.click()
    assert maija.details.touchpoint is maija.selected
    maija.toolbar.delete_button.click()
    assert not maija.details.is_open


def test_the_details_refuse_what_the_forms_refuse_and_undo_each_step(
    maija: MapEditor, sample_path: Path
) -> None:
    maija.select("tp-open-pdf")
    maija.toolbar.details_button.click()
    details = maija.details
    metrics = details.forms["metrics"]
    assert metrics.picker.options == (
        (said("mapedit.new_metric"), ""),
        ("Bill clarity rating", "me-bill-csat"),
    )
    assert metrics.picker.value == ""  # a new one
    before = sample_path.read_bytes()
    fill({n: s.control for n, s in metrics.specs.items()}, name="Bill opened", target="lots")
    metrics.save_button.click()
    assert html.escape(said("field.not_a_number", value="lots"), quote=False) in (
        metrics.errors["target"].value
    )
    assert metrics.errors["name"].value == "" and sample_path.read_bytes() == before
    metrics.specs["target"].control.value = "80"
    metrics.save_button.click()
    made = next(m for m in saved(sample_path)["metrics"] if m["name"] == "Bill opened")
    assert (made["target"], made["touchpoint"]) == (80.0, "tp-open-pdf")
    metrics.delete_button.click()
    assert all(m["name"] != "Bill opened" for m in saved(sample_path)["metrics"])
    maija.session.undo()
    assert any(m["name"] == "Bill opened" for m in saved(sample_path)["metrics"])
    assert not details.is_open  # undo closes the details: what they showed may be gone

    maija.toolbar.details_button.click()
    pains = details.forms["pains"]
    assert pains.specs["severity"].control.label == NOT_RATED  # a new one: not rated yet
    pains.picker.value = "pp-jargon"
    pains.specs["severity"].control.value = 5
    pains.save_button.click()
    assert (
        next(p for p in saved(sample_path)["pain_points"] if p["id"] == "pp-jargon")["severity"]
        == 5
    )
    details.office["department"].value = "Billing\x07"
    details.office_save.click()
    assert details.office_errors["department"].value != ""
    assert details.office_errors["systems"].value == ""


def test_an_idea_needs_one_of_the_card_s_pain_points(maija: MapEditor, sample_path: Path) -> None:
    maija.select("tp-app-consumption")  # a card without pain points
    maija.toolbar.details_button.click()
    ideas = maija.details.forms["ideas"]
    ideas.specs["text"].control.value = "Show the consumption on the bill"
    ideas.save_button.click()
    message = html.escape(said("mapedit.idea_needs_pain"), quote=False)
    assert message in ideas.errors["pain_points"].value
    assert "Show the consumption" not in sample_path.read_text()
    pains = maija.details.forms["pains"]  # a pain point added in the details, then the idea
    pains.specs["text"].control.value = "Consumption hard to compare"
    pains.save_button.click()
    pain = next(p for p in saved(sample_path)["pain_points"] if p["text"].startswith("Consumption"))
    assert ideas.specs["pain_points"].control.options == (
        ("Consumption hard to compare", pain["id"]),
    )
    ideas.specs["pain_points"].control.value = pain["id"]
    ideas.save_button.click()
    idea = next(i for i in saved(sample_path)["ideas"] if i["text"].startswith("Show the"))
    assert idea["pain_points"] == [pain["id"]]
    assert ideas.picker.value == idea["id"]  # listed as the card's, and shown
    key(maija, "Escape")
    assert not maija.details.is_open


def test_saving_an_idea_keeps_its_links_to_the_card_s_other_pain_points(
    maija: MapEditor, sample_path: Path
) -> None:
    ws = maija.workshop
    card = "tp-app-consumption"
    first = add(ws, "pain_points", {"text": "Hard to compare", "touchpoints": [card]})
    second = add(ws, "pain_points", {"text": "Units unclear", "touchpoints": [card]})
    other = next(p.id for p in ws.pain_points if card not in p.touchpoints)
    idea = add(ws, "ideas", {"text": "Compare with last year", "pain_points": [first.id, second.id, other]})  # fmt: skip
    maija.session.changed("room accept")  # as a room note accepted on the card links it
    maija.select(card)
    maija.toolbar.details_button.click()
    ideas = maija.details.forms["ideas"]
    ideas.picker.value = idea.id
    assert ideas.specs["pain_points"].control.value == first.id
    ideas.specs["status"].control.value = "approved"  # only the decision changes
    ideas.save_button.click()
    (kept,) = [i for i in saved(sample_path)["ideas"] if i["id"] == idea.id]
    assert (kept["status"], kept["pain_points"]) == ("approved", [first.id, second.id, other])
    ideas.specs["pain_points"].control.value = second.id  # the shown link changed, no other
    ideas.save_button.click()
    (kept,) = [i for i in saved(sample_path)["ideas"] if i["id"] == idea.id]
    assert kept["pain_points"] == [second.id, other]


def test_the_app_s_map_page_starts_an_empty_workshop(comms: Any, empty_path: Path) -> None:
    from cjm_widgets.widgets.app import WorkshopApp

    app = WorkshopApp(empty_path, watch=None)
    app.go("map")
    editor = app.map_editor
    assert editor is not None
    event(editor.view, "client_ready")
    assert said("mapedit.no_stages") in html.unescape(editor.stages.note.value)
    editor.stages.add_button.click()
    assert [s["name"] for s in saved(empty_path)["stages"]] == [said("mapedit.new_stage")]
    assert len(stage_boxes(editor.view.layout_data)) == 1 and editor.stages.popup.is_open
    plus(editor, Clock(), said("mapedit.new_stage"))  # the first card, on the first channel
    assert not editor.stages.popup.is_open and editor.popup.new_channel.is_open
    editor.popup.new_channel.name.value = "Web"
    editor.popup.controls["title"].value = "Finds the form"
    assert [t["title"] for t in saved(empty_path)["touchpoints"]] == ["Finds the form"]
    assert [c["name"] for c in saved(empty_path)["channels"]] == ["Web"]
    assert card_titles(editor) == ["Finds the form"]  # the app's map shows it at once
    assert app.history_buttons.undo_button.description == said(
        "history.undo_named", action=said("history.add", name="Finds the form")
    )
