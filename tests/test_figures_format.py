"""Figures read as people write them, in every language: percentages with one decimal,
rating scales named as scales, and numbers right-aligned in tabular figures."""

from __future__ import annotations

import re

import pytest

from cjm_widgets import Workshop
from cjm_widgets.layout import layout_journey
from cjm_widgets.layout.list_lanes import with_unit
from cjm_widgets.layout.shapes import Text
from cjm_widgets.reports import sections
from tests.messages import said

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (82.84, "%", "en", "82.8%"),
        (82.84, "%", "fi", f"82,8{NBSP}%"),
        (90.0, "%", "en", "90%"),
        (1250.0, "calls/month", "en", "1,250 calls/month"),
        (None, "%", "en", "\u2013"),
    ],
)
def test_percentages_have_one_decimal_and_other_units_follow_the_number(
    value: float | None, unit: str, lang: str, expected: str
) -> None:
    assert with_unit(value, unit, lang) == expected


@pytest.mark.parametrize("unit", ["1-5", "1\u20135", "1..5", "1 to 5", " 1 - 5 "])
@pytest.mark.parametrize("lang", ["en", "fi", "sv", "da", "nb"])
def test_a_rating_scale_is_named_as_a_scale(unit: str, lang: str) -> None:
    value = "3,1" if lang != "en" else "3.1"
    assert with_unit(3.1, unit, lang) == said("unit.on_scale", lang, value=value, scale="1-5")


def test_the_metrics_table_writes_scales_and_percentages_as_read(sample: Workshop) -> None:
    html = sections.metrics_table(sample, None, "en")._repr_html_()
    row = re.search(r"<tr><td>Bill clarity rating</td>.*?</tr>", html)
    assert row is not None
    for figure in ("3.1", "4.2", "3.3"):  # baseline, target, actual
        assert said("unit.on_scale", value=figure, scale="1-5") in row.group(0)
    assert not re.search(r"\d 1-[57]\b", html)  # never a bare "3.1 1-5"
    assert not re.search(r"\d[.,]\d\d\s?%", html)  # never two decimals in a percentage
    assert '<td class="cjm-num">63.5%</td>' in html


def test_the_map_names_a_metric_s_scale_once(sample: Workshop) -> None:
    layout = layout_journey(sample, "pe-maija", lang="en")
    lines = [" ".join(s.lines) for s in layout.shapes if isinstance(s, Text)]
    wanted = said(
        "map.metric_on_scale", name="Bill clarity rating", actual="3.3", target="4.2", scale="1-5"
    )
    shown = [line for line in lines if line.startswith("Bill clarity rating:")]
    assert shown and all(wanted.startswith(line.rstrip("\u2026 ")) for line in shown)
    assert not any(re.search(r"\d 1-5\b", line) for line in lines)


def test_every_number_column_of_the_funnel_table_is_aligned_as_numbers(sample: Workshop) -> None:
    from tests.test_measured_lane import measured

    ws = measured(sample, [20000, 18089, 16352])
    html = sections.measured_journey(ws, None, "en")._repr_html_()
    funnel = html[html.index("<table", html.index("<svg")) :]
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", funnel)
    assert first_row is not None
    cells = re.findall(r"<td( class=\"cjm-num\")?>", first_row.group(1))
    assert cells[0] == ""  # the touchpoint's name reads as text
    assert all(cells[1:]) and len(cells) == 6  # paths, conversions, came back, time
