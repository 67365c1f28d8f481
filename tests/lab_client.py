"""The JupyterLab extension's routes (``lab_server.handlers``) on a loopback port in a
thread of this process, behind Jupyter's own token check, and a JSON client for them.

No JupyterLab, no kernels: the handlers run as in the server, with a contents manager
rooted in a test folder, so every route's checks answer in milliseconds. The server is
this process, so a test sees what a request does to it (its working directory too).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.services.contents.filemanager import FileContentsManager
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application

from cjm_widgets import lab_server


@dataclass(frozen=True)
class LabRoutes:
    url: str
    token: str

    def post(self, route: str, body: dict[str, Any], timeout: float = 10) -> tuple[int, Any]:
        """POST ``body`` as JSON to ``cjm-widgets/<route>`` with the token: (status, JSON)."""
        request = urllib.request.Request(
            f"{self.url}cjm-widgets/{route}",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@contextlib.contextmanager
def lab_routes(root: Path) -> Iterator[LabRoutes]:
    """The extension's routes serving ``root``, until the block ends."""
    token = secrets.token_hex(16)
    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    ready = threading.Event()
    loops: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loops.append(loop)
        app = Application(
            lab_server.handlers("/"),
            base_url="/",
            cookie_secret=secrets.token_bytes(32),
            identity_provider=IdentityProvider(token=token),
            contents_manager=FileContentsManager(root_dir=str(root)),
        )
        server = HTTPServer(app)
        server.add_sockets(sockets)
        ready.set()
        loop.run_forever()
        server.stop()
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(30)
    try:
        yield LabRoutes(f"http://127.0.0.1:{port}/", token)
    finally:
        loops[0].call_soon_threadsafe(loops[0].stop)
        thread.join(10)
