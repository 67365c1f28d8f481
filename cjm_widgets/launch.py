"""Opening a workshop in the browser: JupyterLab with the workshop notebook, or a code-free app.

Both bind to 127.0.0.1 with a token and print the URL (token included) once the server
answers. The workshop file is created when missing. The facilitator's notebook is
written from the template once and never overwritten after they edit it; the app's
notebook (``<name>-app.ipynb``, beside the workshop) is generated and holds only the app.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import CjmError
from .i18n import check_language, translate
from .model import Workshop
from .store import write_file
from .templates import bundled_template

STEM_SUFFIXES = (".cjm.json", ".json")


def stem_of(path: Path) -> str:
    name = path.name
    for suffix in STEM_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def ensure_workshop(path: Path, title: str | None = None, lang: str = "en") -> Workshop:
    """Load the workshop at ``path``, creating an empty one (titled after the file) if missing."""
    if path.exists():
        return Workshop.load(path)
    check_language(lang)
    named = stem_of(path).replace("-", " ").replace("_", " ").strip()
    workshop = Workshop(title=title or named or path.name, language=lang)  # fmt: skip
    workshop.save(path)
    print(translate("cli.created", path=path))
    return workshop


def _workshop_template() -> Path:
    template = bundled_template("workshop")
    if template is None:
        raise CjmError(translate("launch.no_template"))
    return template


def _with_parameters(template: Path, workshop_file: str, lang: str | None, guide_lang: str) -> str:
    """The template's JSON with its parameters cell bound to ``workshop_file`` and the
    facilitator's instructions in ``guide_lang``."""
    notebook = json.loads(template.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell.get("id") == "guide":
            cell["source"] = translate("notebook.guide", guide_lang).splitlines(keepends=True)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            lines = [f"workshop_path = {json.dumps(workshop_file)}  # the workshop file\n"]
            chosen = json.dumps(lang) if lang else "None"
            lines.append(f"lang = {chosen}  # None: the workshop's own language")
            cell["source"] = lines
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def workshop_notebook(path: Path, lang: str | None = None) -> Path:
    """The facilitator's notebook beside the workshop file, its instructions in the workshop's
    (or ``lang``'s) language; an edited one is left as it is."""
    target = path.with_name(f"{stem_of(path)}.ipynb")
    guide_lang = lang or Workshop.load(path).language
    fresh = _with_parameters(_workshop_template(), path.name, lang, guide_lang)
    if target.exists():
        if target.read_text(encoding="utf-8") != fresh:
            print(translate("launch.kept_notebook", path=target))
        return target
    write_file(target, fresh.encode("utf-8"))
    print(translate("cli.wrote", path=target))
    return target


def app_notebook(path: Path, lang: str | None = None) -> Path:
    """A notebook holding only the app, for the code-free page (regenerated each time)."""
    chosen = json.dumps(lang) if lang else "None"
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "app",
                "metadata": {},
                "outputs": [],
                "source": [
                    "from cjm_widgets import WorkshopApp\n",
                    "\n",
                    f"WorkshopApp({json.dumps(path.name)}, lang={chosen})",
                ],
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    target = path.with_name(f"{stem_of(path)}-app.ipynb")  # not hidden: servers refuse those
    write_file(target, (json.dumps(notebook, indent=1) + "\n").encode("utf-8"))
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def running(
    command: list[str],
    port: int,
    cwd: Path,
    *,
    output: IO[str] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Iterator[subprocess.Popen[str]]:
    """A server process that answers on ``port``; it is stopped when the block ends."""
    process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=output, text=True, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise CjmError(translate("launch.server_stopped", code=process.returncode))
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            if time.monotonic() > deadline:
                raise CjmError(translate("launch.timeout", seconds=int(timeout)))
            time.sleep(0.25)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def serve(command: list[str], port: int, url: str, cwd: Path, timeout: float = 120) -> int:
    """Run a server until it stops or Ctrl-C; print ``url`` once its port answers."""
    try:
        with running(command, port, cwd, timeout=timeout) as process:
            print(translate("launch.ready", url=url), flush=True)
            return process.wait()
    except KeyboardInterrupt:
        return 0


def lab_command(path: Path, notebook: Path, port: int, token: str) -> list[str]:
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={path.parent}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def app_command(notebook: Path, port: int, token: str) -> list[str]:
    return [
        sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1",
        f"--port={port}", "--Voila.port_retries=0", f"--token={token}",
        "--VoilaConfiguration.show_tracebacks=False", "--VoilaConfiguration.strip_sources=True",
    ]  # fmt: skip


def choose_port(port: int | None) -> int:
    if port is None:
        return free_port()
    if not 1 <= port <= 65535 or not _port_free(port):
        raise CjmError(translate("launch.port_busy", port=port))
    return port


def new_token() -> str:
    return secrets.token_urlsafe(24)
