"""What `cjm lab` and `cjm app` prepare before a server starts."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import CjmError, Workshop, launch
from tests.messages import said


def test_a_missing_workshop_is_created_titled_after_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "moving-house.cjm.json"
    ws = launch.ensure_workshop(path)
    assert ws.title == "moving house" and Workshop.load(path).title == "moving house"
    assert said("cli.created", path=path) in capsys.readouterr().out
    assert launch.ensure_workshop(path, title="Ignored").title == "moving house"


def test_the_workshop_notebook_is_bound_and_never_overwritten_once_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Workshop(title="T").save(tmp_path / "room.cjm.json")
    notebook = launch.workshop_notebook(path)
    assert notebook.name == "room.ipynb"
    cells = json.loads(notebook.read_text())["cells"]
    parameters = next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
    assert "".join(parameters["source"]).startswith('workshop_path = "room.cjm.json"')
    assert launch.workshop_notebook(path) == notebook  # unchanged: quietly reused
    content = json.loads(notebook.read_text())
    content["cells"][0]["source"] = [*content["cells"][0]["source"], "\n(our room's notes)"]
    edited = json.dumps(content)
    notebook.write_text(edited)
    capsys.readouterr()
    launch.workshop_notebook(path)
    assert notebook.read_text() == edited
    assert said("launch.kept_notebook", path=notebook) in capsys.readouterr().out


def test_the_app_notebook_holds_only_the_app(tmp_path: Path) -> None:
    path = Workshop(title="T").save(tmp_path / "room.cjm.json")
    notebook = launch.app_notebook(path, "en")
    (cell,) = json.loads(notebook.read_text())["cells"]
    assert "".join(cell["source"]).endswith('WorkshopApp("room.cjm.json", lang="en")')
    assert not notebook.name.startswith(".")


def test_servers_bind_to_loopback_with_a_token_off_their_command_line(tmp_path: Path) -> None:
    path, notebook = tmp_path / "w.cjm.json", tmp_path / "w.ipynb"
    lab = launch.lab_command(path, notebook, 8123, "secret")
    assert "--ip=127.0.0.1" in lab.argv and "--no-browser" in lab.argv
    app = launch.app_command(notebook, 8124, "secret")
    assert "--Voila.ip=127.0.0.1" in app.argv
    assert "--VoilaConfiguration.strip_sources=True" in app.argv
    assert "--Voila.auto_token=True" in app.argv  # Voilà's login then reads JUPYTER_TOKEN
    for command in (lab, app):
        assert not [arg for arg in command.argv if "secret" in arg]  # `ps` shows every argument
        assert command.env["JUPYTER_TOKEN"] == "secret"
    assert lab.env == {"JUPYTER_TOKEN": "secret"}
    assert app.env == {"JUPYTER_TOKEN": "secret", "CJM_PAGE_THEME": "light"}


def test_a_server_gets_its_token_through_its_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stand-in server: it listens, writes down its token and its command line, stops."""
    port, seen = launch.free_port(), tmp_path / "seen.txt"
    script = (
        "import os, pathlib, socket, sys, time\n"
        "server = socket.socket(); server.bind(('127.0.0.1', int(sys.argv[1]))); server.listen()\n"
        "cmdline = pathlib.Path('/proc/self/cmdline').read_bytes().decode()\n"
        "token = os.environ.get('JUPYTER_TOKEN', '')\n"
        "pathlib.Path(sys.argv[2]).write_text(token + '|' + os.environ['OTHER'] + '|' + cmdline)\n"
        "time.sleep(1)\n"
    )
    command = launch.ServerCommand(
        [sys.executable, "-c", script, str(port), str(seen)], launch.token_environment("s3cret")
    )
    env = {**os.environ, "OTHER": "kept"}
    assert launch.serve(command, port, "http://127.0.0.1/?token=s3cret", tmp_path, env=env) == 0
    token, other, cmdline = seen.read_text().split("|", 2)
    assert (token, other) == ("s3cret", "kept") and "s3cret" not in cmdline
    assert capsys.readouterr().out.startswith("Open http://127.0.0.1/?token=s3cret\n")


