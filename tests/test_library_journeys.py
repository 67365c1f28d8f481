"""Journey templates: six complete workshops, each valid and mappable in all five languages,
the languages alike in structure; a plugin's folder adds templates; bad requests are clear."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.library import (
    LIBRARY_LANGUAGES,
    LibraryError,
    journey_template,
    journey_templates,
    structure_of,
    workshop_from_template,
)
from cjm_widgets.library.journeys import kit_templates
from cjm_widgets.library.solutions import tag_vocabulary
from cjm_widgets.render.svg import to_svg
from cjm_widgets.render.views import layout_view
from tests.messages import keys, said, saying

NAMES = (
    "e-invoice",
    "moving-house",
    "onboarding",
    "late-payment",
    "bill-question",
    "supplier-invoices",
)
JOURNEYS = Path(__file__).resolve().parent.parent / "cjm_widgets" / "library" / "journeys"
CASES = [(name, lang) for name in NAMES for lang in LIBRARY_LANGUAGES]
EVENT_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def test_the_six_named_journeys_ship_in_all_five_languages() -> None:
    templates = journey_templates()
    assert set(NAMES) <= set(templates)
    for name in NAMES:
        assert templates[name].languages == LIBRARY_LANGUAGES


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_every_template_file_loads_as_a_valid_workshop_in_its_language(
    name: str, lang: str
) -> None:
    path = JOURNEYS / name / f"{lang}.cjm.json"
    ws = Workshop.load(path)
    assert ws.language == lang
    assert ws.participants == [] and ws.ideas == [] and ws.ratings == []
    assert ws.measurements == [] and ws.conflicts == []
    assert ws.title == journey_template(name).title(lang)


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_cjm_validate_accepts_every_template_file(
    name: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = JOURNEYS / name / f"{lang}.cjm.json"
    assert main(["validate", str(path)]) == 0
    assert re.match(saying("cli.valid", path=path, revision=0), capsys.readouterr().out)


@pytest.mark.parametrize("name", NAMES)
def test_the_languages_of_a_template_differ_only_in_their_words(name: str) -> None:
    english = json.loads((JOURNEYS / name / "en.cjm.json").read_text(encoding="utf-8"))
    for lang in LIBRARY_LANGUAGES[1:]:
        other = json.loads((JOURNEYS / name / f"{lang}.cjm.json").read_text(encoding="utf-8"))
        assert structure_of(other) == structure_of(english), f"{name}/{lang}"


@pytest.mark.parametrize(
    ("name", "lang"), [(name, lang) for name in NAMES for lang in ("fi", "sv", "da", "nb")]
)
def test_each_language_is_written_out_not_left_in_english(name: str, lang: str) -> None:
    english = workshop_from_template(name, "en")
    other = workshop_from_template(name, lang)
    pairs = [
        (a.title, b.title) for a, b in zip(english.touchpoints, other.touchpoints, strict=True)
    ]
    pairs += [(a.text, b.text) for a, b in zip(english.pain_points, other.pain_points, strict=True)]
    pairs += [(a.name, b.name) for a, b in zip(english.stages, other.stages, strict=True)]
    same = [a for a, b in pairs if a == b]
    assert same == []
    assert other.title != english.title


def test_the_structure_check_sees_a_changed_score_or_link() -> None:
    document = json.loads((JOURNEYS / "late-payment" / "en.cjm.json").read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(document))
    changed["touchpoints"][0]["emotion"] = 5
    assert structure_of(changed) != structure_of(document)
    relinked = json.loads(json.dumps(document))
    relinked["pain_points"][0]["touchpoints"] = ["tp-calls-agency"]
    assert structure_of(relinked) != structure_of(document)
    reworded = json.loads(json.dumps(document))
    reworded["touchpoints"][0]["title"] = "Something else"
    reworded["touchpoints"][0]["backoffice"]["systems"] = ["A", "B"]
    assert structure_of(reworded) == structure_of(document)


@pytest.mark.parametrize("name", NAMES)
def test_templates_are_complete_workshops_of_a_realistic_size(name: str) -> None:
    ws = workshop_from_template(name, "en")
    assert 5 <= len(ws.stages) <= 7
    assert 12 <= len(ws.touchpoints) <= 20
    assert 6 <= len(ws.pain_points) <= 12
    assert 1 <= len(ws.personas) <= 2
    assert {stage.contact for stage in ws.stages} == {"before", "during", "after"}
    assert {channel.kind for channel in ws.channels} >= {"digital", "human"}
    used = {tp.channel for tp in ws.touchpoints}
    assert {channel.id for channel in ws.channels} == used
    assert all(tp.emotion is not None and tp.feeling for tp in ws.touchpoints)
    assert any(tp.moment_of_truth for tp in ws.touchpoints)
    assert all(pain.severity is not None for pain in ws.pain_points)
    with_backoffice = [tp for tp in ws.touchpoints if tp.backoffice.department]
    assert len(with_backoffice) >= len(ws.touchpoints) // 2
    assert len(ws.metrics) >= 5
    assert all(metric.target is not None and metric.unit for metric in ws.metrics)
    assert all(persona.goals and persona.needs and persona.feelings for persona in ws.personas)
    assert ws.vision.overall and ws.scope.part


@pytest.mark.parametrize("name", NAMES)
def test_signals_are_snake_case_event_names_used_once(name: str) -> None:
    ws = workshop_from_template(name, "en")
    signals = [signal for tp in ws.touchpoints for signal in tp.signals]
    assert len(signals) >= len(ws.touchpoints) // 2
    assert all(EVENT_NAME.match(signal) for signal in signals), signals
    assert len(signals) == len(set(signals))


@pytest.mark.parametrize("name", NAMES)
def test_every_pain_point_has_a_known_problem_kind(name: str) -> None:
    template = journey_template(name)
    ws = template.workshop("en")
    known = {tag.id for tag in tag_vocabulary()}
    assert set(template.pain_kinds) == {pain.id for pain in ws.pain_points}
    assert set(template.pain_kinds.values()) <= known


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_every_template_maps_without_warnings(name: str, lang: str) -> None:
    ws = workshop_from_template(name, lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for persona in ws.personas:
            svg = to_svg(layout_view(ws, "map", persona.id, lang=lang))
            first_words = [escape(stage.name.split()[0]) for stage in ws.stages]
            assert [word for word in first_words if word not in svg] == []


def test_a_new_workshop_takes_the_template_title_unless_one_is_given(tmp_path: Path) -> None:
    swedish = workshop_from_template("late-payment", "sv")
    assert swedish.title == "Från påminnelse till inkasso"
    assert swedish.language == "sv"
    named = workshop_from_template("late-payment", "sv", title="Inkasso 2027")
    path = named.save(tmp_path / "w.cjm.json")
    again = Workshop.load(path)
    assert again.title == "Inkasso 2027"
    assert again.touchpoints[0].title == swedish.touchpoints[0].title


def test_each_call_gives_a_fresh_copy() -> None:
    first = workshop_from_template("onboarding", "fi")
    first.title = "Muutettu"
    assert workshop_from_template("onboarding", "fi").title != "Muutettu"


def test_an_unknown_template_is_named_with_the_choices() -> None:
    with pytest.raises(LibraryError) as caught:
        workshop_from_template("late-payments", "en")
    (message,) = caught.value.args
    assert (message.key, message.params["value"]) == ("library.unknown_template", "late-payments")
    choices = message.params["choices"].split(", ")
    assert "late-payment" in choices and "supplier-invoices" in choices
    assert str(caught.value) == said("library.unknown_template", **message.params)
    in_finnish = said("library.unknown_template", "fi", **message.params)
    assert caught.value.translated("fi") == in_finnish != str(caught.value)


def test_an_unknown_language_is_named_with_the_choices() -> None:
    with pytest.raises(LibraryError) as caught:
        workshop_from_template("late-payment", "de")
    choices = ", ".join(LIBRARY_LANGUAGES)
    assert str(caught.value) == said("library.unknown_language", value="de", choices=choices)


def _plugin_template(root: Path, name: str, languages: tuple[str, ...] = ("en", "sv")) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for lang in languages:
        shutil.copy(JOURNEYS / "bill-question" / f"{lang}.cjm.json", folder / f"{lang}.cjm.json")
    (folder / "template.json").write_text('{"pain_kinds": {}}', encoding="utf-8")
    return folder


def test_a_plugin_folder_adds_templates_in_the_languages_it_has(tmp_path: Path) -> None:
    _plugin_template(tmp_path / "plugin", "water-meter")
    templates = journey_templates(named={"acme": tmp_path / "plugin"})
    assert templates["water-meter"].languages == ("en", "sv")
    assert set(NAMES) <= set(templates)
    assert workshop_from_template("water-meter", "sv", templates=templates).language == "sv"
    with pytest.raises(LibraryError) as caught:
        templates["water-meter"].workshop("fi")
    not_written = said(
        "library.template_language", name="water-meter", value="fi", choices="en, sv"
    )
    assert str(caught.value) == not_written
    single = journey_templates([tmp_path / "plugin" / "water-meter"])
    assert "water-meter" in single


def test_a_plugin_template_may_not_take_a_kit_name(tmp_path: Path) -> None:
    _plugin_template(tmp_path / "plugin", "onboarding")
    with pytest.raises(LibraryError) as caught:
        journey_templates([tmp_path / "plugin"])
    (message,) = caught.value.args
    assert message.key == "library.duplicate_id"
    assert (message.params["value"], message.params["other"]) == (
        "onboarding",
        "journeys/onboarding",
    )


def test_a_folder_without_templates_is_refused(tmp_path: Path) -> None:
    for folder in (tmp_path, tmp_path / "missing"):
        with pytest.raises(LibraryError) as caught:
            journey_templates([folder])
        assert keys(caught.value) == ["library.no_templates"]
        assert str(folder) in str(caught.value)


def test_a_broken_template_file_names_the_file_and_the_problem(tmp_path: Path) -> None:
    folder = _plugin_template(tmp_path / "plugin", "broken")
    (folder / "sv.cjm.json").write_text('{"title": "x",', encoding="utf-8")
    templates = journey_templates([tmp_path / "plugin"])
    with pytest.raises(LibraryError) as caught:
        templates["broken"].workshop("sv")
    (message,) = caught.value.args
    assert (message.key, message.params["line"]) == ("library.not_json", 1)
    assert str(message.params["source"]).endswith("broken/sv.cjm.json")
    (folder / "template.json").write_text('{"pain_kinds": {"pp-x": 3}}', encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        journey_templates([tmp_path / "plugin"])
    (message,) = caught.value.args
    assert (message.key, message.params["where"]) == ("library.invalid", "pain_kinds.pp-x")
    assert str(message.params["source"]).endswith("template.json")


def test_kit_templates_are_read_once() -> None:
    assert kit_templates() is kit_templates()


@pytest.mark.parametrize("name", NAMES)
def test_every_template_reports_without_errors_in_every_language(name: str) -> None:
    """What a handout holds, for each persona: every section the kit registers renders
    (a failing section would warn, and the kit's warnings are errors here), in the
    template's language, with the template's own words in it."""
    from cjm_widgets.plugin_hook import registered
    from cjm_widgets.reports.registered import registered_sections

    names = sorted(registered().builtins("report_sections"))
    for lang in LIBRARY_LANGUAGES:
        ws = workshop_from_template(name, lang)
        for persona in ws.personas:
            section = registered_sections(ws, persona.id, lang)
            shown = {part: section(part) for part in names}
            assert [part for part, made in shown.items() if made is None] == []
            body = "".join(made._repr_html_() for made in shown.values() if made is not None)
            assert escape(ws.title) in body or escape(persona.name) in body
            assert any(escape(pain.text) in body for pain in ws.pain_points)
