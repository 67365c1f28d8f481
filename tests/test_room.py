"""The room's API, rule by rule, on the handlers ``cjm room`` serves; its log, merge,
aggregates, page and facilitator tab.

The server runs in a thread on a loopback port (tests/room_client.py); the real
``cjm room`` process is tested in tests/test_room_server.py.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.model import Rating
from cjm_widgets.room import rules
from cjm_widgets.room.aggregates import emotion_spreads, idea_verdicts, spread
from cjm_widgets.room.log import RoomLog, log_path
from cjm_widgets.room.merge import merge_room
from cjm_widgets.room.tally import read_tally
from tests.messages import said, saying
from tests.room_client import RoomClient, RunningRoom, request, running_room

TP = "tp-bank-suggests"


@pytest.fixture
def room(sample_path: Path) -> Any:
    with running_room(sample_path) as running:
        yield running


@pytest.fixture
def ideas(sample_path: Path) -> list[str]:
    """The ideas the room offers: those still open (not rejected, not done)."""
    ideas = Workshop.load(sample_path).ideas
    return [idea.id for idea in ideas if idea.status not in ("rejected", "done")]


def shown_spread(median: int, q1: int, q3: int, n: int) -> str:
    """The room's ratings of one thing as the report writes them: median, quartiles, count."""
    return said("room.report.spread", median=median, q1=q1, q3=q3, n=n)


def joined(room: RunningRoom, name: str = "") -> RoomClient:
    client = room.client()
    assert client.join(name).status == 201
    return client


# -- join and auth ---------------------------------------------------------------------


def test_join_gives_a_participant_id_a_token_and_the_vote_budget(room: RunningRoom) -> None:
    client = room.client()
    answer = client.join("Aino")
    assert answer.status == 201
    assert answer.body["participant_id"].startswith("pa-room-")
    assert len(answer.body["token"]) >= 32
    assert answer.body["votes_left"] == 3
    state = client.state().body
    assert state["mine"]["name"] == "Aino"
    assert state["room"] == {
        "title": "E-invoice and payment journey",
        "open": True,
        "votes": 3,
        "language": "en",
        "persona": None,
    }
    titles = [
        tp["title"] for j in state["journeys"] for s in j["stages"] for tp in s["touchpoints"]
    ]
    assert "Online bank suggests e-invoice" in titles


def test_the_name_is_optional_and_bounded(room: RunningRoom) -> None:
    nameless = joined(room)
    assert nameless.state().body["mine"]["name"] == said("room.participant_name", number=1)
    answer = room.client().join("x" * 61)
    assert answer.status == 400
    assert answer.body["error"] == said("room.error.too_long", field="name", limit=60)


def test_every_call_but_join_needs_a_participants_token(room: RunningRoom) -> None:
    stranger = room.client()
    assert stranger.state().status == 401
    assert stranger.state().body["error"] == said("room.error.token")
    stranger.token = "forged-token-forged-token-forged"
    assert stranger.rate(TP, "emotion", 3).status == 401
    assert stranger.note(TP, "idea", "x").status == 401


def test_a_wrong_room_key_finds_nothing(room: RunningRoom) -> None:
    wrong = f"http://127.0.0.1:{room.port}/room/{'A' * 32}/"
    assert request(wrong).status == 404
    assert RoomClient(wrong).join("x").status == 404
    assert request(room.url).status == 200


def test_the_key_can_be_rotated_and_the_old_address_stops(room: RunningRoom) -> None:
    client = joined(room)
    old = room.url
    room.rotate()
    assert request(old).status == 404
    assert RoomClient(old).join().status == 404
    client.base = room.url
    assert client.state().status == 200  # a participant keeps their token


def test_requests_from_another_sites_page_are_refused(room: RunningRoom) -> None:
    answer = request(
        room.url + "api/join", "POST", {"name": "x"}, headers={"Origin": "http://evil.example"}
    )
    assert answer.status == 403


