"""``cjm room`` as a facilitator runs it: one server for the app and the participants, what
it prints, what it binds, and what the room key does not open.

The server is the real command on a free loopback port; requests go to 127.0.0.1 only.
The LAN binding (``--host 0.0.0.0``) is checked by what the command prints and the
socket it listens on, never by sending traffic to a LAN address.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cjm_widgets.launch import free_port, stop_server
from cjm_widgets.room import qr_widget
from cjm_widgets.room.runtime import lan_address, read_address, runtime_file
from tests.messages import read_back, said
from tests.room_client import RoomClient

pytestmark = pytest.mark.slow

JUPYTER_PATHS = (
    "/api/contents",
    "/api/kernels",
    "/api/sessions",
    "/files/",
    "/lab",
    "/api/terminals",
    "/api/contents/workshop.cjm.json",
    "/files/workshop.cjm.json",
)


@dataclass
class Started:
    process: subprocess.Popen[str]
    lines: list[str]
    port: int

    def line(self, start: str) -> str:
        return next(line for line in self.lines if line.startswith(start))

    def url(self, key: str) -> str:
        """The address given by the line the catalog message ``key`` printed."""
        for line in self.lines:
            shown = read_back(key, line)
            if shown is not None:
                return shown["url"]
        raise AssertionError(f"no {key} line in {self.lines}")


# The server's line that it is ready: the start of "Open {url}" up to the address.
READY = said("launch.ready", url="\x00").split("\x00")[0] + "http"


def start_room(path: Path, *options: str, wait_for: str = READY) -> Started:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "cjm_widgets.cli",
        "room",
        str(path),
        "--port",
        str(port),
        *options,
    ]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(path.parent / ".runtime")}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 90
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith(wait_for):
            break
    return Started(process, lines, port)


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    from cjm_widgets.samples import sample_workshop

    return sample_workshop().save(tmp_path / "workshop.cjm.json")


@pytest.fixture
def room(workshop: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Started]:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(workshop.parent / ".runtime"))
    started = start_room(workshop)
    try:
        yield started
    finally:
        stop_server(started.process)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def test_cjm_room_prints_both_addresses_and_a_qr_code(room: Started, workshop: Path) -> None:
    facilitator = room.url("room.facilitator")
    participants = room.url("room.participants")
    assert facilitator.startswith(f"http://127.0.0.1:{room.port}/?token=")
    assert participants.startswith(f"http://127.0.0.1:{room.port}/room/")
    key = participants.rstrip("/").rsplit("/", 1)[-1]
    assert len(key) >= 22  # URL-safe base64: at least 128 random bits
    assert said("room.reach_loopback") in room.lines
    assert sum(1 for line in room.lines if "▄" in line or "▀" in line) > 10
    address = read_address(workshop)
    assert address is not None and address.participant_url == participants
    assert runtime_file(workshop).stat().st_mode & 0o077 == 0
    shown = qr_widget(workshop)
    assert "<svg" in shown.value and address.participant_url in shown.value


def test_the_room_key_opens_the_room_and_nothing_of_jupyter(room: Started) -> None:
    url = room.url("room.participants")
    key = url.rstrip("/").rsplit("/", 1)[-1]
    client = RoomClient(url)
    assert client.join("Aino").status == 201
    assert client.note("tp-bank-suggests", "question", "Why?").status == 201
    attempts = [
        {},
        {"Authorization": f"Bearer {client.token}"},
        {"Authorization": f"token {key}"},
        {"Cookie": f"key={key}"},
    ]
    for path in JUPYTER_PATHS:
        for suffix in ("", f"?key={key}", f"?token={key}"):
            for headers in attempts:
                status, location = get(room.port, path + suffix, headers)
                refused = status == 403 or (status == 302 and "/login" in location)
                assert refused, (path + suffix, headers, status, location)
    for path in ("/api/contents", "/files/workshop.cjm.json", "/api/kernels"):
        status, _ = get(room.port, f"/room/{key}{path}")
        assert status in (302, 403, 404)


def test_a_room_key_too_short_or_too_long_finds_nothing_not_the_login(room: Started) -> None:
    key = room.url("room.participants").rstrip("/").rsplit("/", 1)[-1]
    for path in (
        "/room",
        "/room/",
        "/room/short/",
        f"/room/{key[:15]}/",
        f"/room/{key[:15]}/api/state",
        f"/room/{'A' * 129}/",
        f"/room/{key}/api/nothing",
    ):
        assert get(room.port, path) == (404, ""), path


def test_the_addresses_are_printed_once_the_server_listens(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone that scans the code the moment it shows gets the page, not a refusal."""
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(workshop.parent / ".runtime"))
    participants = said("room.participants", url="\x00").split("\x00")[0]
    started = start_room(workshop, wait_for=participants)
    try:
        shown = read_back("room.participants", started.lines[-1])
        assert shown is not None and shown["url"].startswith("http://127.0.0.1:")
        with socket.create_connection(("127.0.0.1", started.port), timeout=5):
            pass
    finally:
        stop_server(started.process)


