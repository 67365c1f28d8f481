"""Prioritize's nudges driven as a facilitator would: choose an idea, click, edit, delete, undo.

No kernel and no browser: recording comms, values set as a browser sets them, buttons
clicked, and a scheduler that saves only when told (as in test_widgets).
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.errors import WorkshopError
from cjm_widgets.model import Nudge
from cjm_widgets.widgets import IdeaRater, TouchpointEditor, WorkshopApp
from cjm_widgets.widgets.nudge_editors import CHANNELS, NudgeEditor, nudge_values
from cjm_widgets.widgets.session import WorkshopSession
from tests.conftest import small_document
from tests.messages import said
from tests.test_widgets import SAVED_AT, Timers, field, fields, of_type, on_disk

GRACE = "No reminder fees in the first two months after switching"


@pytest.fixture
def timers() -> Timers:
    return Timers()


@pytest.fixture
def app(comms: Any, sample_path: Path, timers: Timers) -> WorkshopApp:
    return WorkshopApp(sample_path, schedule=timers, clock=lambda: SAVED_AT, watch=None)


def nudges_of(app: WorkshopApp) -> NudgeEditor:
    app.go("prioritize")
    panel = of_type(app.editor("prioritize"), NudgeEditor)[0]
    assert isinstance(panel, NudgeEditor)
    return panel


def turn_into_nudge(panel: NudgeEditor, idea_id: str = "idea-grace-period") -> Nudge:
    panel.idea_picker.value = idea_id
    panel.turn_button.click()
    return panel.workshop.nudges[-1]


def saved_nudges(path: Path) -> list[dict[str, Any]]:
    return [nudge.model_dump(mode="json") for nudge in Workshop.load(path).nudges]


def saved_nudge(path: Path, nudge: Nudge) -> dict[str, Any]:
    return next(saved for saved in saved_nudges(path) if saved["id"] == nudge.id)


def line_of(panel: NudgeEditor, nudge: Nudge) -> str:
    """The nudge's line in the list of nudges."""
    return next(label for label, value in panel.list.picker.options if value == nudge.id)


# -- turning an idea into a nudge -------------------------------------------------------------


