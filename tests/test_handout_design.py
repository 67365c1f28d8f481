"""The handout reads as designed: no unreadable thumbnail on screen, no heading said
twice, emotion charts that cut a stage's name alike, and a map fitted to the page with a
switch to full size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.layout.emotions import layout_emotions
from cjm_widgets.layout.shapes import Text
from cjm_widgets.reports import sections
from cjm_widgets.reports.cover import cover_html
from tests.messages import said


def test_the_cover_map_is_for_paper_only(sample: Workshop) -> None:
    cover = cover_html(sample, title="Sample", subtitle="", lang="en")
    (figure,) = re.findall(r'<figure class="([^"]*)">', cover)
    assert "cjm-print-only" in figure.split()


def test_the_emotion_section_says_its_title_once(sample: Workshop) -> None:
    html = sections.emotion_curves(sample, None, "en")._repr_html_()
    assert f">{said('emotions.title')}</h2>" in html
    # the drawing keeps it only as its accessible name (<title>), not as visible text
    assert f"{said('emotions.title')}</tspan>" not in html


def test_a_measured_funnel_names_its_journey_once(sample: Workshop) -> None:
    from tests.test_measured_lane import measured

    ws = measured(sample, [20000, 18089, 16352])
    html = sections.measured_journey(ws, None, "en")._repr_html_()
    funnel = html[html.index("<h3>Maija, busy parent</h3>") :]
    funnel = funnel[: funnel.index("</table>")]
    assert "Maija, busy parent</tspan>" not in funnel  # named by the heading alone


def test_side_by_side_emotion_charts_cut_each_stage_name_alike(sample: Workshop) -> None:
    layout = layout_emotions(sample, None, lang="en")
    texts = [s for s in layout.shapes if isinstance(s, Text)]
    panels = sorted(s.box.x for s in texts if s.role == "panel-title")
    assert len(panels) >= 2
    by_panel = [
        [" ".join(s.lines) for s in texts if s.role == "stage-label" and start <= s.box.x < end]
        for start, end in zip(panels, [*panels[1:], float("inf")], strict=True)
    ]
    assert by_panel[0] and all(names == by_panel[0] for names in by_panel)  # same cuts


def test_a_wide_map_fits_the_page_with_a_switch_to_full_size(sample: Workshop) -> None:
    html = sections.journey_maps(sample, "pe-maija", "en")._repr_html_()
    switch = re.search(r'<p class="cjm-zoom[^"]*">(.*?)</p>\s*<figure class="([^"]*)"', html)
    assert switch is not None
    assert said("report.map_fitted") in switch.group(1)
    assert said("report.map_full_size") in switch.group(1)
    assert 'type="checkbox"' in switch.group(1) and "cjm-wide" in switch.group(2)


@pytest.mark.slow
def test_ticking_full_size_shows_the_map_at_its_width_in_a_browser(
    sample: Workshop, tmp_path: Path
) -> None:
    from cjm_widgets.reports.run import render
    from tests.browser import chromium_browser

    path = sample.save(tmp_path / "sample.cjm.json")
    (outcome,) = render(path, out=tmp_path, lang="en")
    assert outcome.ok, outcome.error
    page_file = tmp_path / "sample-report.html"
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_file.as_uri())
        figure = page.locator("p.cjm-zoom + figure.cjm-wide svg").first
        fitted = figure.bounding_box()
        assert fitted is not None and fitted["width"] <= 1180
        assert page.locator("figure.cjm-cover-map").first.is_hidden()  # no thumbnail
        page.locator("p.cjm-zoom label").first.click()
        full = figure.bounding_box()
        assert full is not None and full["width"] > 1.5 * fitted["width"]
        page.close()