def test_a_body_that_is_not_a_json_object_is_refused(room: RunningRoom) -> None:
    client = joined(room)
    answer = request(room.url + "api/notes", "POST", raw=b"[1, 2]", token=client.token)
    assert (answer.status, answer.body["error"]) == (400, said("room.error.json"))
    answer = request(room.url + "api/notes", "POST", raw=b"{" * 9000, token=client.token)
    assert answer.status == 413


# -- ratings ---------------------------------------------------------------------------


def test_ratings_last_write_wins_per_participant_target_and_field(
    room: RunningRoom, ideas: list[str]
) -> None:
    client = joined(room)
    assert client.rate(TP, "emotion", 2).status == 200
    assert client.rate(TP, "emotion", 4).status == 200
    assert client.rate(ideas[0], "effort", 5).status == 200
    assert client.rate(ideas[0], "impact", 1).status == 200
    mine = client.state().body["mine"]["ratings"]
    assert mine[TP] == {"emotion": 4}
    assert mine[ideas[0]] == {"effort": 5, "impact": 1}


@pytest.mark.parametrize("value", [0, 6, -1, "3", 2.5, True, None])
def test_a_rating_outside_1_to_5_is_refused(room: RunningRoom, value: Any) -> None:
    answer = joined(room).rate(TP, "emotion", value)
    assert answer.status == 400
    assert answer.body["error"] == said("room.error.value", value=value)


def test_ratings_name_a_known_target_of_the_right_kind(room: RunningRoom, ideas: list[str]) -> None:
    client = joined(room)
    assert client.rate("tp-nowhere", "emotion", 3).status == 404
    assert client.rate(ideas[0], "emotion", 3).status == 404  # an idea has no emotion
    assert client.rate(TP, "effort", 3).status == 404  # a touchpoint has no effort
    answer = client.rate(TP, "mood", 3)
    assert answer.status == 400
    choices = "emotion, effort, impact"
    assert answer.body["error"] == said("room.error.field", value="mood", choices=choices)


# -- votes -----------------------------------------------------------------------------


def test_votes_spend_the_budget_and_can_be_moved(room: RunningRoom, ideas: list[str]) -> None:
    client = joined(room)
    assert client.vote(ideas[0]).body["votes_left"] == 2
    assert client.vote(ideas[0]).body == {"idea_id": ideas[0], "votes": 2, "votes_left": 1}
    assert client.vote(ideas[1]).body["votes_left"] == 0
    past = client.vote(ideas[1])
    assert past.status == 409
    assert past.body["error"] == said("room.error.budget", count=3)
    moved = client.unvote(ideas[0])
    assert moved.body == {"idea_id": ideas[0], "votes": 1, "votes_left": 1}
    assert client.vote(ideas[1]).status == 201
    assert client.state().body["mine"]["votes"] == {ideas[0]: 1, ideas[1]: 2}


def test_a_vote_not_given_cannot_be_taken_back(room: RunningRoom, ideas: list[str]) -> None:
    client = joined(room)
    assert client.unvote(ideas[0]).status == 409
    assert client.vote("idea-nowhere").status == 404
    assert client.unvote("idea-nowhere").status == 404


def test_the_vote_budget_follows_the_votes_option(sample_path: Path, ideas: list[str]) -> None:
    with running_room(sample_path, votes=1) as room:
        client = joined(room)
        assert client.vote(ideas[0]).status == 201
        answer = client.vote(ideas[1])
        assert answer.body["error"] == said("room.error.budget", count=1)


