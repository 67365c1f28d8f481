"""Plugins: the example package installed as a user would, the kit's own registered in code
(a map has every lane without the package's metadata), a built-in replaced by name,
notebooks' registrations, and broken ones skipped by name."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import cjm_widgets
from cjm_widgets import CjmError, MapOptions, Workshop, plugins
from cjm_widgets.api import Section
from cjm_widgets.cli import main
from cjm_widgets.layout import TouchpointTextLane, default_lanes, layout_journey
from cjm_widgets.layout.shapes import Text
from cjm_widgets.plugins import PluginWarning, refresh
from cjm_widgets.render.svg import to_svg
from cjm_widgets.reports import sections
from cjm_widgets.samples import sample_workshop
from tests.messages import read_back, said, saying
from tests.test_measured_lane import measured


def listed(name: str, /, error: str | None = None, **plugin: str) -> str:
    """A plugin's line in ``cjm plugins``, with the mark of a broken one."""
    line = said("cli.plugins.line", name=name, **plugin)
    return f"{line} {said('cli.plugins.broken_mark', error=error)}" if error else line


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cjm-jira-example"
CJM = str(Path(sys.executable).with_name("cjm"))


def _env(*first: Path) -> dict[str, str]:
    """The environment for ``cjm`` with ``first`` ahead of this checkout on its path."""
    paths = [*map(str, first), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}


def _dist(folder: Path, name: str, entry_points: str, code: str = "") -> None:
    """An installed distribution ``name`` in ``folder``: its metadata, and a module of code."""
    info = folder / f"{name.replace('-', '_')}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))
    if code:
        (folder / f"{name.replace('-', '_')}.py").write_text(textwrap.dedent(code))


@pytest.fixture
def on_path(tmp_path: Path) -> Iterator[Path]:
    """A folder on ``sys.path`` for distributions made by a test; the registry re-read."""
    folder = tmp_path / "site"
    folder.mkdir()
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [m for m in sys.modules if m.startswith(("acme_cjm", "broken_cjm"))]:
        del sys.modules[name]
    refresh()


