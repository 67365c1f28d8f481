"""The facilitator's room tab, driven as a browser would (clicks, a fake timer): the inbox
turns notes into pain points and ideas, the room closes and gets a new address, and the
merge button brings the room's ratings into the workshop that the app saves."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.launch import app_notebook
from cjm_widgets.room import qr_widget
from cjm_widgets.room.log import RoomLog, log_path
from cjm_widgets.room.runtime import RoomAddress, read_address, write_address
from cjm_widgets.widgets.room import RoomApp
from tests.messages import said
from tests.room_client import RoomClient, RunningRoom, request, running_room
from tests.test_widgets import Timers

TP = "tp-bank-suggests"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def room(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    with running_room(sample_path) as running:
        yield running


@pytest.fixture
def phone(room: RunningRoom) -> RoomClient:
    client = room.client()
    assert client.join("Aino").status == 201
    return client


def buttons(row: Any) -> dict[str, Any]:
    return {child.description: child for child in row.children if hasattr(child, "on_click")}


def test_the_inbox_accepts_rejects_and_merges_notes(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    for text in (XSS, "Bank offer is confusing", "Same: the bank offer confuses", "Love it"):
        assert phone.note(TP, "pain_point", text).status == 201
    timers = Timers()
    app = RoomApp(sample_path, schedule=timers, watch=None)
    panel = app.panel
    tabs = [said("room.panel.tab_workshop"), said("room.panel.tab_room")]
    assert [app.get_title(0), app.get_title(1)] == tabs
    assert panel.inbox_title.value == f"<h4>{said('room.panel.inbox', count=4)}</h4>"
    label = panel.inbox.children[0].children[0].value
    assert "&lt;img src=x onerror=alert(1)&gt;" in label and XSS not in label

    buttons(panel.inbox.children[0])[said("room.panel.as_pain_point")].click()
    added = app.app.workshop.pain_points[-1]
    assert (added.text, added.touchpoints) == (XSS, [TP])
    buttons(panel.inbox.children[0])[said("room.panel.as_idea")].click()
    idea = app.app.workshop.ideas[-1]
    assert idea.text == "Bank offer is confusing"
    assert added.id in idea.pain_points  # linked to the pain points of its touchpoint
    accepted = said("history.accept", name="Bank offer is confusing")
    assert app.app.history_buttons.undo_button.description == said(
        "history.undo_named", action=accepted
    )
    row = panel.inbox.children[0]
    assert row.children[4].options == (("Love it", row.children[4].options[0][1]),)
    buttons(row)[said("room.panel.merge_note")].click()
    buttons(panel.inbox.children[0])[said("room.panel.reject")].click()
    assert panel.inbox_title.value == f"<h4>{said('room.panel.inbox', count=0)}</h4>"
    timers.run()  # the autosave
    saved = Workshop.load(sample_path)
    assert XSS in [p.text for p in saved.pain_points]
    assert "Bank offer is confusing" in [i.text for i in saved.ideas]
    with RoomLog(log_path(sample_path)) as log:
        actions = [e.payload["action"] for e in log.entries(kinds=("decision",))]
    assert actions == ["accept", "accept", "merge", "reject"]
    reopened = RoomApp(sample_path, schedule=Timers(), watch=None)
    assert reopened.panel.inbox.children == ()  # decisions are kept in the log


def test_the_tables_follow_the_room_live(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    timers = Timers()
    panel = RoomApp(sample_path, schedule=timers, watch=None).panel
    assert html.escape(said("room.panel.none")) in panel.emotions.value
    assert panel.status.value == f"<b>{said('room.panel.open_status', count=1)}</b>"
    other = room.client()
    other.join()
    for client, value in ((phone, 1), (other, 5)):
        client.rate(TP, "emotion", value)
    idea = next(i for i in Workshop.load(sample_path).ideas if i.status == "proposed")
    phone.vote(idea.id)
    phone.vote(idea.id)
    other.rate(idea.id, "effort", 2)
    timers.run()
    assert panel.status.value == f"<b>{said('room.panel.open_status', count=2)}</b>"
    assert (
        "<td" in panel.emotions.value
        and ">Online bank suggests e-invoice</td>" in panel.emotions.value
    )
    assert ">3</td>" in panel.emotions.value and ">2</td>" in panel.emotions.value  # median 3, n 2
    effort = said("room.report.spread", median=2, q1=2, q3=2, n=1)
    assert f">{idea.text}</td>" in panel.ideas.value and f">{effort}</td>" in panel.ideas.value


def test_the_facilitator_closes_the_room_and_gives_it_a_new_address(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    write_address(
        RoomAddress(str(sample_path), os.getpid(), "http://127.0.0.1:1/?token=t", room.url)
    )
    panel = RoomApp(sample_path, schedule=Timers(), watch=None).panel
    assert room.url in panel.qr.value and "<svg" in panel.qr.value
    panel.open_button.click()
    assert panel.open_button.description == said("room.panel.open")
    assert phone.rate(TP, "emotion", 3).status == 403
    panel.open_button.click()
    assert phone.rate(TP, "emotion", 3).status == 200
    old = room.url
    panel.rotate_button.click()
    address = read_address(sample_path)
    assert address is not None and address.participant_url != old
    assert address.participant_url in panel.qr.value
    assert address.participant_url in qr_widget(sample_path).value
    assert request(old).status == 404
    assert request(address.participant_url).status == 200


def test_the_merge_button_brings_the_ratings_into_the_saved_workshop(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    phone.rate(TP, "emotion", 2)
    timers = Timers()
    app = RoomApp(sample_path, schedule=timers, watch=None)
    app.panel.merge_button.click()
    merged = said("room.panel.merged", ratings=said("room.count.ratings", count=1))
    assert html.escape(merged) in app.panel.status.value
    timers.run()
    saved = Workshop.load(sample_path)
    assert [(r.target, r.field, r.value) for r in saved.ratings] == [(TP, "emotion", 2)]
    assert "Aino" in [p.name for p in saved.participants]


def test_qr_widget_says_how_to_start_a_room(comms: Any, sample_path: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    shown = qr_widget(sample_path)
    not_running = html.escape(said("room.panel.not_running", path="sample.cjm.json"))
    assert not_running in shown.value
    write_address(RoomAddress(str(sample_path), 2**22 + 12345, "http://x/", "http://y/room/k/"))
    assert not_running in qr_widget(sample_path).value  # its server is gone


def test_qr_widget_speaks_the_workshops_language(
    comms: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    path = Workshop(title="Työpaja", language="fi").save(tmp_path / "tyopaja.cjm.json")
    not_running = said("room.panel.not_running", "fi", path="tyopaja.cjm.json")
    assert html.escape(not_running) in qr_widget(path).value


def test_phones_open_on_the_journey_the_facilitator_shows(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    app = RoomApp(sample_path, schedule=Timers(), watch=None)
    first = app.app.persona.value
    assert phone.state().body["room"]["persona"] == first
    other = next(value for _, value in app.app.persona.options if value != first)
    app.app.persona.value = other
    assert phone.state().body["room"]["persona"] == other


def test_a_room_page_an_earlier_version_generated_is_updated_not_kept(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = app_notebook(sample_path, "en", kind="room")
    source = notebook.read_text(encoding="utf-8")
    assert "from cjm_widgets.widgets.room import RoomApp" in source
    earlier = source.replace(
        "cjm_widgets.widgets.room import", "cjm_widgets.widgets.room_app import"
    )
    notebook.write_text(earlier, encoding="utf-8")
    capsys.readouterr()
    assert app_notebook(sample_path, "en", kind="room") == notebook
    assert notebook.read_text(encoding="utf-8") == source and capsys.readouterr().out == ""
    notebook.write_text(source.replace("RoomApp(", "print(1); RoomApp("), encoding="utf-8")
    assert app_notebook(sample_path, "en", kind="room").name == "sample-room-2.ipynb"


def test_a_note_accepted_as_a_pain_point_shows_on_the_map_at_a_severity_the_group_can_change(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    from cjm_widgets.layout import layout_journey
    from cjm_widgets.layout.shapes import Rect
    from cjm_widgets.layout.theme import SEVERITY_COLOURS
    from cjm_widgets.widgets.fields import Field

    assert phone.note(TP, "pain_point", "The bank's offer is confusing").status == 201
    timers = Timers()
    app = RoomApp(sample_path, schedule=timers, watch=None)
    panel = app.panel
    assert panel.accepted.children == ()
    buttons(panel.inbox.children[0])["Pain point"].click()
    ws = app.app.workshop
    added = ws.pain_points[-1]
    assert added.severity == 3
    persona = ws.by_id("touchpoints")[TP].persona or ws.personas[0].id

    def marker() -> str:
        (found,) = [
            s.fill
            for s in layout_journey(ws, persona).shapes
            if isinstance(s, Rect) and s.ref == added.id and s.role.endswith("-marker")
        ]
        return found

    assert marker() == SEVERITY_COLOURS[3]
    (row,) = panel.accepted.children
    told, severity = row.children
    assert "New pain point, severity 3 until you change it" in told.value
    assert "The bank&#39;s offer is confusing" in told.value
    assert isinstance(severity, Field) and severity.value == 3
    severity.value = 5  # the group thinks it is worse
    assert added.severity == 5 and marker() == SEVERITY_COLOURS[5]
    timers.run()  # the autosave
    saved = Workshop.load(sample_path)
    assert [p.severity for p in saved.pain_points if p.id == added.id] == [5]


def test_the_merge_button_says_how_many_notes_are_left_to_sort(
    comms: Any, room: RunningRoom, phone: RoomClient, sample_path: Path
) -> None:
    for text in ("Confusing offer", "Too many e-mails"):
        assert phone.note(TP, "pain_point", text).status == 201
    phone.rate(TP, "emotion", 2)
    app = RoomApp(sample_path, schedule=Timers(), watch=None)
    buttons(app.panel.inbox.children[0])["Reject"].click()
    app.panel.merge_button.click()
    assert (
        "Not sorted yet: 1 note from the room; make each a pain point or an idea, or reject it, in "
        "the inbox below"
    ) in app.panel.status.value
