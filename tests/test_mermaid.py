"""Mermaid journey diagrams, checked by Mermaid's own parser (Node.js, tests/mermaid)."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Touchpoint, Workshop, WorkshopError

CHECKER = Path(__file__).resolve().parent / "mermaid"


@pytest.fixture(scope="session")
def mermaid_parse() -> Any:
    """A function that parses diagram text with Mermaid; installs Mermaid on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js and npm are needed to check Mermaid output in CI")
        pytest.skip("Node.js/npm not found: install nodejs and npm to check diagrams with Mermaid")
    if not (CHECKER / "node_modules" / "mermaid").is_dir():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=CHECKER,
            check=True,
            timeout=300,
        )

    def parse(text: str) -> dict[str, Any]:
        result = subprocess.run(
            [node, "parse-journey.mjs"],
            cwd=CHECKER,
            input=text,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    return parse


def shown(text: str) -> str:
    """What a browser shows for Mermaid's entity-encoded text."""
    return html.unescape(text.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";"))


def test_sample_journey_structure(sample: Workshop) -> None:
    text = sample.to_mermaid("pe-maija")
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "    title E-invoice and payment journey#58; Maija#44; busy parent"
    assert "    section Hears about e-invoicing" in lines
    assert "      Approves the e-invoice payment: 5: Maija#44; busy parent" in lines
    # the envisioned (future) journey is not part of today's diagram
    assert "One-tap e-invoice sign-up in the app" not in text


@pytest.mark.slow
def test_mermaid_understands_every_touchpoint(sample: Workshop, mermaid_parse: Any) -> None:
    for persona in (None, "pe-maija", "pe-aino"):
        parsed = mermaid_parse(sample.to_mermaid(persona))
        assert "error" not in parsed, parsed
        journey = sample.journey(persona, state="current")
        assert [shown(task["task"]) for task in parsed["tasks"]] == [tp.title for tp in journey]
        assert [task["score"] for task in parsed["tasks"]] == [tp.emotion for tp in journey]
        stage_names = {stage.id: stage.name for stage in sample.stages}
        assert [shown(task["section"]) for task in parsed["tasks"]] == [
            stage_names[tp.stage] for tp in journey
        ]
    parsed = mermaid_parse(sample.to_mermaid("pe-aino"))
    assert {tuple(shown(p) for p in task["people"]) for task in parsed["tasks"]} == {
        ("Aino, careful senior",)
    }


@pytest.mark.slow
def test_reserved_characters_survive(small: Workshop, mermaid_parse: Any) -> None:
    small.touchpoints = [
        *small.touchpoints,
        Touchpoint(
            id="tp-tricky",
            stage="st-2",
            channel="ch-web",
            title="Step 2: pay; then #celebrate, ok\nnext line",
        ),
    ]
    small.personas[0].name = "Anna: 35, renter"
    parsed = mermaid_parse(small.to_mermaid())
    tasks = {shown(task["task"]): task for task in parsed["tasks"]}
    tricky = tasks["Step 2: pay; then #celebrate, ok next line"]
    assert tricky["score"] == 3  # not yet rated: shown neutral
    assert [shown(p) for p in tricky["people"]] == ["Anna: 35, renter"]
    assert shown(parsed["title"]) == "Moving house"


def test_unknown_persona_is_a_clear_error(sample: Workshop) -> None:
    with pytest.raises(WorkshopError) as caught:
        sample.to_mermaid("pe-nobody")
    (problem,) = caught.value.problems
    assert (problem.path, problem.key) == ("persona", "error.reference")
    assert problem.params["value"] == "pe-nobody"
