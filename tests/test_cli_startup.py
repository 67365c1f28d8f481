"""``cjm validate`` and ``cjm export --to svg`` start quickly: they load no data-frame,
query, notebook or widget library, only what checking and drawing a workshop needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from tests.test_cli_parser import HEAVY, ROOT


def loaded_by(arguments: list[str]) -> tuple[int, set[str]]:
    """Run ``cjm ARGUMENTS`` in a fresh Python; its exit code and the heavy libraries it
    loaded."""
    code = (
        "import sys; from cjm_widgets.cli import main; code = main(sys.argv[1:]); "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules)); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, cwd=ROOT
    )
    return result.returncode, set(result.stdout.split()) & set(HEAVY)


@pytest.mark.parametrize("command", ["validate", "export"])
def test_checking_and_drawing_a_workshop_load_no_heavy_library(
    command: str, sample: Workshop, tmp_path: Path
) -> None:
    path = sample.save(tmp_path / "journey.cjm.json")
    out = tmp_path / "journey.svg"
    arguments = [command, str(path)]
    if command == "export":
        arguments += ["--to", "svg", "--out", str(out)]
    code, heavy = loaded_by(arguments)
    assert code == 0
    assert heavy == set()
    if command == "export":
        assert out.read_text(encoding="utf-8").startswith("<svg")
