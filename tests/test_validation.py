"""Every validation rule, seen as the problem a user is shown: where, and which message."""

from __future__ import annotations

from typing import Any

import pytest

from cjm_widgets import Touchpoint, Workshop, WorkshopError
from cjm_widgets.errors import Problem
from tests.conftest import small_document
from tests.messages import keys, said


def problems_of(document: dict[str, Any]) -> list[Problem]:
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(document)
    return caught.value.problems


def named(problems: list[Problem]) -> list[tuple[str, str | None]]:
    """Each problem as where it is and which message says what is wrong."""
    return [(problem.path, problem.key) for problem in problems]


def test_valid_document_passes() -> None:
    ws = Workshop.from_dict(small_document())
    assert [tp.id for tp in ws.touchpoints] == ["tp-1", "tp-2"]


OUT_OF_RANGE = "error.out_of_range"


@pytest.mark.parametrize(
    ("entity", "field", "value", "key", "params"),
    [
        ("touchpoints", "emotion", 7, OUT_OF_RANGE, {"value": 7, "low": 1, "high": 5}),
        ("touchpoints", "emotion", 0, OUT_OF_RANGE, {"value": 0, "low": 1, "high": 5}),
        ("touchpoints", "emotion", "happy", "error.whole_number", {"value": "'happy'"}),
        ("touchpoints", "emotion", 2.5, "error.whole_number", {"value": "2.5"}),
        ("pain_points", "severity", 6, OUT_OF_RANGE, {"value": 6, "low": 1, "high": 5}),
        ("ideas", "effort", -1, OUT_OF_RANGE, {"value": -1, "low": 1, "high": 5}),
        ("ideas", "impact", 9, OUT_OF_RANGE, {"value": 9, "low": 1, "high": 5}),
        ("ideas", "status", "maybe", "error.choice", {"value": "'maybe'"}),
        ("channels", "kind", "carrier pigeon", "error.choice", {"value": "'carrier pigeon'"}),
        ("stages", "contact", "later", "error.choice", {"value": "'later'"}),
        ("touchpoints", "journey", "past", "error.choice", {"value": "'past'"}),
        ("pain_points", "source", "rumour", "error.choice", {"value": "'rumour'"}),
        ("metrics", "kind", "vibes", "error.choice", {"value": "'vibes'"}),
        ("metrics", "target", "lots", "error.number", {"value": "'lots'"}),
        ("metrics", "actual", float("nan"), "error.not_finite", {}),
        ("metrics", "better", "sideways", "error.choice", {"value": "'sideways'"}),
        ("touchpoints", "title", "   ", "error.blank", {}),
        ("personas", "name", "", "error.blank", {}),
        ("touchpoints", "moment_of_truth", "perhaps", "error.yes_no", {"value": "'perhaps'"}),
        ("touchpoints", "id", "has space", "error.id_format", {"value": "has space"}),
        ("touchpoints", "emotoin", 3, "error.unknown_field", {}),
        ("pain_points", "touchpoints", [], None, {}),  # pydantic's own message
    ],
)
def test_field_rules(
    entity: str, field: str, value: Any, key: str | None, params: dict[str, Any]
) -> None:
    document = small_document()
    document[entity][0][field] = value
    problems = problems_of(document)
    assert [
        problem
        for problem in problems
        if (problem.path, problem.key) == (f"{entity}[0].{field}", key)
        and params.items() <= problem.params.items()
    ], problems


def test_a_refused_choice_lists_the_allowed_values() -> None:
    document = small_document()
    document["ideas"][0]["status"] = "maybe"
    (problem,) = problems_of(document)
    assert problem.key == "error.choice"
    for status in ("proposed", "approved", "rejected", "in_progress", "done"):
        assert f"'{status}'" in problem.params["choices"]


def test_missing_required_fields_are_named() -> None:
    document = small_document()
    del document["title"]
    del document["touchpoints"][1]["stage"]
    problems = named(problems_of(document))
    assert ("title", "error.missing") in problems
    assert ("touchpoints[1].stage", "error.missing") in problems


def test_scope_part_needs_a_name() -> None:
    document = small_document()
    document["scope"] = {"journey": "part", "part": ""}
    assert ("scope", "error.scope_part") in named(problems_of(document))


def test_unknown_language_lists_the_supported_ones() -> None:
    document = small_document()
    document["language"] = "xx"
    (problem,) = problems_of(document)
    assert (problem.path, problem.key) == ("language", "error.unknown_language")
    assert problem.params == {"value": "xx", "choices": "en, da, fi, nb, sv"}


def test_dates_must_be_dates() -> None:
    document = small_document()
    document["dates"] = ["2026-10-06", "next tuesday"]
    (problem,) = problems_of(document)
    assert (problem.path, problem.key) == ("dates[1]", "error.date")
    assert problem.params["value"] == "'next tuesday'"


