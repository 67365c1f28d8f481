"""The live ipycanvas views, driven as a browser would drive them, with a recording comm."""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ipycanvas.canvas import COMMANDS

from cjm_widgets import Workshop
from cjm_widgets.layout.shapes import Circle, Rect
from cjm_widgets.render.canvas import MAX_CANVAS_PX, READABLE, JourneyMapView
from cjm_widgets.render.canvas_painter import _as_dot
from cjm_widgets.widgets.priority_matrix import PriorityMatrixView
from tests.messages import said, saying
from tests.synthetic import synthetic_workshop
from tests.widget_comm import browser_sends

NAMES = {code: name for name, code in COMMANDS.items()}


def batches(comm: Any) -> list[list[Any]]:
    """The command lists of every drawing message sent, decoded."""
    decoded = []
    for _, buffers in comm.custom_messages():
        commands = json.loads(bytes(buffers[0]))
        decoded.append(commands if isinstance(commands[0], list) else [commands])
    return decoded


def names(batch: list[Any]) -> Counter[str]:
    return Counter(NAMES[command[0]] for command in batch)


def drawn_text(batch: list[Any]) -> list[str]:
    return [command[1][0] for command in batch if NAMES[command[0]] == "fillText"]


def where_drawn(batch: list[Any], text: str) -> tuple[float, float]:
    """Where the drawing wrote ``text`` (its first line, when wrapped): the left end and
    baseline of the longest drawn line that starts it."""
    lines = [
        command[1]
        for command in batch
        if NAMES[command[0]] == "fillText" and command[1][0] and text.startswith(command[1][0])
    ]
    assert lines, f"{text!r} was not drawn"
    line = max(lines, key=lambda args: len(args[0]))
    return float(line[1]), float(line[2])


def event(view: Any, kind: str, x: float = 0, y: float = 0) -> None:
    """What the browser sends: a mouse or client event on the view's canvas."""
    browser_sends(view.canvas, {"event": kind, "x": x, "y": y})


def attached(comms: Any, view: Any) -> list[Any]:
    """A browser view attaches: the one drawing batch it is sent, decoded."""
    comms.messages.clear()
    event(view, "client_ready")
    (batch,) = batches(comms)
    return batch


def chip(view: JourneyMapView, ref: str) -> Rect:
    return next(
        s
        for s in view.layout_data.shapes
        if isinstance(s, Rect) and s.role == "touchpoint" and s.ref == ref
    )


