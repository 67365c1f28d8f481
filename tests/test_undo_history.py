"""Undo and Redo in the workshop app, driven as a facilitator would (typing, clicks, drags),
checked on the saved file: one step per action, at most 100 steps, redo dropped by a new
action, and never undoing past a version saved in another window or during a conflict."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.history import HISTORY_STEPS, MERGE_SECONDS, NAME_LENGTH, History
from cjm_widgets.limits import shorten
from cjm_widgets.widgets import PersonaEditor, WorkshopApp
from tests.messages import said
from tests.test_canvas import drag
from tests.test_widgets import Clock, Timers, clock, field, text_list

__all__ = ["clock"]  # the fixture, shared with the map editor tests


@pytest.fixture
def app(comms: Any, sample_path: Path, timers: Timers, clock: Clock, tmp_path: Path) -> WorkshopApp:
    return WorkshopApp(
        sample_path, schedule=timers, clock=clock, watch=None, library_folder=tmp_path / "none"
    )


@pytest.fixture
def timers() -> Timers:
    return Timers()


def content(path: Path) -> dict[str, Any]:
    """The saved file without its revision (which an undo moves on, never back)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("revision")
    return data


def revision(path: Path) -> int:
    return int(json.loads(path.read_text(encoding="utf-8"))["revision"])


def undo_label(app: WorkshopApp) -> str:
    return str(app.history_buttons.undo_button.description)


def redo_label(app: WorkshopApp) -> str:
    return str(app.history_buttons.redo_button.description)


def undo_of(action: str) -> str:
    return said("history.undo_named", action=action)


def redo_of(action: str) -> str:
    return said("history.redo_named", action=action)


def named(verb: str, name: str) -> str:
    """An action's name as the buttons show it (long names cut)."""
    return said(f"history.{verb}", name=shorten(name, NAME_LENGTH))


def persona_form(app: WorkshopApp) -> Any:
    return app.editor("customer").list.form_area


# -- one step per action --------------------------------------------------------------------


def test_typing_in_one_field_is_one_step_and_two_fields_two(app: WorkshopApp, clock: Clock) -> None:
    assert (undo_label(app), redo_label(app)) == (said("history.undo"), said("history.redo"))
    assert app.history_buttons.undo_button.disabled and app.history_buttons.redo_button.disabled
    original = app.workshop.personas[0].model_copy()
    segment = field(persona_form(app), "Segment")
    for typed in ("H", "House", "Households"):
        segment.value = typed
        clock.now += 0.8
    assert len(app.session.history) == 1
    edited = said("history.edit", name="Maija, busy parent")
    assert undo_label(app) == undo_of(edited)
    assert not app.history_buttons.undo_button.disabled
    field(persona_form(app), "Who they are").value = "Busy parent of two"
    assert len(app.session.history) == 2
    app.history_buttons.undo_button.click()
    persona = app.workshop.personas[0]
    assert (persona.segment, persona.description) == ("Households", original.description)
    app.history_buttons.undo_button.click()  # all the typing in Segment at once
    assert app.workshop.personas[0].segment == original.segment


def test_the_same_field_after_a_pause_is_a_new_step(app: WorkshopApp, clock: Clock) -> None:
    segment = field(persona_form(app), "Segment")
    segment.value = "Households"
    clock.now += MERGE_SECONDS + 1
    segment.value = "Families"
    assert len(app.session.history) == 2
    app.history_buttons.undo_button.click()
    assert app.workshop.personas[0].segment == "Households"


def test_typing_a_field_back_to_what_it_was_leaves_no_step(app: WorkshopApp) -> None:
    segment = field(persona_form(app), "Segment")
    before = segment.value
    segment.value = "Households"
    segment.value = before
    assert len(app.session.history) == 0
    assert app.history_buttons.undo_button.disabled


def test_a_new_action_after_an_undo_drops_the_redo(app: WorkshopApp) -> None:
    goals = text_list(persona_form(app), "Goals")
    goals.new_item.value = "Pay on time"
    added = said("history.add", name="Pay on time")
    app.history_buttons.undo_button.click()
    assert redo_label(app) == redo_of(added)
    assert not app.history_buttons.redo_button.disabled
    assert "Pay on time" not in app.workshop.personas[0].goals
    app.history_buttons.redo_button.click()
    assert app.workshop.personas[0].goals[-1] == "Pay on time"
    assert undo_label(app) == undo_of(added)
    app.history_buttons.undo_button.click()
    goals = text_list(persona_form(app), "Goals")  # laid out again after the undo
    goals.new_item.value = "See costs per month"
    assert redo_label(app) == said("history.redo")
    assert app.history_buttons.redo_button.disabled
    assert not app.session.redo()
    assert app.workshop.personas[0].goals[-1] == "See costs per month"


