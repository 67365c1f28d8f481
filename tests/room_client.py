"""A room's handlers on a loopback port in a thread, and a small JSON client for them.

The server is the same tornado handlers ``cjm room`` adds to its Voilà server, without
Voilà: fast enough for every API rule. Requests go to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjm_widgets.room.handlers import room_handlers
from cjm_widgets.room.log import FACILITATOR, RoomLog, log_path
from cjm_widgets.room.service import Room, new_key, token_hash


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


def request(
    url: str,
    method: str = "GET",
    body: Any = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> Answer:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    call = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(call, timeout=10) as response:
            text = response.read()
            status, got = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        text, status, got = error.read(), error.code, dict(error.headers)
    try:
        parsed = json.loads(text) if text else {}
    except ValueError:
        parsed = {"text": text.decode("utf-8", "replace")}
    return Answer(status, parsed if isinstance(parsed, dict) else {"value": parsed}, got)


class RoomClient:
    """One participant (or a stranger, before ``join``) talking to a room's API."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/") + "/"
        self.token: str | None = None
        self.participant_id: str | None = None

    def call(self, method: str, path: str, body: Any = None) -> Answer:
        return request(self.base + "api/" + path, method, body, self.token)

    def join(self, name: str = "") -> Answer:
        answer = self.call("POST", "join", {"name": name})
        if answer.status == 201:
            self.token = answer.body["token"]
            self.participant_id = answer.body["participant_id"]
        return answer

    def state(self) -> Answer:
        return self.call("GET", "state")

    def rate(self, target: str, field: str, value: Any) -> Answer:
        return self.call("PUT", "ratings", {"target_id": target, "field": field, "value": value})

    def vote(self, idea: str) -> Answer:
        return self.call("POST", "votes", {"idea_id": idea})

    def unvote(self, idea: str) -> Answer:
        return self.call("DELETE", f"votes/{idea}")

    def note(self, touchpoint: str, kind: str, text: str) -> Answer:
        return self.call("POST", "notes", {"touchpoint_id": touchpoint, "kind": kind, "text": text})


@dataclass
class RunningRoom:
    url: str
    key: str
    port: int
    workshop: Path

    def client(self) -> RoomClient:
        return RoomClient(self.url)

    def facilitator(self, payload: dict[str, Any]) -> None:
        """A room setting as the facilitator's app writes it (its own connection)."""
        with RoomLog(log_path(self.workshop)) as log:
            log.append(FACILITATOR, "room", payload)

    def rotate(self) -> str:
        self.key = new_key()
        self.facilitator({"key_hash": token_hash(self.key)})
        self.url = f"http://127.0.0.1:{self.port}/room/{self.key}/"
        return self.key


@contextlib.contextmanager
def running_room(
    workshop: Path, votes: int = 3, lang: str | None = None, max_participants: int = 250
) -> Iterator[RunningRoom]:
    """The room's handlers served from a thread on a free loopback port."""
    from tornado.httpserver import HTTPServer
    from tornado.web import Application

    key = new_key()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    port = sock.getsockname()[1]
    ready = threading.Event()
    failure: list[BaseException] = []
    loop_box: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop_box.append(loop)
        try:
            room = Room(
                workshop, votes=votes, lang=lang, key=key, max_participants=max_participants
            )
            server = HTTPServer(Application(room_handlers("/", room)))
            server.add_sockets([sock])
        except BaseException as error:
            failure.append(error)
            ready.set()
            return
        ready.set()
        loop.run_forever()
        server.stop()
        room.log.close()
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(30)
    if failure:
        raise failure[0]
    try:
        yield RunningRoom(f"http://127.0.0.1:{port}/room/{key}/", key, port, workshop)
    finally:
        loop_box[0].call_soon_threadsafe(loop_box[0].stop)
        thread.join(10)