@pytest.fixture
def notebook(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What a notebook registers in the test is forgotten after it."""
    monkeypatch.setattr(plugins, "_REGISTRATIONS", [])
    refresh()
    yield
    monkeypatch.undo()
    refresh()


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
    listing = subprocess.run(
        [CJM, "plugins"], capture_output=True, text=True, env=_env(installed), check=True
    )
    lines = listing.stdout.splitlines()
    assert said("cli.plugins.group", group="cjm_widgets.exporters") in lines
    example = {"package": "cjm-jira-example", "version": "1.0.0"}
    jira = "cjm_jira_example.jira:JiraCsvExporter"
    assert listed("jira-csv", target=jira, **example) in lines
    survey = "cjm_jira_example.survey:SurveyScoreLane"
    assert listed("survey", target=survey, **example) in lines
    kit = {"name": "svg", "package": "cjm-widgets"}
    assert any(read_back("cli.plugins.line", line, **kit) for line in lines)
    brief = {"name": "survey-brief", **example}
    assert any(read_back("cli.plugins.line", line, **brief) for line in lines)
    assert listing.stderr == ""


def test_jira_csv_holds_the_approved_ideas_with_what_they_address(
    scored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(scored), "--to", "jira-csv"]) == 0
    out = scored.with_name("w-jira.csv")
    assert capsys.readouterr().out.strip() == said("cli.wrote", path=out)
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
    emotion = titles.index(said("map.lane.emotions"))
    assert titles[emotion + 1] == "Survey score"  # placed by its order (65)
    after = titles[titles.index("Survey score") + 1 :]
    assert after[:2] == [said("map.lane.nudges"), said("map.lane.feelings")]  # 67, then 70

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
    assert said("map.lane.actions") in _lane_titles(layout)  # the kit's lane of that key draws too
    svg = to_svg(layout)
    assert "Mood board" in svg


@pytest.fixture
def broken_plugin(on_path: Path) -> Path:
    """A package whose exporter's module does not exist, and one taking a name another has."""
    broken = "[cjm_widgets.exporters]\nbroken = not_a_module_anywhere:Exporter\n"
    taken = "schema2 = cjm_widgets.exporters:SchemaExporter\n"
    _dist(
        on_path,
        "broken-cjm-plugin",
        f"{broken}{taken}[cjm_widgets.lanes]\nnot_a_lane = os.path:join\n",
    )
    _dist(on_path, "later-cjm-plugin", "[cjm_widgets.exporters]\nschema2 = os.path:join\n")
    refresh()
    return on_path


def test_a_broken_plugin_is_named_and_skipped(
    broken_plugin: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugins"]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    no_module = "ModuleNotFoundError: No module named 'not_a_module_anywhere'"
    broken = {"package": "broken-cjm-plugin", "version": "0.1"}
    assert (
        listed("broken", target="not_a_module_anywhere:Exporter", error=no_module, **broken) in out
    )
    taken = said("plugins.name_taken", name="schema2", package="broken-cjm-plugin")
    later = {"package": "later-cjm-plugin", "version": "0.1", "target": "os.path:join"}
    assert listed("schema2", error=taken, **later) in out
    not_a_lane = listed("not_a_lane", target="os.path:join", **broken)
    assert any(line.startswith(f"{not_a_lane} ") for line in out)
    skipped = said(
        "plugins.broken",
        name="broken",
        group="cjm_widgets.exporters",
        package="broken-cjm-plugin",
        error=no_module,
    )
    warning = said("cli.warning", command="plugins", message=skipped)
    assert warning in captured.err.splitlines()
    with pytest.warns(PluginWarning) as record:
        loaded = refresh().loaded("exporters")
    assert "broken" not in loaded and "schema2" in loaded
    told = [read_back("plugins.broken", str(w.message)) for w in record]
    assert sorted(message["name"] for message in told if message) == ["broken", "schema2"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["export", str(sample_path), "--to", "svg"]) == 0  # the kit works on
    assert re.match(saying("cli.wrote"), capsys.readouterr().out)


# -- the kit's own, registered in code ---------------------------------------------------


def _svg_lane_titles(svg: str) -> list[str]:
    titles = re.findall(r'<text class="lane-title"[^>]*>(.*?)</text>', svg, re.S)
    return [" ".join(" ".join(re.findall(r">([^<]*)<", f">{title}<")).split()) for title in titles]


def _site_without_the_kit(folder: Path) -> Path:
    """The installed packages, each linked into ``folder``, but not cjm-widgets' own
    metadata or its editable install (a source checkout, zipapp or frozen install)."""
    site = Path(sysconfig.get_paths()["purelib"])
    folder.mkdir()
    for entry in site.iterdir():
        if not entry.name.startswith(("cjm_widgets", "_editable_impl_cjm")):
            (folder / entry.name).symlink_to(entry)
    return folder


def test_a_map_drawn_without_the_packages_metadata_has_every_lane(tmp_path: Path) -> None:
    ws = measured(sample_workshop(), [20000, 18089, 16352, 9000, 8800])
    path = ws.save(tmp_path / "w.cjm.json")
    expected = _svg_lane_titles(to_svg(layout_journey(ws, "pe-maija", lanes=default_lanes())))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(_site_without_the_kit(tmp_path / "site"))!r}]
        from importlib import metadata
        try:
            metadata.distribution("cjm-widgets")
            sys.exit("cjm-widgets' metadata is still on the path")
        except metadata.PackageNotFoundError:
            pass
        from cjm_widgets import Workshop
        from cjm_widgets.layout import layout_journey
        from cjm_widgets.render.svg import to_svg
        svg = to_svg(layout_journey(Workshop.load({str(path)!r}), "pe-maija"))
        open({str(tmp_path / "map.svg")!r}, "w", encoding="utf-8").write(svg)
        """
    )
    run = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    drawn = _svg_lane_titles((tmp_path / "map.svg").read_text(encoding="utf-8"))
    assert len(expected) == 13 and said("map.lane.nudges") in expected
    assert drawn == expected


def test_the_kits_own_entry_points_are_ignored(on_path: Path) -> None:
    """An installed copy's stale metadata (the development install still has some) neither
    repeats nor breaks a built-in."""
    _dist(on_path, "cjm-widgets", "[cjm_widgets.lanes]\nghost = not_a_module_anywhere:Lane\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = refresh().plugins("lanes")
    assert "ghost" not in [plugin.name for plugin in found]
    names = [plugin.name for plugin in found if plugin.builtin]
    assert names == ["stages", "vision", "actions", "touchpoints", "thoughts", "emotions",
                     "measured", "nudges", "feelings", "pain_points", "ideas", "backoffice",
                     "metrics"]  # fmt: skip
    assert {plugin.target.split(":")[0] for plugin in found if plugin.builtin} == {
        "cjm_widgets.layout.lanes", "cjm_widgets.layout.measured", "cjm_widgets.layout.nudges",
    }  # fmt: skip


ACME = """
    from cjm_widgets.api import Exporter, Section, TouchpointTextLane, write_file

    class LoudSvg(Exporter):
        title = "a louder SVG"
        suffix = ".svg"

        def write(self, request, out):
            return [write_file(out, b"<svg>loud</svg>")]

    def calm_lane():
        lane = TouchpointTextLane("calm", "Calm curve", lambda tp: "calm at " + tp.title)
        lane.order = 60
        return lane

    def overview(ws, persona=None, lang=None):
        return Section("overview", "Acme overview", "Acme's own")

    def not_a_section(ws, persona=None, lang=None):
        return "a bare string"