def test_the_history_keeps_the_last_hundred_steps(small: Workshop) -> None:
    history = History(small)
    titles = [f"Title {n}" for n in range(HISTORY_STEPS + 5)]
    for title in titles:
        small.title = title
        assert history.record(small, f"edit {title}")
    assert len(history) == HISTORY_STEPS == 100
    restored = []
    while (step := history.undo()) is not None:
        restored.append(step.action)
    assert len(restored) == HISTORY_STEPS
    assert restored[-1] == "edit Title 5"  # the five oldest dropped off
    assert history.undo_action is None and history.redo_action == "edit Title 5"


# -- undo of each kind of action, on the saved file -------------------------------------


def edit_emotion(app: WorkshopApp) -> str:
    app.go("encounters")
    editor = app.editor("encounters")
    editor.list.select("tp-open-pdf")
    field(editor.list.form_area, "How the customer feels").value = 1
    return named("edit", editor.list.selected.title)


def add_touchpoint(app: WorkshopApp) -> str:
    app.go("encounters")
    app.editor("encounters").list.new_item.value = "Asks for a payment plan"
    return said("history.add", name="Asks for a payment plan")


def delete_touchpoint(app: WorkshopApp) -> str:
    app.persona.value = "pe-aino"
    app.go("encounters")
    tps = app.editor("encounters").list
    assert tps.select("tp-aino-paper-duplicate")
    title = tps.selected.title
    tps.delete_button.click()
    return said("history.delete", name=title)


def move_stage(app: WorkshopApp) -> str:
    app.go("paths")
    stages = app.editor("paths").stages
    stages.select("st-after")
    name = stages.selected.name
    stages.up_button.click()
    return said("history.move", name=name)


def move_goal(app: WorkshopApp) -> str:
    goals = text_list(persona_form(app), "Goals")
    goals.rows.children[1].children[1].click()
    return named("move", app.workshop.personas[0].goals[0])


def add_pain_point(app: WorkshopApp) -> str:
    app.go("encounters")
    editor = app.editor("encounters")
    editor.list.select("tp-open-pdf")
    editor.pains.new_item.value = "The PDF is tiny on a phone"
    return said("history.add", name="The PDF is tiny on a phone")


def rate_on_the_matrix(app: WorkshopApp) -> str:
    app.go("prioritize")
    assert app.matrix_view is not None
    idea = app.workshop.ideas[0]
    effort, impact = (1, 5) if (idea.effort, idea.impact) != (1, 5) else (5, 1)
    drag(app.matrix_view, idea.id, effort, impact)
    return said("history.rate", name=shorten(idea.text, NAME_LENGTH))


def add_suggested_idea(app: WorkshopApp) -> str:
    app.go("prioritize")
    assert app.others_tried is not None
    button = next(iter(app.others_tried.add_buttons.values()))
    button.click()
    return said("history.add", name=shorten(app.workshop.ideas[-1].text, NAME_LENGTH))


def turn_into_nudge(app: WorkshopApp) -> str:
    from cjm_widgets.widgets.nudge_editors import NudgeEditor
    from tests.test_widgets import of_type

    app.go("prioritize")
    panel = of_type(app.editor("prioritize"), NudgeEditor)[0]
    panel.idea_picker.value = "idea-grace-period"
    panel.turn_button.click()
    return said("history.add", name=shorten(app.workshop.nudges[-1].title, NAME_LENGTH))


ACTIONS: dict[str, Callable[[WorkshopApp], str]] = {
    "emotion": edit_emotion,
    "add touchpoint": add_touchpoint,
    "delete touchpoint": delete_touchpoint,
    "move stage": move_stage,
    "move goal": move_goal,
    "add pain point": add_pain_point,
    "rate on the matrix": rate_on_the_matrix,
    "add suggested idea": add_suggested_idea,
    "turn an idea into a nudge": turn_into_nudge,
}


@pytest.mark.parametrize("kind", ACTIONS)
def test_undo_and_redo_of_each_action_are_saved_as_the_next_revisions(
    app: WorkshopApp, timers: Timers, sample_path: Path, kind: str
) -> None:
    before, first = content(sample_path), revision(sample_path)
    action = ACTIONS[kind](app)
    timers.run()
    after = content(sample_path)
    assert after != before and revision(sample_path) == first + 1
    assert undo_label(app) == undo_of(action)
    app.history_buttons.undo_button.click()
    undone = said("history.undone", action=action)
    assert app.status.value.replace("&#x27;", "'").endswith(f"{undone}</span>")
    timers.run()
    assert content(sample_path) == before
    assert revision(sample_path) == first + 2  # an undo is a new revision, never a rewind
    assert Workshop.load(sample_path).to_dict() == app.workshop.to_dict()
    app.history_buttons.redo_button.click()
    timers.run()
    assert content(sample_path) == after
    assert revision(sample_path) == first + 3


