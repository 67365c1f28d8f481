"""Messages are keyed and translated when shown; plurals, numbers and dates come from Babel."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop, WorkshopError
from cjm_widgets.errors import ConflictError, Problem, StoreError
from cjm_widgets.i18n import (
    Message,
    UnknownLanguageError,
    default_language,
    format_date,
    format_number,
    language_from_environment,
    language_of_locale,
    plural_category,
    set_default_language,
    translate,
    translate_plural,
    using_language,
)
from tests.conftest import small_document

LANGUAGES = ("en", "fi", "sv", "da", "nb")


def finnish_document(**changes: Any) -> dict[str, Any]:
    return {**small_document(), "language": "fi", **changes}


def bad_emotion(document: dict[str, Any]) -> dict[str, Any]:
    document["touchpoints"][0]["emotion"] = 7
    return document


def test_a_message_keeps_its_key_and_parameters_and_can_be_shown_in_any_language() -> None:
    message = translate("cli.wrote", path="x.csv")
    assert isinstance(message, Message) and isinstance(message, str)
    assert (message, message.key, message.params, message.lang) == (
        "Wrote x.csv",
        "cli.wrote",
        {"path": "x.csv"},
        "en",
    )
    assert message.translated("fi") == "Kirjoitettu: x.csv"
    assert message.translated() == "Wrote x.csv"
    assert pickle.loads(pickle.dumps(message)).translated("fi") == "Kirjoitettu: x.csv"


def test_parameters_that_are_messages_or_errors_follow_the_language() -> None:
    reason = StoreError(translate("store.no_path"))
    status = translate("session.failed", "fi", reason=reason)
    assert status.startswith("Ei tallennettu: tällä työpajalla ei ole")
    assert translate("session.failed", "en", reason=reason).startswith(
        "Not saved: this workshop has no file yet"
    )


def test_a_problem_keeps_the_catalog_key_and_parameters() -> None:
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(bad_emotion(small_document()))
    (problem,) = caught.value.problems
    assert problem.path == "touchpoints[0].emotion"
    assert problem.key == "error.out_of_range"
    assert problem.params == {"value": 7, "low": 1, "high": 5}
    assert problem.text("fi") == "7 on välin 1\u20135 ulkopuolella; käytä kokonaislukua 1\u20135"
    assert str(problem) == (
        "touchpoints[0].emotion: 7 is outside 1-5; use a whole number from 1 to 5"
    )
    keyed = Problem.of("stages[0].name", "error.blank")
    assert (keyed.key, keyed.translated("sv")) == (
        "error.blank",
        "stages[0].name: är tomt; skriv någon text",
    )


def test_pydantic_messages_without_a_catalog_entry_stay_english() -> None:
    plain = Problem("title", "Input should be a valid string")
    assert (plain.key, plain.params, plain.text("fi")) == (None, {}, plain.message)


def test_a_finnish_workshop_reports_its_problems_in_finnish(tmp_path: Path) -> None:
    document = bad_emotion(finnish_document())
    document["ideas"][0]["pain_points"] = ["pp-9"]
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(document, source="w.cjm.json")
    error = caught.value
    assert error.lang == "fi"
    assert str(error).splitlines() == [
        "w.cjm.json: Ongelmia (2):",
        "  touchpoints[0].emotion: 7 on välin 1\u20135 ulkopuolella; käytä kokonaislukua 1\u20135",
        "  ideas[0].pain_points: 'pp-9' ei ole olemassa; käytä jonkin kohteen (pain_points) tunnistetta",
    ]
    assert error.translated("en").splitlines()[1] == (
        "  touchpoints[0].emotion: 7 is outside 1-5; use a whole number from 1 to 5"
    )
    path = tmp_path / "w.cjm.json"
    on_disk = bad_emotion(finnish_document(schema_version=1))
    path.write_text(json.dumps(on_disk), encoding="utf-8")
    with pytest.raises(WorkshopError, match="Ongelmia \\(1\\):"):
        Workshop.load(path)


def test_a_bad_language_field_leaves_the_errors_in_the_default_language() -> None:
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(bad_emotion(finnish_document(language="klingon")))
    assert caught.value.lang is None
    assert str(caught.value).startswith("Problems found (2):")


def test_errors_without_a_workshop_language_use_the_process_default() -> None:
    error = ConflictError(Path("w.cjm.json"), 3, 4)
    assert str(error).startswith("w.cjm.json was saved by someone else (revision 4)")
    with using_language("sv"):
        assert str(error).startswith("w.cjm.json har sparats av någon annan (version 4)")
        assert default_language() == "sv"
    assert default_language() == "en"
    assert error.translated("fi").startswith("Joku muu on tallentanut tiedoston w.cjm.json")
    raised_in_finnish = StoreError(translate("store.no_path"), lang="fi")
    assert str(raised_in_finnish) == raised_in_finnish.translated("fi")


def test_errors_survive_pickling_with_their_language() -> None:
    """Report workers send errors between processes."""
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(bad_emotion(finnish_document()), source="w")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (str(copy), copy.lang, copy.source) == (str(caught.value), "fi", "w")
    conflict = pickle.loads(pickle.dumps(ConflictError(Path("w.cjm.json"), 1, 2)))
    assert (conflict.ours, conflict.theirs, conflict.path) == (1, 2, Path("w.cjm.json"))
    assert conflict.translated("da").startswith("w.cjm.json er gemt af en anden (version 2)")


def test_unknown_language_error_can_be_shown_in_another_language() -> None:
    error = UnknownLanguageError("xx")
    assert str(error) == "'xx' is not a supported language; use one of: en, da, fi, nb, sv"
    assert error.translated("fi").startswith("'xx'")
    assert error.translated("fi") != str(error)


@pytest.mark.parametrize(
    ("lang", "one", "four"),
    [
        ("en", "This stage still has 1 touchpoint;", "This stage still has 4 touchpoints;"),
        ("fi", "Tässä vaiheessa on vielä 1 kohtaamispiste;", "on vielä 4 kohtaamispistettä;"),
        ("sv", "fortfarande 1 kontaktpunkt;", "fortfarande 4 kontaktpunkter;"),
        ("da", "stadig 1 kontaktpunkt;", "stadig 4 kontaktpunkter;"),
        ("nb", "fortsatt 1 kontaktpunkt;", "fortsatt 4 kontaktpunkter;"),
    ],
)
def test_plural_variants_follow_babels_rule(lang: str, one: str, four: str) -> None:
    assert one in translate("edit.in_use.stages", lang, count=1)
    assert four in translate_plural("edit.in_use.stages", 4, lang)
    assert plural_category(1, lang) == "one"
    assert plural_category(0, lang) == plural_category(2, lang) == "other"


def test_a_plural_message_needs_a_count() -> None:
    with pytest.raises(TypeError, match="plural message"):
        translate("report.summary", ok=1)


def test_a_plural_message_shown_again_picks_the_other_languages_form() -> None:
    message = translate("count.personas", count=1)
    assert (message, message.translated("fi")) == ("1 persona", "1 persoona")
    summary = translate("report.summary", ok=1, count=2)
    assert (summary, summary.translated("sv")) == ("1 of 2 reports made", "1 av 2 rapporter gjorda")


@pytest.mark.parametrize(
    ("lang", "number", "negative", "day"),
    [
        ("en", "1,250.5", "-1,250.5", "6 October 2026"),
        ("fi", "1\u00a0250,5", "-1\u00a0250,5", "6. lokakuuta 2026"),
        ("sv", "1\u00a0250,5", "-1\u00a0250,5", "6 oktober 2026"),
        ("da", "1.250,5", "-1.250,5", "6. oktober 2026"),
        ("nb", "1\u00a0250,5", "-1\u00a0250,5", "6. oktober 2026"),
    ],
)
def test_numbers_and_dates_come_from_babel(lang: str, number: str, negative: str, day: str) -> None:
    assert format_number(1250.5, lang) == number
    assert format_number(-1250.5, lang) == negative
    assert format_number(2.0, lang) == "2"
    assert format_number(0.125, lang) in ("0.12", "0,12", "0.13", "0,13")
    assert format_date(date(2026, 10, 6), lang) == day


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("fi_FI.UTF-8", "fi"),
        ("sv_FI.UTF-8", "sv"),
        ("da_DK", "da"),
        ("nb_NO.utf8", "nb"),
        ("no_NO", "nb"),
        ("nn_NO.UTF-8", "nb"),
        ("en_US.UTF-8", "en"),
        ("fi_FI@euro", "fi"),
        ("de_DE.UTF-8", None),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
    ],
)
def test_locale_names_map_to_catalogs(locale: str, lang: str | None) -> None:
    assert language_of_locale(locale) == lang


def test_the_locale_variables_are_read_in_posix_order() -> None:
    assert language_from_environment({}) == "en"
    assert language_from_environment({"LANG": "fi_FI.UTF-8"}) == "fi"
    assert language_from_environment({"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "sv_SE"}) == "sv"
    both = {"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "sv_SE", "LC_ALL": "C"}
    assert language_from_environment(both) == "en"
    assert language_from_environment({"LC_ALL": "", "LANG": "da_DK.UTF-8"}) == "da"
    assert language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"


def test_the_default_language_is_checked() -> None:
    with pytest.raises(UnknownLanguageError):
        set_default_language("xx")
    assert default_language() == "en"


def test_widgets_show_errors_in_the_session_language(comms: Any, small: Workshop) -> None:
    """The workshop is English; the session (the app's language) is Finnish."""
    from cjm_widgets.widgets import WorkshopSession
    from cjm_widgets.widgets.editors import ServicePathEditor
    from cjm_widgets.widgets.fields import text_field

    session = WorkshopSession(small, lang="fi")
    editor = ServicePathEditor(session)
    editor.stages.select("st-1")
    editor.stages.delete_button.click()
    assert "Tässä vaiheessa on vielä 1 kohtaamispiste; siirrä se" in editor.stages.error.value
    name = text_field("Nimi", small.stages[0], "name", session)
    name.value = " "
    assert "on tyhjä; kirjoita tekstiä" in name.error.value
    assert small.stages[0].name == "Plan"
