"""What the room refuses and how it limits who joins, and a merge that nothing in the log
can block: each test is a defect a hostile test found (a 500 for text that is not
Unicode, votes the page never offers, a join flood that blocked the merge).

The room's handlers run in a thread on a loopback port (tests/room_client.py).
"""

from __future__ import annotations

import http.client
import json
import logging
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.model import Participant, Rating
from cjm_widgets.room import service
from cjm_widgets.room.log import log_path
from cjm_widgets.room.merge import RoomMergeWarning, merge_room
from tests.messages import read_back, said
from tests.room_client import Answer, RoomClient, RunningRoom, request, running_room

TP = "tp-bank-suggests"
ENVISIONED = "tp-future-signup-in-app"
REJECTED = "idea-real-time-matching"
IDEA = "idea-callback"


@pytest.fixture
def room(sample_path: Path) -> Any:
    with running_room(sample_path) as running:
        yield running


def joined(room: RunningRoom, name: str = "") -> RoomClient:
    client = room.client()
    assert client.join(name).status == 201
    return client


def post(room: RunningRoom, path: str, raw: bytes, token: str | None = None) -> Answer:
    return request(room.url + path, "POST", raw=raw, token=token)


def server_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


# -- bodies the log cannot keep are a 400, never a 500 -----------------------------------


def test_a_lone_surrogate_is_refused_by_its_field(
    room: RunningRoom, caplog: pytest.LogCaptureFixture
) -> None:
    client = joined(room)
    note = post(
        room,
        "api/notes",
        b'{"touchpoint_id": "tp-bank-suggests", "kind": "idea", "text": "a\\ud800b"}',
        client.token,
    )
    surrogate = said("room.error.surrogate", field="text", code="U+D800")
    assert (note.status, note.body) == (400, {"error": surrogate})
    name = post(room, "api/join", b'{"name": "\\udfff"}')
    surrogate = said("room.error.surrogate", field="name", code="U+DFFF")
    assert (name.status, name.body["error"]) == (400, surrogate)
    key = request(
        room.url + "api/ratings",
        "PUT",
        raw=b'{"\\ud83d": 1, "target_id": "tp-bank-suggests", "field": "emotion", "value": 3}',
        token=client.token,
    )
    shown = read_back("room.error.surrogate", key.body["error"])
    assert (key.status, shown) == (400, {"field": "\\ud83d", "code": "U+D83D"})
    assert client.state().body["mine"]["notes"] == []
    emoji = b'{"touchpoint_id": "tp-bank-suggests", "kind": "idea", "text": "\\ud83d\\ude00"}'
    assert post(room, "api/notes", emoji, client.token).status == 201  # a whole pair is text
    assert client.state().body["mine"]["notes"][0]["text"] == "\U0001f600"
    assert server_errors(caplog) == []


def test_a_body_nested_3000_deep_is_refused(
    room: RunningRoom, caplog: pytest.LogCaptureFixture
) -> None:
    client = joined(room)
    deep = b"[" * 3000 + b"]" * 3000
    for path, token in (("api/notes", client.token), ("api/join", None)):
        answer = post(room, path, deep, token)
        assert (answer.status, answer.body) == (400, {"error": said("room.error.json")})
        inside = post(room, path, b'{"text": ' + deep + b"}", token)
        assert (inside.status, inside.body) == (400, {"error": said("room.error.json")})
    nested = b'{"text": ' + b"[" * 40 + b"]" * 40 + b"}"
    answer = post(room, "api/notes", nested, client.token)
    assert (answer.status, answer.body["error"]) == (400, said("room.error.deep", limit=32))
    assert server_errors(caplog) == []


# -- the API offers what the page offers -------------------------------------------------