def test_nothing_is_drawn_before_a_browser_view_attaches(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-maija")  # commands sent now would reach no view
    view.refresh()
    assert batches(comms) == []
    assert view.canvas.width == round(view.layout_data.width)  # sized for the view to come
    assert "Approves the e-invoice payment" in " ".join(drawn_text(attached(comms, view)))


def test_redraw_of_the_sample_map_is_one_batch(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-maija")
    comms.messages.clear()
    view.redraw()
    (batch,) = batches(comms)
    counts = names(batch)
    assert counts["fillRect"] >= 1  # a card's plain background: one command, not five arrays
    assert counts["arcTo"] > 0 and counts["strokeCircle"] > 0  # cards' corners, dots' rings
    assert counts["fillText"] == sum(
        len(s.lines) for s in view.layout_data.shapes if hasattr(s, "lines")
    )
    texts = drawn_text(batch)
    assert "Approves the e-invoice payment" in " ".join(texts)
    assert "Paper bill arrives anyway" not in " ".join(texts)  # Aino's only


def test_a_browser_view_attaching_gets_the_drawing(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample)
    batch = attached(comms, view)
    lines = [line for s in view.layout_data.shapes for line in getattr(s, "lines", ())]
    assert drawn_text(batch) == lines  # every text of the map, in drawing order
    assert "Calls about the bill amount" in " ".join(lines)  # Aino's, on the everyone map


def test_click_selects_a_touchpoint_and_empty_space_clears(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-aino")
    title = sample.by_id("touchpoints")["tp-aino-paper-duplicate"].title
    x, y = where_drawn(attached(comms, view), title)
    event(view, "mouse_down", x + 2, y - 4)  # on the title, where the browser shows it
    assert view.selected == "tp-aino-paper-duplicate"
    event(view, "mouse_down", 2, 2)
    assert view.selected is None


def test_clicks_follow_the_zoom(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-aino")
    width = view.canvas.width
    view.buttons["out"].click()  # below the 60-100% the map is shown at by default
    assert (view.zoom, view.canvas.width) == (0.5, round(view.layout_data.width * 0.5))
    assert view.canvas.layout.width == f"{view.canvas.width}px"
    box = chip(view, "tp-reminder-letter").box
    event(view, "mouse_down", (box.x + 10) * view.zoom, (box.y + 10) * view.zoom)
    assert view.selected == "tp-reminder-letter"
    for _ in range(4):
        view.buttons["in"].click()  # 0.65, 0.8, 1, 1.25
    assert (view.zoom, view.canvas.width) == (1.25, round(width * 1.25))
    view.buttons["fit"].click()
    assert view.zoom == 1 and view.canvas.layout.width == "100%"


def test_the_map_scrolls_in_its_frame_rather_than_shrinking_to_an_unreadable_strip(
    sample: Workshop,
) -> None:
    """By default the page's width, but never below READABLE of the map's size (then it
    scrolls); a zoom shows the canvas's own pixels; Fit the page's width. Never shrunk
    by the frame's flex box, which once made a 500-card map a 9-pixel strip."""
    view = JourneyMapView(sample, "pe-aino")
    width, shown = view.canvas.width, view.canvas.layout
    assert (shown.width, shown.min_width, shown.max_width, shown.flex) == (
        "100%", f"{round(READABLE * width)}px", f"{width}px", "0 0 auto"
    )  # fmt: skip
    view.buttons["in"].click()
    assert (shown.width, shown.min_width, shown.max_width, shown.flex) == (
        f"{view.canvas.width}px", None, None, "0 0 auto"
    )  # fmt: skip
    view.buttons["fit"].click()
    assert (shown.width, shown.min_width, shown.max_width) == ("100%", None, None)
    long = JourneyMapView(synthetic_workshop(500, personas=1))
    assert long.canvas.width == MAX_CANVAS_PX  # already smaller than READABLE: as it is
    assert (long.canvas.layout.width, long.canvas.layout.min_width) == (f"{MAX_CANVAS_PX}px", None)


def test_hover_shows_a_tooltip(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-aino")
    box = chip(view, "tp-aino-calls-bill").box
    comms.messages.clear()
    event(view, "mouse_move", box.x + 5, box.y + 5)
    (batch,) = batches(comms)
    assert "Calls about the bill amount" in drawn_text(batch)
    emotion = saying("map.tooltip.emotion", score=2, word=said("emotion.2"))
    assert re.search(emotion, " ".join(drawn_text(batch)))  # over the tooltip's lines
    comms.messages.clear()
    event(view, "mouse_move", box.x + 6, box.y + 6)  # same touchpoint: nothing to send
    assert batches(comms) == []
    event(view, "mouse_out")
    assert drawn_text(batches(comms)[0]) == []


def test_refresh_draws_model_changes(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-maija")
    attached(comms, view)
    sample.by_id("touchpoints")["tp-pay-einvoice"].title = "Pays with one tap"
    comms.messages.clear()
    view.refresh()
    assert "Pays with one tap" in drawn_text(batches(comms)[0])
    view.selected = "tp-pay-einvoice"
    sample.touchpoints = [tp for tp in sample.touchpoints if tp.id != "tp-budget-app"]
    view.workshop = sample
    assert view.selected == "tp-pay-einvoice"
    view.persona = "pe-aino"
    view.refresh()
    assert view.selected is None  # not on Aino's map


def drag(view: PriorityMatrixView, idea_id: str, effort: int, impact: int) -> None:
    dot = next(s for s in view.layout_data.hotspots if s.ref == idea_id)
    start = (dot.box.x + dot.box.w / 2, dot.box.y + dot.box.h / 2)
    target = view.matrix.point_of(effort, impact)
    event(view, "mouse_down", *start)
    event(view, "mouse_move", *target)
    event(view, "mouse_up", target[0] + 4, target[1] - 4)  # near enough snaps to the grid


def test_dragging_a_dot_rerates_the_idea_and_saves(comms: Any, sample_path: Path) -> None:
    ws = Workshop.load(sample_path)
    view = PriorityMatrixView(ws)
    drag(view, "idea-callback", 1, 5)
    idea = ws.by_id("ideas")["idea-callback"]
    assert (idea.effort, idea.impact) == (1, 5)
    saved = Workshop.load(sample_path).by_id("ideas")["idea-callback"]
    assert (saved.effort, saved.impact) == (1, 5)
    dot = next(s for s in view.layout_data.hotspots if s.ref == "idea-callback")
    assert view.matrix.scores_at(dot.box.x + dot.box.w / 2, dot.box.y + dot.box.h / 2) == (1, 5)


def test_a_failed_save_after_a_drag_is_shown_and_the_rating_kept(
    comms: Any, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workshop.load(sample_path)
    view = PriorityMatrixView(ws)

    before = sample_path.read_bytes()

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    drag(view, "idea-auto-pay-limit", 2, 4)
    refusal = said("store.cannot_write", path=sample_path, reason="Read-only file system")
    assert html.escape(refusal) in view.message.value
    assert sample_path.read_bytes() == before
    idea = ws.by_id("ideas")["idea-auto-pay-limit"]
    assert (idea.effort, idea.impact) == (2, 4)


def test_a_press_outside_any_dot_drags_nothing(comms: Any, sample: Workshop) -> None:
    changes: list[Workshop] = []
    view = PriorityMatrixView(sample, on_change=changes.append)
    event(view, "mouse_down", 1, 1)
    event(view, "mouse_up", *view.matrix.point_of(5, 5))
    assert changes == []
    drag(view, "idea-grace-period", 1, 4)  # dropped where it already is
    assert changes == []
    drag(view, "idea-grace-period", 2, 4)
    assert changes == [sample]


def test_long_runs_of_plain_rects_go_out_vectorised_and_short_ones_one_by_one(
    comms: Any,
) -> None:
    from ipycanvas import Canvas

    from cjm_widgets.layout.shapes import Box
    from cjm_widgets.render.canvas_painter import SHORTEST_BATCH, Painter
    from tests.canvas_pixels import paint

    def drawn(runs: list[list[Rect]]) -> tuple[Counter[str], Any]:
        """Each run painted by one ``paint`` call, on one canvas: commands and pixels."""
        canvas = Canvas(width=120, height=20)
        comms.messages.clear()
        painter = Painter(canvas)
        for run in runs:
            painter.paint(run)
        pictured = paint(comms.custom_messages(), canvas.model_id, 120, 20)
        return names([command for batch in batches(comms) for command in batch]), pictured

    colours = ["#D55E00", "#0072B2", "#009E73", "#F0E442", "#CC79A7", "#56B4E9"]
    rects = [Rect(Box(20 * i, 0, 20, 20), colour, "band") for i, colour in enumerate(colours)]
    together, pictured = drawn([rects])
    assert together["fillStyledRects"] == 1 and together["fillRect"] == 0
    assert pictured[10, 10].tolist() == [0xD5, 0x5E, 0x00, 255]
    assert pictured[10, 110].tolist() == [0x56, 0xB4, 0xE9, 255]
    alone, _ = drawn([rects[: SHORTEST_BATCH - 1]])
    assert alone["fillRect"] == SHORTEST_BATCH - 1 and alone["fillStyledRects"] == 0
    in_pairs, pictured_in_pairs = drawn([rects[at : at + 2] for at in range(0, len(rects), 2)])
    assert in_pairs["fillRect"] == len(rects) and in_pairs["fillStyledRects"] == 0
    assert (pictured_in_pairs == pictured).all()


def test_text_smaller_than_a_canvas_pixel_is_not_sent(comms: Any) -> None:

    view = JourneyMapView(synthetic_workshop(2500, personas=1))  # 500,000 px wide
    batch = attached(comms, view)
    assert view.scale * 22 < 1  # even the title would be under a pixel tall
    assert drawn_text(batch) == []
    counts = names(batch)
    assert counts["fillStyledRects"] >= 1  # the bands, chips and dots are drawn
    # corners and outlines under half a pixel would look the same: square chips, plain
    # dots, in one command per run instead of a path or two strokes each
    assert counts["arcTo"] == 0 and counts["strokeCircle"] == 0
    assert counts["fillStyledCircles"] >= 1
    assert sum(counts.values()) < 5 * 2500


def test_a_very_long_journey_is_scaled_to_a_canvas_browsers_accept(comms: Any) -> None:

    view = JourneyMapView(synthetic_workshop(200, personas=1))
    assert view.layout_data.width > 16384
    assert view.canvas.width == 16384  # the largest canvas browsers draw
    chips = [s for s in view.layout_data.shapes if isinstance(s, Rect) and s.role == "touchpoint"]
    box = chips[-1].box  # the far right end, scaled down the most
    event(view, "mouse_down", (box.x + 5) * view.scale, (box.y + 5) * view.scale)
    assert view.selected == chips[-1].ref


def test_a_dot_too_small_for_its_outline_takes_the_colour_that_covers_more_of_it() -> None:
    tag = Circle(0, 0, 3, "#FFFFFF", "room-spread", stroke="#123456", stroke_width=2)
    point = Circle(0, 0, 10, "#E69F00", "emotion", stroke="#FFFFFF", stroke_width=1.5)
    assert _as_dot(tag).fill == "#123456"  # mostly outline: a white dot would vanish
    assert _as_dot(point) == point  # mostly fill: its emotion's colour
