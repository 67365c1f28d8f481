"""The package tells type checkers it is typed (ruff and strict mypy run in CI as lint)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_package_is_marked_typed() -> None:
    assert (ROOT / "cjm_widgets" / "py.typed").is_file()
