"""The Nudges lane: each nudge an arrow from its entry card to its goal card, with its
wait, channel, pause and measured lift, on the SVG and on the live canvas."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from cjm_widgets import Workshop, editing
from cjm_widgets.layout import Layout, layout_journey
from cjm_widgets.layout.nudges import ACCENT, NudgesLane
from cjm_widgets.layout.options import registered_lanes
from cjm_widgets.layout.shapes import Circle, Polygon, Rect, Segment, Text
from cjm_widgets.model import MeasuredNudge, Measurement
from cjm_widgets.render.canvas import JourneyMapView
from cjm_widgets.render.svg import to_svg
from tests.messages import said
from tests.test_canvas import batches, drawn_text

NBSP = "\u00a0"
HOSTILE = 'Pay now <script>alert("x")</script> & save'


def nudged(ws: Workshop) -> Workshop:
    """``ws`` with three nudges on Maija's journey (one measured, one measured on too few
    customers, one paused and not measured), one of Aino's, and a snapshot of their lift
    (the sample's own nudge left out, so each test knows every nudge on the map)."""
    ws.nudges = []
    editing.add(ws, "nudges", {
        "id": "nu-reminder", "title": HOSTILE, "after": "tp-open-pdf",
        "until": "tp-pay-einvoice", "wait_hours": 48, "channel": "e-mail",
        "message": "Hi {first_name}", "quiet_hours": "21-08",
    })  # fmt: skip
    editing.add(ws, "nudges", {
        "id": "nu-push", "title": "Push before the due date", "after": "tp-einvoice-arrives",
        "until": "tp-pay-einvoice", "wait_hours": 24, "channel": "push", "message": "Pay",
    })  # fmt: skip
    editing.add(ws, "nudges", {
        "id": "nu-confirm", "title": "Confirm the order", "after": "tp-signup-bank",
        "until": "tp-signup-confirm-email", "wait_hours": 6, "channel": "SMS",
        "message": "Confirm", "active": False,
    })  # fmt: skip
    editing.add(ws, "nudges", {
        "id": "nu-aino", "title": "Aino's letter", "persona": "pe-aino",
        "after": "tp-einvoice-arrives", "until": "tp-pay-einvoice", "wait_hours": 72,
        "channel": "letter", "message": "Dear Aino",
    })  # fmt: skip
    lifts = [
        MeasuredNudge(
            nudge="nu-reminder", touchpoint="tp-pay-einvoice", customers_treatment=1800,
            customers_holdout=200, treatment_rate=0.345, holdout_rate=0.283,
            difference=0.062, ci_low=0.021, ci_high=0.103, p_value=0.004,
        ),
        MeasuredNudge(
            nudge="nu-push", touchpoint="tp-pay-einvoice", customers_treatment=20,
            customers_holdout=2, treatment_rate=0.5, holdout_rate=0.5, difference=0.0,
            ci_low=-0.4, ci_high=0.4, p_value=1.0, small_sample=True,
        ),
    ]  # fmt: skip
    period = (datetime(2026, 9, 1), datetime(2026, 9, 30, 23, 59))
    ws.measurements.append(
        Measurement(id="me-lift", period_start=period[0], period_end=period[1], nudges=lifts)
    )
    return ws


def texts(layout: Layout, role: str) -> list[Text]:
    return [s for s in layout.shapes if isinstance(s, Text) and s.role == role]


def said_of(layout: Layout, role: str) -> list[str]:
    return [" ".join(t.lines) for t in texts(layout, role)]


def card(layout: Layout, tp_id: str) -> Rect:
    (chip,) = [
        s
        for s in layout.shapes
        if isinstance(s, Rect) and s.role == "touchpoint" and s.ref == tp_id
    ]
    return chip


def arrow(layout: Layout, nudge: str) -> tuple[Circle, Polygon]:
    (dot,) = [s for s in layout.shapes if isinstance(s, Circle) and s.ref == nudge]
    (head,) = [s for s in layout.shapes if isinstance(s, Polygon) and s.ref == nudge]
    return dot, head


def test_a_workshop_without_nudges_has_no_nudges_lane_and_the_same_map(sample: Workshop) -> None:
    sample.nudges = []
    for persona in (None, "pe-maija", "pe-aino"):
        layout = layout_journey(sample, persona)
        assert said("map.lane.nudges") not in said_of(layout, "lane-title")
        assert not [s for s in layout.shapes if getattr(s, "role", "").startswith("nudges")]
        without = [lane for lane in registered_lanes() if not isinstance(lane, NudgesLane)]
        assert to_svg(layout) == to_svg(layout_journey(sample, persona, lanes=without))


def test_the_lane_shows_titles_wait_channel_pause_and_lift(sample: Workshop) -> None:
    layout = layout_journey(nudged(sample), "pe-maija")
    titles = said_of(layout, "lane-title")
    assert titles.index(said("map.lane.nudges")) == titles.index(said("map.lane.emotions")) + 1
    assert sorted(said_of(layout, "nudges-title")) == sorted(
        [HOSTILE, "Push before the due date", "Confirm the order"]
    )  # Aino's nudge is not on Maija's map
    assert sorted(said_of(layout, "nudges-timing")) == sorted([
        said("map.nudges.wait_quiet", hours="48", channel="e-mail", quiet="21-08"),
        said("map.nudges.wait", hours="24", channel="push"),
        said("map.nudges.wait", hours="6", channel="SMS"),
    ])  # fmt: skip
    assert said("map.nudges.wait", hours="48", channel="e-mail") == "wait 48 h · e-mail"
    lift = said("map.nudges.lift", difference="+6.2", low="2.1", high="10.3")
    assert lift == "+6.2 points (95% CI 2.1 to 10.3)"
    assert sorted(said_of(layout, "nudges-lift")) == sorted([lift, said("map.nudges.too_few")])
    rates = said("map.nudges.rates", treatment="34.5%", holdout="28.3%")
    assert said_of(layout, "nudges-rates") == [rates]  # none for the small sample
    (paused,) = texts(layout, "nudges-paused")
    assert (paused.lines, paused.ref) == ((said("map.nudges.paused"),), "nu-confirm")
    svg = to_svg(layout)
    assert 'Pay now &lt;script&gt;alert("x")&lt;/script&gt; &amp; save' in svg
    assert "<script" not in svg
    for text in (lift, rates, said("map.nudges.too_few"), "wait 24 h · push"):
        assert text in svg
    assert svg.count('class="nudges-marker"') == 3


def test_each_marker_runs_from_the_entry_card_to_the_goal_card(sample: Workshop) -> None:
    layout = layout_journey(nudged(sample), "pe-maija")
    (title,) = [t for t in texts(layout, "lane-title") if t.lines == (said("map.lane.nudges"),)]
    (band,) = [
        s for s in layout.shapes
        if isinstance(s, Rect) and s.role == "lane" and s.box.y < title.box.y < s.box.bottom
    ]  # fmt: skip
    for nudge, after, until in (
        ("nu-reminder", "tp-open-pdf", "tp-pay-einvoice"),
        ("nu-push", "tp-einvoice-arrives", "tp-pay-einvoice"),
        ("nu-confirm", "tp-signup-bank", "tp-signup-confirm-email"),
    ):
        entry, goal = card(layout, after).box, card(layout, until).box
        dot, head = arrow(layout, nudge)
        assert (dot.cx, dot.fill, head.fill) == (entry.x + entry.w / 2, ACCENT, ACCENT)
        tip = max(x for x, _ in head.points)
        assert tip == goal.x + goal.w / 2 and entry.right < tip  # the goal is to the right
        assert band.box.y < dot.cy < band.box.bottom
        for text in layout.shapes:
            if isinstance(text, Text) and text.ref == nudge:
                assert entry.x <= text.box.x and text.box.right <= goal.right
                assert dot.cy < text.box.y < band.box.bottom
    segments = {
        s.start: s for s in layout.shapes if isinstance(s, Segment) and s.role == "nudges-marker"
    }
    dot, _ = arrow(layout, "nu-confirm")
    assert segments[(dot.cx, dot.cy)].dash  # paused: dashed as well as said


def test_nudges_over_the_same_columns_stack_and_others_share_a_row(sample: Workshop) -> None:
    layout = layout_journey(nudged(sample), "pe-maija")
    reminder, push, confirm = (
        arrow(layout, n)[0].cy for n in ("nu-reminder", "nu-push", "nu-confirm")
    )
    assert reminder != push  # both end at the payment: one row each
    assert confirm in (reminder, push)  # the sign-up nudge shares no column with either
    blocks = [s for s in layout.shapes if isinstance(s, Text) and s.lines]
    for first, second in itertools.combinations(blocks, 2):
        assert not first.box.overlaps(second.box), (first.lines, second.lines)


def test_on_a_page_with_one_of_its_cards_the_arrow_runs_to_the_edge(sample: Workshop) -> None:
    """A handout cuts the map into runs of stages: the reminder (opens the bill image,
    stage Understand -> approves the payment, stage Pay) shows on both pages."""
    ws = nudged(sample)
    first = layout_journey(ws, "pe-maija", stages=["st-understand"])
    entry = card(first, "tp-open-pdf").box
    dot, head = arrow(first, "nu-reminder")
    edge = max(s.box.right for s in first.shapes if isinstance(s, Rect) and s.role == "touchpoint")
    assert dot.cx == entry.x + entry.w / 2
    assert edge <= max(x for x, _ in head.points) <= edge + 10  # on, toward the next page
    assert HOSTILE in said_of(first, "nudges-title")
    assert "Confirm the order" not in said_of(first, "nudges-title")  # all on another page
    second = layout_journey(ws, "pe-maija", stages=["st-pay"])
    goal = card(second, "tp-pay-einvoice").box
    assert not [s for s in second.shapes if isinstance(s, Circle) and s.ref == "nu-reminder"]
    (head,) = [s for s in second.shapes if isinstance(s, Polygon) and s.ref == "nu-reminder"]
    assert max(x for x, _ in head.points) == goal.x + goal.w / 2
    (line,) = [
        s for s in second.shapes
        if isinstance(s, Segment) and s.role == "nudges-marker" and s.end[1] == head.points[1][1]
    ]  # fmt: skip
    left = min(s.box.x for s in second.shapes if isinstance(s, Rect) and s.role == "touchpoint")
    assert left - 10 <= line.start[0] <= left  # from the page's left edge
    assert HOSTILE in said_of(second, "nudges-title")


def test_a_nudge_of_another_persona_shows_only_on_the_whole_map(sample: Workshop) -> None:
    ws = nudged(sample)
    assert "Aino's letter" not in said_of(layout_journey(ws, "pe-maija"), "nudges-title")
    assert "Aino's letter" in said_of(layout_journey(ws, None), "nudges-title")
    # on Aino's own map the goal (Maija's payment) is not there: nothing to point at
    assert "Aino's letter" not in said_of(layout_journey(ws, "pe-aino"), "nudges-title")
    future = layout_journey(ws, "pe-maija", state="future")
    assert said("map.lane.nudges") not in said_of(future, "lane-title")


def test_a_finnish_workshop_shows_finnish_labels_and_numbers(sample: Workshop) -> None:
    ws = nudged(sample)
    ws.language = "fi"
    layout = layout_journey(ws, "pe-maija")
    assert "Tönäisyt" == said("map.lane.nudges", "fi") in said_of(layout, "lane-title")
    lift = said("map.nudges.lift", "fi", difference="+6,2", low="2,1", high="10,3")
    assert lift in said_of(layout, "nudges-lift")
    rates = said("map.nudges.rates", "fi", treatment=f"34,5{NBSP}%", holdout=f"28,3{NBSP}%")
    assert said_of(layout, "nudges-rates") == [rates]
    assert said("map.nudges.too_few", "fi") in said_of(layout, "nudges-lift")
    assert said("map.nudges.paused", "fi") in said_of(layout, "nudges-paused")
    timing = said("map.nudges.wait_quiet", "fi", hours="48", channel="e-mail", quiet="21-08")
    assert timing in said_of(layout, "nudges-timing")


def test_the_live_canvas_draws_the_lane(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(nudged(sample), "pe-maija")
    comms.messages.clear()
    view.redraw()
    (batch,) = batches(comms)
    lines = " ".join(drawn_text(batch))  # a text too long for its place is wrapped
    assert said("map.lane.nudges") in lines
    assert said("map.nudges.lift", difference="+6.2", low="2.1", high="10.3") in lines
    assert HOSTILE in lines
