"""The solution library: at least 40 patterns written in all five languages, tagged from one
documented vocabulary; plugins add solutions; a broken source is named with its fix."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets.library import (
    LIBRARY_LANGUAGES,
    LibraryError,
    Solution,
    kit_library,
    load_solutions,
)
from cjm_widgets.library.solutions import kit_solutions, solutions_from, tag_vocabulary
from tests.messages import said, saying

DOCS = Path(__file__).resolve().parent.parent / "docs" / "library.md"
REQUIRED_TAGS = (
    "unclear-bill", "missing-information", "hard-to-find", "manual-work", "slow-payment",
    "failure-demand", "long-wait", "broken-digital", "late-delivery", "channel-switch",
)  # fmt: skip


def extra_solution(**changes: Any) -> dict[str, Any]:
    texts = {
        lang: {"title": f"Title {lang}", "description": f"Text {lang}"}
        for lang in LIBRARY_LANGUAGES
    }
    return {
        "id": "water-leak-alert",
        "tags": ["missing-information"],
        "channels": ["digital"],
        "stages": ["during"],
        "effort": 2,
        "impact": 4,
        "evidence": "measured",
        "texts": texts,
        **changes,
    }


def test_at_least_forty_solutions_each_in_all_five_languages() -> None:
    solutions = kit_solutions()
    assert len(solutions) >= 40
    for solution in solutions:
        assert tuple(solution.texts) == LIBRARY_LANGUAGES or set(solution.texts) == set(
            LIBRARY_LANGUAGES
        )
        for lang in LIBRARY_LANGUAGES:
            text = solution.text(lang)
            assert text.title.strip() and len(text.description) > 40, (solution.id, lang)
        titles = {solution.text(lang).title for lang in LIBRARY_LANGUAGES}
        assert len(titles) >= 4, solution.id  # written per language, not copied


def test_solution_ids_are_unique_and_readable() -> None:
    ids = [solution.id for solution in kit_solutions()]
    assert len(ids) == len(set(ids))
    assert all(solution_id == solution_id.lower() and " " not in solution_id for solution_id in ids)


def test_every_required_problem_kind_has_several_solutions() -> None:
    counts = Counter(tag for solution in kit_solutions() for tag in solution.tags)
    assert {tag: counts[tag] for tag in REQUIRED_TAGS if counts[tag] < 3} == {}
    vocabulary = [tag.id for tag in tag_vocabulary()]
    assert set(REQUIRED_TAGS) <= set(vocabulary)
    assert set(counts) <= set(vocabulary)
    assert all(counts[tag] > 0 for tag in vocabulary)


def test_the_kit_does_not_claim_measured_figures() -> None:
    evidence = Counter(solution.evidence for solution in kit_solutions())
    assert evidence["measured"] == 0
    assert evidence["reported"] > evidence["idea"] > 0


def test_fit_and_scores_use_the_model_vocabulary() -> None:
    for solution in kit_solutions():
        assert set(solution.channels) <= {"digital", "physical", "human"}
        assert set(solution.stages) <= {"before", "during", "after"}
        assert 1 <= solution.effort <= 5 and 1 <= solution.impact <= 5


def test_every_tag_has_a_label_and_keywords_in_each_language() -> None:
    for tag in tag_vocabulary():
        for lang in LIBRARY_LANGUAGES:
            assert tag.label[lang].strip()
            assert len(tag.keywords[lang]) >= 5, (tag.id, lang)


def test_the_docs_explain_every_tag() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [tag.id for tag in tag_vocabulary() if f"`{tag.id}`" not in text]
    assert missing == []


def test_a_plugin_adds_solutions_from_files_folders_and_data(tmp_path: Path) -> None:
    (tmp_path / "more").mkdir()
    file = tmp_path / "more" / "water.json"
    file.write_text(json.dumps({"solutions": [extra_solution()]}), encoding="utf-8")
    from_folder = load_solutions([tmp_path / "more"])
    assert from_folder.by_id()["water-leak-alert"].source == str(file)
    assert len(from_folder.solutions) == len(kit_solutions()) + 1
    from_data = load_solutions([extra_solution(id="a-1"), [extra_solution(id="a-2")]])
    assert {"a-1", "a-2"} <= set(from_data.by_id())
    named = load_solutions(named={"acme": {"solutions": [extra_solution(id="a-3")]}})
    assert named.by_id()["a-3"].source == "acme"
    one = Solution.model_validate(extra_solution(id="a-4"))
    assert solutions_from(one, "acme")[0].source == "acme"
    assert "water-leak-alert" in {
        s.id for s in load_solutions([str(file)]).tagged("missing-information")
    }


def test_kit_library_is_loaded_once() -> None:
    assert kit_library() is kit_library()


def test_a_file_that_is_not_json_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"solutions": [\n  {"id": "x",\n}', encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_solutions([broken])
    not_json = saying("library.not_json", source=broken, line=3, column=1)
    assert re.fullmatch(not_json, str(caught.value))


def test_a_missing_language_is_named_with_the_field(tmp_path: Path) -> None:
    data = extra_solution()
    del data["texts"]["nb"]
    with pytest.raises(LibraryError) as caught:
        load_solutions([{"solutions": [data]}])
    missing = {"missing": "nb", "choices": "en, fi, sv, da, nb"}
    where = {"source": "dict", "where": "solutions[0].texts"}
    for lang in ("en", "fi"):  # the problem is told in the language asked for
        problem = said("library.missing_language", lang, **missing)
        shown = said("library.invalid", lang, **where, problem=problem)
        assert caught.value.translated(lang) == shown


def test_a_language_the_library_lacks_is_refused() -> None:
    data = extra_solution()
    data["texts"]["de"] = {"title": "Titel", "description": "Text"}
    with pytest.raises(LibraryError) as caught:
        load_solutions([data])
    problem = said("library.extra_language", unknown="de", choices="en, fi, sv, da, nb")
    where = {"source": "dict", "where": "solutions[0].texts"}
    assert str(caught.value) == said("library.invalid", **where, problem=problem)


@pytest.mark.parametrize(
    ("changes", "where", "key", "params"),
    [
        ({"effort": 7}, "effort", "error.out_of_range", {"value": 7, "low": 1, "high": 5}),
        (
            {"evidence": "proven"},
            "evidence",
            "error.choice",
            {"value": "'proven'", "choices": "'measured', 'reported' or 'idea'"},
        ),
        (
            {"channels": ["carrier pigeon"]},
            "channels[0]",
            "error.choice",
            {"value": "'carrier pigeon'", "choices": "'digital', 'physical' or 'human'"},
        ),
        ({"tags": []}, "tags", "library.too_few", {"low": 1}),
    ],
)
def test_a_bad_field_is_named(
    changes: dict[str, Any], where: str, key: str, params: dict[str, Any]
) -> None:
    with pytest.raises(LibraryError) as caught:
        load_solutions([extra_solution(**changes)])
    problem = said(key, **params)
    shown = said("library.invalid", source="dict", where=f"solutions[0].{where}", problem=problem)
    assert str(caught.value) == shown


def test_an_unknown_tag_lists_the_vocabulary() -> None:
    with pytest.raises(LibraryError) as caught:
        load_solutions([extra_solution(tags=["too-expensive"])])
    (message,) = caught.value.args
    assert message.key == "library.unknown_tag"
    assert (message.params["id"], message.params["value"]) == ("water-leak-alert", "too-expensive")
    assert message.params["choices"].startswith("unclear-bill, missing-information")


def test_a_taken_id_names_both_sources(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as caught:
        load_solutions([extra_solution(id="call-back")])
    taken = {"source": "dict", "value": "call-back", "other": "solutions/contact.json"}
    assert str(caught.value) == said("library.duplicate_id", **taken)


def test_a_source_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(LibraryError) as caught:
        load_solutions([42])  # type: ignore[list-item]
    assert str(caught.value) == said("library.bad_source", value="int")