"""


ACME_ENTRY_POINTS = """
    [cjm_widgets.exporters]
    svg = acme_cjm:LoudSvg
    [cjm_widgets.lanes]
    emotions = acme_cjm:calm_lane
    [cjm_widgets.report_sections]
    overview = acme_cjm:overview
    stray = acme_cjm:not_a_section
"""


@pytest.fixture
def acme(on_path: Path) -> Path:
    """A package that replaces the kit's svg exporter, emotion lane and overview section,
    and adds a section that returns a string."""
    _dist(on_path, "acme-cjm", ACME_ENTRY_POINTS, ACME)
    refresh()
    return on_path


def test_a_plugin_replaces_a_built_in_by_name_with_a_warning_naming_both(
    acme: Path, sample_path: Path
) -> None:
    with pytest.warns(PluginWarning) as record:
        exporters = refresh().loaded("exporters")
    (message,) = [str(w.message) for w in record]
    for named in ("svg", "acme-cjm", "cjm-widgets", "cjm_widgets.exporters:SvgExporter"):
        assert named in message
    assert list(exporters).index("svg") == 3  # in the built-in's place
    out = sample_path.with_name("loud.svg")
    assert main(["export", str(sample_path), "--to", "svg", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "<svg>loud</svg>"

    with pytest.warns(PluginWarning, match="emotions.*acme-cjm.*emotions_lane"):
        svg = to_svg(layout_journey(sample_workshop(), "pe-aino"))
    titles = _svg_lane_titles(svg)
    emotion = said("map.lane.emotions")
    assert "Calm curve" in titles and emotion not in titles
    assert titles.index("Calm curve") == titles.index(said("map.lane.thoughts")) + 1
    assert emotion in _svg_lane_titles(to_svg(layout_journey(sample_workshop(), "pe-aino",
                                                             lanes=default_lanes())))  # fmt: skip


def test_the_reports_sections_come_from_the_registry_by_name(acme: Path, sample: Workshop) -> None:
    with pytest.warns(PluginWarning, match="overview.*acme-cjm.*sections:overview"):
        section = sections.registered_sections(sample, None, "en")
    replaced = section("overview")
    assert replaced is not None and replaced.title == "Acme overview"
    matrix = section("priority_matrix")  # the kit's own: the same as calling it
    assert matrix is not None
    assert matrix._repr_html_() == sections.priority_matrix(sample, "en")._repr_html_()
    with pytest.warns(PluginWarning) as record:
        added = [extra.title for extra in sections.plugin_sections(sample)]
    assert "Acme overview" not in added  # a replacement is not shown twice
    (message,) = [str(w.message) for w in record]
    assert "stray" in message and "acme-cjm" in message and "str" in message
    with pytest.raises(CjmError, match=r"no_such_section.*overview"):
        section("no_such_section")


# -- notebooks ------------------------------------------------------------------------


def test_a_notebook_registers_a_lane_that_every_map_shows(notebook: None, sample: Workshop) -> None:
    mood = TouchpointTextLane("mood", "Mood board", lambda tp: f"mood of {tp.title}")
    mood.order = 95
    assert cjm_widgets.register("lanes", "mood", mood) is mood
    titles = _svg_lane_titles(to_svg(layout_journey(sample, "pe-aino")))
    assert titles.index("Mood board") == titles.index(said("map.lane.ideas")) + 1
    refresh()  # a package installed since is found; the notebook's lane stays
    assert "Mood board" in _svg_lane_titles(to_svg(layout_journey(sample, "pe-aino")))
    assert "Mood board" not in _svg_lane_titles(
        to_svg(layout_journey(sample, "pe-aino", lanes=default_lanes()))
    )


def test_a_notebook_replaces_a_built_in_and_then_its_own_quietly(
    notebook: None, sample_path: Path
) -> None:
    class Plain(cjm_widgets.api.TextExporter):
        suffix = ".md"

        def text(self, request: cjm_widgets.api.ExportRequest) -> str:
            return f"# {request.ws.title}\n"

    with pytest.warns(PluginWarning, match="mermaid.*cjm_widgets.exporters:MermaidExporter"):
        cjm_widgets.register("exporters", "mermaid", Plain)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cjm_widgets.register("exporters", "mermaid", Plain)  # the cell run again
    out = sample_path.with_name("s.md")
    assert main(["export", str(sample_path), "--to", "mermaid", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == f"# {Workshop.load(sample_path).title}\n"


def test_register_refuses_unknown_kinds_and_wrong_objects_by_name(notebook: None) -> None:
    with pytest.raises(CjmError) as unknown:
        cjm_widgets.register("lane", "mood", object())
    assert "lane" in str(unknown.value)
    assert "lanes, exporters, report_sections, templates" in str(unknown.value)
    with pytest.raises(CjmError) as wrong:
        cjm_widgets.register("exporters", "jira", 42)
    assert "jira" in str(wrong.value) and "Exporter" in str(wrong.value)
    with pytest.raises(CjmError, match="templates"):
        cjm_widgets.register("templates", "brief", "missing.ipynb")
    with pytest.raises(CjmError, match="lanes"):
        cjm_widgets.register("lanes", " ", TouchpointTextLane("x", "X", lambda tp: ""))
    assert "jira" not in refresh().loaded("exporters")


def test_a_section_that_returns_no_section_warns_with_its_name(
    notebook: None, sample: Workshop
) -> None:
    cjm_widgets.register("report_sections", "half_done", lambda ws, persona, lang: None)
    cjm_widgets.register(
        "report_sections", "scores", lambda ws, persona, lang: Section("scores", "Scores", "")
    )
    with pytest.warns(PluginWarning) as record:
        shown = sections.plugin_sections(sample)
    assert [section.title for section in shown][-1:] == ["Scores"]  # after the packages' own
    (message,) = [str(w.message) for w in record]
    assert "half_done" in message and "NoneType" in message


@pytest.mark.slow
def test_a_real_report_shows_the_plugin_lane_section_and_template(
    scored: Path, installed: Path
) -> None:
    env = _env(installed)
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