def test_the_api_refuses_what_the_page_does_not_offer(room: RunningRoom) -> None:
    ws = Workshop.load(room.workshop)
    client = joined(room)
    state = client.state().body
    offered = {tp["id"] for j in state["journeys"] for s in j["stages"] for tp in s["touchpoints"]}
    assert TP in offered and ENVISIONED not in offered
    assert REJECTED not in {idea["id"] for idea in state["ideas"]}
    title = next(tp.title for tp in ws.touchpoints if tp.id == ENVISIONED)
    text = next(idea.text for idea in ws.ideas if idea.id == REJECTED)
    envisioned = said("room.error.envisioned", value=title)
    rejected = said("room.error.rejected", value=text)
    for answer, message in (
        (client.rate(ENVISIONED, "emotion", 4), envisioned),
        (client.note(ENVISIONED, "idea", "make it so"), envisioned),
        (client.vote(REJECTED), rejected),
        (client.rate(REJECTED, "effort", 2), rejected),
        (client.rate(REJECTED, "impact", 5), rejected),
    ):
        assert (answer.status, answer.body["error"]) == (409, message)
    mine = client.state().body["mine"]
    assert (mine["ratings"], mine["votes"], mine["notes"], mine["votes_left"]) == ({}, {}, [], 3)


def merged_line(path: Path, ratings: int) -> str:
    """What cjm room merge prints when it wrote the room's ratings into ``path``."""
    return said("room.merged", path=path, ratings=said("room.count.ratings", count=ratings))


def _change_workshop(path: Path, idea: str, *, delete: bool) -> None:
    ws = Workshop.load(path)
    if delete:
        ws.ideas = [item for item in ws.ideas if item.id != idea]
    else:
        next(item for item in ws.ideas if item.id == idea).status = "rejected"
    ws.save()


def test_votes_on_an_idea_deleted_or_rejected_later_can_be_taken_back(room: RunningRoom) -> None:
    client = joined(room)
    other = "idea-auto-pay-limit"
    for idea in (IDEA, IDEA, other):
        assert client.vote(idea).status == 201
    _change_workshop(room.workshop, IDEA, delete=True)
    _change_workshop(room.workshop, other, delete=False)
    assert client.vote(IDEA).status == 404  # no new dots on it
    assert client.unvote(IDEA).body == {"idea_id": IDEA, "votes": 1, "votes_left": 1}
    assert client.unvote(IDEA).body == {"idea_id": IDEA, "votes": 0, "votes_left": 2}
    assert client.unvote(IDEA).status == 404  # none left: the idea is unknown now
    assert client.unvote(other).body == {"idea_id": other, "votes": 0, "votes_left": 3}
    assert client.unvote(other).status == 409
    assert client.state().body["mine"]["votes"] == {}


