"""Plugins: the example package installed as a user would, and broken ones skipped by name."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets import MapOptions, Workshop
from cjm_widgets.cli import main
from cjm_widgets.layout import TouchpointTextLane, default_lanes, layout_journey
from cjm_widgets.layout.shapes import Text
from cjm_widgets.plugins import PluginWarning, refresh
from cjm_widgets.render.svg import to_svg
from cjm_widgets.reports import sections
from cjm_widgets.samples import sample_workshop

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cjm-jira-example"
CJM = str(Path(sys.executable).with_name("cjm"))


def _lane_titles(layout: object) -> list[str]:
    return [
        " ".join(s.lines) for s in layout.shapes if isinstance(s, Text) and s.role == "lane-title"
    ]  # type: ignore[attr-defined]


def _texts(layout: object) -> list[str]:
    return [line for s in layout.shapes if isinstance(s, Text) for line in s.lines]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example plugin pip-installed into a folder of its own, put on the path."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(EXAMPLE)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    sys.path.insert(0, str(target))
    refresh()
    yield target
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("cjm_jira_example")]:
        del sys.modules[name]
    refresh()


@pytest.fixture
def scored(tmp_path: Path, installed: Path) -> Path:
    from cjm_jira_example import store_scores

    ws = sample_workshop()
    frame = pd.DataFrame(
        {"touchpoint": ["tp-bank-suggests", "Accepts the e-invoice offer"], "csat": [3.5, 4.25]}
    )
    store_scores(ws, frame, column="csat")
    return ws.save(tmp_path / "w.cjm.json")


def test_cjm_plugins_lists_the_kits_own_and_the_installed_package(installed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    listing = subprocess.run([CJM, "plugins"], capture_output=True, text=True, env=env, check=True)
    lines = listing.stdout.splitlines()
    assert "cjm_widgets.exporters:" in lines
    assert "  jira-csv  (cjm-jira-example 1.0.0; cjm_jira_example.jira:JiraCsvExporter)" in lines
    assert "  survey  (cjm-jira-example 1.0.0; cjm_jira_example.survey:SurveyScoreLane)" in lines
    assert any(line.startswith("  svg  (cjm-widgets ") for line in lines)
    assert any(line.startswith("  survey-brief  (cjm-jira-example 1.0.0;") for line in lines)
    assert listing.stderr == ""


def test_jira_csv_holds_the_approved_ideas_with_what_they_address(
    scored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(scored), "--to", "jira-csv"]) == 0
    out = scored.with_name("w-jira.csv")
    assert capsys.readouterr().out.strip() == f"Wrote {out}"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Summary", "Description", "Assignee", "Due date", "Labels", "Labels"]
    ws = Workshop.load(scored)
    approved = [idea for idea in ws.ideas if idea.status == "approved"]
    assert [row[0] for row in rows[1:]] == [idea.text for idea in approved]
    first = approved[0]
    pain = ws.by_id("pain_points")[first.pain_points[0]]
    touchpoint = ws.by_id("touchpoints")[pain.touchpoints[0]]
    assert f"Pain point: {pain.text}" in rows[1][1]
    assert f"at touchpoint: {touchpoint.title}" in rows[1][1]
    assert rows[1][2] == first.owner
    assert rows[1][4:] == ["customer-journey", "e-invoice-and-payment-journey"]


def test_the_plugin_lane_shows_on_the_svg_the_app_and_in_a_report(scored: Path) -> None:
    svg_path = scored.with_name("map.svg")
    assert main(["export", str(scored), "--to", "svg", "-o", str(svg_path)]) == 0
    svg = svg_path.read_text(encoding="utf-8")
    assert "Survey score" in svg and ">3.5<" in svg and ">4.25<" in svg

    from cjm_widgets import WorkshopApp

    app = WorkshopApp(scored, watch=None)
    app.go("map")
    assert app.map_view is not None
    texts = _texts(app.map_view.layout_data)
    assert "Survey score" in texts and "4.25" in texts
    titles = _lane_titles(app.map_view.layout_data)
    assert titles[titles.index("Emotion") + 1] == "Survey score"  # placed by its order (65)
    assert titles[titles.index("Survey score") + 1] == "Customer feels"

    ws = Workshop.load(scored)
    html = sections.journey_maps(ws)._repr_html_()
    assert "Survey score" in html and ">4.25<" in html
    extra = sections.plugin_sections(ws)
    assert [section.title for section in extra] == ["Survey scores"]


def test_a_lane_passed_in_code_reads_the_analysts_dataframe(installed: Path) -> None:
    from cjm_jira_example import SurveyScoreLane

    ws = sample_workshop()
    frame = pd.DataFrame({"touchpoint": ["tp-bank-suggests"], "nps": [42]})
    options = MapOptions(lanes=(*default_lanes(), SurveyScoreLane(frame, column="nps")))
    texts = _texts(layout_journey(ws, options=options))
    assert "Survey score" in texts and "42" in texts


def test_a_lane_with_a_plain_title_and_a_borrowed_key_draws(sample: Workshop) -> None:
    mood = TouchpointTextLane("actions", "Mood board", lambda tp: f"mood of {tp.title}")
    layout = layout_journey(sample, "pe-aino", lanes=[*default_lanes(), mood])
    texts = _texts(layout)
    assert "Mood board" in texts  # a literal title, no catalog key needed
    assert any(t.startswith("mood of ") for t in texts)
    assert "Customer does" in _lane_titles(layout)  # the kit's lane with the same key still draws
    svg = to_svg(layout)
    assert "Mood board" in svg


@pytest.fixture
def broken_plugin(tmp_path: Path) -> Iterator[Path]:
    """A package whose exporter's module does not exist, and one that reuses a name."""
    info = tmp_path / "broken_cjm_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-cjm-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[cjm_widgets.exporters]\nbroken = not_a_module_anywhere:Exporter\n"
        "svg = not_a_module_anywhere:Other\n"
        "[cjm_widgets.lanes]\nnot_a_lane = os.path:join\n"
    )
    sys.path.insert(0, str(tmp_path))
    refresh()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    refresh()