def test_turning_an_idea_into_a_nudge_prefills_it_and_saves_it(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    panel = nudges_of(app)
    assert panel.turn_button.description == said("nudge.turn_into")
    offered = [value for _, value in panel.idea_picker.options]
    assert offered[:3] == ["idea-plain-bill-lines", "idea-grace-period", "idea-confirm-last-paper"]
    assert panel.idea_picker.options[1][0] == f"{GRACE} · {said('status.approved')}"
    existing = [nudge.model_dump(mode="json") for nudge in app.workshop.nudges]

    nudge = turn_into_nudge(panel)
    # the idea answers "late matching", felt at the reminder letter; the next touchpoint
    # of Aino's journey is told to a friend (no signals), the one after it is measured
    assert nudge.model_dump(mode="json") == {
        "id": nudge.id,
        "title": GRACE,
        "persona": None,
        "idea": "idea-grace-period",
        "owner": "Elina Mäkelä",
        "after": "tp-reminder-letter",
        "until": "tp-fee-refund-call",
        "wait_hours": 48,
        "expire_hours": 168,
        "channel": "e-mail",
        "message": GRACE,
        "holdout": 0.1,
        "quiet_hours": None,
        "active": False,
        "start": None,
        "end": None,
        "only_if_event": None,
        "unless_event": None,
    }
    assert nudge.id.startswith("nu-")
    assert panel.list.selected is nudge
    assert html.escape(said("nudge.created", title=GRACE)) in panel.note.value
    line = said(
        "nudge.describe",
        title=GRACE,
        after="Payment reminder letter",
        until="Asks for the fee to be cancelled",
        wait=48,
        channel="e-mail",
    )
    assert line_of(panel, nudge) == f"{line} · {said('nudge.state.off')}"
    assert len(panel.list.picker.options) == len(existing) + 1
    assert app.status.value.endswith(f"{said('session.pending')}</span>")

    timers.run()
    assert on_disk(sample_path)["revision"] == 3
    assert saved_nudges(sample_path) == [*existing, nudge.model_dump(mode="json")]


def test_the_entry_is_the_ideas_first_painful_touchpoint_and_the_goal_the_next_measured(
    small: Workshop,
) -> None:
    document = small_document()
    document["touchpoints"] += [
        {"id": "tp-3", "stage": "st-2", "channel": "ch-web", "title": "Unpacks", "order": 1,
         "signals": ["boxes_returned"]},
        {"id": "tp-0", "stage": "st-1", "channel": "ch-web", "title": "Dreams of a new flat",
         "order": -1, "journey": "future"},
    ]  # fmt: skip
    document["ideas"].append({"id": "idea-2", "text": "Checklist", "owner": "Ville"})
    ws = Workshop.from_dict(document)
    from_pain = nudge_values(ws, "idea-1")
    assert (from_pain["after"], from_pain["until"]) == ("tp-1", "tp-3")  # tp-2 has no signals
    no_pains = nudge_values(ws, "idea-2")  # the journey's first current touchpoint, not tp-0
    assert (no_pains["after"], no_pains["until"], no_pains["owner"]) == ("tp-1", "tp-3", "Ville")
    ws.touchpoints[2].signals = []
    assert nudge_values(ws, "idea-1")["until"] == "tp-2"  # nothing measured: the next one
    by_title = nudge_values(ws, title="Remind to book the van")
    assert (by_title["title"], by_title["message"], by_title["idea"]) == (
        "Remind to book the van",
        "Remind to book the van",
        None,
    )


def test_a_journey_without_a_goal_says_so_and_adds_nothing(comms: Any) -> None:
    document = small_document()
    document["pain_points"][0]["touchpoints"] = ["tp-2"]  # the last touchpoint
    ws = Workshop.from_dict(document)
    panel = NudgeEditor(ws)
    panel.turn_button.click()
    assert html.escape(said("nudge.no_goal", touchpoint="Gets the keys"), quote=False) in (
        panel.note.value
    )
    assert ws.nudges == []
    document["touchpoints"].pop()
    document["pain_points"][0]["touchpoints"] = ["tp-1"]
    alone = Workshop.from_dict(document)
    with pytest.raises(WorkshopError) as raised:
        nudge_values(alone, "idea-1")
    assert raised.value.problems[0].text() == said("nudge.needs_touchpoints")
    assert NudgeEditor(alone).turn_into_nudge() is None and alone.nudges == []


def test_without_ideas_the_button_is_off_and_says_why(comms: Any) -> None:
    panel = NudgeEditor(Workshop(title="Fresh"))
    assert panel.turn_button.disabled
    assert panel.idea_picker.layout.display == "none"
    assert panel.no_ideas.layout.display is None
    assert html.escape(said("nudge.no_ideas")) in panel.no_ideas.value


def test_the_idea_choice_follows_the_ideas_rated_above(app: WorkshopApp) -> None:
    panel = nudges_of(app)
    rater = of_type(app.editor("prioritize"), IdeaRater)[0]
    rater.list.new_item.value = "Text message the day before the due date"
    new = rater.list.selected
    assert panel.idea_picker.options[-1] == (
        f"{new.text} · {said('status.proposed')}",
        new.id,
    )
    field(rater.list.form_area, "Decision").value = "approved"
    assert [value for _, value in panel.idea_picker.options][3] == new.id  # approved: up front
    assert panel.select_idea(new.id) and not panel.select_idea("idea-nowhere")
    assert turn_into_nudge(panel, new.id).idea == new.id


# -- the list of nudges ------------------------------------------------------------------------


def test_editing_a_nudge_changes_the_model_and_the_file(
    app: WorkshopApp, timers: Timers, sample_path: Path
) -> None:
    panel = nudges_of(app)
    nudge = turn_into_nudge(panel)
    timers.run()
    form = panel.list.form_area
    channel = field(form, "Channel")
    assert list(channel.control.options) == [
        *CHANNELS,
        "Family and friends",
        "Website",
        "Nordvik app",
        "Push notification",
        "Online bank",
        "Phone customer service",
    ]  # the workshop's "Letter" and "E-mail" are offered once
    channel.value = "Nordvik app"
    field(form, "Until").value = "tp-aino-tells-friend"
    field(form, "Wait").value = 24
    field(form, "Expires").value = 72
    field(form, "Holdout").value = "0,2"
    field(form, "Quiet hours").value = "21-08"
    field(form, "Message").value = "Hi {first_name}, no fee for two months."
    field(form, "Customers").value = "pe-aino"
    field(form, "Entries from").value = date(2026, 12, 1)
    field(form, "Unless").value = "direct_payment_activated"
    field(form, "Active").value = True
    assert "{first_name}" in html.unescape(field(form, "Message").children[1].value)
    expected = {
        "channel": "Nordvik app",
        "until": "tp-aino-tells-friend",
        "wait_hours": 24,
        "expire_hours": 72,
        "holdout": 0.2,
        "quiet_hours": "21-08",
        "message": "Hi {first_name}, no fee for two months.",
        "persona": "pe-aino",
        "start": "2026-12-01",
        "unless_event": "direct_payment_activated",
        "active": True,
    }
    assert {name: nudge.model_dump(mode="json")[name] for name in expected} == expected
    assert line_of(panel, nudge) == said(
        "nudge.describe",
        title=GRACE,
        after="Payment reminder letter",
        until="Tells a friend about the reminder fee",
        wait=24,
        channel="Nordvik app",
    )  # switched on: no "switched off"
    timers.run()
    saved = saved_nudge(sample_path, nudge)
    assert {name: saved[name] for name in expected} == expected
    field(form, "Quiet hours").value = ""  # cleared: no quiet hours
    timers.run()
    assert saved_nudge(sample_path, nudge)["quiet_hours"] is None


@pytest.mark.parametrize(
    ("label", "typed", "name", "message"),
    [
        ("Holdout", "0.7", "holdout", said("error.at_most", value=0.7, le=0.5)),
        ("Quiet hours", "25-8", "quiet_hours", said("error.quiet_hours", value="25-8")),
        ("Wait", 0, "wait_hours", said("error.at_least", value=0, ge=1)),
        (
            "After",
            "tp-fee-refund-call",
            "after",
            said("error.nudge_same_touchpoint", value="tp-fee-refund-call"),
        ),
        ("Message", "  ", "message", said("error.blank")),
    ],
)
def test_invalid_values_are_refused_beside_the_field(
    app: WorkshopApp,
    timers: Timers,
    sample_path: Path,
    label: str,
    typed: Any,
    name: str,
    message: str,
) -> None:
    panel = nudges_of(app)
    nudge = turn_into_nudge(panel)
    timers.run()
    before = nudge.model_dump()
    entry = field(panel.list.form_area, label)
    entry.value = typed
    assert html.escape(message, quote=False) in entry.error.value
    assert nudge.model_dump() == before
    assert timers.pending == []  # nothing to save
    assert saved_nudge(sample_path, nudge)[name] == nudge.model_dump(mode="json")[name]
    if name == "holdout":
        entry.value = "0.3"  # corrected: the message goes, the value is kept
        assert entry.error.value == "" and nudge.holdout == 0.3


def test_delete_and_undo(app: WorkshopApp, timers: Timers, sample_path: Path) -> None:
    panel = nudges_of(app)
    others = [n.model_dump(mode="json") for n in app.workshop.nudges]
    nudge = turn_into_nudge(panel)
    kept = nudge.model_dump(mode="json")
    timers.run()
    panel.list.delete_button.click()
    assert [n.model_dump(mode="json") for n in app.workshop.nudges] == others
    assert nudge.id not in [value for _, value in panel.list.picker.options]
    timers.run()
    assert saved_nudges(sample_path) == others
    panel.list.undo_button.click()
    assert [n.model_dump(mode="json") for n in app.workshop.nudges] == [*others, kept]
    panel = nudges_of(app)  # the page was laid out again, showing the nudge brought back
    assert panel.list.selected is app.workshop.nudges[-1]
    assert panel.list.selected.id == nudge.id
    timers.run()
    assert saved_nudges(sample_path) == [*others, kept]


def test_a_nudge_can_be_added_by_its_title(app: WorkshopApp) -> None:
    panel = nudges_of(app)
    panel.list.new_item.value = "Welcome to e-invoicing"
    nudge = app.workshop.nudges[-1]
    first = app.workshop.journey(None, "current")[0]
    assert (nudge.title, nudge.idea, nudge.after, nudge.active) == (
        "Welcome to e-invoicing",
        None,
        first.id,
        False,
    )
    assert panel.list.selected is nudge


def test_the_page_follows_edits_made_in_other_steps(app: WorkshopApp) -> None:
    panel = nudges_of(app)
    nudge = turn_into_nudge(panel)
    app.go("encounters")
    app.persona.value = "pe-aino"
    encounters = app.editor("encounters")
    assert isinstance(encounters, TouchpointEditor)
    encounters.list.select("tp-reminder-letter")
    field(encounters.list.form_area, "Touchpoint").value = "Reminder letter with a fee"
    panel = nudges_of(app)
    after = field(panel.list.form_area, "After")
    assert ("Reminder letter with a fee", "tp-reminder-letter") in after.control.options
    assert "Reminder letter with a fee" in line_of(panel, nudge)


# -- languages -----------------------------------------------------------------------------------


def test_the_panel_speaks_finnish(comms: Any, sample_path: Path, timers: Timers) -> None:
    app = WorkshopApp(sample_path, "fi", schedule=timers, clock=lambda: SAVED_AT, watch=None)
    panel = nudges_of(app)
    assert panel.turn_button.description == said("nudge.turn_into", "fi")
    assert panel.turn_button.description != said("nudge.turn_into")
    assert panel.idea_picker.description == said("nudge.idea_to_turn", "fi")
    nudge = turn_into_nudge(panel)
    assert html.escape(said("nudge.created", "fi", title=GRACE)) in panel.note.value
    assert line_of(panel, nudge).endswith(said("nudge.state.off", "fi"))
    labels = [f.label for f in fields(panel.list.form_area)]
    for name in ("title", "persona", "after", "until", "wait_hours", "holdout", "quiet_hours"):
        assert said(f"nudge.field.{name}", "fi") in labels
    assert said("nudge.field.active", "fi") in labels
    holdout = field(panel.list.form_area, said("nudge.field.holdout", "fi"))
    holdout.value = "0,7"
    assert html.escape(said("error.at_most", "fi", value=0.7, le=0.5)) in holdout.error.value


def test_a_panel_alone_edits_its_session(comms: Any, sample: Workshop) -> None:
    session = WorkshopSession(sample, lang="sv")
    panel = NudgeEditor(session)
    nudge = turn_into_nudge(panel, "idea-plain-bill-lines")
    assert (nudge.after, nudge.until) == ("tp-open-pdf", "tp-app-consumption")
    assert session.version == 1
    assert said("nudge.list", "sv") in panel.list.children[0].value


def test_a_closed_panel_stops_following_the_session(comms: Any, sample: Workshop) -> None:
    session = WorkshopSession(sample)
    panel = NudgeEditor(session)
    offered = panel.idea_picker.options
    panel.close()
    panel.close()  # twice, as closing a page and collecting it both do
    sample.ideas[0].text = "Renamed after the panel was closed"
    session.changed()
    assert panel.idea_picker.options == offered


def test_a_nudge_from_the_file_shows_in_its_fields(comms: Any) -> None:
    document = small_document()
    document["touchpoints"].append(
        {"id": "tp-f", "stage": "st-2", "channel": "ch-web", "title": "Keys by post",
         "journey": "future"}
    )  # fmt: skip
    document["nudges"] = [
        {"id": "nu-1", "title": "Book the van", "persona": "pe-a", "idea": "idea-1",
         "after": "tp-1", "until": "tp-f", "wait_hours": 12, "channel": "SMS",
         "message": "Hi {first_name}", "quiet_hours": "22:30-07:00", "active": True,
         "start": "2026-01-05", "only_if_event": "form_opened"}
    ]  # fmt: skip
    panel = NudgeEditor(Workshop.from_dict(document))
    form = panel.list.form_area
    shown = {
        label: field(form, label).value
        for label in ("Title", "Customers", "The idea", "After", "Until", "Wait", "Channel")
    }
    assert shown == {
        "Title": "Book the van",
        "Customers": "pe-a",
        "The idea": "idea-1",
        "After": "tp-1",
        "Until": "tp-f",  # a future touchpoint it already names is still offered
        "Wait": 12,
        "Channel": "SMS",
    }
    assert field(form, "Until").control.options[-1] == ("Keys by post", "tp-f")
    assert field(form, "Quiet hours").value == "22:30-07:00"
    assert field(form, "Entries from").value == date(2026, 1, 5)
    assert field(form, "Only if").value == "form_opened"
    assert field(form, "Unless").value == ""
    assert field(form, "Active").value is True
