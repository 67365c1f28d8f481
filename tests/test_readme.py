"""What README.md tells a newcomer works as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm_widgets import Workshop

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    setup_and_demo, setup_and_test = code_blocks("sh")[:2]
    assert setup_and_demo.strip() == (
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/cjm demo"
    )
    assert setup_and_test.strip() == (
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && .venv/bin/python -m pytest"
    )
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_and_test.strip() in ci_lines


def test_analyst_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    (snippet,) = code_blocks("python")
    printed: list[str] = []
    exec(compile(snippet, "README.md", "exec"), {"print": lambda *args: printed.extend(args)})
    example = Workshop.load(ROOT / "examples" / "utility-e-invoice.cjm.json")
    copy = Workshop.load(tmp_path / "copy.cjm.json")
    assert {**copy.to_dict(), "revision": 0} == {**example.to_dict(), "revision": 0}
    assert copy.revision == example.revision + 1  # saved as a new revision
    assert printed == [example.to_mermaid("pe-maija")]
