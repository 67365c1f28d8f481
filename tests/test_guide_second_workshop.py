"""The second workshop's guide: written in each language, saying the same things, printed
beside the main guide, and naming the commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm_widgets.cli import main
from cjm_widgets.guide import guide_html, guide_source
from tests.test_languages import commands, headings

LANGUAGES = ("en", "fi", "sv", "da", "nb")
STEPS = ("`cjm library suggest", "--template inspiration", "--pptx", "`cjm library add", "--votes")


def second(lang: str) -> str:
    return guide_source(lang, "second-workshop").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_explains_preparing_running_and_following_up(lang: str) -> None:
    text = second(lang)
    english = second("en")
    assert headings(text) == headings(english)
    assert (
        commands(text)
        == commands(english)
        == [
            "cjm library",
            "cjm monitor",
            "cjm report",
            "cjm room",
        ]
    )
    assert text.count("\n| ") == english.count("\n| ")  # the agenda
    assert text.count("\n- ") == english.count("\n- ")  # the checklist
    assert all(step in text for step in STEPS), lang


def test_the_guides_are_written_per_language_not_copied() -> None:
    words = {lang: set(re.findall(r"\w{6,}", second(lang).lower())) for lang in LANGUAGES}
    for lang in LANGUAGES[1:]:
        shared = words[lang] & words["en"]
        assert len(shared) < len(words[lang]) / 5, lang


def test_the_app_s_words_in_the_guide_are_the_app_s() -> None:
    from cjm_widgets.i18n import translate

    for lang in LANGUAGES:
        assert f'"{translate("app.library.others_tried", lang)}"' in second(lang), lang


def test_the_main_guide_points_to_the_second(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        assert "`cjm library suggest`" in guide_source(lang).read_text(encoding="utf-8")
    page = guide_html("sv", "second-workshop")
    assert "<title>Handledarens guide: den andra workshoppen</title>" in page
    assert page.count("<h2>") == 6 and "<table>" in page


def test_cjm_guide_writes_the_second_workshop_guide(tmp_path: Path) -> None:
    assert main(["guide", "--lang", "da", "-o", str(tmp_path)]) == 0
    page = (tmp_path / "second-workshop-guide-da.html").read_text(encoding="utf-8")
    assert "Andre har prøvet" in page and "cjm library add workshop.cjm.json" in page