def test_undo_of_starting_from_a_template_empties_the_workshop_again(
    comms: Any, tmp_path: Path, timers: Timers
) -> None:
    path = Workshop(title="Moving house", language="fi").save(tmp_path / "muutto.cjm.json")
    before = content(path)
    app = WorkshopApp(path, schedule=timers, clock=Clock(), watch=None)
    app.starter.chooser.value = "late-payment"
    label = dict((v, k) for k, v in app.starter.chooser.options)["late-payment"]
    app.starter.start_button.click()
    assert app.workshop.touchpoints
    started = said("history.template", "fi", name=shorten(label, NAME_LENGTH))
    assert undo_label(app) == said("history.undo_named", "fi", action=started)
    app.history_buttons.undo_button.click()
    timers.run()
    assert content(path) == before
    assert app.starter.layout.display is None  # the offer is back with the empty workshop


def test_an_editor_alone_undoes_into_the_workshop_it_was_given(
    comms: Any, sample: Workshop
) -> None:
    editor = PersonaEditor(sample)
    goals = text_list(editor.list.form_area, "Goals")
    first = sample.personas[0].goals[0]
    goals.rows.children[0].children[3].click()  # delete the first goal
    assert first not in sample.personas[0].goals
    goals.undo_button.click()
    assert sample.personas[0].goals[0] == first  # the notebook's own variable sees it
    shown = text_list(editor.list.form_area, "Goals")  # the form was laid out again
    assert shown.rows.children[0].children[0].value == first


def test_a_list_undo_after_later_changes_points_to_the_app_undo(app: WorkshopApp) -> None:
    goals = text_list(persona_form(app), "Goals")
    goals.rows.children[0].children[3].click()
    goals.new_item.value = "Something else"
    goals.undo_button.click()
    assert said("history.not_last") in goals.error.value
    assert app.workshop.personas[0].goals[-1] == "Something else"  # nothing taken back


# -- another window, conflicts --------------------------------------------------------------


def saved_elsewhere(path: Path, title: str) -> int:
    """A second window saves the file; its mtime moves on as a real save's would."""
    other = Workshop.load(path)
    other.title = title
    other.save()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    return other.revision


def test_undo_past_a_save_from_another_window_is_refused(
    comms: Any, sample_path: Path, timers: Timers
) -> None:
    app = WorkshopApp(sample_path, schedule=timers, clock=Clock(), watch=2.0)
    field(persona_form(app), "Segment").value = "Households"
    timers.run()  # saved, and the file checked
    theirs = saved_elsewhere(sample_path, "Their title")
    timers.run()  # the watcher takes up their revision
    assert app.workshop.title == "Their title"
    assert undo_label(app) == said("history.undo")
    assert not app.history_buttons.undo_button.disabled  # clickable, to say why not
    app.history_buttons.undo_button.click()
    refusal = said("history.refused_theirs", revision=theirs)
    assert refusal in app.status.value.replace("&#x27;", "'")
    timers.run()
    assert Workshop.load(sample_path).title == "Their title"
    assert revision(sample_path) == theirs
    assert Workshop.load(sample_path).personas[0].segment == "Households"

    field(persona_form(app), "Segment").value = "Families"  # undo works again from here
    app.history_buttons.undo_button.click()
    assert app.workshop.personas[0].segment == "Households"
    app.history_buttons.undo_button.click()
    assert refusal in app.status.value.replace("&#x27;", "'")
    timers.run()
    saved = Workshop.load(sample_path)
    assert (saved.title, saved.personas[0].segment) == ("Their title", "Households")


def test_undo_and_redo_wait_for_the_choice_in_a_conflict(
    app: WorkshopApp, sample_path: Path, timers: Timers
) -> None:
    field(persona_form(app), "Segment").value = "Households"
    saved_elsewhere(sample_path, "Their title")
    timers.run()  # the autosave finds their save
    assert app.session.state == "conflict"
    app.history_buttons.undo_button.click()
    refusal = said("history.refused_conflict")
    assert refusal in app.status.value.replace("&#x27;", "'")
    assert app.workshop.personas[0].segment == "Households"
    assert not app.session.redo()
    assert Workshop.load(sample_path).title == "Their title"
    app.keep_button.click()  # mine: the history goes on
    app.history_buttons.undo_button.click()
    timers.run()
    saved = Workshop.load(sample_path)
    assert saved.personas[0].segment != "Households"
    assert saved.title == app.workshop.title != "Their title"


def test_reloading_theirs_in_a_conflict_cuts_the_history(
    app: WorkshopApp, sample_path: Path, timers: Timers
) -> None:
    field(persona_form(app), "Segment").value = "Households"
    theirs = saved_elsewhere(sample_path, "Their title")
    timers.run()
    app.reload_button.click()
    assert app.workshop.title == "Their title"
    app.history_buttons.undo_button.click()
    assert said("history.refused_theirs", revision=theirs) in app.status.value.replace(
        "&#x27;", "'"
    )
    assert app.workshop.title == "Their title"