def test_the_token_is_on_no_command_line(room: Started) -> None:
    """Every local user can read command lines (``ps``); only the token's owner its URL."""
    token = room.url("room.facilitator").split("?token=", 1)[1]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            assert token.encode() not in cmdline.read_bytes(), cmdline
    _, with_token = get(room.port, f"/api/kernels?token={token}")
    _, without = get(room.port, "/api/kernels?token=wrong")
    assert not with_token.startswith("/login") and without.startswith("/login")


def test_stopping_the_room_removes_its_address(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(workshop.parent / ".runtime"))
    started = start_room(workshop)
    assert read_address(workshop) is not None
    started.process.send_signal(2)
    started.process.wait(30)
    assert read_address(workshop) is None
    not_running = said("room.panel.not_running", path="workshop.cjm.json")
    assert html.escape(not_running) in qr_widget(workshop).value


def _listening(port: int) -> list[str]:
    """The local addresses listening on ``port`` (from /proc/net/tcp, sending nothing)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.append(address)
    return found


def test_host_0000_binds_every_interface_and_says_who_can_reach_it(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(workshop.parent / ".runtime"))
    lan = lan_address()
    started = start_room(workshop, "--host", "0.0.0.0")
    try:
        if lan is None:
            assert any(said("room.no_lan") in line for line in started.lines)
            return
        assert started.url("room.participants").startswith(f"http://{lan}:{started.port}/room/")
        assert started.url("room.facilitator").startswith(f"http://127.0.0.1:{started.port}/")
        assert said("room.reach_network", port=started.port) in started.lines
        assert "00000000" in _listening(started.port)
    finally:
        stop_server(started.process)


def test_loopback_is_the_default_binding(room: Started) -> None:
    assert _listening(room.port) == ["0100007F"]


def test_the_room_is_also_a_jupyter_server_extension(workshop: Path, tmp_path: Path) -> None:
    """A Jupyter server (JupyterLab's) can host the room itself: same pages, same limits."""
    from cjm_widgets.launch import new_token, running
    from cjm_widgets.room.log import RoomLog, log_path
    from cjm_widgets.room.service import new_key, token_hash

    key, port = new_key(), free_port()
    with RoomLog(log_path(workshop)) as log:
        log.append("facilitator", "room", {"open": True, "key_hash": token_hash(key)})
    env = {
        **os.environ,
        "CJM_ROOM": json.dumps({"workshop": str(workshop), "votes": 3}),
        "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / ".runtime"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={new_token()}",
        f"--ServerApp.root_dir={workshop.parent}",
        '--ServerApp.jpserver_extensions={"cjm_widgets.room.server": True}',
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with (
        (tmp_path / "server.log").open("w") as output,
        running(command, port, workshop.parent, output=output, env=env, timeout=90),
    ):
        url = f"http://127.0.0.1:{port}/room/{key}/"
        client = RoomClient(url)
        assert client.join("Aino").status == 201
        assert client.rate("tp-bank-suggests", "emotion", 9).status == 400
        for path in JUPYTER_PATHS:
            status, location = get(
                port, f"{path}?key={key}", {"Authorization": f"Bearer {client.token}"}
            )
            assert status == 403 or (status == 302 and "/login" in location), (path, status)
