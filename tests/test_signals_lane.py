"""The Measured lane's signal line: per touchpoint, the strongest event that went with
reaching the journey's end, with its sign in words and in a triangle's direction."""

from __future__ import annotations

from typing import Any

from cjm_widgets import Workshop
from cjm_widgets.layout import Layout, layout_journey
from cjm_widgets.layout.measured_signals import DOWN, UP
from cjm_widgets.layout.shapes import Polygon, Rect, Text
from cjm_widgets.model import MeasuredSignal
from cjm_widgets.render.canvas import JourneyMapView
from cjm_widgets.render.svg import to_svg
from tests.messages import said
from tests.test_canvas import batches, drawn_text
from tests.test_measured_lane import measured

HOSTILE = 'call <script>alert("x")</script> & wait'
PATHS = [20000, 18089, 16352, 9000, 8800]
"""Maija's measured journey: tp-bank-suggests, tp-signup-bank, tp-signup-confirm-email,
tp-einvoice-arrives (shared with Aino), tp-push-bill-ready."""


def signal(touchpoint: str, event: str, difference: float, **fields: Any) -> MeasuredSignal:
    figures: dict[str, Any] = {
        "persona": "pe-maija", "customers_with": 400, "customers_without": 3000,
        "success_with": 0.45 + difference, "success_without": 0.45, "difference": difference,
        "ci_low": difference - 0.05, "ci_high": difference + 0.05, "q_value": 0.001,
    }  # fmt: skip
    return MeasuredSignal(touchpoint=touchpoint, event=event, **{**figures, **fields})


def signalled(ws: Workshop, signals: list[MeasuredSignal] | None = None) -> Workshop:
    """``ws`` measured on Maija's journey, its snapshot keeping ``signals`` (by default: a
    positive one and a weaker one at the sign-up, a negative one at the confirmation
    e-mail, and Aino's at the e-invoice both journeys share)."""
    measured(ws, PATHS)
    taken = ws.current_measurement()
    assert taken is not None
    taken.signals = (
        [
            signal("tp-signup-bank", "faq_view", 0.15),
            signal("tp-signup-bank", "chat_opened", 0.05, q_value=0.03),
            signal("tp-signup-confirm-email", "support_call", -0.185),
            signal("tp-einvoice-arrives", "aino_called", -0.3, persona="pe-aino"),
        ]
        if signals is None
        else signals
    )
    return ws


def said_of(layout: Layout, role: str) -> list[str]:
    return [" ".join(s.lines) for s in layout.shapes if isinstance(s, Text) and s.role == role]


def card(layout: Layout, tp_id: str) -> Rect:
    (chip,) = [
        s
        for s in layout.shapes
        if isinstance(s, Rect) and s.role == "touchpoint" and s.ref == tp_id
    ]
    return chip


def signal_shapes(layout: Layout) -> list[Any]:
    return [s for s in layout.shapes if getattr(s, "role", "").startswith("measured-signal")]


def test_the_strongest_signal_is_a_line_at_its_touchpoint_with_its_sign(
    sample: Workshop,
) -> None:
    layout = layout_journey(signalled(sample), "pe-maija")
    more = said("map.measured.signal_more", event="faq_view", points="15")
    less = said("map.measured.signal_less", event="support_call", points="18.5")
    assert more == "With faq_view here: 15 points more often to the end"
    assert less == "With support_call here: 18.5 points less often to the end"
    assert sorted(said_of(layout, "measured-signal")) == sorted([more, less])
    # the weaker signal at the sign-up and Aino's at the shared card are not on Maija's map
    lines = [s for s in layout.shapes if isinstance(s, Text) and s.role == "measured-signal"]
    for tp_id, text in (("tp-signup-bank", more), ("tp-signup-confirm-email", less)):
        (line,) = [s for s in lines if " ".join(s.lines) == text]
        column = card(layout, tp_id).box
        assert line.ref == tp_id
        assert column.x <= line.box.x and line.box.right <= column.right + 4
        (paths,) = [
            s for s in layout.shapes
            if isinstance(s, Text) and s.role == "measured-paths" and s.ref == tp_id
        ]  # fmt: skip
        assert paths.box.bottom < line.box.y  # under the touchpoint's figures