def test_a_broken_plugin_is_named_and_skipped(
    broken_plugin: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugins"]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert (
        "  broken  (broken-cjm-plugin 0.1; not_a_module_anywhere:Exporter) BROKEN, skipped: "
        "ModuleNotFoundError: No module named 'not_a_module_anywhere'"
    ) in out
    assert (
        "  svg  (broken-cjm-plugin 0.1; not_a_module_anywhere:Other) BROKEN, skipped: the name "
        "svg is already used by the package cjm-widgets; rename the entry point"
    ) in out
    assert any(
        line.startswith("  not_a_lane  (broken-cjm-plugin 0.1; os.path:join) BROKEN")
        for line in out
    )
    assert (
        "cjm plugins: warning: the plugin broken (cjm_widgets.exporters) from the package "
        "broken-cjm-plugin could not be loaded and is skipped: ModuleNotFoundError: No module "
        "named 'not_a_module_anywhere'"
    ) in captured.err.splitlines()
    with pytest.warns(PluginWarning) as record:
        assert "broken" not in refresh().loaded("exporters")
    assert sorted(str(w.message).split(" (")[0] for w in record) == [
        "the plugin broken",
        "the plugin svg",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["export", str(sample_path), "--to", "svg"]) == 0  # the kit works on
    assert "Wrote " in capsys.readouterr().out


@pytest.mark.slow
def test_a_real_report_shows_the_plugin_lane_section_and_template(
    scored: Path, installed: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    for template, handout in (("report", "w-report.html"), ("survey-brief", "w-survey-brief.html")):
        result = subprocess.run(
            [CJM, "report", str(scored), "--template", template],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        page = scored.with_name(handout).read_text(encoding="utf-8")
        assert "Survey score" in page and ">4.25<" in page  # the lane on the map
        assert '<h2 id="survey-scores">Survey scores</h2>' in page  # the plugin's section
        assert '<a href="#survey-scores">Survey scores</a>' in page  # in the contents
