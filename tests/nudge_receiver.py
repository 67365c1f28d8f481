"""A webhook receiver on 127.0.0.1 for the nudge delivery tests and benchmark.

It answers each request as a plan says (status, delay, headers), records every arrival
(key, time, headers, body) and, like a sending tool that dedupes on ``Idempotency-Key``,
acts on each key at most once: a key is *acted on* when the receiver processes it (a 2xx
it answers, or a delayed request it finishes after the client gave up), and
*acknowledged* when the 2xx was answered in time for the client to read it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    late: bool = False
    """The delay is past the client's timeout: the client has given up when it ends."""


Plan = Callable[[str, int], Reply]
"""(key, how many times it arrived before) -> the reply."""


@dataclass(frozen=True)
class Arrival:
    key: str
    at: float
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    plan: Plan
    arrivals: list[Arrival] = field(default_factory=list)
    acted: Counter[str] = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)
    after_ack: Counter[str] = field(default_factory=Counter)
    """Arrivals of a key the receiver had already acknowledged."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def seen(self, key: str) -> int:
        return sum(1 for arrival in self.arrivals if arrival.key == key)

    def keys(self) -> set[str]:
        return {arrival.key for arrival in self.arrivals}


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real receivers
        disable_nagle_algorithm = True  # answers are not held back 40 ms for an ACK

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            with receiver.lock:
                before = receiver.seen(key)
                if key in receiver.acknowledged:
                    receiver.after_ack[key] += 1
                receiver.arrivals.append(
                    Arrival(key, time.monotonic(), dict(self.headers.items()), body)
                )
            reply = receiver.plan(key, before)
            if reply.delay:
                time.sleep(reply.delay)
            with receiver.lock:
                if 200 <= reply.status < 300:
                    if not receiver.acted[key]:  # dedup: act on each key once
                        receiver.acted[key] += 1
                    if not reply.late:
                        receiver.acknowledged.add(key)
            payload = b'{"ok":true}'
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up on a late answer
                self.close_connection = True

    return Handler


@contextmanager
def receiving(plan: Plan | None = None) -> Iterator[Receiver]:
    """A receiver on a free loopback port for the ``with`` block; its handler threads
    (late answers too) have finished when the block ends."""
    receiver = Receiver(plan or (lambda key, before: Reply()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = False
    server.block_on_close = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/nudges"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
