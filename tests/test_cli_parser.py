"""The ``cjm`` parser: every command reaches a handler that exists, the installed script
points at a function that exists, and building the parser loads no heavy library."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

from cjm_widgets.cli import build_parser
from cjm_widgets.cli.commands import Handler

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("pandas", "ibis", "duckdb", "papermill", "ipywidgets", "ipycanvas", "pyspark")
"""What a command loads when it needs it, never the parser: ``cjm validate`` and
``cjm --help`` start without them."""


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, object]:
    """Each runnable command (``git textconv`` for the nested ones) -> its handler."""
    found: dict[str, object] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _commands(sub, f"{prefix}{name} ")
                found.update(nested or {f"{prefix}{name}": sub.get_default("handler")})
    return found


def test_every_command_names_a_handler_that_exists() -> None:
    commands = _commands(build_parser())
    assert {"new", "validate", "demo", "git install", "git textconv", "merge-driver"} <= set(
        commands
    )
    missing = []
    for name, handler in commands.items():
        assert isinstance(handler, Handler), name
        try:
            handler.resolve()
        except (ImportError, AttributeError) as error:
            missing.append(f"{name}: {error}")
    assert missing == []


def test_the_installed_cjm_script_points_at_main() -> None:
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["cjm"]
    module, _, name = target.partition(":")
    assert callable(getattr(importlib.import_module(module), name))


def test_building_the_parser_loads_no_heavy_library() -> None:
    code = (
        "import sys; from cjm_widgets.cli import build_parser; build_parser(); "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""