def test_merge_leaves_out_ratings_of_deleted_ideas_and_names_them(
    room: RunningRoom, capsys: pytest.CaptureFixture[str]
) -> None:
    client = joined(room, "Aino")
    assert client.vote(IDEA).status == 201
    assert client.rate(IDEA, "effort", 2).status == 200
    assert client.rate(TP, "emotion", 3).status == 200
    _change_workshop(room.workshop, IDEA, delete=True)
    assert main(["room", "merge", str(room.workshop)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == merged_line(room.workshop, 1)
    two = said("room.count.ratings", count=2)
    missing = said("room.merge.missing", ratings=two, targets=IDEA)
    assert err.strip() == said("cli.warning", command="room", message=missing)
    merged = Workshop.load(room.workshop)
    assert [(r.target, r.field) for r in merged.ratings] == [(TP, "emotion")]
    assert main(["validate", str(room.workshop)]) == 0
    assert capsys.readouterr().err == ""


def test_validate_names_ratings_whose_target_is_missing(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = Workshop.load(sample_path)
    ws.participants.append(Participant(id="pa-room-a", name="A"))
    at = "2026-11-27T10:00:00Z"
    ws.ratings = [
        Rating(participant="pa-room-a", target=TP, field="emotion", value=3, at=at),  # type: ignore[arg-type]
        Rating(participant="pa-room-a", target="idea-gone", field="vote", value=2, at=at),  # type: ignore[arg-type]
        Rating(participant="pa-room-a", target="tp-gone", field="emotion", value=1, at=at),  # type: ignore[arg-type]
    ]
    ws.save()
    assert main(["validate", str(sample_path)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    gone = (
        ("ratings[1].target", "idea-gone", "ideas"),
        ("ratings[2].target", "tp-gone", "touchpoints"),
    )
    assert err == [
        said(
            "cli.warning",
            command="validate",
            message=f"{where}: {said('error.rating_target', value=value, target=target)}",
        )
        for where, value, target in gone
    ]
    assert main(["--lang", "fi", "validate", str(sample_path)]) == 0
    in_finnish = said("error.rating_target", "fi", value="idea-gone", target="ideas")
    assert in_finnish in capsys.readouterr().err


# -- who may join ------------------------------------------------------------------------


def join_from(room: RunningRoom, address: str) -> int:
    """A join sent from another loopback address (127.0.0.2: still this computer)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", room.port, timeout=10, source_address=(address, 0)
    )
    try:
        body = json.dumps({"name": address})
        headers = {"Content-Type": "application/json"}
        connection.request("POST", f"/room/{room.key}/api/join", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_joins_from_one_address_are_limited_to_a_rate(
    room: RunningRoom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's clock stands still while 21 joins arrive from 127.0.0.1."""
    now = [1000.0]
    monkeypatch.setattr(service, "time", SimpleNamespace(monotonic=lambda: now[0]))
    answers = [room.client().join(f"P{n}") for n in range(21)]
    assert [a.status for a in answers] == [201] * 20 + [429]
    assert answers[-1].body["error"] == said("room.error.join_rate", count=3)
    assert answers[-1].headers["Retry-After"] == "3"
    assert join_from(room, "127.0.0.2") == 201  # another phone is not slowed down
    now[0] += 3.0
    assert room.client().join("patient").status == 201
    assert room.client().join("hasty").status == 429


def test_the_room_takes_at_most_max_participants(sample_path: Path, sample: Workshop) -> None:
    with running_room(sample_path, max_participants=2) as room:
        first, _second = joined(room), joined(room)
        late = room.client().join("late")
        assert (late.status, late.body["error"]) == (403, said("room.error.full", count=2))
        assert first.rate(TP, "emotion", 4).status == 200  # those inside carry on
    sample.language = "fi"
    finnish = sample.save(sample_path.with_name("fi.cjm.json"))
    with running_room(finnish, max_participants=1) as room:
        joined(room)
        assert room.client().join().body["error"] == said("room.error.full", "fi", count=1)


def test_the_max_participants_option_is_bounded(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["room", str(sample_path), "--max-participants", "0"]) == 1
    bounded = said("room.error.max_option", value=0, high=10000)
    assert capsys.readouterr().err.strip() == f"cjm room: {bounded}"
    with pytest.raises(SystemExit):
        main(["room", "--help"])
    assert "--max-participants N" in capsys.readouterr().out


# -- the merge: only those who said something, whatever the log's size ------------------


def _room_names(path: Path) -> list[str]:
    ws = Workshop.load(path)
    return [p.name for p in ws.participants if p.id.startswith("pa-room-")]


def test_merge_takes_only_participants_who_contributed(room: RunningRoom) -> None:
    joined(room, "Quiet")
    rater, noter, undecided = (
        joined(room, "Rater"),
        joined(room, "Noter"),
        joined(room, "Undecided"),
    )
    assert rater.rate(TP, "emotion", 2).status == 200
    assert noter.note(TP, "question", "Why paper?").status == 201
    assert undecided.vote(IDEA).status == 201
    assert undecided.unvote(IDEA).status == 200
    merge_room(room.workshop)
    assert _room_names(room.workshop) == ["Rater", "Noter"]


def test_merge_is_not_blocked_by_100001_throwaway_joins(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_room(sample_path) as room:
        real = joined(room, "Real")
        assert real.rate(TP, "emotion", 2).status == 200
        assert real.vote(IDEA).status == 201
    database = sqlite3.connect(log_path(sample_path))
    rows = (
        (f"pa-room-x{n}", json.dumps({"name": f"x{n}", "token_hash": f"h{n}"}))
        for n in range(100_001)
    )
    database.executemany(
        "INSERT INTO log (at, participant, kind, payload) "
        "VALUES ('2026-11-27T10:00:00+00:00', ?, 'join', ?)",
        rows,
    )
    database.commit()
    database.close()
    assert main(["room", "merge", str(sample_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == merged_line(sample_path, 2)
    assert captured.err == ""
    assert _room_names(sample_path) == ["Real"]


def test_merge_writes_what_fits_and_names_what_it_left_out(sample_path: Path) -> None:
    """The sample has 8 participants; with lists of at most 10, two more fit."""
    with running_room(sample_path) as room:
        for name in ("Anna", "Ben", "Cai", "Dana"):
            client = joined(room, name)
            assert client.rate(TP, "emotion", 3).status == 200
            assert client.vote(IDEA).status == 201
    with pytest.warns(RoomMergeWarning) as caught:
        assert merge_room(sample_path, limit=10) == (True, 4)
    two, four = said("room.count.participants", count=2), said("room.count.ratings", count=4)
    left_out = said(
        "room.merge.left_out", limit=10, participants=two, ratings=four, names="Cai, Dana"
    )
    assert [str(warning.message) for warning in caught] == [left_out]
    assert _room_names(sample_path) == ["Anna", "Ben"]
    before = sample_path.read_bytes()
    with pytest.warns(RoomMergeWarning):
        assert merge_room(sample_path, limit=10) == (False, 4)
    assert sample_path.read_bytes() == before
    assert merge_room(sample_path) == (True, 8)  # room enough: everyone goes in
    assert _room_names(sample_path) == ["Anna", "Ben", "Cai", "Dana"]


def test_the_servers_tally_keeps_its_own_writes_and_the_facilitators_between_them(
    sample_path: Path,
) -> None:
    """The server adds its own rows to its tally as it writes them; a row the facilitator's
    app wrote in between (another connection) is read from the log, not skipped."""
    from cjm_widgets.room.log import FACILITATOR, RoomLog
    from cjm_widgets.room.service import Room, new_key

    room = Room(sample_path, key=(key := new_key()))
    member = room.member(room.join({"name": "Aino"})["token"])
    room.rate(member, {"target_id": TP, "field": "emotion", "value": 2})
    with RoomLog(log_path(sample_path)) as app:
        app.append(FACILITATOR, "room", {"persona": "pe-aino"})
        room.rate(member, {"target_id": TP, "field": "emotion", "value": 4})
        assert room.tally.seen == app.last_seq() == 5  # open, join, rating, persona, rating
    assert (room.tally.persona, member.ratings[(TP, "emotion")][0]) == ("pe-aino", 4)
    assert room.key_matches(key)
    room.log.close()


def test_an_idea_already_done_is_neither_offered_nor_taken(room: RunningRoom) -> None:
    ws = Workshop.load(room.workshop)
    done = next(idea for idea in ws.ideas if idea.id == IDEA)
    done.status = "done"
    ws.save()
    client = joined(room)
    assert IDEA not in {idea["id"] for idea in client.state().body["ideas"]}
    message = (
        f"'{done.text}' is already done; vote for and rate the ideas still open: reload the page"
    )
    for answer in (client.vote(IDEA), client.rate(IDEA, "impact", 4)):
        assert (answer.status, answer.body["error"]) == (409, message)
    assert client.state().body["mine"]["votes_left"] == 3
