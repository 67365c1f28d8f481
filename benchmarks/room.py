"""The room under load: 200 participants on loopback, each joining and sending 60 writes
(ratings, votes, notes) one after another, all at once.

Prints the latency of accepted writes (p50, p95, max), acknowledged writes lost (accepted
by the server but missing from the workshop after ``cjm room merge``, or from the log:
must be 0), and the server's memory (RSS) before and after. Targets: p95 under 300 ms,
0 lost, RSS growth under 200 MB. The server is the real one ``cjm room`` starts (Voilà
and the room handlers) on 127.0.0.1. Each phone connects from its own loopback address
(127.0.1.1, 127.0.1.2, ...: still this computer), as phones in a room each have their
own, so the join rate per address applies as it would there.
    python benchmarks/room.py [--participants 200] [--writes 60] [--pause 0]

``--pause`` seconds between one phone's writes (a person tapping); 0 sends each write
as soon as the last is answered, far harder than any room.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Participant(threading.Thread):
    """One phone: joins, then sends its writes one after another, retrying refusals for
    the write rate (429) after a short pause."""

    def __init__(
        self, port: int, base: str, number: int, writes: int, plan: dict[str, Any], pause: float
    ):
        super().__init__(daemon=True)
        self.port, self.base, self.number, self.writes, self.plan = port, base, number, writes, plan
        self.pause = pause
        self.address = f"127.0.{1 + number // 250}.{1 + number % 250}"
        self.latencies: list[float] = []
        self.refused = Counter[int]()
        self.ratings: dict[tuple[str, str], int] = {}
        self.votes = Counter[str]()
        self.notes = 0
        self.participant = ""

    def call(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        path: str,
        body: Any,
        token: str | None,
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body)
        connection.request(method, self.base + path, body=data, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")

    def run(self) -> None:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.address, 0)
        )
        connection.connect()
        # http.client sends headers and body in two writes; without TCP_NODELAY, Nagle
        # holds the body back for the server's delayed ACK (browsers send them at once)
        assert connection.sock is not None
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            status, joined = self.call(
                connection, "POST", "api/join", {"name": f"P{self.number}"}, None
            )
            if status != 429:
                break
            self.refused[status] += 1
            time.sleep(1.0)
        assert status == 201, joined
        token, self.participant = joined["token"], joined["participant_id"]
        touchpoints, ideas = self.plan["touchpoints"], self.plan["ideas"]
        step = 0
        while step < self.writes:
            kind = (self.number + step) % 6
            value = 1 + (self.number * 7 + step) % 5
            idea = ideas[(self.number + step) % len(ideas)]
            if kind in (0, 1):
                target = touchpoints[(self.number + step) % len(touchpoints)]
                request = (
                    "PUT",
                    "api/ratings",
                    {"target_id": target, "field": "emotion", "value": value},
                )
                effect: tuple[str, Any] = ("rating", ((target, "emotion"), value))
            elif kind == 2:
                field = "effort" if step % 2 else "impact"
                request = (
                    "PUT",
                    "api/ratings",
                    {"target_id": idea, "field": field, "value": value},
                )
                effect = ("rating", ((idea, field), value))
            elif kind == 3 and sum(self.votes.values()) < 3:
                request, effect = ("POST", "api/votes", {"idea_id": idea}), ("vote", idea)
            elif kind == 3:
                given = next(iter(self.votes))
                request, effect = ("DELETE", f"api/votes/{given}", None), ("unvote", given)
            else:
                text = f"note {self.number}-{step}"
                tp = touchpoints[step % len(touchpoints)]
                request = ("POST", "api/notes", {"touchpoint_id": tp, "kind": "idea", "text": text})
                effect = ("note", None)
            start = time.perf_counter()
            status, _answer = self.call(connection, *request, token)
            elapsed = time.perf_counter() - start
            if status == 429:
                self.refused[status] += 1
                time.sleep(0.02)
                continue
            if status not in (200, 201):
                self.refused[status] += 1
                step += 1
                continue
            self.latencies.append(elapsed)
            if self.pause:
                time.sleep(self.pause)
            what, detail = effect
            if what == "rating":
                self.ratings[detail[0]] = detail[1]
            elif what == "vote":
                self.votes[detail] += 1
            elif what == "unvote":
                self.votes[detail] -= 1
                if self.votes[detail] == 0:
                    del self.votes[detail]
            else:
                self.notes += 1
            step += 1
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--writes", type=int, default=60)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()

    from cjm_widgets.cli import main as cjm
    from cjm_widgets.launch import app_notebook, free_port, new_token, running
    from cjm_widgets.room.command import room_command
    from cjm_widgets.room.log import RoomLog, log_path
    from cjm_widgets.room.server import ENVIRONMENT
    from cjm_widgets.room.service import new_key, token_hash
    from cjm_widgets.room.tally import read_tally
    from cjm_widgets.samples import sample_workshop
    from cjm_widgets.workshop import Workshop

    with tempfile.TemporaryDirectory() as folder:
        path = sample_workshop().save(Path(folder) / "bench.cjm.json")
        workshop = Workshop.load(path)
        plan = {
            "touchpoints": [tp.id for tp in workshop.journey(state="current")],
            "ideas": [idea.id for idea in workshop.ideas if idea.status != "rejected"],
        }
        key, port = new_key(), free_port()
        with RoomLog(log_path(path)) as log:
            log.append("facilitator", "room", {"open": True, "key_hash": token_hash(key)})
        notebook = app_notebook(path, kind="room")
        settings = {"workshop": str(path), "votes": 3, "max_participants": 250}
        env = {**os.environ, ENVIRONMENT: json.dumps(settings)}
        command = room_command(notebook, "127.0.0.1", port, new_token())
        with (
            (Path(folder) / "server.log").open("w") as output,
            running(command, port, Path(folder), output=output, env=env) as server,
        ):
            base = f"/room/{key}/"
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            warm.request("GET", base)
            warm.getresponse().read()
            before = rss_mb(server.pid)
            server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
            phones = [
                Participant(port, base, n, args.writes, plan, args.pause)
                for n in range(args.participants)
            ]
            start = time.perf_counter()
            for phone in phones:
                phone.start()
            for phone in phones:
                phone.join(600)
            wall = time.perf_counter() - start
            after = rss_mb(server.pid)
            server_cpu = cpu_seconds(server.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
        latencies = sorted(x for phone in phones for x in phone.latencies)
        accepted = len(latencies)
        refused = sum((phone.refused for phone in phones), Counter[int]())
        assert cjm(["room", "merge", str(path)]) == 0
        merged = Workshop.load(path)
        with RoomLog(log_path(path)) as log:
            tally = read_tally(log)
            rows = sum(1 for _ in log.entries(kinds=("rating", "vote", "unvote", "note")))
        lost = accepted - rows if rows < accepted else 0
        for phone in phones:
            mine = {
                (r.target, r.field): r.value
                for r in merged.ratings
                if r.participant == phone.participant
            }
            lost += sum(1 for key_, value in phone.ratings.items() if mine.get(key_) != value)
            votes = {target: value for (target, field), value in mine.items() if field == "vote"}
            lost += sum(1 for idea, dots in phone.votes.items() if votes.get(idea) != dots)
            lost += abs(len(tally.members[phone.participant].notes) - phone.notes)

    def ms(value: float) -> str:
        return f"{1000 * value:7.1f} ms"

    p95 = latencies[int(0.95 * (accepted - 1))]
    print(
        f"participants x writes      {args.participants} x {args.writes}"
        f" = {args.participants * args.writes} accepted writes wanted"
    )
    print(f"accepted writes            {accepted} in {wall:.1f} s ({accepted / wall:.0f}/s)")
    print(
        f"refused for the rate (429) {refused.get(429, 0)} (retried); other refusals "
        f"{sum(v for k, v in refused.items() if k != 429)}"
    )
    print(
        f"CPU used                   server {server_cpu:.1f} s "
        f"({1000 * server_cpu / max(accepted, 1):.2f} ms a write), phones {client_cpu:.1f} s"
    )
    print(f"latency p50                {ms(statistics.median(latencies))}")
    print(
        f"latency p95                {ms(p95)}   target 300 ms: {'met' if p95 < 0.3 else 'MISSED'}"
    )
    print(f"latency max                {ms(latencies[-1])}")
    print(f"log rows                   {rows}")
    print(f"writes lost                {lost}   target 0: {'met' if lost == 0 else 'MISSED'}")
    print(
        f"server RSS                 {before:.0f} MB before, {after:.0f} MB after "
        f"(growth {after - before:.0f} MB; target under 200 MB: "
        f"{'met' if after - before < 200 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
