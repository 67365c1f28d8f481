"""The nudges table of the report's Measured journey section: each measured nudge's
customers, rates with and without the message, and its lift with interval and p-value."""

from __future__ import annotations

from html import escape

from cjm_widgets import Workshop
from cjm_widgets.model import MeasuredNudge
from cjm_widgets.reports import sections
from tests.messages import said
from tests.test_measured_lane import measured
from tests.test_nudges_lane import HOSTILE, nudged

NBSP = "\u00a0"


def report(ws: Workshop, persona: str | None = None, lang: str | None = None) -> str:
    return sections.measured_journey(ws, persona, lang)._repr_html_()


def cells(*values: str) -> str:
    """Table cells in a row, the numeric ones right-aligned, as the section writes them."""
    return "".join(f'<td class="cjm-num">{escape(value)}</td>' for value in values)


def test_the_section_has_a_nudges_table_after_the_launched_ideas(sample: Workshop) -> None:
    html = report(nudged(sample), lang="en")
    assert html.index(said("report.measured.impact")) < html.index(
        f"<h3>{said('report.nudges.title')}</h3>"
    )
    for heading in (
        "report.nudges.nudge",
        "report.nudges.goal",
        "report.nudges.customers",
        "report.nudges.treatment_rate",
        "report.nudges.holdout_rate",
        "report.nudges.lift",
        "report.measured.interval",
        "report.measured.p_value",
    ):
        assert escape(said(heading)) in html
    measured_row = cells("1,800 / 200", "34.5%", "28.3%", "+6.2", "+2.1 … +10.3", "0.004")
    assert measured_row + f"<td>{said('report.measured.improved')}</td>" in html
    small_row = cells("20 / 2", "50%", "50%", "0", "-40 … +40", "1.000")
    assert small_row + f"<td>{said('map.nudges.too_few')}</td>" in html
    assert f"<td>{said('report.nudges.title')}</td>" not in html
    assert escape(said("report.nudges.method")) in html


def test_a_hostile_title_is_shown_as_text(sample: Workshop) -> None:
    html = report(nudged(sample), lang="en")
    assert f"<td>{escape(HOSTILE)}</td>" in html
    assert "&lt;script&gt;" in html and "<script" not in html


def test_no_nudges_table_without_measured_nudges(sample: Workshop) -> None:
    html = report(measured(sample, [1000, 990, 980, 970, 300]), lang="en")
    assert said("report.measured.impact") in html  # the section is there
    assert said("report.nudges.title") not in html


def test_a_persona_s_report_shows_that_persona_s_nudges_and_everyone_s(sample: Workshop) -> None:
    ws = nudged(sample)
    current = ws.current_measurement()
    assert current is not None
    current.nudges.append(
        MeasuredNudge(nudge="nu-aino", touchpoint="tp-pay-einvoice", customers_treatment=90,
                      customers_holdout=10, treatment_rate=0.4, holdout_rate=0.3,
                      difference=0.1, ci_low=-0.2, ci_high=0.3, p_value=0.5)
    )  # fmt: skip
    assert "Aino&#x27;s letter" in report(ws, None, "en")
    assert "Aino&#x27;s letter" not in report(ws, "pe-maija", "en")
    assert "Aino&#x27;s letter" in report(ws, "pe-aino", "en")
    assert escape(HOSTILE) in report(ws, "pe-aino", "en")  # a nudge for every customer
    assert said("report.measured.no_clear_effect") in report(ws, None, "en")


def test_a_removed_nudge_is_named_by_its_id(sample: Workshop) -> None:
    ws = nudged(sample)
    ws.nudges = [nudge for nudge in ws.nudges if nudge.id != "nu-push"]
    assert "<td>nu-push</td>" in report(ws, lang="en")


def test_a_finnish_workshop_s_table_is_in_finnish(sample: Workshop) -> None:
    ws = nudged(sample)
    ws.language = "fi"
    html = report(ws)
    assert f"<h3>{said('report.nudges.title', 'fi')}</h3>" in html
    assert escape(said("report.nudges.treatment_rate", "fi")) in html
    row = cells(f"1{NBSP}800 / 200", f"34,5{NBSP}%", f"28,3{NBSP}%", "+6,2", "+2,1 … +10,3")
    assert row + cells("0,004") in html
    assert f"<td>{said('map.nudges.too_few', 'fi')}</td>" in html
    assert said("report.nudges.title") not in html  # not the English "Nudges"