def test_the_votes_option_is_bounded(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["room", str(sample_path), "--votes", "0"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"cjm room: {said('room.error.votes_option', value=0, high=100)}"


# -- notes -----------------------------------------------------------------------------


def test_notes_hold_up_to_500_characters_of_a_known_kind(room: RunningRoom) -> None:
    client = joined(room)
    assert client.note(TP, "praise", "x" * 500).status == 201
    long = client.note(TP, "praise", "x" * 501)
    too_long = said("room.error.too_long", field="text", limit=500)
    assert (long.status, long.body["error"]) == (400, too_long)
    assert client.note(TP, "rant", "x").status == 400
    assert client.note(TP, "idea", "   ").body["error"] == said("room.error.empty")
    assert client.note("tp-nowhere", "idea", "x").status == 404
    assert client.note(TP, "idea", "a\x1bb").status == 400
    notes = client.state().body["mine"]["notes"]
    assert [(n["touchpoint_id"], n["kind"], len(n["text"])) for n in notes] == [(TP, "praise", 500)]


def test_a_participant_adds_at_most_100_notes(
    room: RunningRoom, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules, "check_rate", lambda *args: None)
    client = joined(room)
    for number in range(100):
        assert client.note(TP, "question", f"q{number}").status == 201
    answer = client.note(TP, "question", "one more")
    assert (answer.status, answer.body["error"]) == (429, said("room.error.notes", limit=100))
    assert joined(room).note(TP, "question", "someone else").status == 201


# -- the write rate and a closed room ---------------------------------------------------


def test_more_than_20_writes_a_second_are_refused(
    room: RunningRoom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's clock stands still while 25 writes arrive, then moves on one second."""
    from cjm_widgets.room import service

    now = [1000.0]
    monkeypatch.setattr(service, "time", SimpleNamespace(monotonic=lambda: now[0]))
    client = joined(room)
    answers = [client.rate(TP, "emotion", 1 + n % 5) for n in range(25)]
    assert [a.status for a in answers] == [200] * 20 + [429] * 5
    assert answers[-1].body["error"] == said("room.error.rate", limit=20)
    assert joined(room).rate(TP, "emotion", 3).status == 200  # others are not slowed down
    now[0] += 0.5
    assert client.rate(TP, "emotion", 3).status == 429
    now[0] += 0.51
    assert client.rate(TP, "emotion", 3).status == 200
    assert client.state().body["mine"]["ratings"][TP] == {"emotion": 3}


def test_a_closed_room_refuses_writes_but_shows_the_state(
    room: RunningRoom, ideas: list[str]
) -> None:
    client = joined(room)
    room.facilitator({"open": False})
    for answer in (
        client.rate(TP, "emotion", 3),
        client.vote(ideas[0]),
        client.note(TP, "idea", "x"),
        room.client().join("late"),
    ):
        assert (answer.status, answer.body["error"]) == (403, said("room.error.closed"))
    assert client.state().body["room"]["open"] is False
    room.facilitator({"open": True})
    assert client.rate(TP, "emotion", 3).status == 200


# -- many writers, the log and the merge ------------------------------------------------


def test_many_writers_at_once_lose_nothing(sample_path: Path, ideas: list[str]) -> None:
    """12 participants write at once; the log and the merged file hold every accepted write."""
    with running_room(sample_path, votes=5) as room:
        clients = [joined(room, f"P{n}") for n in range(12)]
        accepted: dict[str, list[tuple[str, Any]]] = {}

        def write(client: RoomClient, number: int) -> None:
            done: list[tuple[str, Any]] = []
            for step in range(18):
                value = 1 + (number + step) % 5
                if step % 3 == 0:
                    answer, what = client.rate(TP, "emotion", value), ("emotion", value)
                elif step % 3 == 1:
                    answer, what = client.note(TP, "idea", f"{number}-{step}"), ("note", step)
                else:
                    answer, what = client.vote(ideas[step % len(ideas)]), ("vote", step)
                if answer.status in (200, 201):
                    done.append(what)
                time.sleep(0.06)
            accepted[client.participant_id or ""] = done

        threads = [threading.Thread(target=write, args=(c, n)) for n, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    with RoomLog(log_path(sample_path)) as log:
        tally = read_tally(log)
        rows = list(log.entries(kinds=("rating", "note", "vote")))
    assert len(rows) == sum(len(done) for done in accepted.values())
    merge_room(sample_path)
    merged = Workshop.load(sample_path)
    for participant, done in accepted.items():
        member = tally.members[participant]
        assert len(member.notes) == sum(1 for kind, _ in done if kind == "note")
        last_emotion = [value for kind, value in done if kind == "emotion"][-1]
        mine = {
            (r.field, r.target): r.value for r in merged.ratings if r.participant == participant
        }
        assert mine[("emotion", TP)] == last_emotion
        votes = sum(value for (field, _), value in mine.items() if field == "vote")
        assert votes == min(5, sum(1 for kind, _ in done if kind == "vote"))


def test_the_log_is_append_only_in_wal_mode(room: RunningRoom) -> None:
    joined(room).rate(TP, "emotion", 3)
    database = sqlite3.connect(log_path(room.workshop))
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        database.execute("UPDATE log SET payload = '{}'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        database.execute("DELETE FROM log")
    kinds = [row[0] for row in database.execute("SELECT kind FROM log ORDER BY seq")]
    assert kinds == ["room", "join", "rating"]
    database.close()
    assert log_path(room.workshop) == room.workshop.with_name("sample.room.sqlite")
    assert log_path(room.workshop).stat().st_mode & 0o077 == 0


def test_merge_writes_ratings_and_participants_once(
    room: RunningRoom, ideas: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    anna, ben = joined(room, "Anna"), joined(room)
    anna.rate(TP, "emotion", 2)
    anna.rate(TP, "emotion", 1)
    ben.rate(TP, "emotion", 4)
    anna.vote(ideas[0])
    anna.vote(ideas[0])
    ben.vote(ideas[1])
    ben.unvote(ideas[1])
    ben.rate(ideas[0], "impact", 5)
    assert main(["room", "merge", str(room.workshop)]) == 0
    merged_line = said(
        "room.merged", path=room.workshop, ratings=said("room.count.ratings", count=4)
    )
    assert capsys.readouterr().out.strip() == merged_line
    merged = Workshop.load(room.workshop)
    rows = sorted(
        (r.participant == anna.participant_id, r.field, r.target, r.value) for r in merged.ratings
    )
    assert rows == sorted(
        [
            (True, "emotion", TP, 1),
            (False, "emotion", TP, 4),
            (True, "vote", ideas[0], 2),
            (False, "impact", ideas[0], 5),
        ]
    )
    names = {p.id: p.name for p in merged.participants}
    assert names[anna.participant_id or ""] == "Anna"
    assert names[ben.participant_id or ""] == said("room.participant_name", number=2)
    before = room.workshop.read_bytes()
    assert main(["room", "merge", str(room.workshop)]) == 0
    assert re.match(saying("room.merged_nothing", path=room.workshop), capsys.readouterr().out)
    assert room.workshop.read_bytes() == before
    frame = merged.frames.ratings
    assert list(frame.columns[:5]) == ["participant", "target", "field", "value", "at"]
    assert sorted(frame["value"]) == [1, 2, 4, 5]


def test_merge_names_the_notes_it_left_for_the_room_tab(
    room: RunningRoom, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = joined(room, "Anna")
    anna.rate(TP, "emotion", 2)
    for text in ("Confusing offer", "Too many e-mails", "Great app"):
        assert anna.note(TP, "pain_point", text).status == 201
    with RoomLog(log_path(room.workshop)) as log:  # the facilitator sorted one of them
        log.append("facilitator", "decision", {"action": "reject", "notes": [log.last_seq()]})
    assert main(["room", "merge", str(room.workshop)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Merged the room into {room.workshop}: 1 rating",
        "Not sorted yet: 2 notes from the room; make each a pain point or an idea, or reject "
        f"it, in the Room tab of the app (cjm room {room.workshop})",
    ]
    assert main(["--lang", "fi", "room", "merge", str(room.workshop)]) == 0
    assert "Lajittelematta: 2 muistilappua huoneesta" in capsys.readouterr().out


def test_the_state_names_votes_on_ideas_no_longer_offered(
    room: RunningRoom, ideas: list[str]
) -> None:
    anna = joined(room, "Anna")
    for idea in (ideas[0], ideas[1], ideas[1]):
        assert anna.vote(idea).status == 201
    assert anna.state().body["mine"]["gone_ideas"] == {}
    ws = Workshop.load(room.workshop)
    rejected, deleted = (ws.by_id("ideas")[idea] for idea in ideas[:2])
    rejected.status = "rejected"
    ws.ideas.remove(deleted)
    ws.save(room.workshop)
    text = rejected.text
    mine = anna.state().body["mine"]
    assert mine["gone_ideas"] == {ideas[0]: text}  # a deleted idea has no text to show
    assert mine["votes"] == {ideas[0]: 1, ideas[1]: 2}


def test_merge_without_a_room_says_how_to_start_one(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["room", "merge", str(sample_path)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"cjm room: {said('room.no_log', path=log_path(sample_path))}"
    assert not log_path(sample_path).exists()


# -- aggregates ------------------------------------------------------------------------


def _rating(who: str, target: str, field: str, value: int) -> Rating:
    return Rating(
        participant=who,
        target=target,
        field=field,
        value=value,  # type: ignore[arg-type]
        at="2026-11-27T10:00:00Z",
    )  # type: ignore[arg-type]


def test_the_median_is_consensus_and_the_iqr_disagreement() -> None:
    ratings = [_rating(f"pa-{n}", TP, "emotion", v) for n, v in enumerate([1, 2, 2, 4, 5])]
    found = emotion_spreads(ratings)[TP]
    assert (found.median, found.q1, found.q3, found.n, found.iqr) == (2, 2, 4, 5, 2)
    assert spread([3]) is not None and spread([3]).iqr == 0  # type: ignore[union-attr]
    assert spread([]) is None


def test_ideas_sum_their_dots_and_spread_effort_and_impact() -> None:
    ratings = [
        _rating("pa-a", "idea-x", "vote", 2),
        _rating("pa-b", "idea-x", "vote", 1),
        _rating("pa-a", "idea-x", "effort", 1),
        _rating("pa-b", "idea-x", "effort", 5),
    ]
    verdict = idea_verdicts(ratings)["idea-x"]
    assert (verdict.votes, verdict.voters) == (3, 2)
    assert verdict.effort is not None and (verdict.effort.median, verdict.effort.iqr) == (3, 2)
    assert verdict.impact is None


def test_a_rating_value_is_checked_by_its_field(small: Workshop) -> None:
    from cjm_widgets.errors import WorkshopError

    with pytest.raises(WorkshopError) as caught:
        _rating("pa-a", TP, "emotion", 7)
    (problem,) = caught.value.problems
    assert (problem.key, problem.params) == (
        "error.out_of_range",
        {"value": 7, "low": 1, "high": 5},
    )
    assert _rating("pa-a", "idea-x", "vote", 7).value == 7
    data = small.to_dict()
    assert "ratings" in data and data["ratings"] == []


# -- the page --------------------------------------------------------------------------


def test_the_page_is_small_strict_and_sets_text_as_text(room: RunningRoom) -> None:
    answer = request(room.url)
    page = answer.body["text"]
    assert answer.status == 200 and len(page.encode("utf-8")) < 150_000
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'nonce-" in policy
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page
    assert said("room.page.emotion_question") in page


def test_the_page_speaks_the_workshops_language(tmp_path: Path, sample: Workshop) -> None:
    sample.language = "fi"
    path = sample.save(tmp_path / "fi.cjm.json")
    with running_room(path) as room:
        page = request(room.url).body["text"]
        assert said("room.page.emotion_question", "fi") in page and '<html lang="fi">' in page
        answer = joined(room).rate(TP, "emotion", 9)
        assert answer.body["error"] == said("room.error.value", "fi", value=9)


def test_a_workshop_title_cannot_break_out_of_the_page(tmp_path: Path, sample: Workshop) -> None:
    sample.title = "</title><script>alert(1)</script>"
    path = sample.save(tmp_path / "evil.cjm.json")
    with running_room(path) as room:
        page = request(room.url).body["text"]
        assert "<script>alert(1)" not in page
        assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_page_strings_are_json_that_cannot_end_the_script() -> None:
    from cjm_widgets.room.page import _script_json

    assert (
        _script_json({"a": "</script><b>&"})
        == '{"a": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    )
    assert json.loads(_script_json({"a": "</script>"})) == {"a": "</script>"}


def test_the_page_shows_the_apps_emotion_faces_without_loading_widgets(
    comms: Any, sample: Workshop
) -> None:
    from cjm_widgets.room.page import page_strings
    from cjm_widgets.widgets.fields import score_field
    from cjm_widgets.widgets.session import WorkshopSession

    probe = (
        "import sys; from cjm_widgets.room.page import participant_page; "
        "participant_page('T', 'en', 'n'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'ipywidgets', 'ipycanvas'}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert loaded.stdout.strip() == "[]"  # the server's page needs no widget runtime
    faces = page_strings("fi")["faces"]
    assert isinstance(faces, dict)
    buttons = score_field("", sample.touchpoints[0], "emotion", WorkshopSession(sample), faces=True)
    labels = [label for label, _ in buttons.control.options]
    assert labels[1:] == [f"{faces[str(score)]} {score}" for score in range(1, 6)]
    assert len(set(faces.values())) == 5


def test_ratings_go_through_csv_and_excel_and_back(tmp_path: Path, sample: Workshop) -> None:
    from cjm_widgets.table_files import export_csv, export_excel, read_csv_tables, read_excel

    sample.participants.append(sample.participants[0].model_copy(update={"id": "pa-room-a"}))
    sample.ratings = [
        _rating("pa-room-a", TP, "emotion", 2),
        _rating("pa-room-a", sample.ideas[0].id, "vote", 3),
    ]
    frame = sample.to_frames()["ratings"]
    assert list(frame["target_name"]) == ["Online bank suggests e-invoice", sample.ideas[0].text]
    assert str(frame["at"].dt.tz) == "UTC"
    export_csv(sample, tmp_path / "tables")
    export_excel(sample, tmp_path / "w.xlsx")
    for back in (read_csv_tables(tmp_path / "tables"), read_excel(tmp_path / "w.xlsx")):
        assert back.ratings == sample.ratings


# -- the map, the matrix and the reports show the room ---------------------------------


def _rated(sample: Workshop) -> Workshop:
    """The sample with five participants' emotion ratings on two neighbouring touchpoints
    and their votes and scores on the first idea."""
    tps = [tp.id for tp in sample.journey("pe-maija", "current")][:2]
    idea = sample.ideas[0].id
    sample.ratings = [
        *(
            _rating(f"pa-{n}", tp, "emotion", v)
            for tp in tps
            for n, v in enumerate([1, 2, 2, 4, 5])
        ),
        *(_rating(f"pa-{n}", idea, "effort", v) for n, v in enumerate([1, 2, 3, 3, 5])),
        *(_rating(f"pa-{n}", idea, "impact", v) for n, v in enumerate([4, 4, 5, 5, 5])),
        _rating("pa-0", idea, "vote", 2),
        _rating("pa-1", idea, "vote", 1),
    ]
    return sample


def test_the_map_draws_the_rooms_spread_as_a_band_around_the_curve(sample: Workshop) -> None:
    from cjm_widgets.layout import layout_journey
    from cjm_widgets.layout.shapes import Polygon
    from cjm_widgets.render.svg import to_svg

    plain = layout_journey(sample, "pe-maija")
    assert not [s for s in plain.shapes if getattr(s, "role", "") == "room-spread"]
    rated = layout_journey(_rated(sample), "pe-maija")
    bands = [s for s in rated.shapes if getattr(s, "role", "") == "room-spread"]
    assert len(bands) == 1 and isinstance(bands[0], Polygon)
    ys = [y for _, y in bands[0].points]
    upper, lower = ys[: len(ys) // 2], ys[len(ys) // 2 :]
    assert max(upper) < min(lower)  # the third quartile above the first
    assert 'class="room-spread"' in to_svg(rated)


def test_the_matrix_shows_spread_bars_and_the_vote_total(sample: Workshop) -> None:
    from cjm_widgets.layout.matrix import layout_matrix

    matrix = layout_matrix(_rated(sample))
    bars = [s for s in matrix.shapes if getattr(s, "role", "") == "room-spread"]
    assert len(bars) == 2
    votes = [s for s in matrix.shapes if getattr(s, "role", "") == "room-votes"]
    three_votes = said(
        "matrix.room_votes", number=1, votes=said("room.report.votes_short", count=3)
    )
    assert [" ".join(v.lines) for v in votes] == [three_votes]  # type: ignore[attr-defined]
    effort_bar = next(b for b in bars if b.start[1] == b.end[1])  # type: ignore[attr-defined]
    left, _ = matrix.point_of(2, 5)
    right, _ = matrix.point_of(3, 5)
    assert (effort_bar.start[0] + 4, effort_bar.end[0] - 4) == (left, right)  # type: ignore[attr-defined]


def test_the_report_shows_the_rooms_spread_and_votes(sample: Workshop) -> None:
    from cjm_widgets.reports.decisions import priority_matrix
    from cjm_widgets.reports.sections import touchpoint_table

    column = f"<th>{html.escape(said('room.report.room_emotion'))}</th>"
    assert column not in touchpoint_table(sample).body
    rated = _rated(sample)
    rated.ideas[0].text = "<b>bold</b> idea"
    table = touchpoint_table(rated, "pe-maija").body
    assert column in table and shown_spread(2, 2, 4, 5) in table
    section = priority_matrix(rated).body
    assert f"<h3>{html.escape(said('room.report.verdict'))}</h3>" in section
    assert "&lt;b&gt;bold&lt;/b&gt; idea" in section and "<b>bold</b> idea" not in section
    assert (
        f"<td>3</td><td>{shown_spread(3, 2, 3, 5)}</td><td>{shown_spread(5, 4, 5, 5)}</td>"
        in section
    )


def test_room_takes_one_workshop_or_merge_and_one(
    sample_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["room", "mrege", str(sample_path)]) == 1
    assert capsys.readouterr().err.strip() == f"cjm room: {said('room.usage', value='mrege')}"
    monkeypatch.chdir(sample_path.parent)
    monkeypatch.setattr("cjm_widgets.room.command.run_room", lambda *args: 0)  # never serve
    # "merge" alone is the merge without its workshop, not a new workshop called merge
    assert main(["room", "merge"]) == 1
    assert capsys.readouterr().err.strip() == f"cjm room: {said('room.merge_needs_workshop')}"
    assert not (sample_path.parent / "merge").exists()
    with pytest.raises(SystemExit):
        main(["room", "--help"])
    assert "--votes N" in capsys.readouterr().out


def test_a_broken_workshop_file_is_reported_not_served(room: RunningRoom) -> None:
    client = joined(room)
    text = room.workshop.read_text(encoding="utf-8")
    room.workshop.write_text(text.replace('"title": "E-invoice', '"title": 7, "x": "', 1))
    page = request(room.url)
    assert page.status == 503 and "title" in page.body["text"]
    answer = client.rate(TP, "emotion", 3)
    assert answer.status == 503 and "title" in answer.body["error"]
    room.workshop.write_text(text, encoding="utf-8")
    assert client.rate(TP, "emotion", 3).status == 200
