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
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import CjmError
from .i18n import check_language, translate
from .server_guard import IDENTITY_PROVIDER
from .store import stem_of, write_file
from .templates import bundled_template
from .workshop import Workshop


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


def workshop_notebook(path: Path, lang: str | None = None, *, force: bool = False) -> Path:
    """The facilitator's notebook beside the workshop file, its instructions in the workshop's
    (or ``lang``'s) language; an edited one is left as it is (unless ``force``)."""
    target = path.with_name(f"{stem_of(path)}.ipynb")
    guide_lang = lang or Workshop.load(path).language
    fresh = _with_parameters(_workshop_template(), path.name, lang, guide_lang)
    if target.exists() and not force:
        if target.read_text(encoding="utf-8") != fresh:
            print(translate("launch.kept_notebook", path=target))
        return target
    write_file(target, fresh.encode("utf-8"))
    print(translate("cli.wrote", path=target))
    return target


APPS = {"app": ("cjm_widgets", "WorkshopApp"), "room": ("cjm_widgets.widgets.room_app", "RoomApp")}
"""The code-free pages: ``cjm app``'s workshop app, ``cjm room``'s app with the room tab."""


def app_notebook(
    path: Path, lang: str | None = None, *, force: bool = False, kind: str = "app"
) -> Path:
    """A notebook holding only the app (``kind`` ``room``: with the room tab), for the
    code-free page.

    An existing ``<name>-app.ipynb`` (``<name>-room.ipynb``) that holds something else
    (someone edited it) is kept, and the app gets ``<name>-app-2.ipynb`` (the first free
    or identical name), unless ``force``.
    """
    module, opener = APPS[kind]
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
                    f"from {module} import {opener}\n",
                    "\n",
                    f"{opener}({json.dumps(path.name)}, lang={chosen})",
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
    payload = (json.dumps(notebook, indent=1) + "\n").encode("utf-8")
    wanted = path.with_name(f"{stem_of(path)}-{kind}.ipynb")  # not hidden: servers refuse those
    target = wanted
    number = 2
    while not force and target.exists() and _content(target) != payload:
        target = path.with_name(f"{stem_of(path)}-{kind}-{number}.ipynb")
        number += 1
    if target != wanted:
        print(translate("launch.kept_app_notebook", path=wanted, new=target.name))
    if force or not target.exists():
        write_file(target, payload)
    return target


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


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


STOP_GRACE_SECONDS = 8.0
"""How long a server gets to shut its kernels down before it and its children are killed."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, ask the kernel to stop the server if cjm itself is killed (even by SIGKILL)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def stop_server(process: subprocess.Popen[str], grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop a server started by ``running`` and everything it started (its kernels).

    The server gets SIGTERM and ``grace`` seconds to shut its kernels down; then
    whatever is left in its process group is terminated, and killed if it lingers.
    """
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if not hasattr(os, "killpg"):  # pragma: no cover - Windows: no process groups here
        return
    group = process.pid
    for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 0.0)):
        if not _group_alive(group):
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _group_alive(group):
            time.sleep(0.05)


@contextlib.contextmanager
def running(
    command: list[str],
    port: int,
    cwd: Path,
    *,
    output: IO[str] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    host: str = "127.0.0.1",
) -> Iterator[subprocess.Popen[str]]:
    """A server process that answers on ``port``; it and its kernels are stopped when the
    block ends (its own process group, so nothing it started is left behind)."""
    posix = os.name == "posix"
    process = subprocess.Popen(
        command, cwd=cwd, stdout=output, stderr=output, text=True, env=env,
        start_new_session=posix, preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise CjmError(translate("launch.server_stopped", code=process.returncode))
            with contextlib.suppress(OSError), socket.create_connection((host, port), 0.5):
                break
            if time.monotonic() > deadline:
                raise CjmError(translate("launch.timeout", seconds=int(timeout)))
            time.sleep(0.25)
        yield process
    finally:
        stop_server(process)


class _StopRequestedError(Exception):
    """SIGTERM or SIGHUP reached cjm: stop the server as Ctrl-C would."""


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception, so the server is stopped on the way out."""

    def stop(signum: int, frame: object) -> None:
        raise _StopRequestedError(signum)

    names = ("SIGTERM", "SIGHUP")
    previous: dict[int, Any] = {}
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        for name in names:
            if hasattr(signal, name):
                number = getattr(signal, name)
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def serve(
    command: list[str], port: int, url: str, cwd: Path, timeout: float = 120,
    env: dict[str, str] | None = None, host: str = "127.0.0.1",
) -> int:  # fmt: skip
    """Run a server until it stops, Ctrl-C, SIGTERM or SIGHUP; print ``url`` once its port
    answers (on ``host``). However cjm stops, the server and its kernels stop with it."""
    try:
        with (
            _stop_on_signals(),
            running(command, port, cwd, env=env, timeout=timeout, host=host) as process,
        ):
            print(translate("launch.ready", url=url), flush=True)
            return process.wait()
    except (KeyboardInterrupt, _StopRequestedError):
        return 0


def lab_command(path: Path, notebook: Path, port: int, token: str) -> list[str]:
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.identity_provider_class={IDENTITY_PROVIDER}",
        f"--ServerApp.root_dir={path.parent}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def app_command(notebook: Path, port: int, token: str) -> list[str]:
    return [
        sys.executable, "-m", "cjm_widgets.server_guard", str(notebook), "--no-browser",
        "--Voila.ip=127.0.0.1", f"--Voila.identity_provider_class={IDENTITY_PROVIDER}",
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
