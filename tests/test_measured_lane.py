"""The Measured lane on the map (SVG and live canvas) and the Measured journey section."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.layout import layout_journey
from cjm_widgets.layout.shapes import Polygon, Rect, Text
from cjm_widgets.measurements import keep_snapshot, snapshot
from cjm_widgets.render.canvas import JourneyMapView
from cjm_widgets.render.svg import to_svg
from cjm_widgets.reports import sections
from cjm_widgets.samples import sample_workshop
from tests.messages import said, saying
from tests.test_canvas import batches, drawn_text

NBSP = "\u00a0"


def measured(ws: Workshop, paths: list[int], persona: str = "pe-maija") -> Workshop:
    """``ws`` with a snapshot whose journey of ``persona`` has ``paths`` at its touchpoints."""
    journey = [tp for tp in ws.journey(persona, state="current") if tp.signals][: len(paths)]
    rows = []
    for index, (tp, count) in enumerate(zip(journey, paths, strict=True)):
        rows.append(
            {
                "persona_id": persona, "touchpoint_id": tp.id, "touchpoint": tp.title,
                "paths": count, "conversion_rate": count / paths[0],
                "step_conversion_rate": float("nan") if index == 0 else count / paths[index - 1],
                "reach": count, "repeat_paths": count // 10,
                "median_seconds_to_next": 60.0, "p90_seconds_to_next": 120.0,
            }
        )  # fmt: skip
    period = (datetime(2026, 9, 1), datetime(2026, 9, 30, 23, 59))
    keep_snapshot(ws, snapshot(ws, pd.DataFrame(rows), period, source="log.csv", engine="duckdb"))
    return ws


def texts(ws: Workshop, lang: str = "en", persona: str = "pe-maija") -> list[Text]:
    layout = layout_journey(ws, persona, lang=lang)
    return [s for s in layout.shapes if isinstance(s, Text)]


def role_texts(ws: Workshop, role: str, lang: str = "en") -> list[str]:
    return [" ".join(t.lines) for t in texts(ws, lang) if t.role == role]


def test_the_lane_is_omitted_without_a_snapshot(sample: Workshop) -> None:
    assert said("map.lane.measured") not in role_texts(sample, "lane-title")
    assert not role_texts(sample, "measured-paths")


def test_the_lane_shows_paths_conversion_and_repeats_in_the_workshop_s_language(
    sample: Workshop,
) -> None:
    ws = measured(sample, [20000, 18089, 16352, 9000, 8800])
    titles = role_texts(ws, "lane-title")
    just_under = titles.index(said("map.lane.emotions")) + 1
    assert titles.index(said("map.lane.measured")) == just_under  # just under the curve
    paths = [said("map.measured.paths", count=count) for count in (20000, 18089)]
    assert role_texts(ws, "measured-paths")[:2] == paths
    went_on = said("map.measured.went_on_of", share="90.4%", count=20000)
    assert role_texts(ws, "measured-step")[0] == went_on  # the share, and of how many
    assert role_texts(ws, "measured-repeat")[0] == said("map.measured.came_back", share="10%")
    finnish = role_texts(ws, "measured-paths", "fi")
    in_finnish = said("map.measured.paths", "fi", count=18089)
    assert finnish[1] == in_finnish and f"18{NBSP}089" in in_finnish  # Finnish digit groups
    went_on = said("map.measured.went_on_of", "fi", share=f"90,4{NBSP}%", count=20000)
    assert role_texts(ws, "measured-step", "fi")[0] == went_on
    svg = to_svg(layout_journey(ws, "pe-maija", lang="fi"))
    assert in_finnish in svg.replace("&#160;", NBSP).replace("&nbsp;", NBSP)


def test_the_worst_step_stands_out_by_width_colour_and_a_marker(sample: Workshop) -> None:
    ws = measured(sample, [1000, 950, 900, 450, 430])  # the fourth step keeps only 50%
    shapes = layout_journey(ws, "pe-maija").shapes
    bars = [
        s for s in shapes if isinstance(s, Rect) and s.role in ("measured-flow", "measured-worst")
    ]
    worst = [s for s in bars if s.role == "measured-worst"]
    assert len(bars) == 4 and len(worst) == 1
    fourth = [tp.id for tp in ws.journey("pe-maija", state="current") if tp.signals][3]
    assert worst[0].ref == fourth
    assert worst[0].box.h == min(bar.box.h for bar in bars)  # thinnest: half the full width
    assert worst[0].box.h == pytest.approx(14 * 0.5)
    assert worst[0].fill != bars[0].fill
    markers = [s for s in shapes if isinstance(s, Polygon) and s.role == "measured-worst-marker"]
    assert [m.ref for m in markers] == [fourth]
    legend = " ".join(role_texts(ws, "measured-legend"))
    assert legend == said("map.measured.legend")


def test_a_flagged_touchpoint_is_marked_on_the_map(sample: Workshop) -> None:
    # Maija's second measured touchpoint is rated 2, the later ones 3-4; give the best-rated
    # one measured (the fifth, "Push notice", rated 4) the lowest conversion.
    ws = measured(sample, [1000, 990, 980, 970, 300])
    flags = role_texts(ws, "measured-flag")
    assert said("map.measured.felt_better") in flags


def test_the_live_canvas_draws_the_lane_in_its_one_batch(comms: Any, sample: Workshop) -> None:
    ws = measured(sample, [20000, 18089, 16352])
    view = JourneyMapView(ws, "pe-maija")
    comms.messages.clear()
    view.redraw()
    (batch,) = batches(comms)
    drawn = drawn_text(batch)
    lines = " ".join(drawn)  # a text too long for its place is wrapped over lines
    assert said("map.lane.measured") in lines
    assert said("map.measured.paths", count=18089) in lines
    # the step conversion with its n: 18,089 of the 20,000 paths before went on
    assert said("map.measured.went_on_of", share="90.4%", count=20000) in lines


def test_the_report_section_lists_flags_first_then_funnels_and_impact(sample: Workshop) -> None:
    ws = measured(sample, [1000, 990, 980, 970, 300])
    html = sections.measured_journey(ws, None, "en")._repr_html_()
    flags_at = html.index(said("report.measured.flags"))
    assert flags_at < html.index("<svg") < html.index(said("report.measured.impact"))
    assert said("map.measured.felt_better") in html
    assert said("report.measured.worst_step") in html  # 300 of 970 went on: 30.9%
    assert said("report.measured.rate_n", share="30.9%", count=970) in html
    period = {"start": "1 September 2026", "end": "30 September 2026"}
    assert said("report.measured.period", source="log.csv", engine="duckdb", **period) in html
    empty = sections.measured_journey(sample_workshop(), None, "en")._repr_html_()
    assert said("report.measured.none") in empty  # how to get a measurement
    assert empty.count("cjm monitor") == 1


def test_a_journey_of_few_customers_flags_nothing_but_shows_its_n(sample: Workshop) -> None:
    # the same disagreement as above, on 12 customers: no flag on the map or in the report
    ws = measured(sample, [12, 12, 11, 11, 3])
    assert not role_texts(ws, "measured-flag")
    assert said("map.measured.went_on_of", share="27.3%", count=11) in role_texts(
        ws, "measured-step"
    )
    html = sections.measured_journey(ws, None, "en")._repr_html_()
    assert escape(said("report.measured.too_few_to_compare", count=30)) in html
    assert said("map.measured.felt_better") not in html
    enough = sections.measured_journey(measured(sample, [1000, 990, 980, 970, 300]), None, "en")
    assert escape(said("report.measured.too_few_to_compare", count=30)) not in enough._repr_html_()


def test_the_impact_table_reads_small_samples_as_too_few(sample: Workshop) -> None:
    ws = measured(sample, [1000, 900])
    assert ws.current_measurement() is not None
    document = ws.to_dict()
    document["measurements"][0]["impact"] = [
        {"idea": "idea-prefill-customer-number", "touchpoint": "tp-signup-bank", "before": 0.5,
         "after": 1.0, "difference": 0.5, "ci_low": -0.1, "ci_high": 0.8, "p_value": 0.03,
         "paths_before": 4, "paths_after": 3, "small_sample": True}
    ]  # fmt: skip
    html = sections.measured_journey(Workshop.from_dict(document), None, "en")._repr_html_()
    row = re.search(r"<tr><td>Pre-fill the customer number.*?</tr>", html)
    assert row is not None
    assert said("report.measured.small_sample") in row.group(0)
    assert said("report.measured.improved") not in row.group(0)
    assert "27 October 2026" in row.group(0) and "+50" in row.group(0)


def test_portfolio_ranks_journeys_lowest_conversion_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cjm_widgets.samples.events import write_sample_events
    from tests.test_measurements import FIVE, five_step_log

    five = Workshop.from_dict(FIVE).save(tmp_path / "five.cjm.json")
    sample = Workshop.from_dict(json.loads(Path("examples/utility-e-invoice.cjm.json").read_text()))
    sample_path = sample.save(tmp_path / "sample.cjm.json")
    events = tmp_path / "events.csv"
    log = pd.concat(
        [five_step_log(), pd.read_csv(write_sample_events(tmp_path / "s.csv", sample, paths=300))]
    )
    log.to_csv(events, index=False)
    out = tmp_path / "portfolio"
    code = main(
        ["portfolio", str(five), str(sample_path), "--events", str(events), "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out / "portfolio.csv")
    assert list(table.columns)[:4] == ["workshop", "persona_id", "persona", "end_to_end_conversion"]
    assert table["end_to_end_conversion"].is_monotonic_increasing
    five_row = table[table["workshop"] == "five"].iloc[0]
    assert five_row["end_to_end_conversion"] == pytest.approx(6 / 20)
    assert five_row["worst_step"] == "Step 5" and five_row["worst_step_conversion"] == 0.5
    # the sample's payment reminder runs on Maija's journey (and only hers)
    nudges = table.set_index(["workshop", "persona_id"])["nudges"]
    assert (nudges[("sample", "pe-maija")], nudges[("sample", "pe-aino")]) == (1, 0)
    assert five_row["nudges"] == 0
    page = (out / "portfolio.html").read_text()
    assert said("portfolio.nudges") in page
    assert (
        said("portfolio.title") in page
        and "<script" not in page
        and "http" not in page.split("</style>")[1]
    )
    by_repeats = tmp_path / "by"
    portfolio = ["portfolio", str(five), "--events", str(events), "--out", str(by_repeats)]
    assert main([*portfolio, "--by", "repeat_rate"]) == 0
    assert main([*portfolio, "--by", "mood", "--force"]) == 1
    err = capsys.readouterr().err
    assert re.search(saying("portfolio.unknown_column", value="mood"), err)


@pytest.mark.slow
def test_the_monitor_template_makes_a_handout_per_month_with_the_trend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cjm_widgets.samples.events import write_sample_events

    ws = sample_workshop()
    path = ws.save(tmp_path / "sample.cjm.json")
    events = write_sample_events(tmp_path / "events.csv", ws, paths=600)
    out = tmp_path / "monthly"
    code = main(
        ["report", str(path), "--template", "monitor", "--events", str(events),
         "--period", "month", "--out", str(out), "--jobs", "2"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    made = sorted(p.name for p in out.glob("*.html"))
    assert made == [f"sample-monitor-2026-{month}.html" for month in ("09", "10", "11")]
    september = (out / made[0]).read_text()
    november = (out / made[2]).read_text()
    for page in (september, november):
        assert said("report.measured.title") in page and said("report.measured.trend") in page
        assert "<script" not in page and 'src="http' not in page
    trend = november.split('id="conversion-trend"')[1]
    assert "1 September 2026" in trend and "1 October 2026" in trend and "1 November 2026" in trend
    assert "1 October 2026" not in september.split('id="conversion-trend"')[1]
    period = {"start": "1 November 2026", "end": "30 November 2026"}
    assert re.search(saying("report.measured.period", **period), november)
    assert Workshop.load(path).measurements == []  # the report never writes the workshop
    assert main(["report", str(path), "--template", "monitor", "--out", str(out)]) == 1
    assert said("report.monitor_needs_events") in capsys.readouterr().err
