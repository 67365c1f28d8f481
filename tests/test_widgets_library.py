"""The library in the app, driven as a facilitator would: an empty workshop started from a
journey template, and "Others tried" under each pain point turned into ideas by a click."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.library import journey_template, linked_solution, record_outcomes, suggest
from cjm_widgets.widgets import IdeaRater, WorkshopApp, WorkshopSession
from cjm_widgets.widgets.others_tried import OthersTried
from cjm_widgets.widgets.template_starter import TemplateStarter
from tests.messages import said, saying
from tests.test_library_outcomes import finished  # noqa: F401 - a fixture used below
from tests.test_widgets import SAVED_AT, Timers, of_type


def on_disk(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def texts(widget: Any) -> str:
    """Every HTML text and button label shown inside ``widget``, as one string."""
    own = [str(getattr(widget, "value", "")) if hasattr(widget, "value") else ""]
    own.append(str(getattr(widget, "description", "")))
    return " ".join([*own, *(texts(child) for child in getattr(widget, "children", ()))])


@pytest.fixture
def empty_fi(tmp_path: Path) -> Path:
    path = tmp_path / "muutto.cjm.json"
    Workshop(title="Muuttajan polku", language="fi").save(path)
    return path


def open_app(path: Path, timers: Timers, **options: Any) -> WorkshopApp:
    return WorkshopApp(path, schedule=timers, clock=lambda: SAVED_AT, watch=None, **options)


# -- the empty state ------------------------------------------------------------------------


def test_an_empty_workshop_offers_the_templates_in_its_language(comms: Any, empty_fi: Path) -> None:
    app = open_app(empty_fi, Timers())
    assert app.starter.layout.display is None
    labels = dict(app.starter.chooser.options)
    finnish = journey_template("late-payment").title("fi")
    assert labels[f"{finnish} (en, fi, sv, da, nb)"] == "late-payment"
    assert len(labels) >= 6
    assert app.starter.start_button.description == said("app.library.start", "fi")


def test_choosing_a_template_fills_the_workshop_in_its_language_and_saves_it(
    comms: Any, empty_fi: Path
) -> None:
    timers = Timers()
    app = open_app(empty_fi, timers)
    app.starter.chooser.value = "late-payment"
    assert journey_template("late-payment").summary("fi") in app.starter.summary.value
    app.starter.start_button.click()
    template = journey_template("late-payment").workshop("fi")
    ws = app.workshop
    assert [stage.name for stage in ws.stages] == [stage.name for stage in template.stages]
    assert [tp.title for tp in ws.touchpoints] == [tp.title for tp in template.touchpoints]
    assert ws.title == "Muuttajan polku"
    assert ws.language == "fi"
    assert app.starter.layout.display == "none"
    assert app.step_buttons[2].description.startswith("✓ ")
    timers.run()
    saved = on_disk(empty_fi)
    assert saved["title"] == "Muuttajan polku"
    assert saved["revision"] == 2
    assert [tp["title"] for tp in saved["touchpoints"]] == [tp.title for tp in template.touchpoints]
    assert re.search(saying("session.saved", "fi", revision=2), app.status.value)


def test_a_workshop_with_content_is_not_offered_a_template(comms: Any, sample_path: Path) -> None:
    app = open_app(sample_path, Timers())
    assert app.starter.layout.display == "none"
    before = app.workshop.model_dump()
    app.starter.start()
    assert app.workshop.model_dump() == before


def test_the_offer_hides_once_the_group_starts_by_hand(comms: Any, empty_fi: Path) -> None:
    app = open_app(empty_fi, Timers())
    persona = app.editor("customer").list
    persona.new_item.value = "Muuttaja"
    persona.add_button.click()
    assert app.starter.layout.display == "none"


def test_a_language_no_template_covers_says_so(comms: Any, tmp_path: Path) -> None:
    path = tmp_path / "w.cjm.json"
    Workshop(title="W", language="sv").save(path)
    starter = TemplateStarter(WorkshopSession(Workshop.load(path)), "sv", templates={})
    assert starter.start_button.disabled
    assert said("app.library.no_templates", "sv", language="sv") in starter.message.value


# -- Others tried -----------------------------------------------------------------------------


def others_tried_of(sample_path: Path, timers: Timers, library: Path) -> OthersTried:
    """The sample opened in the app on Prioritize, and its Others tried panel."""
    app = open_app(sample_path, timers, library_folder=library)
    app.go("prioritize")
    assert isinstance(app.others_tried, OthersTried)
    return app.others_tried


def test_others_tried_lists_the_top_suggestions_under_each_pain_point(
    comms: Any, sample_path: Path, tmp_path: Path
) -> None:
    app = open_app(sample_path, Timers(), library_folder=tmp_path / "none")
    app.go("prioritize")
    panel = app.others_tried
    assert isinstance(panel, OthersTried)
    expected = suggest(app.workshop, top=3)
    assert set(panel.add_buttons) == {(s.pain_point_id, s.solution_id) for s in expected}
    shown = texts(panel)
    assert said("app.library.others_tried") in shown
    first = expected[0]
    assert first.title in shown
    assert said("app.library.add") in shown


def test_add_makes_a_linked_idea_with_effort_and_impact_to_rate(
    comms: Any, sample_path: Path, tmp_path: Path
) -> None:
    timers = Timers()
    app = open_app(sample_path, timers, library_folder=tmp_path / "none")
    app.go("prioritize")
    panel = app.others_tried
    assert panel is not None
    item = next(s for s in suggest(app.workshop, top=3) if s.solution_id == "call-back")
    button = panel.add_buttons[(item.pain_point_id, item.solution_id)]
    count = len(app.workshop.ideas)
    button.click()
    ws = app.workshop
    assert len(ws.ideas) == count + 1
    idea = ws.ideas[-1]
    assert idea.text == item.title
    assert idea.pain_points == [item.pain_point_id]
    assert (idea.effort, idea.impact) == (item.effort, item.impact)
    assert linked_solution(ws, idea.id) == "call-back"
    assert button.disabled and button.description == said("app.library.added")
    rater = next(iter(of_type(app.editor("prioritize"), IdeaRater)))
    assert rater.list.picker.value == idea.id
    button.click()
    assert len(ws.ideas) == count + 1
    timers.run()
    saved = on_disk(sample_path)
    assert saved["ideas"][-1]["text"] == item.title
    assert saved["extensions"]["library"]["solutions"][idea.id] == "call-back"


def test_a_solution_already_taken_shows_as_added_after_a_reopen(
    comms: Any, sample_path: Path, tmp_path: Path
) -> None:
    timers = Timers()
    panel = others_tried_of(sample_path, timers, tmp_path / "none")
    key = next(iter(panel.add_buttons))
    panel.add_buttons[key].click()
    timers.run()
    again = others_tried_of(sample_path, Timers(), tmp_path / "none")
    assert again.add_buttons[key].disabled


def test_others_tried_shows_where_a_solution_was_tried_and_in_finnish(
    comms: Any,
    sample_path: Path,
    tmp_path: Path,
    finished: Workshop,  # noqa: F811
) -> None:
    record_outcomes(finished, tmp_path / "library")
    app = open_app(sample_path, Timers(), library_folder=tmp_path / "library")
    app.go("prioritize")
    shown = texts(app.others_tried)
    figures = {"difference": "+13.9", "low": "9.4", "high": "18.1"}
    workshop = "E-invoice and payment journey"
    assert said("library.outcome.measured", workshop=workshop, **figures) in shown
    finnish = open_app(sample_path, Timers(), lang="fi", library_folder=tmp_path / "library")
    finnish.go("prioritize")
    shown = texts(finnish.others_tried)
    in_finnish = (said("app.library.others_tried", "fi"), said("app.library.add", "fi"))
    assert all(text in shown for text in in_finnish)
