"""Workshops kept in git: ``cjm git install`` sets up cjm's diff and merge drivers.

``.gitattributes`` (or, with ``--global``, the user's attributes file) sends
``*.cjm.json`` to the ``cjm`` drivers; the git config names the commands: a textconv
that prints a workshop as stable text for ``git diff``/``git log -p``, and
``cjm merge-driver %O %A %B %P`` for merges by item and field.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import CjmError
from .i18n import translate
from .store import make_folder, write_file

ATTRIBUTES_LINE = "*.cjm.json diff=cjm merge=cjm"


def cjm_command() -> str:
    """How git should start this cjm: the running ``cjm`` script by its absolute path (git
    hooks run without the venv on PATH), else this Python with ``-m cjm_widgets.cli``."""
    script = Path(sys.argv[0])
    if script.name == "cjm" and script.is_file():
        return shlex.quote(str(script.absolute()))
    return f"{shlex.quote(sys.executable)} -m cjm_widgets.cli"


def _git(*args: str, cwd: Path) -> str:
    git = shutil.which("git")
    if git is None:
        raise CjmError(translate("versions.git.no_git"))
    done = subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = done.stderr.strip() or done.stdout.strip() or str(done.returncode)
        raise CjmError(translate("versions.git.failed", command=" ".join(args), reason=reason))
    return done.stdout.strip()


def _global_attributes(cwd: Path) -> Path:
    """The user's attributes file: core.attributesFile, else git's XDG default."""
    try:
        configured = _git("config", "--global", "--get", "core.attributesFile", cwd=cwd)
    except CjmError:
        configured = ""
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "git" / "attributes"


def _add_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if line in text.splitlines():
        return
    if text and not text.endswith("\n"):
        text += "\n"
    make_folder(path.parent)
    write_file(path, (text + line + "\n").encode("utf-8"))


def install(cwd: Path, *, user: bool = False) -> tuple[str, Path]:
    """Write the drivers' git config and the attributes line; returns (config, attributes)."""
    scope = "--global" if user else "--local"
    if user:
        attributes = _global_attributes(cwd)
    else:
        try:
            root = Path(_git("rev-parse", "--show-toplevel", cwd=cwd))
        except CjmError:
            raise CjmError(translate("versions.git.not_a_repo", path=cwd)) from None
        attributes = root / ".gitattributes"
    command = cjm_command()
    settings = {
        "diff.cjm.textconv": f"{command} git textconv",
        "diff.cjm.cachetextconv": "true",
        "merge.cjm.name": "cjm: workshops merged by item and field",
        "merge.cjm.driver": f"{command} merge-driver %O %A %B %P",
    }
    for key, value in settings.items():
        _git("config", scope, key, value, cwd=cwd)
    _add_line(attributes, ATTRIBUTES_LINE)
    origin = _git("config", scope, "--show-origin", "--get", "merge.cjm.driver", cwd=cwd)
    return origin.split("\t", 1)[0].removeprefix("file:"), attributes
