"""`cjm app` and `cjm lab` as running servers: they stop with cjm, and refuse what they should.

Each test starts the real command on a free loopback port, talks to 127.0.0.1 only, and
stops it; a bounded handful of requests each.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from cjm_widgets.launch import free_port
from cjm_widgets.samples import sample_workshop

CJM = str(Path(sys.executable).with_name("cjm"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
]


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    url: str = ""
    output: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def token(self) -> str:
        found = re.search(r"token=([\w-]+)", self.url)
        assert found, self.url
        return found.group(1)

    def log(self) -> str:
        return "".join(self.output)


def _read(server: Server, ready: threading.Event) -> None:
    assert server.process.stdout is not None
    for line in server.process.stdout:
        server.output.append(line)
        if line.startswith("Open http://"):
            server.url = line.split()[1]
            ready.set()
    ready.set()


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return sample_workshop().save(tmp_path / "w.cjm.json")


def _start(command: str, workshop: Path) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [CJM, command, str(workshop), "--port", str(port)],
        cwd=workshop.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    server = Server(process, port)
    ready = threading.Event()
    server.reader = threading.Thread(target=_read, args=(server, ready), daemon=True)
    server.reader.start()
    ready.wait(120)
    assert server.url, server.log()
    return server


@pytest.fixture
def app(workshop: Path) -> Iterator[Server]:
    """An app to stop: each test that signals it gets its own."""
    server = _start("app", workshop)
    yield server
    _kill_everything(server)


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One app for the tests that only send it requests."""
    folder = tmp_path_factory.mktemp("shared-app")
    server = _start("app", sample_workshop().save(folder / "w.cjm.json"))
    yield server
    _kill_everything(server)


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, process group) of every process, from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[2]))
    return table


def _descendants(pid: int) -> set[int]:
    table = _processes()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        children = {child for child, (parent, _) in table.items() if parent in frontier}
        frontier = children - found
        found |= children
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _kill_everything(server: Server) -> None:
    for pid in [*_descendants(server.process.pid), server.process.pid]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait(10)
    if server.reader is not None:
        server.reader.join(10)
    if server.process.stdout is not None:
        server.process.stdout.close()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


def _status(url: str) -> int:
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _stops_everything_on(server: Server, signum: int) -> float:
    """Send ``signum`` to cjm; returns how long until no process it started is left."""
    started = _descendants(server.process.pid)
    assert started, "the server and its kernels should be running"
    begin = time.monotonic()
    server.process.send_signal(signum)
    server.process.wait(30)
    deadline = begin + 20
    while time.monotonic() < deadline and (_alive(started) or _answers(server.port)):
        time.sleep(0.1)
    assert not _alive(started), f"left running: {_alive(started)}\n{server.log()}"
    assert not _answers(server.port)
    return time.monotonic() - begin


def test_sigterm_to_cjm_app_stops_voila_and_its_kernels(app: Server) -> None:
    assert _status(app.url) == 200  # the page starts a kernel
    seconds = _stops_everything_on(app, signal.SIGTERM)
    assert seconds < 15
    assert app.process.returncode == 0


def test_sigint_to_cjm_app_stops_everything(app: Server) -> None:
    assert _status(app.url) == 200
    _stops_everything_on(app, signal.SIGINT)


def test_sigterm_to_cjm_lab_stops_jupyterlab(workshop: Path) -> None:
    lab = _start("lab", workshop)
    try:
        base = f"http://127.0.0.1:{lab.port}"
        assert _status(f"{base}/api/status?token={lab.token}") == 200
        _stops_everything_on(lab, signal.SIGTERM)
    finally:
        _kill_everything(lab)


@pytest.mark.parametrize(
    "path",
    [
        "/voila/templates/../..",
        "/voila/templates/x",
        "/voila/templates/lab/x/y",
        "/voila/templates/lab/static/../../../../../etc/passwd",
        "/voila/templates/%2e%2e/%2e%2e/etc/passwd",
        "/voila/static/../../../../etc/passwd",
    ],
)
def test_path_traversal_is_refused_without_a_server_error(running_app: Server, path: str) -> None:
    app = running_app
    # urllib would normalise "..": send the raw request line as an attacker's tool does.
    with socket.create_connection(("127.0.0.1", app.port), 10) as sock:
        request = f"GET {path}?token={app.token} HTTP/1.1\r\nHost: 127.0.0.1:{app.port}\r\n"
        sock.sendall((request + "Connection: close\r\n\r\n").encode())
        with sock.makefile("rb") as response:
            status_line = response.readline().decode()
    status = int(status_line.split()[1])
    assert status in (403, 404), status_line
    assert "Traceback" not in app.log()


def _kernel_id(app: Server) -> str:
    with urllib.request.urlopen(app.url, timeout=30) as response:
        page = response.read().decode()
    found = re.search(r'kernelId": "([0-9a-f-]+)"', page)
    assert found, page[:500]
    return found.group(1)


async def _websocket(app: Server, kernel: str, origin: str | None) -> int:
    url = f"ws://127.0.0.1:{app.port}/api/kernels/{kernel}/channels?token={app.token}"
    headers = {"Origin": origin} if origin else {}
    try:
        connection = await websocket_connect(HTTPRequest(url, headers=headers))
    except HTTPClientError as error:
        return error.code
    connection.close()
    return 101


def test_kernel_websocket_refuses_a_foreign_origin_even_with_the_token(
    running_app: Server,
) -> None:
    app = running_app
    kernel = _kernel_id(app)
    own = f"http://127.0.0.1:{app.port}"
    assert asyncio.run(_websocket(app, kernel, "http://evil.example")) == 403
    assert asyncio.run(_websocket(app, kernel, "null")) == 403
    assert asyncio.run(_websocket(app, kernel, own)) == 101
