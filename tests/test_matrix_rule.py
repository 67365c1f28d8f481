"""The middle score has one rule in every view of the matrix, and crowded cells stay legible."""

from __future__ import annotations

import itertools
from typing import Any

from cjm_widgets import Workshop
from cjm_widgets.fonts import text_width
from cjm_widgets.layout.matrix import MatrixLayout, layout_matrix
from cjm_widgets.layout.shapes import Box, Circle, Rect, Segment, Text
from cjm_widgets.quadrants import quadrant
from cjm_widgets.reports import sections
from cjm_widgets.widgets.priority_matrix import PriorityMatrixView
from tests.conftest import small_document
from tests.messages import said


def every_score_workshop() -> Workshop:
    """One idea on each of the 25 score pairs."""
    document = small_document()
    document["ideas"] = [
        {"id": f"idea-{e}-{i}", "text": f"Idea {e}/{i}", "effort": e, "impact": i}
        for e, i in itertools.product(range(1, 6), repeat=2)
    ]
    return Workshop.from_dict(document)


def regions(layout: MatrixLayout) -> dict[str, Box]:
    return {
        s.role.removeprefix("quadrant-"): s.box
        for s in layout.shapes
        if isinstance(s, Rect) and s.role.startswith("quadrant-")
    }


def strictly_inside(box: Box, x: float, y: float, margin: float) -> bool:
    return box.x + margin <= x <= box.right - margin and box.y + margin <= y <= box.bottom - margin


def dots(layout: MatrixLayout) -> list[Circle]:
    return [s for s in layout.shapes if isinstance(s, Circle) and s.role == "idea"]


def test_the_middle_counts_as_low_effort_and_high_impact() -> None:
    assert quadrant(3, 3) == "quick_wins"
    assert quadrant(3, 2) == "fill_ins"
    assert quadrant(4, 3) == "major_projects"
    assert quadrant(4, 2) == "thankless_tasks"


def test_every_dot_lies_inside_its_quadrant_never_on_a_line() -> None:
    layout = layout_matrix(every_score_workshop())
    boxes = regions(layout)
    lines = [s for s in layout.shapes if isinstance(s, Segment) and s.role == "axis-mid"]
    assert len(lines) == 2
    for dot in dots(layout):
        effort, impact = (int(n) for n in dot.ref.split("-")[1:])  # type: ignore[union-attr]
        assert strictly_inside(boxes[quadrant(effort, impact)], dot.cx, dot.cy, dot.r)
        for line in lines:
            (x1, y1), (x2, _) = line.start, line.end
            if x1 == x2:
                assert abs(dot.cx - x1) > dot.r
            else:
                assert abs(dot.cy - y1) > dot.r


def test_the_canvas_view_draws_the_same_quadrants(comms: Any) -> None:
    ws = every_score_workshop()
    view = PriorityMatrixView(ws, on_change=lambda _: None)
    assert regions(view.matrix) == regions(layout_matrix(ws))
    assert [(d.cx, d.cy, d.ref) for d in dots(view.matrix)] == [
        (d.cx, d.cy, d.ref) for d in dots(layout_matrix(ws))
    ]


def test_frames_and_the_report_use_the_same_rule() -> None:
    ws = every_score_workshop()
    frame = ws.to_frames()["ideas"].set_index("id")
    for idea in ws.ideas:
        assert frame.at[idea.id, "quadrant"] == quadrant(idea.effort, idea.impact)  # type: ignore[arg-type]
    html = str(sections.priority_matrix(ws).body)
    quick_wins = html.split(f"{said('matrix.quick_wins')}</h3>")[1].split("</ul>")[0]
    assert "Idea 3/3" in quick_wins and "Idea 1/3" in quick_wins
    assert "Idea 4/3" not in quick_wins and "Idea 3/2" not in quick_wins
    assert said("print.matrix_rule") in html


def test_unrated_ideas_have_no_quadrant(small: Workshop) -> None:
    small.ideas[0].effort = None
    assert small.to_frames()["ideas"]["quadrant"].tolist() == [None]


def test_twenty_ideas_on_one_score_are_each_visible_and_labelled() -> None:
    document = small_document()
    document["ideas"] = [
        {"id": f"idea-{n}", "text": f"Idea {n}", "effort": 3, "impact": 3} for n in range(1, 21)
    ]
    layout = layout_matrix(Workshop.from_dict(document))
    step = layout.plot.w / 5
    cx, cy = layout.point_of(3, 3)
    cell = Box(cx - step / 2, cy - step / 2, step, step)
    placed = dots(layout)
    assert len(placed) == 20
    for dot in placed:
        assert strictly_inside(cell, dot.cx, dot.cy, dot.r)
        assert layout.scores_at(dot.cx, dot.cy) == (3, 3)
    for a, b in itertools.combinations(placed, 2):
        assert ((a.cx - b.cx) ** 2 + (a.cy - b.cy) ** 2) ** 0.5 >= a.r + b.r
    labels = [s for s in layout.shapes if isinstance(s, Text) and s.role == "idea-number" and s.ref]
    assert sorted(int(label.lines[0]) for label in labels) == list(range(1, 21))
    for a, b in itertools.combinations(labels, 2):
        overlap_x = min(a.box.right, b.box.right) - max(a.box.x, b.box.x)
        overlap_y = min(a.box.bottom, b.box.bottom) - max(a.box.y, b.box.y)
        assert overlap_x <= 0 or overlap_y <= 0
    for label in labels:
        assert text_width(label.lines[0], label.size, bold=True) <= label.box.w