def test_a_busy_port_is_a_clear_error() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        busy = sock.getsockname()[1]
        with pytest.raises(CjmError) as caught:
            launch.choose_port(busy)
        assert str(caught.value) == said("launch.port_busy", port=busy)
    assert launch.choose_port(None) > 0


def test_the_notebook_speaks_the_workshop_language(tmp_path: Path) -> None:
    path = Workshop(title="T", language="fi").save(tmp_path / "paja.cjm.json")
    cells = json.loads(launch.workshop_notebook(path).read_text())["cells"]
    assert "".join(cells[0]["source"]) == said("notebook.guide", "fi")
    other = Workshop(title="T").save(tmp_path / "room.cjm.json")
    cells = json.loads(launch.workshop_notebook(other, "sv").read_text())["cells"]
    assert "".join(cells[0]["source"]) == said("notebook.guide", "sv")
    parameters = "".join(cells[1]["source"])
    assert 'lang = "sv"' in parameters


@pytest.mark.slow
def test_jupyterlab_takes_its_token_from_the_environment_alone(tmp_path: Path) -> None:
    """The real server: the token opens it, nothing else does, and no command line shows it."""
    import contextlib
    import http.client

    path = Workshop(title="T").save(tmp_path / "w.cjm.json")
    notebook = launch.workshop_notebook(path)
    port, token = launch.free_port(), launch.new_token()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter")}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / ".runtime")

    def status(query: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", f"/api/status{query}")
            return connection.getresponse().status
        finally:
            connection.close()

    with (
        (tmp_path / "lab.log").open("w") as log,
        launch.running(
            launch.lab_command(path, notebook, port, token), port, tmp_path, output=log, env=env
        ),
    ):
        assert (status(f"?token={token}"), status(""), status("?token=wrong")) == (200, 403, 403)
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            with contextlib.suppress(OSError):
                assert token.encode() not in cmdline.read_bytes(), cmdline


def test_the_kernel_websocket_sends_each_message_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nagle's algorithm held a map's drawing back until the browser acknowledged the
    kernel's "busy" just before it: about 40 ms on every drag move."""
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    from cjm_widgets.server_guard import (
        KERNEL_CONNECTION,
        PromptKernelConnection,
        prompt_kernel_messages,
    )

    path, notebook = tmp_path / "w.cjm.json", tmp_path / "w.ipynb"
    lab = launch.lab_command(path, notebook, 8123, "secret")
    app = launch.app_command(notebook, 8124, "secret")
    assert f"--ServerApp.kernel_websocket_connection_class={KERNEL_CONNECTION}" in lab.argv
    assert f"--Voila.kernel_websocket_connection_class={KERNEL_CONNECTION}" in app.argv
    seen: list[object] = []

    class Socket:
        def set_nodelay(self, value: bool) -> None:
            seen.append(value)

    def connected(self: object) -> None:
        seen.append("connected")

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", connected)
    connection = PromptKernelConnection.__new__(PromptKernelConnection)
    monkeypatch.setattr(PromptKernelConnection, "websocket_handler", Socket(), raising=False)
    connection.connect()
    assert seen == [True, "connected"]
    lab_settings: dict[str, Any] = {  # a lab with the kit's server extension
        "kernel_websocket_connection_class": ZMQChannelsWebsocketConnection
    }
    prompt_kernel_messages(lab_settings)
    assert lab_settings["kernel_websocket_connection_class"] is PromptKernelConnection
    chosen: dict[str, Any] = {"kernel_websocket_connection_class": Socket}
    prompt_kernel_messages(chosen)  # a server that chose its own keeps it
    assert chosen["kernel_websocket_connection_class"] is Socket
