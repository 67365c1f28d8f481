"""Five languages: the app, the handouts, the guide and the canvases speak the workshop's language."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.guide import guide_source, write_guide
from cjm_widgets.i18n import format_number, supported_languages
from cjm_widgets.reports import render
from cjm_widgets.reports.run import chromium

LANGUAGES = ("en", "fi", "sv", "da", "nb")

# What each language's handout must say: its contents heading, a section, a formatted date.
HANDOUT = {
    "en": ("Contents", "Moments of truth", "6 October 2026", "63.5%"),
    "fi": ("Sisällys", "Totuuden hetket", "6. lokakuuta 2026", "63,5\u00a0%"),
    "sv": ("Innehåll", "Sanningens ögonblick", "6 oktober 2026", "63,5\u00a0%"),
    "da": ("Indhold", "Sandhedens øjeblikke", "6. oktober 2026", "63,5\u00a0%"),
    "nb": ("Innhold", "Sannhetens øyeblikk", "6. oktober 2026", "63,5\u00a0%"),
}


def test_the_five_languages_are_supported() -> None:
    assert set(supported_languages()) == set(LANGUAGES)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_sample_report_renders_in_each_language(
    tmp_path: Path, sample_path: Path, lang: str
) -> None:
    (outcome,) = render(sample_path, out=tmp_path, lang=lang)
    assert outcome.ok, outcome.error
    page = (tmp_path / "sample-report.html").read_text(encoding="utf-8")
    contents, section, date, number = HANDOUT[lang]
    assert f"<h2>{contents}</h2>" in page
    assert f">{section}</h2>" in page
    assert date in page
    assert number in page
    assert f'<html lang="{lang}">' in page
    if lang != "en":
        assert ">Moments of truth</h2>" not in page and "Contents" not in page


@pytest.mark.parametrize(("lang", "first_step", "next_label"), [
    ("fi", "1 Asiakas", "Seuraava"), ("sv", "1 Kund", "Nästa"), ("da", "1 Kunde", "Næste"), ("nb", "1 Kunde", "Neste"),
])  # fmt: skip
def test_the_app_speaks_the_chosen_language(
    comms: Any, sample: Workshop, lang: str, first_step: str, next_label: str
) -> None:
    from cjm_widgets.widgets import WorkshopApp

    app = WorkshopApp(sample, lang=lang, watch=None)
    assert app.step_buttons[0].description == f"✓ {first_step}"
    assert app.next_button.description == next_label


def test_an_unknown_language_is_a_clear_error(comms: Any, sample: Workshop) -> None:
    from cjm_widgets.widgets import WorkshopApp

    with pytest.raises(
        ValueError, match="'de' is not a supported language; use one of: en, da, fi, nb, sv"
    ):
        WorkshopApp(sample, lang="de")


def test_numbers_follow_the_language() -> None:
    assert format_number(1250.5, "en") == "1,250.5"
    assert format_number(1250.5, "fi") == "1\u00a0250,5"
    assert format_number(1400, "da") == "1.400"
    assert format_number(3, "sv") == "3"


def test_a_workshop_can_be_created_in_each_language(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        assert (
            main(["new", str(tmp_path / f"{lang}.cjm.json"), "--title", "T", "--lang", lang]) == 0
        )
        assert Workshop.load(tmp_path / f"{lang}.cjm.json").language == lang


def headings(text: str) -> list[str]:
    return [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("#")]


def commands(text: str) -> list[str]:
    return sorted(set(re.findall(r"`(cjm [a-z-]+)", text)))


def test_the_guides_say_the_same_things() -> None:
    english = guide_source("en").read_text(encoding="utf-8")
    for lang in LANGUAGES[1:]:
        text = guide_source(lang).read_text(encoding="utf-8")
        assert headings(text) == headings(english), lang
        assert commands(text) == commands(english), lang
        assert text.count("\n| ") == english.count("\n| "), lang  # the agenda tables
        assert text.count("\n- ") == english.count("\n- "), lang  # the checklist
        assert "--template followup" in text and "--page a1" in text and f"--lang {lang}" in text


@pytest.mark.parametrize(("lang", "canvas", "label"), [
    ("en", "Persona canvas", "Goals"), ("fi", "Persoonapohja", "Tavoitteet"), ("sv", "Personamall", "Mål"),
    ("da", "Personaskabelon", "Udfordringer"), ("nb", "Personamal", "Utfordringer"),
])  # fmt: skip
def test_guide_and_canvases_as_html(
    tmp_path: Path, lang: str, canvas: str, label: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["guide", "--lang", lang, "-o", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"facilitators-guide-{lang}.html",
        f"persona-canvas-{lang}.html",
        f"second-workshop-guide-{lang}.html",
        f"touchpoint-card-{lang}.html",
    ]
    guide = (tmp_path / f"facilitators-guide-{lang}.html").read_text(encoding="utf-8")
    assert guide.count("<h2>") == 10 and "<table>" in guide and "@font-face" in guide
    persona = (tmp_path / f"persona-canvas-{lang}.html").read_text(encoding="utf-8")
    assert f"<h1>{canvas}</h1>" in persona and f"<b>{label}</b>" in persona
    card = (tmp_path / f"touchpoint-card-{lang}.html").read_text(encoding="utf-8")
    assert card.count('class="box') == 8 and ">5</span>" in card
    assert sorted(capsys.readouterr().out.splitlines()) == [
        f"Wrote {tmp_path / name}" for name in names
    ]


def test_guide_in_an_unknown_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "--lang", "de", "-o", str(tmp_path)]) == 1
    assert "'de' is not a supported language" in capsys.readouterr().err


@pytest.mark.slow
def test_guide_as_pdf(tmp_path: Path) -> None:
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium to print the guide")
        pytest.skip("chromium not installed: apt-get install chromium")
    written = write_guide("fi", tmp_path, "pdf")
    pdfs = [p for p in written if p.suffix == ".pdf"]
    assert len(pdfs) == 4
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
