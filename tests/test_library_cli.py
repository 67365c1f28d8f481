"""The library on the command line: ``cjm templates``, ``cjm new --from``, ``cjm library
suggest`` (text, CSV, HTML) and ``cjm library add``, and the inspiration cards; what a
user sees: the lines printed, the files written, the exit codes."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.library import CSV_COLUMNS, journey_template
from cjm_widgets.library.matcher import pain_points_of
from cjm_widgets.reports.inspiration import inspiration_cards
from tests.messages import said, saying
from tests.test_library_outcomes import measured

NAMES = ["bill-question", "e-invoice", "late-payment", "moving-house", "onboarding",
         "supplier-invoices"]  # fmt: skip
LANGUAGES = ("en", "fi", "sv", "da", "nb")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def swedish_workshop(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """``cjm new w.cjm.json --from late-payment --lang sv``: the file it made."""
    path = tmp_path / "w.cjm.json"
    run(capsys, "new", str(path), "--from", "late-payment", "--lang", "sv")
    return path


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


# -- cjm templates and cjm new --from -------------------------------------------------------


def test_templates_lists_the_six_journeys_in_the_users_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "templates")
    lines = out.splitlines()
    assert code == 0 and [line.split(":")[0] for line in lines] == NAMES
    assert "late-payment: From reminder to collection (en, fi, sv, da, nb)" in lines
    _, finnish, _ = run(capsys, "--lang", "fi", "templates")
    assert "late-payment: Maksumuistutuksesta perintään (en, fi, sv, da, nb)" in finnish


def test_new_from_a_template_makes_a_valid_swedish_workshop_whose_map_draws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    code, out, _ = run(capsys, "new", str(path), "--from", "late-payment", "--lang", "sv")
    assert code == 0 and "w.cjm.json" in out
    ws = Workshop.load(path)
    assert ws.language == "sv" and ws.title == journey_template("late-payment").title("sv")
    assert len(ws.touchpoints) > 10 and len(ws.pain_points) > 5
    assert run(capsys, "validate", str(path))[0] == 0
    svg = tmp_path / "w.svg"
    assert run(capsys, "export", str(path), "--to", "svg", "-o", str(svg))[0] == 0
    drawn = svg.read_text(encoding="utf-8")
    assert "<svg" in drawn
    assert all(stage.name.split()[0] in drawn for stage in ws.stages)


def test_new_from_a_template_takes_the_title_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    code, _, _ = run(capsys, "new", str(path), "--from", "onboarding", "--lang", "fi",
                     "--title", "Tervetuloa", "--organisation", "Acme")  # fmt: skip
    ws = Workshop.load(path)
    assert code == 0 and (ws.title, ws.organisation, ws.language) == ("Tervetuloa", "Acme", "fi")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "poster"], "cjm new: --from: 'poster' is not a journey template; use one of: "
                               "bill-question, e-invoice, late-payment, moving-house, onboarding, "
                               "supplier-invoices"),
        (["--from", "onboarding", "--lang", "de"],
         "cjm new: --lang: 'de' is not a language of the library; use one of: en, fi, sv, da, nb"),
        ([], "cjm new: give the new workshop a title with --title, or start from a journey "
             "template with --from (cjm templates lists them)"),
    ],
)  # fmt: skip
def test_new_refuses_an_unknown_template_or_language_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    path = tmp_path / "w.cjm.json"
    code, out, err = run(capsys, "new", str(path), *args)
    assert (code, out, err) == (1, "", expected + "\n")
    assert not path.exists()


# -- cjm library suggest ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_suggest_ranks_solutions_for_the_sample_journey_in_each_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    path = tmp_path / "w.cjm.json"
    assert run(capsys, "new", str(path), "--from", "e-invoice", "--lang", lang)[0] == 0
    ws = Workshop.load(path)
    code, out, _ = run(capsys, "library", "suggest", str(path), "--to", "csv", "--top", "2")
    assert code == 0
    assert out.splitlines()[0] == ",".join(CSV_COLUMNS)
    found = rows(out)
    assert {row["pain_point_id"] for row in found} == {pain.id for pain in ws.pain_points}
    assert {row["rank"] for row in found} == {"1", "2"}
    assert any(";" in row["tags"] for row in found)
    assert {row["evidence"] for row in found} <= {"measured", "reported", "idea"}
    texts = {pain.id: pain.text for pain in ws.pain_points}
    assert all(row["pain_point"] == texts[row["pain_point_id"]] for row in found)


def test_suggest_prints_each_pain_point_with_its_ranked_solutions(
    sample_path: Path, sample: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    name = sample.by_id("personas")["pe-aino"].name.upper()  # a name in any case
    code, out, _ = run(capsys, "library", "suggest", str(sample_path), "--persona", name)
    assert code == 0
    blocks = out.strip().split("\n\n")
    first = blocks[0].splitlines()
    journey = pain_points_of(sample, "pe-aino")
    assert first[0] == f"{journey[0].text} [{journey[0].id}]"
    assert len(blocks) == len(journey) < len(sample.pain_points)
    assert first[1].startswith("   1. ") and first[1].endswith(")")
    assert said("library.evidence.reported") in out
    assert len(first) == 4  # the pain point and three solutions
    _, by_id, _ = run(capsys, "library", "suggest", str(sample_path), "--persona", "pe-aino")
    assert by_id == out


def test_suggest_refuses_an_unknown_persona_naming_the_choices(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "library", "suggest", str(sample_path), "--persona", "Bob")
    assert (code, out) == (1, "")
    unknown = saying("persona.unknown", value="Bob")
    assert err.count("\n") == 1 and re.search(unknown, err)
    assert "pe-maija" in err and "pe-aino" in err
    code, _, err = run(capsys, "library", "suggest", str(sample_path), "--top", "0")
    refused = said("cli.library.option", option="--top", error=said("library.bad_top", value=0))
    assert code == 1 and refused in err


def test_suggest_csv_file_is_guarded_against_formulas(
    tmp_path: Path, sample: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    sample.pain_points[0].text = '=HYPERLINK("http://x") customer number typed by hand'
    path = sample.save(tmp_path / "w.cjm.json")
    out = tmp_path / "s.csv"
    code, printed, _ = run(capsys, "library", "suggest", str(path), "--to", "csv", "-o", str(out))
    assert code == 0 and "s.csv" in printed
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    first = rows(raw.decode("utf-8"))[0]
    assert first["pain_point"].startswith("'=HYPERLINK")
    code, _, err = run(capsys, "library", "suggest", str(path), "--to", "csv", "-o", str(out))
    assert code == 1 and "s.csv" in err  # an existing file is kept without --force


def test_suggest_html_is_a_standalone_page_with_text_escaped(
    tmp_path: Path, sample: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    sample.pain_points[0].text = "<script>alert(1)</script> customer number typed by hand"
    sample.pain_points[0].severity = 5
    path = sample.save(tmp_path / "w.cjm.json")
    code, out, _ = run(capsys, "library", "suggest", str(path), "--to", "html")
    page = (tmp_path / "w.suggestions.html").read_text(encoding="utf-8")
    assert code == 0 and "w.suggestions.html" in out
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('class="cjm-card"') == len(sample.pain_points)
    assert said("report.inspiration.title") in page


def test_library_add_then_suggest_shows_where_a_solution_was_tried(
    tmp_path: Path, sample: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    measured(sample, "idea-prefill-customer-number", "tp-signup-bank", before=0.71, after=0.849,
             difference=0.139, ci_low=0.094, ci_high=0.181, p_value=0.0001)  # fmt: skip
    path = sample.save(tmp_path / "finished.cjm.json")
    library = tmp_path / "library"
    code, out, _ = run(capsys, "library", "add", str(path), "--library", str(library))
    assert code == 0
    workshop = "E-invoice and payment journey"
    kept = library / "finished.outcomes.json"
    assert out == said("cli.library.recorded", count=1, workshop=workshop, path=kept) + "\n"
    figures = {"difference": "+13.9", "low": "9.4", "high": "18.1"}
    tried = said("library.outcome.measured", workshop=workshop, **figures)
    code, out, _ = run(capsys, "library", "suggest", str(path), "--library", str(library))
    block = out.split("\n\n")[0].splitlines()
    assert code == 0 and block[1].startswith("   1. ") and block[2] == "      " + tried
    _, without, _ = run(capsys, "library", "suggest", str(path), "--library", str(tmp_path / "no"))
    assert tried not in without
    run(capsys, "library", "suggest", str(path), "--library", str(library), "--to", "html")
    assert tried in (tmp_path / "finished.suggestions.html").read_text(encoding="utf-8")


def test_library_add_refuses_a_workshop_without_launched_ideas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    run(capsys, "new", str(path), "--from", "onboarding")
    code, out, err = run(capsys, "library", "add", str(path), "--library", str(tmp_path / "l"))
    assert (code, out) == (1, "")
    assert re.search(saying("library.no_launched"), err) and err.count("\n") == 1
    assert not (tmp_path / "l").exists()


# -- the inspiration cards ---------------------------------------------------------------------


def test_inspiration_cards_show_the_worst_pain_points_in_the_workshops_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    run(capsys, "new", str(path), "--from", "late-payment", "--lang", "da")
    ws = Workshop.load(path)
    html = inspiration_cards(ws, outcomes=[])._repr_html_()
    assert said("report.inspiration.title", "da") in html
    assert html.count('class="cjm-card"') == min(6, len(ws.pain_points))
    worst = max(ws.pain_points, key=lambda pain: pain.severity or 0)
    assert worst.text in html
    assert html.count("Indsats") >= 1 and html.count('class="cjm-blank"') >= 6


def test_inspiration_is_a_registered_report_template() -> None:
    from cjm_widgets.templates import report_templates

    assert report_templates()["inspiration"].name == "inspiration.ipynb"


@pytest.mark.slow
def test_report_inspiration_writes_the_cards_as_page_and_slides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pptx import Presentation

    path = swedish_workshop(capsys, tmp_path)
    code, out, _ = run(capsys, "report", str(path), "--template", "inspiration", "--pptx",
                       "--out", str(tmp_path / "out"))  # fmt: skip
    assert code == 0
    page = (tmp_path / "out" / "w-inspiration.html").read_text(encoding="utf-8")
    title, kind = said("report.inspiration.title", "sv"), said("report.kind.inspiration", "sv")
    assert title in page and kind in page
    assert page.count('class="cjm-card"') == 6
    deck = Presentation(str(tmp_path / "out" / "w-inspiration.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides]
    ws = Workshop.load(path)
    assert len(titles) == 7 and titles[0] == ws.title
    assert max(ws.pain_points, key=lambda pain: pain.severity or 0).text in titles
    assert "w-inspiration.pptx" in out


@pytest.mark.slow
def test_a_workshop_from_a_swedish_template_gets_its_handout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = swedish_workshop(capsys, tmp_path)
    code, _, err = run(capsys, "report", str(path), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    page = (tmp_path / "out" / "w-report.html").read_text(encoding="utf-8")
    ws = Workshop.load(path)
    assert 'lang="sv"' in page and ws.title in page
    assert all(pain.text in page for pain in ws.pain_points)
