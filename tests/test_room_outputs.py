"""What the room's results look like once merged, in what stakeholders read: the matrix's
votes at the idea they belong to.

A real room (the handlers on a loopback port, tests/room_client.py) is joined, rated and
merged with ``cjm room merge``; the outputs are read as a reader would see them.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.layout.matrix import layout_matrix
from cjm_widgets.layout.shapes import Layout, Text
from cjm_widgets.render.svg import to_svg
from tests.room_client import running_room

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def merged(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> Workshop:
    """The sample after a room where two people scored idea 3 at effort 2, impact 5
    (where idea 1's dot is) and gave it 2 votes, and one gave idea 4 a vote."""
    ideas = [idea.id for idea in Workshop.load(sample_path).ideas]
    with running_room(sample_path) as room:
        for name in ("Aino", "Ben"):
            client = room.client()
            assert client.join(name).status == 201
            assert client.rate(ideas[2], "effort", 2).status == 200
            assert client.rate(ideas[2], "impact", 5).status == 200
            assert client.vote(ideas[2]).status == 201
        third = room.client()
        assert third.join("Cai").status == 201
        assert third.vote(ideas[3]).status == 201
    assert main(["room", "merge", str(sample_path)]) == 0
    capsys.readouterr()
    return Workshop.load(sample_path)


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
