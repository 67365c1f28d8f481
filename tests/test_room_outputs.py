"""What the room's results look like once merged, in what stakeholders read: the matrix's
votes at the idea they belong to, and participants' names kept to the facilitator's app
(handouts, decks and exported tables count them, or call them Participant 1..n).

A real room (the handlers on a loopback port, tests/room_client.py) is joined, rated and
merged with ``cjm room merge``; the outputs are read as a reader would see them.
"""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.layout.matrix import layout_matrix
from cjm_widgets.layout.shapes import Layout, Text
from cjm_widgets.render.svg import to_svg
from cjm_widgets.reports.registered import registered_sections
from cjm_widgets.reports.slides import deck_bytes
from tests.room_client import running_room

SVG = "{http://www.w3.org/2000/svg}"


ROOM_NAMES = ("Aino Salainen", "Ben Hidden", "Cai Private")


@pytest.fixture
def merged_path(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample after a room where two people scored idea 3 at effort 2, impact 5
    (where idea 1's dot is) and gave it 2 votes, and one gave idea 4 a vote."""
    ideas = [idea.id for idea in Workshop.load(sample_path).ideas]
    with running_room(sample_path) as room:
        for name in ROOM_NAMES[:2]:
            client = room.client()
            assert client.join(name).status == 201
            assert client.rate(ideas[2], "effort", 2).status == 200
            assert client.rate(ideas[2], "impact", 5).status == 200
            assert client.vote(ideas[2]).status == 201
        third = room.client()
        assert third.join(ROOM_NAMES[2]).status == 201
        assert third.vote(ideas[3]).status == 201
    assert main(["room", "merge", str(sample_path)]) == 0
    capsys.readouterr()
    return sample_path


@pytest.fixture
def merged(merged_path: Path) -> Workshop:
    return Workshop.load(merged_path)


def _texts(layout: Layout, role: str, ref: str | None = None) -> list[str]:
    """The lines of every text of ``role`` (and ``ref``, when given), each joined."""
    return [
        " ".join(shape.lines)
        for shape in layout.shapes
        if isinstance(shape, Text) and shape.role == role and ref in (None, shape.ref)
    ]


def _centre(element: ET.Element) -> tuple[float, float]:
    return float(element.get("cx", 0)), float(element.get("cy", 0))


def test_the_matrix_draws_each_ideas_votes_at_its_own_numbered_dot(merged: Workshop) -> None:
    svg = ET.fromstring(to_svg(layout_matrix(merged)))
    dots = {c.get("data-ref"): c for c in svg.iter(f"{SVG}circle") if c.get("class") == "idea"}
    numbers = {
        t.get("data-ref"): "".join(t.itertext())
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "idea-number" and t.get("data-ref")
    }
    labels = {
        t.get("data-ref"): t for t in svg.iter(f"{SVG}text") if t.get("class") == "room-votes"
    }
    third, fourth, first = (merged.ideas[i].id for i in (2, 3, 0))
    assert (numbers[third], numbers[fourth]) == ("3", "4")
    assert {ref: "".join(t.itertext()) for ref, t in labels.items()} == {
        third: "3: 2 votes",
        fourth: "4: 1 vote",
    }
    for idea in (third, fourth):
        (cx, cy), label = _centre(dots[idea]), labels[idea]
        x, y = float(label.get("x", 0)), float(label.get("y", 0))
        assert 0 < x - cx < 30 and abs(y - cy) < 10  # just right of the idea's own dot
    # the room's cross for idea 3 lands on idea 1's dot: it carries idea 3's number
    tags = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "room-spread-number"]
    assert ["".join(t.itertext()) for t in tags] == ["3"]
    assert [t.get("data-ref") for t in tags] == [third]
    one = _centre(dots[first])
    tag = float(tags[0].get("x", 0)), float(tags[0].get("y", 0))
    assert math.dist(one, tag) < 40  # beside the cross at the room's medians
    assert all(math.dist(one, (float(t.get("x", 0)), float(t.get("y", 0)))) > 20
               for t in labels.values())  # fmt: skip


def test_the_matrix_votes_follow_the_workshops_language(merged: Workshop) -> None:
    merged.language = "fi"
    assert sorted(_texts(layout_matrix(merged), "room-votes")) == ["3: 2 ääntä", "4: 1 ääni"]


def test_votes_on_an_idea_with_no_dot_and_no_cross_are_in_the_list(merged: Workshop) -> None:
    merged.ideas[3].effort = merged.ideas[3].impact = None
    layout = layout_matrix(merged)
    assert _texts(layout, "room-votes") == ["3: 2 votes"]
    assert _texts(layout, "idea-text", merged.ideas[3].id) == [
        f"{merged.ideas[3].text} (proposed; 1 vote from the room)"
    ]


# -- names stay in the facilitator's app -----------------------------------------------


def _no_room_names(text: str) -> None:
    for name in ROOM_NAMES:
        assert name not in text, name


def test_the_workshop_file_keeps_the_names_for_the_facilitator(merged: Workshop) -> None:
    room = [p.name for p in merged.participants if p.id.startswith("pa-room-")]
    assert room == list(ROOM_NAMES)


def test_the_overview_counts_the_room_and_names_only_named_participants(
    merged: Workshop,
) -> None:
    section = registered_sections(merged)("overview")
    assert section is not None
    body = str(section.body)
    _no_room_names(body)
    assert "Liisa Virtanen (Facilitator)" in body
    assert (
        "<td>Joined from the room</td><td>3</td>"
        "<td>Names are not shown: the room promised that nobody else sees them</td>"
    ) in body
    finnish = registered_sections(merged, lang="fi")("overview")
    assert finnish is not None and "<td>Liittyivät huoneesta</td><td>3</td>" in str(finnish.body)


def test_a_plugins_section_sees_the_room_as_participant_1_to_n(merged: Workshop) -> None:
    from cjm_widgets.model.privacy import for_sharing

    shared = for_sharing(merged)
    assert [p.name for p in shared.participants][-3:] == [
        "Participant 1",
        "Participant 2",
        "Participant 3",
    ]
    assert [p.name for p in merged.participants][-3:] == list(ROOM_NAMES)  # not changed


def test_the_deck_counts_the_room_and_names_nobody_from_it(merged: Workshop) -> None:
    from tests.test_slides import deck, slide_text

    presentation = deck(deck_bytes(merged, persona="pe-maija"))
    text = "\n".join(slide_text(slide) for slide in presentation.slides)
    _no_room_names(text)
    assert "11 participants took part, 3 of them from the room" in slide_text(
        presentation.slides[0]
    )


def test_exported_tables_call_the_room_participant_1_to_n(
    merged_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    assert main(["export", str(merged_path), "--to", "csv", "-o", str(tmp_path / "t")]) == 0
    assert main(["export", str(merged_path), "--to", "xlsx", "-o", str(tmp_path / "w.xlsx")]) == 0
    capsys.readouterr()
    for table in (tmp_path / "t").glob("*.csv"):
        _no_room_names(table.read_text(encoding="utf-8-sig"))
    with (tmp_path / "t" / "participants.csv").open(encoding="utf-8-sig") as file:
        names = [row["name"] for row in csv.DictReader(file)]
    assert names[-3:] == ["Participant 1", "Participant 2", "Participant 3"]
    assert "Liisa Virtanen" in names
    with (tmp_path / "t" / "ratings.csv").open(encoding="utf-8-sig") as file:
        voters = {row["participant_name"] for row in csv.DictReader(file)}
    assert voters == {"Participant 1", "Participant 2", "Participant 3"}
    book = openpyxl.load_workbook(tmp_path / "w.xlsx", read_only=True)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    _no_room_names("\n".join(cells))
    assert "Participant 3" in cells


@pytest.mark.slow
def test_the_handout_counts_the_room_and_names_nobody_from_it(
    merged_path: Path, tmp_path: Path
) -> None:
    from cjm_widgets.reports import render

    (outcome,) = render(merged_path, out=tmp_path / "out", pptx=True)
    assert outcome.ok, outcome.error
    page = (tmp_path / "out" / "sample-report.html").read_text(encoding="utf-8")
    _no_room_names(page)
    assert "<td>Joined from the room</td><td>3</td>" in page
    assert "Liisa Virtanen" in page
    from tests.test_slides import deck, slide_text

    (pptx,) = (tmp_path / "out").glob("*.pptx")
    _no_room_names("\n".join(slide_text(s) for s in deck(pptx.read_bytes()).slides))


def test_the_diff_page_calls_the_room_participant_1_to_n(
    merged_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = merged_path.with_name(merged_path.name + ".bak")
    page = tmp_path / "changes.html"
    assert main(["diff", str(before), str(merged_path), "--to", "html", "-o", str(page)]) == 0
    capsys.readouterr()
    text = page.read_text(encoding="utf-8")
    _no_room_names(text)
    assert "Participant 3" in text