@pytest.mark.parametrize(
    ("entity", "field", "value", "missing", "target"),
    [
        ("touchpoints", "stage", "st-9", "st-9", "stages"),
        ("touchpoints", "channel", "ch-9", "ch-9", "channels"),
        ("touchpoints", "persona", "pe-9", "pe-9", "personas"),
        ("pain_points", "touchpoints", ["tp-1", "tp-9"], "tp-9", "touchpoints"),
        ("ideas", "pain_points", ["pp-9"], "pp-9", "pain_points"),
        ("metrics", "touchpoint", "tp-9", "tp-9", "touchpoints"),
    ],
)
def test_every_reference_is_checked(
    entity: str, field: str, value: Any, missing: str, target: str
) -> None:
    document = small_document()
    document[entity][0][field] = value
    (problem,) = problems_of(document)
    assert (problem.path, problem.key) == (f"{entity}[0].{field}", "error.reference")
    assert problem.params == {"value": missing, "target": target}


def test_duplicate_ids_name_both_places() -> None:
    document = small_document()
    document["touchpoints"][1]["id"] = "tp-1"
    problems = problems_of(document)
    assert [(problem.path, problem.key, problem.params) for problem in problems] == [
        ("touchpoints[1].id", "error.duplicate_id", {"value": "tp-1", "other": "touchpoints[0]"})
    ]


def test_all_problems_are_listed_at_once() -> None:
    """Field errors and dangling references come in one message."""
    document = small_document()
    document["touchpoints"][0]["emotion"] = 7
    document["ideas"][0]["pain_points"] = ["pp-9"]
    document["channels"][0]["kind"] = "pigeon"
    document["touchpoints"][1]["stage"] = "st-9"
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(document)
    message = str(caught.value)
    assert message.startswith(said("error.header", count=4) + "\n")
    problems = caught.value.problems
    assert sorted(named(problems)) == [
        ("channels[0].kind", "error.choice"),
        ("ideas[0].pain_points", "error.reference"),
        ("touchpoints[0].emotion", OUT_OF_RANGE),
        ("touchpoints[1].stage", "error.reference"),
    ]
    for problem in problems:  # each one is in the message, as a user reads it
        assert f"  {problem}" in message.splitlines()


def test_workshop_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="title"):
        Workshop()


def test_constructor_reports_references_too() -> None:
    with pytest.raises(WorkshopError) as caught:
        Workshop(title="T", touchpoints=[{"id": "t", "stage": "s", "channel": "c", "title": "x"}])
    assert {p.path for p in caught.value.problems} == {
        "touchpoints[0].stage",
        "touchpoints[0].channel",
    }


def test_assignment_is_checked_and_refused_values_never_stick(small: Workshop) -> None:
    touchpoint = small.touchpoints[0]
    with pytest.raises(WorkshopError) as caught:
        touchpoint.emotion = 9
    (problem,) = caught.value.problems
    assert (problem.path, problem.key) == ("Touchpoint[id=tp-1].emotion", OUT_OF_RANGE)
    assert problem.params["value"] == 9
    assert touchpoint.emotion == 3
    before = list(small.touchpoints)
    duplicate = Touchpoint(id="tp-1", stage="st-1", channel="ch-web", title="Again")
    with pytest.raises(WorkshopError) as caught:
        small.touchpoints = [*before, duplicate]
    assert keys(caught.value) == ["error.duplicate_id"]
    assert small.touchpoints == before


def test_check_finds_problems_made_by_in_place_edits(small: Workshop) -> None:
    small.touchpoints.append(Touchpoint(id="tp-3", stage="st-gone", channel="ch-web", title="Lost"))
    with pytest.raises(WorkshopError) as caught:
        small.check()
    (problem,) = caught.value.problems
    assert (problem.path, problem.key) == ("touchpoints[2].stage", "error.reference")
    assert problem.params["value"] == "st-gone"


def test_journey_order_and_persona_filter(small: Workshop) -> None:
    small.ideas = []
    small.pain_points = []
    small.metrics = []
    small.touchpoints = [
        Touchpoint(id="tp-b", stage="st-2", channel="ch-web", title="B"),
        Touchpoint(id="tp-a2", stage="st-1", channel="ch-web", title="A2", order=2),
        Touchpoint(id="tp-a1", stage="st-1", channel="ch-web", title="A1", order=1, persona="pe-a"),
        Touchpoint(id="tp-f", stage="st-1", channel="ch-web", title="F", order=3, journey="future"),
    ]
    assert [tp.id for tp in small.journey()] == ["tp-a1", "tp-a2", "tp-f", "tp-b"]
    assert [tp.id for tp in small.journey(state="current")] == ["tp-a1", "tp-a2", "tp-b"]
    small.personas = [*small.personas, small.personas[0].model_copy(update={"id": "pe-b"})]
    assert [tp.id for tp in small.journey("pe-b")] == ["tp-a2", "tp-f", "tp-b"]


def test_new_id_is_readable_and_unique(small: Workshop) -> None:
    assert small.new_id("stages", "Plan") == "st-plan"
    small.stages = [*small.stages, small.stages[0].model_copy(update={"id": "st-plan"})]
    assert small.new_id("stages", "Plan") == "st-plan-2"
    assert small.new_id("touchpoints", "Lähetä lasku!") == "tp-laheta-lasku"
    assert small.new_id("participants", "???") == "pa-1"
    assert small.new_id("ideas", "???") == "idea-2"  # idea-1 is taken
