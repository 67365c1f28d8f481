"""Past outcomes: a finished workshop's launched ideas and measured impact are kept in a
library folder on this machine and shown beside the solution they were, in any language."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.i18n import format_date
from cjm_widgets.library import (
    LibraryError,
    add_suggested_idea,
    default_library_folder,
    link_idea,
    linked_solution,
    outcome_lines,
    read_outcomes,
    record_outcomes,
    suggest,
)
from cjm_widgets.library.outcomes import LibraryWarning, tried
from cjm_widgets.model import MeasuredImpact, Measurement
from tests.messages import read_back, said, saying

WORKSHOP = "E-invoice and payment journey"


def measured(ws: Workshop, idea: str, touchpoint: str, **figures: float | bool) -> Workshop:
    """``ws`` with a current snapshot holding one impact row."""
    row = MeasuredImpact(
        idea=idea, touchpoint=touchpoint, paths_before=900, paths_after=800, **figures
    )
    ws.measurements = [
        Measurement(
            id="m-2026-11",
            period_start=datetime(2026, 10, 1),
            period_end=datetime(2026, 11, 30),
            impact=[row],
        )
    ]
    return ws


@pytest.fixture
def finished(sample: Workshop) -> Workshop:
    return measured(
        sample,
        "idea-prefill-customer-number",
        "tp-signup-bank",
        before=0.71,
        after=0.849,
        difference=0.139,
        ci_low=0.094,
        ci_high=0.181,
        p_value=0.0001,
    )


def test_recorded_impact_appears_beside_its_solution(tmp_path: Path, finished: Workshop) -> None:
    path = record_outcomes(finished, tmp_path / "library")
    assert path == tmp_path / "library" / "e-invoice-and-payment-journey.outcomes.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["workshop"] == "E-invoice and payment journey"
    assert [idea["idea"] for idea in saved["ideas"]] == ["idea-prefill-customer-number"]
    assert saved["ideas"][0]["figures"][0]["difference"] == 0.139
    assert saved["ideas"][0]["figures"][0]["touchpoint_title"] == "Accepts the e-invoice offer"
    outcomes = read_outcomes(tmp_path / "library")
    figures = {"difference": "+13.9", "low": "9.4", "high": "18.1"}
    assert outcome_lines("prefilled-identifiers", outcomes, "en") == [
        said("library.outcome.measured", workshop=WORKSHOP, **figures)
    ]
    in_finnish = {"difference": "+13,9", "low": "9,4", "high": "18,1"}  # Finnish decimals
    assert outcome_lines("prefilled-identifiers", outcomes, "fi") == [
        said("library.outcome.measured", "fi", workshop=WORKSHOP, **in_finnish)
    ]
    assert outcome_lines("call-back", outcomes, "en") == []


def test_suggestions_can_be_shown_with_what_was_tried(tmp_path: Path, finished: Workshop) -> None:
    record_outcomes(finished, tmp_path)
    outcomes = read_outcomes(tmp_path)
    rows = suggest(finished, top=3)
    shown = {row.solution_id: outcome_lines(row.solution_id, outcomes, "sv") for row in rows}
    in_swedish = {"difference": "+13,9", "low": "9,4", "high": "18,1"}
    assert shown["prefilled-identifiers"] == [
        said("library.outcome.measured", "sv", workshop=WORKSHOP, **in_swedish)
    ]


def test_an_idea_from_the_library_remembers_its_solution(tmp_path: Path, sample: Workshop) -> None:
    row = next(r for r in suggest(sample, top=3) if r.solution_id == "call-back")
    idea = add_suggested_idea(sample, row)
    assert (idea.text, idea.pain_points, idea.effort, idea.impact) == (
        "Call-back instead of queueing",
        ["pp-phone-queue"],
        2,
        3,
    )
    assert idea.status == "proposed"
    assert linked_solution(sample, idea.id) == "call-back"
    path = sample.save(tmp_path / "w.cjm.json")
    reloaded = Workshop.load(path)
    assert linked_solution(reloaded, idea.id) == "call-back"
    reloaded.ideas[-1].launched_on = date(2026, 11, 2)
    measured(reloaded, idea.id, "tp-aino-calls-signup", difference=-0.021, small_sample=True)
    record_outcomes(reloaded, tmp_path / "library")
    outcomes = read_outcomes(tmp_path / "library")
    assert outcomes[0].name == "w"
    assert [(i.idea, i.solution) for i in outcomes[0].ideas if i.solution] == [
        (idea.id, "call-back")
    ]
    assert outcome_lines("call-back", outcomes, "en") == [
        said("library.outcome.small_sample", workshop=WORKSHOP, difference="-2.1")
    ]


def test_a_link_to_another_solution_wins_over_the_text(tmp_path: Path, finished: Workshop) -> None:
    link_idea(finished, "idea-prefill-customer-number", "identify-with-bank-id")
    record_outcomes(finished, tmp_path)
    outcomes = read_outcomes(tmp_path)
    assert outcome_lines("prefilled-identifiers", outcomes, "en") == []
    assert len(outcome_lines("identify-with-bank-id", outcomes, "en")) == 1


def test_a_launched_idea_not_measured_yet_says_so(tmp_path: Path, sample: Workshop) -> None:
    record_outcomes(sample, tmp_path)
    outcomes = read_outcomes(tmp_path)
    launched = date(2026, 10, 27)
    for lang in ("en", "da"):  # the date as each language writes it
        assert outcome_lines("prefilled-identifiers", outcomes, lang) == [
            said(
                "library.outcome.not_measured",
                lang,
                workshop=WORKSHOP,
                date=format_date(launched, lang),
            )
        ]
    assert format_date(launched, "da") == "27. oktober 2026"
    matches = tried("prefilled-identifiers", outcomes)
    assert [(record.name, idea.idea) for record, idea in matches] == [
        ("e-invoice-and-payment-journey", "idea-prefill-customer-number")
    ]


def test_recording_again_replaces_the_workshop_s_file(tmp_path: Path, finished: Workshop) -> None:
    record_outcomes(finished, tmp_path)
    finished.ideas[1].launched_on = date(2026, 12, 1)
    record_outcomes(finished, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["e-invoice-and-payment-journey.outcomes.json"]
    assert len(read_outcomes(tmp_path)[0].ideas) == 2


def test_a_workshop_with_no_launched_idea_is_refused(tmp_path: Path, sample: Workshop) -> None:
    for idea in sample.ideas:
        idea.launched_on = None
    with pytest.raises(LibraryError) as caught:
        record_outcomes(sample, tmp_path)
    assert str(caught.value) == said("library.no_launched", workshop=WORKSHOP)
    assert list(tmp_path.iterdir()) == []


def test_a_broken_file_is_named_and_skipped(tmp_path: Path, finished: Workshop) -> None:
    record_outcomes(finished, tmp_path)
    (tmp_path / "old.outcomes.json").write_text("{not json", encoding="utf-8")
    with pytest.warns(LibraryWarning) as warned:
        outcomes = read_outcomes(tmp_path)
    (warning,) = warned
    told = read_back("library.outcomes_skipped", str(warning.message))
    assert told is not None
    reason = saying("library.not_json", source=tmp_path / "old.outcomes.json")
    assert re.fullmatch(reason, told["reason"])
    assert [record.name for record in outcomes] == ["e-invoice-and-payment-journey"]


def test_no_folder_yet_means_no_outcomes(tmp_path: Path) -> None:
    assert read_outcomes(tmp_path / "never-made") == []


def test_the_default_folder_is_the_user_s_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, finished: Workshop
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_library_folder() == tmp_path / "data" / "cjm-widgets" / "library"
    path = record_outcomes(finished)
    assert path.parent == tmp_path / "data" / "cjm-widgets" / "library"
    assert len(read_outcomes()) == 1


def test_linking_an_unknown_idea_is_refused(sample: Workshop) -> None:
    with pytest.raises(LibraryError) as caught:
        link_idea(sample, "idea-nope", "call-back")
    assert str(caught.value) == said("library.unknown_idea", value="idea-nope")
