"""The "What predicts success" table of the report's Measured journey section: each kept
signal's customers and success with and without the event, the difference with its
interval and q-value, and the sentence that these are associations, not causes."""

from __future__ import annotations

from html import escape

from cjm_widgets import Workshop
from cjm_widgets.reports import sections
from tests.messages import said
from tests.test_measured_lane import measured
from tests.test_signals_lane import HOSTILE, PATHS, signal, signalled

NBSP = "\u00a0"


def report(ws: Workshop, persona: str | None = None, lang: str | None = None) -> str:
    return sections.measured_journey(ws, persona, lang)._repr_html_()


def cells(*values: str) -> str:
    """Table cells in a row, the numeric ones right-aligned, as the section writes them."""
    return "".join(f'<td class="cjm-num">{escape(value)}</td>' for value in values)


def signals_part(html: str) -> str:
    """The section's What predicts success table, from its heading to its end."""
    start = html.index(f"<h3>{said('report.signals.title')}</h3>")
    return html[start : html.index("</table>", start)]


def text_cells(*values: str) -> str:
    return "".join(f"<td>{escape(value)}</td>" for value in values)


def test_the_table_follows_the_funnels_with_its_figures(sample: Workshop) -> None:
    html = report(signalled(sample), "pe-maija", "en")
    title = f"<h3>{said('report.signals.title')}</h3>"
    assert said("report.signals.title") == "What predicts success"
    funnel_end = html.index("Push notice: bill ready")  # the funnel's last row
    assert funnel_end < html.index(title) < html.index(said("report.measured.impact"))
    for heading in (
        "touchpoint.title",
        "report.signals.event",
        "report.signals.customers",
        "report.signals.success_with",
        "report.signals.success_without",
        "report.measured.difference",
        "report.measured.interval",
        "report.signals.q_value",
    ):
        assert escape(said(heading)) in html
    faq = text_cells("Accepts the e-invoice offer", "faq_view") + cells(
        "400 / 3,000", "60%", "45%", "+15", "+10 … +20", "0.001"
    )
    weaker = text_cells("Accepts the e-invoice offer", "chat_opened") + cells(
        "400 / 3,000", "50%", "45%", "+5", "0 … +10", "0.030"
    )
    call = text_cells("Confirmation e-mail", "support_call") + cells(
        "400 / 3,000", "26.5%", "45%", "-18.5", "-23.5 … -13.5", "0.001"
    )
    for row in (faq, weaker, call):
        assert f"<tr>{row}</tr>" in html
    assert html.index(faq) < html.index(weaker) < html.index(call)  # journey order


def test_under_the_table_it_says_these_are_associations_not_causes(sample: Workshop) -> None:
    html = report(signalled(sample), lang="en")
    sentence = said("report.signals.not_causes")
    assert "associations, not causes" in sentence and "holdout" in sentence
    assert "A/B test" in sentence
    table_end = html.index("</table>", html.index(said("report.signals.title")))
    assert table_end < html.index(f"<p>{escape(sentence)}</p>")


def test_no_table_without_signals(sample: Workshop) -> None:
    html = report(measured(sample, PATHS), lang="en")
    assert said("report.measured.impact") in html  # the section is there
    assert said("report.signals.title") not in html
    assert escape(said("report.signals.not_causes")) not in html


def test_rows_follow_the_journey_not_the_snapshot_s_order(sample: Workshop) -> None:
    ws = signalled(
        sample,
        [
            signal("tp-push-bill-ready", "app_opened", 0.2, q_value=0.0001),
            signal("tp-bank-suggests", "faq_view", -0.1, q_value=0.01),
        ],
    )
    html = report(ws, lang="en")
    assert html.index("<td>faq_view</td>") < html.index("<td>app_opened</td>")
    assert cells("+20", "+15 … +25", "< 0.001") in html


def test_a_persona_s_report_shows_that_persona_s_signals(sample: Workshop) -> None:
    ws = signalled(sample)
    journey = f"<th>{said('report.measured.journey')}</th>"
    whole = signals_part(report(ws, None, "en"))
    assert "<td>aino_called</td>" in whole and "<td>faq_view</td>" in whole
    assert journey in whole  # two journeys' rows: each says whose
    aino_row = text_cells("Aino, careful senior", "E-invoice arrives in the online bank")
    assert f"<tr>{aino_row}<td>aino_called</td>" in whole
    maija = signals_part(report(ws, "pe-maija", "en"))
    assert "aino_called" not in maija and "<td>faq_view</td>" in maija
    assert journey not in maija  # one journey: no column to say whose
    aino = signals_part(report(ws, "pe-aino", "en"))
    assert "<td>aino_called</td>" in aino and "faq_view" not in aino


def test_a_hostile_event_and_a_removed_touchpoint_are_shown_as_text(sample: Workshop) -> None:
    ws = signalled(sample, [signal("tp-gone", HOSTILE, -0.2)])
    html = report(ws, lang="en")
    assert text_cells("tp-gone", HOSTILE) in html
    assert "&lt;script&gt;" in html and "<script" not in html


def test_a_finnish_workshop_s_table_is_in_finnish(sample: Workshop) -> None:
    ws = signalled(sample)
    ws.language = "fi"
    html = report(ws)
    assert f"<h3>{said('report.signals.title', 'fi')}</h3>" in html
    assert escape(said("report.signals.success_with", "fi")) in html
    row = cells(f"400 / 3{NBSP}000", f"26,5{NBSP}%", f"45{NBSP}%", "-18,5", "-23,5 … -13,5")
    assert row + cells("0,001") in html
    assert f"<p>{escape(said('report.signals.not_causes', 'fi'))}</p>" in html
    assert said("report.signals.title") not in html  # not the English title
