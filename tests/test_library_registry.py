"""Journey templates and solutions as plugin kinds: the kit's own registered in code, a
package's through the ``cjm_widgets.journeys`` and ``cjm_widgets.solutions`` entry point
groups, a notebook's with ``cjm_widgets.register``; what ``cjm templates``, ``cjm new
--from`` and ``cjm library suggest`` then show."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

import cjm_widgets
from cjm_widgets import CjmError, Workshop
from cjm_widgets.cli import main
from cjm_widgets.library import registered_library, registered_templates, suggest
from cjm_widgets.plugins import PluginWarning, refresh
from tests.messages import said
from tests.test_plugins import _dist, notebook, on_path

__all__ = ["notebook", "on_path"]  # the fixtures, used by name

JOURNEYS = Path(cjm_widgets.__file__).parent / "library" / "journeys"


def _water_meter(root: Path) -> Path:
    """A template folder of a plugin: the bill-question journey in English and Swedish."""
    folder = root / "water-meter"
    folder.mkdir(parents=True)
    for lang in ("en", "sv"):
        shutil.copy(JOURNEYS / "bill-question" / f"{lang}.cjm.json", folder / f"{lang}.cjm.json")
    (folder / "template.json").write_text('{"pain_kinds": {}}', encoding="utf-8")
    return folder


def _solution(**changes: object) -> dict[str, object]:
    texts = {
        lang: {"title": f"Meter photo by app ({lang})",
               "description": "The customer sends a photo of the meter from the app."}
        for lang in ("en", "fi", "sv", "da", "nb")
    }  # fmt: skip
    return {"id": "meter-photo", "texts": texts, "tags": ["manual-work"], "channels": ["digital"],
            "stages": ["during"], "effort": 2, "impact": 3, "evidence": "idea", **changes}  # fmt: skip


def test_the_kits_own_are_registered_in_code() -> None:
    found = refresh()
    assert [p.name for p in found.plugins("journeys")] == [
        "bill-question", "e-invoice", "late-payment", "moving-house", "onboarding",
        "supplier-invoices",
    ]  # fmt: skip
    assert all(p.builtin for p in found.plugins("journeys") + found.plugins("solutions"))
    assert len(registered_library().solutions) == 68


def test_a_notebook_registers_a_journey_template_that_cjm_new_uses(
    notebook: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cjm_widgets.register("journeys", "water-meter", _water_meter(tmp_path / "plugin"))
    assert main(["templates"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 7 and listed[-1].startswith("water-meter: ")
    assert listed[-1].endswith("(en, sv)")
    path = tmp_path / "w.cjm.json"
    assert main(["new", str(path), "--from", "water-meter", "--lang", "sv"]) == 0
    assert Workshop.load(path).language == "sv"
    assert main(["new", str(tmp_path / "x.cjm.json"), "--from", "water-meter", "--lang", "fi"]) == 1
    not_written = said(
        "library.template_language", name="water-meter", value="fi", choices="en, sv"
    )
    refused = said("cli.library.option", option="--lang", error=not_written)
    assert refused in capsys.readouterr().err


def test_register_refuses_what_is_no_template_or_solution(notebook: None, tmp_path: Path) -> None:
    with pytest.raises(CjmError, match="journeys") as wrong:
        cjm_widgets.register("journeys", "empty", tmp_path)
    assert "template.json" in str(wrong.value)
    with pytest.raises(CjmError, match="solutions"):
        cjm_widgets.register("solutions", "bad", {"id": "x"})
    assert "empty" not in registered_templates()


def test_a_notebooks_solutions_are_suggested(notebook: None, sample: Workshop) -> None:
    cjm_widgets.register("solutions", "meters", [_solution()])
    library = registered_library()
    assert len(library.solutions) == 69 and library.by_id()["meter-photo"].source == "meters"
    ids = {item.solution_id for item in suggest(sample, top=68)}
    assert "meter-photo" in ids


ACME = """
    def solutions():
        return {"solutions": [SOLUTION]}

    def clashing():
        return {"solutions": [CLASH]}
"""


def test_a_packages_solutions_join_and_a_clashing_one_is_left_out_by_name(
    on_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = ACME.replace("SOLUTION", repr(_solution())).replace(
        "CLASH", repr(_solution(id="call-back"))
    )
    _dist(on_path, "acme-cjm", "[cjm_widgets.solutions]\nmeters = acme_cjm:solutions\n"
          "clash = acme_cjm:clashing\n", code)  # fmt: skip
    refresh()
    with pytest.warns(PluginWarning) as record:
        library = registered_library()
    (message,) = [str(w.message) for w in record]
    assert "clash" in message and "acme-cjm" in message and "call-back" in message
    assert "meter-photo" in library.by_id()
    assert library.by_id()["call-back"].source.startswith("solutions/")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["plugins"]) == 0
    listed = capsys.readouterr().out
    assert "cjm_widgets.journeys:" in listed and "cjm_widgets.solutions:" in listed
    solutions = listed.split("cjm_widgets.solutions:")[1]
    assert "  meters  (acme-cjm 0.1; acme_cjm:solutions)" in solutions
    assert "  billing  (cjm-widgets" in solutions
