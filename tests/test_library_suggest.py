"""What others tried: each template's own pain points get a solution of their problem kind
in the top three, in every language; the table has fixed columns; bad requests are clear."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.errors import CjmError
from cjm_widgets.library import (
    CSV_COLUMNS,
    LIBRARY_LANGUAGES,
    LibraryError,
    journey_template,
    load_solutions,
    suggest,
    suggestions_csv,
    suggestions_frame,
    workshop_from_template,
    write_suggestions_csv,
)
from cjm_widgets.library.matcher import similar_solution
from cjm_widgets.library.text import Analyzer, stems
from tests.messages import said
from tests.test_library_journeys import NAMES


@pytest.mark.parametrize("lang", LIBRARY_LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_each_pain_point_gets_a_solution_of_its_kind_in_the_top_three(name: str, lang: str) -> None:
    template = journey_template(name)
    ws = template.workshop(lang)
    rows = suggest(ws, top=3)
    missed = []
    for pain in ws.pain_points:
        mine = [row for row in rows if row.pain_point_id == pain.id]
        assert [row.rank for row in mine] == [1, 2, 3]
        if not any(template.pain_kinds[pain.id] in row.tags for row in mine):
            missed.append(
                (pain.id, template.pain_kinds[pain.id], [row.solution_id for row in mine])
            )
    assert missed == []


def test_suggestions_are_in_the_workshop_language() -> None:
    english = suggest(workshop_from_template("late-payment", "en"), top=1)
    swedish = suggest(workshop_from_template("late-payment", "sv"), top=1)
    by_id = load_solutions().by_id()
    for row in swedish:
        assert row.title == by_id[row.solution_id].text("sv").title
        assert row.description == by_id[row.solution_id].text("sv").description
    assert [row.pain_point for row in swedish] != [row.pain_point for row in english]
    assert swedish[0].pain_point.startswith("Ingen säger till kunden")


def test_the_same_workshop_always_gets_the_same_list() -> None:
    ws = workshop_from_template("bill-question", "fi")
    first = suggest(ws, top=5)
    again = suggest(workshop_from_template("bill-question", "fi"), top=5, library=load_solutions())
    assert first == again
    scores = [row.score for row in first if row.pain_point_id == first[0].pain_point_id]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < row.score <= 1 for row in first)


def test_the_sample_gets_suggestions_with_what_the_group_needs_to_rate(sample: Workshop) -> None:
    rows = suggest(sample, top=2)
    assert len(rows) == 2 * len(sample.pain_points)
    first = rows[0]
    assert (first.pain_point_id, first.solution_id) == (
        "pp-customer-number",
        "prefilled-identifiers",
    )
    assert (first.effort, first.impact, first.evidence) == (2, 5, "reported")
    assert "hard-to-find" in first.kinds
    queue = [row.solution_id for row in rows if row.pain_point_id == "pp-phone-queue"]
    assert "call-back" in queue or "chat-with-handover" in queue


def test_a_persona_narrows_the_pain_points_by_id_or_name(sample: Workshop) -> None:
    all_pains = {row.pain_point_id for row in suggest(sample, top=1)}
    maija = {row.pain_point_id for row in suggest(sample, "pe-maija", top=1)}
    by_name = {row.pain_point_id for row in suggest(sample, "maija, BUSY parent", top=1)}
    assert maija == by_name
    assert "pp-customer-number" in maija and "pp-paper-after-switch" not in maija
    assert maija < all_pains


def test_an_unknown_persona_lists_the_personas(sample: Workshop) -> None:
    with pytest.raises(CjmError) as caught:
        suggest(sample, "pe-nobody")
    personas = "pe-maija (Maija, busy parent), pe-aino (Aino, careful senior)"
    assert str(caught.value) == said("persona.unknown", value="pe-nobody", choices=personas)


def test_top_must_ask_for_something(sample: Workshop) -> None:
    with pytest.raises(LibraryError) as caught:
        suggest(sample, top=0)
    assert str(caught.value) == said("library.bad_top", value=0)


def test_an_unknown_language_is_a_clear_error(sample: Workshop) -> None:
    with pytest.raises(LibraryError) as caught:
        suggest(sample, lang="de")
    unknown = {"value": "de", "choices": "en, fi, sv, da, nb"}
    assert str(caught.value) == said("library.unknown_language", **unknown)
    assert caught.value.translated("sv") == said("library.unknown_language", "sv", **unknown)


def test_the_csv_has_exactly_the_documented_columns(tmp_path: Path, sample: Workshop) -> None:
    rows = suggest(sample, top=3)
    path = write_suggestions_csv(rows, tmp_path / "suggestions.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(table[0]) == CSV_COLUMNS == (
        "pain_point_id", "pain_point", "rank", "solution_id", "title", "tags", "score", "evidence",
    )  # fmt: skip
    assert len(table) == 3 * len(sample.pain_points)
    first = table[0]
    assert first["pain_point_id"] == "pp-customer-number"
    assert first["rank"] == "1"
    assert first["tags"] == ";".join(rows[0].tags) and ";" in first["tags"]
    assert float(first["score"]) == rows[0].score
    assert first["evidence"] in {"measured", "reported", "idea"}


def test_the_frame_has_the_same_columns_even_when_empty(sample: Workshop) -> None:
    frame = suggestions_frame(suggest(sample, top=1))
    assert tuple(frame.columns) == CSV_COLUMNS
    assert len(frame) == len(sample.pain_points)
    assert tuple(suggestions_frame([]).columns) == CSV_COLUMNS


def test_text_that_looks_like_a_formula_is_kept_as_text(sample: Workshop) -> None:
    sample.pain_points[0].text = "=HYPERLINK(long queue)"
    text = suggestions_csv(suggest(sample, top=1))
    assert "\n" + "pp-customer-number,'=HYPERLINK(long queue)," in text


def test_an_idea_text_is_matched_to_the_solution_it_describes() -> None:
    library = load_solutions()
    assert (
        similar_solution(library, "Pre-fill the customer number in bank e-invoice offers", "en")
        == "prefilled-identifiers"
    )
    assert similar_solution(library, "Offer a call-back instead of queueing", "en") == "call-back"
    assert similar_solution(library, "Takaisinsoitto jonottamisen sijaan", "fi") == "call-back"
    assert similar_solution(library, "Paint the office walls green", "en") is None


def test_compound_words_meet_their_parts() -> None:
    finnish = Analyzer("fi", set(stems("asiakas numero", "fi")))
    assert finnish.terms("asiakasnumeroa") == ["asiakasnumero", "asiakas", "numero"]
    swedish = Analyzer("sv", set(stems("betalning påminnelse", "sv")))
    assert swedish.terms("betalningspåminnelse") == ["betalningspåminn", "betalning", "påminn"]
    assert Analyzer("sv", set()).terms("betalningspåminnelse") == ["betalningspåminn"]
    assert Analyzer("en", {"custom", "number"}).terms("customer numbers") == ["custom", "number"]


def test_finnish_inflections_of_us_nouns_meet() -> None:
    assert len(set(stems("muistutus muistutuksen muistutukset muistutusten", "fi"))) == 1
    assert stems("Asiakkaat eivät löydä ohjetta", "fi")[1] == "ei"