def test_the_triangle_points_up_for_more_often_and_down_for_less(sample: Workshop) -> None:
    layout = layout_journey(signalled(sample), "pe-maija")
    triangles = {
        s.ref: s for s in layout.shapes if isinstance(s, Polygon) and s.role.startswith("measured-signal")
    }  # fmt: skip
    up, down = triangles["tp-signup-bank"], triangles["tp-signup-confirm-email"]
    assert (up.role, up.fill, down.role, down.fill) == (
        "measured-signal-up", UP, "measured-signal-down", DOWN
    )  # fmt: skip
    apex_up = min(up.points, key=lambda point: point[1])  # the one point alone at the top
    assert sum(1 for _, y in up.points if y == apex_up[1]) == 1
    apex_down = max(down.points, key=lambda point: point[1])  # alone at the bottom
    assert sum(1 for _, y in down.points if y == apex_down[1]) == 1
    assert set(triangles) == {"tp-signup-bank", "tp-signup-confirm-email"}


def test_the_legend_says_what_the_line_means_only_when_there_is_one(sample: Workshop) -> None:
    ws = signalled(sample)
    assert said_of(layout_journey(ws, "pe-maija"), "measured-signal-legend") == [
        said("map.measured.signal_legend")
    ]
    assert "not a cause" in said("map.measured.signal_legend")
    taken = ws.current_measurement()
    assert taken is not None
    taken.signals = []
    assert said_of(layout_journey(ws, "pe-maija"), "measured-signal-legend") == []


def test_a_map_without_signals_for_its_journey_is_unchanged(sample: Workshop) -> None:
    plain = to_svg(layout_journey(measured(sample, PATHS), "pe-maija"))
    others = [
        signal("tp-einvoice-arrives", "aino_called", -0.3, persona="pe-aino"),
        signal("tp-signup-bank", "faq_view", 0.15, q_value=0.2),  # not significant
        signal("tp-bank-suggests", "faq_view", 0.0004),  # rounds to no difference
    ]
    ws = signalled(sample, others)
    assert signal_shapes(layout_journey(ws, "pe-maija")) == []
    assert to_svg(layout_journey(ws, "pe-maija")) == plain


def test_the_whole_map_shows_the_signals_of_the_journey_it_shows(sample: Workshop) -> None:
    layout = layout_journey(signalled(sample), None)
    shown = said_of(layout, "measured-signal")
    assert said("map.measured.signal_more", event="faq_view", points="15") in shown
    assert not [text for text in shown if "aino_called" in text]  # Aino's journey: not measured


def test_a_finnish_map_says_it_in_finnish_with_a_decimal_comma(sample: Workshop) -> None:
    ws = signalled(sample)
    ws.language = "fi"
    shown = said_of(layout_journey(ws, "pe-maija"), "measured-signal")
    less = said("map.measured.signal_less", "fi", event="support_call", points="18,5")
    more = said("map.measured.signal_more", "fi", event="faq_view", points="15")
    assert sorted(shown) == sorted([less, more])
    assert "18,5 %-yksikköä harvemmin" in less and "useammin" in more
    legend = said_of(layout_journey(ws, "pe-maija"), "measured-signal-legend")
    assert legend == [said("map.measured.signal_legend", "fi")]


def test_a_hostile_event_name_is_drawn_as_text(sample: Workshop) -> None:
    ws = signalled(sample, [signal("tp-signup-bank", HOSTILE, -0.2)])
    layout = layout_journey(ws, "pe-maija")
    less = said("map.measured.signal_less", event=HOSTILE, points="20")
    assert said_of(layout, "measured-signal") == [less]
    svg = to_svg(layout)  # wrapped over lines: each piece escaped
    assert "&lt;script&gt;" in svg and "&amp; wait" in svg
    assert "<script" not in svg


def test_the_live_canvas_draws_the_line(comms: Any, sample: Workshop) -> None:
    view = JourneyMapView(signalled(sample), "pe-maija")
    comms.messages.clear()
    view.redraw()
    (batch,) = batches(comms)
    lines = " ".join(drawn_text(batch))  # a text too long for its place is wrapped
    assert said("map.measured.signal_more", event="faq_view", points="15") in lines
