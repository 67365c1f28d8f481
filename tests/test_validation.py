"""Every validation rule, seen as the message a user reads."""

from __future__ import annotations

from typing import Any

import pytest

from cjm_widgets import Touchpoint, Workshop, WorkshopError
from tests.conftest import small_document


def problems_of(document: dict[str, Any]) -> list[str]:
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(document)
    return [str(problem) for problem in caught.value.problems]


def test_valid_document_passes() -> None:
    ws = Workshop.from_dict(small_document())
    assert [tp.id for tp in ws.touchpoints] == ["tp-1", "tp-2"]


@pytest.mark.parametrize(
    ("entity", "field", "value", "expected"),
    [
        ("touchpoints", "emotion", 7, "touchpoints[0].emotion: 7 is outside 1-5"),
        ("touchpoints", "emotion", 0, "touchpoints[0].emotion: 0 is outside 1-5"),
        (
            "touchpoints",
            "emotion",
            "happy",
            "touchpoints[0].emotion: 'happy' is not a whole number",
        ),
        ("touchpoints", "emotion", 2.5, "touchpoints[0].emotion: 2.5 is not a whole number"),
        ("pain_points", "severity", 6, "pain_points[0].severity: 6 is outside 1-5"),
        ("ideas", "effort", -1, "ideas[0].effort: -1 is outside 1-5"),
        ("ideas", "impact", 9, "ideas[0].impact: 9 is outside 1-5"),
        ("ideas", "status", "maybe", "ideas[0].status: 'maybe' is not allowed; use 'proposed'"),
        ("channels", "kind", "carrier pigeon", "channels[0].kind: 'carrier pigeon' is not allowed"),
        ("stages", "contact", "later", "stages[0].contact: 'later' is not allowed"),
        ("touchpoints", "journey", "past", "touchpoints[0].journey: 'past' is not allowed"),
        ("pain_points", "source", "rumour", "pain_points[0].source: 'rumour' is not allowed"),
        ("metrics", "kind", "vibes", "metrics[0].kind: 'vibes' is not allowed"),
        ("metrics", "target", "lots", "metrics[0].target: 'lots' is not a finite number"),
        ("metrics", "actual", float("nan"), "metrics[0].actual: nan is not a finite number"),
        ("metrics", "better", "sideways", "metrics[0].better: 'sideways' is not allowed"),
        ("touchpoints", "title", "   ", "touchpoints[0].title: is empty; type some text"),
        ("personas", "name", "", "personas[0].name: is empty"),
        (
            "touchpoints",
            "moment_of_truth",
            "perhaps",
            "touchpoints[0].moment_of_truth: 'perhaps' is not yes or no",
        ),
        ("touchpoints", "id", "has space", "touchpoints[0].id: 'has space' is not a usable id"),
        ("touchpoints", "emotoin", 3, "touchpoints[0].emotoin: is not a known field"),
        ("pain_points", "touchpoints", [], "pain_points[0].touchpoints"),
    ],
)
def test_field_rules(entity: str, field: str, value: Any, expected: str) -> None:
    document = small_document()
    document[entity][0][field] = value
    assert any(problem.startswith(expected) for problem in problems_of(document)), problems_of(
        document
    )


def test_missing_required_fields_are_named() -> None:
    document = small_document()
    del document["title"]
    del document["touchpoints"][1]["stage"]
    problems = problems_of(document)
    assert "title: is required; add it" in problems
    assert "touchpoints[1].stage: is required; add it" in problems


def test_scope_part_needs_a_name() -> None:
    document = small_document()
    document["scope"] = {"journey": "part", "part": ""}
    assert any(p.startswith("scope: names no part") for p in problems_of(document))


def test_unknown_language_lists_the_supported_ones() -> None:
    document = small_document()
    document["language"] = "xx"
    assert problems_of(document) == [
        "language: 'xx' is not a supported language; use one of: en, da, fi, nb, sv"
    ]


def test_dates_must_be_dates() -> None:
    document = small_document()
    document["dates"] = ["2026-10-06", "next tuesday"]
    assert problems_of(document) == [
        "dates[1]: 'next tuesday' is not a date; write it as YYYY-MM-DD"
    ]


@pytest.mark.parametrize(
    ("entity", "field", "value", "expected"),
    [
        (
            "touchpoints",
            "stage",
            "st-9",
            "touchpoints[0].stage: 'st-9' does not exist; use the id of one of the stages",
        ),
        ("touchpoints", "channel", "ch-9", "touchpoints[0].channel: 'ch-9' does not exist"),
        ("touchpoints", "persona", "pe-9", "touchpoints[0].persona: 'pe-9' does not exist"),
        (
            "pain_points",
            "touchpoints",
            ["tp-1", "tp-9"],
            "pain_points[0].touchpoints: 'tp-9' does not exist",
        ),
        ("ideas", "pain_points", ["pp-9"], "ideas[0].pain_points: 'pp-9' does not exist"),
        ("metrics", "touchpoint", "tp-9", "metrics[0].touchpoint: 'tp-9' does not exist"),
    ],
)
def test_every_reference_is_checked(entity: str, field: str, value: Any, expected: str) -> None:
    document = small_document()
    document[entity][0][field] = value
    assert [p for p in problems_of(document) if p.startswith(expected)]


def test_duplicate_ids_name_both_places() -> None:
    document = small_document()
    document["touchpoints"][1]["id"] = "tp-1"
    problems = problems_of(document)
    assert any(
        p.startswith("touchpoints[1].id: id 'tp-1' is already used by touchpoints[0]")
        for p in problems
    )


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
    assert message.startswith("Problems found (4):")
    for expected in (
        "touchpoints[0].emotion: 7 is outside 1-5",
        "ideas[0].pain_points: 'pp-9' does not exist",
        "channels[0].kind: 'pigeon' is not allowed",
        "touchpoints[1].stage: 'st-9' does not exist",
    ):
        assert expected in message


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
    with pytest.raises(WorkshopError, match=r"Touchpoint\[id=tp-1\]\.emotion: 9 is outside 1-5"):
        touchpoint.emotion = 9
    assert touchpoint.emotion == 3
    before = list(small.touchpoints)
    duplicate = Touchpoint(id="tp-1", stage="st-1", channel="ch-web", title="Again")
    with pytest.raises(WorkshopError, match="already used"):
        small.touchpoints = [*before, duplicate]
    assert small.touchpoints == before


def test_check_finds_problems_made_by_in_place_edits(small: Workshop) -> None:
    small.touchpoints.append(Touchpoint(id="tp-3", stage="st-gone", channel="ch-web", title="Lost"))
    with pytest.raises(WorkshopError, match=r"touchpoints\[2\]\.stage: 'st-gone' does not exist"):
        small.check()


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
