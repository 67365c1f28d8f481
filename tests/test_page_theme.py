"""The live map follows the page's theme: the page reports JupyterLab's dark theme
through the kit's probe widget, and the map is laid out and drawn in the dark colours;
exports stay light."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.layout.shapes import Layout, Rect
from cjm_widgets.layout.theme import DARK, LIGHT, THEME_VARIABLE, Theme, contrast, theme_for
from cjm_widgets.render import page_theme as probe_module
from cjm_widgets.render.canvas import JourneyMapView
from cjm_widgets.render.svg import to_svg
from cjm_widgets.render.views import layout_view


@pytest.fixture
def probe(comms: Any, monkeypatch: pytest.MonkeyPatch) -> probe_module.PageTheme:
    monkeypatch.setattr(probe_module, "_shared", None)
    return probe_module.page_theme()


def page_says(probe: probe_module.PageTheme, *, dark: bool) -> None:
    """What the page's probe sends when JupyterLab's theme is (or becomes) dark or light."""
    probe.comm.receive({"method": "update", "state": {"dark": dark}, "buffer_paths": []})


def fills(view: JourneyMapView, role: str) -> set[str]:
    return fills_of(view.layout_data, role)


def fills_of(layout: Layout, role: str) -> set[str]:
    return {s.fill for s in layout.shapes if isinstance(s, Rect) and s.role == role}


def test_the_map_is_light_until_the_page_says_dark(probe: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-maija")
    assert fills(view, "background") == {LIGHT.paper}
    assert fills(view, "lane") == {LIGHT.band, LIGHT.band_alt}


def test_the_map_turns_dark_and_back_when_the_user_switches_themes(
    probe: Any, sample: Workshop
) -> None:
    view = JourneyMapView(sample, "pe-maija")
    page_says(probe, dark=True)
    assert fills(view, "background") == {DARK.paper}
    assert fills(view, "lane") == {DARK.band, DARK.band_alt}
    page_says(probe, dark=False)
    assert fills(view, "background") == {LIGHT.paper}


def test_a_map_opened_on_a_dark_page_is_dark_at_once(probe: Any, sample: Workshop) -> None:
    page_says(probe, dark=True)
    view = JourneyMapView(sample, "pe-maija")
    assert fills(view, "background") == {DARK.paper}
    assert view.options.theme == LIGHT  # what exports are given


def test_exports_stay_light_while_the_page_is_dark(probe: Any, sample: Workshop) -> None:
    view = JourneyMapView(sample, "pe-maija")
    page_says(probe, dark=True)
    svg = to_svg(layout_view(sample, "map", "pe-maija", options=view.options))
    assert LIGHT.paper.lower() in svg.lower() and DARK.paper.lower() not in svg.lower()


def test_the_dark_colours_keep_the_sizes_of_the_theme_they_darken() -> None:
    big = Theme(text_size=20.0)
    assert theme_for(True, big).text_size == 20.0 and theme_for(True, big).paper == DARK.paper
    assert theme_for(False, DARK) == LIGHT
    assert DARK.dark and not LIGHT.dark
    assert contrast(DARK.ink, DARK.paper) >= 4.5 and contrast(DARK.muted, DARK.band) >= 4.5


def test_the_probe_asks_for_the_model_the_extension_registers() -> None:
    """The Python widget names the module and version the extension's plugin registers
    (src/themeprobe.ts), or the page's widget manager would not find the model."""
    from cjm_widgets import __version__

    source = (Path(__file__).parents[1] / "src" / "themeprobe.ts").read_text(encoding="utf-8")
    assert f"MODULE_NAME = '{probe_module.MODULE}'" in source
    assert f"MODULE_VERSION = '{__version__}'" in source
    assert (
        "ThemeProbeModel" in source
        and probe_module.PageTheme._model_name.default_value == "ThemeProbeModel"
    )


def test_the_code_free_app_draws_the_theme_cjm_app_was_started_with(
    comms: Any, monkeypatch: pytest.MonkeyPatch, sample: Workshop
) -> None:
    """Voilà cannot run the extension's probe: ``cjm app --theme dark`` renders the page
    dark and tells the kernel, whose map is dark from the start (and makes no probe)."""
    monkeypatch.setattr(probe_module, "_shared", None)
    monkeypatch.setenv(THEME_VARIABLE, "dark")
    view = JourneyMapView(sample, "pe-maija")
    assert fills(view, "background") == {DARK.paper}
    assert isinstance(probe_module.page_theme(), probe_module.AppTheme)
    monkeypatch.setattr(probe_module, "_shared", None)
    monkeypatch.setenv(THEME_VARIABLE, "light")
    assert fills(JourneyMapView(sample, "pe-maija"), "background") == {LIGHT.paper}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_cjm_app_renders_the_page_in_its_theme_and_tells_the_kernel(
    tmp_path: Path, theme: str
) -> None:
    from cjm_widgets.cli.parser import build_parser
    from cjm_widgets.launch import app_command

    args = build_parser().parse_args(["app", "w.cjm.json", "--theme", theme])
    command = app_command(tmp_path / "w-app.ipynb", 8888, "token", theme=args.theme)
    assert f"--VoilaConfiguration.theme={theme}" in command.argv
    assert "--VoilaConfiguration.allow_theme_override=NO" in command.argv
    assert command.env[THEME_VARIABLE] == theme


def test_the_apps_html_parts_take_jupyterlabs_theme_colours(comms: Any, sample_path: Path) -> None:
    """The status line, hints and messages are coloured by JupyterLab's CSS variables
    (light colours where none are set), so they read on the dark theme too."""
    from cjm_widgets import WorkshopApp

    app = WorkshopApp(sample_path, schedule=lambda *args: None, watch=None)
    assert "color:var(--jp-ui-font-color1, #1A1A1A)" in app.status.value
    assert "color:var(--jp-ui-font-color2, #5C5C5C)" in app.title.value


def test_no_html_part_of_the_app_has_a_fixed_colour() -> None:
    """Any colour in the widgets' HTML and CSS is one of JupyterLab's variables."""
    import re

    package = Path(__file__).parents[1] / "cjm_widgets"
    sources = [*package.glob("widgets/**/*.py"), package / "render" / "canvas.py"]
    fixed = re.compile(
        r"(colou?r|background|border[\w-]*)\s*[:=]\s*f?[\"']?[^\"';\n]*#[0-9A-Fa-f]{3,6}"
    )
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fixed.search(line) and "var(--jp-" not in line
    ]
    assert found == []


@pytest.mark.parametrize(
    ("environ", "theme"),
    [
        ({}, None),  # JupyterLab, a notebook: the probe asks the page
        ({THEME_VARIABLE: "dark"}, "dark"),
        ({THEME_VARIABLE: "light", "VOILA_BASE_URL": "/", "QUERY_STRING": "theme=dark"}, "light"),
        ({"VOILA_BASE_URL": "/", "QUERY_STRING": "theme=dark"}, "dark"),
        ({"VOILA_BASE_URL": "/", "QUERY_STRING": "token=x&theme=dark"}, "dark"),
        ({"VOILA_BASE_URL": "/", "QUERY_STRING": ""}, "light"),
        ({"VOILA_BASE_URL": "/"}, "light"),
    ],
)
def test_where_the_pages_theme_is_fixed_when_it_opens(
    environ: dict[str, str], theme: str | None
) -> None:
    """``cjm app --theme`` wins; a Voilà page opened from JupyterLab names its theme in
    its address; elsewhere the page is asked."""
    assert probe_module.fixed_theme(environ) == theme


def test_the_priority_matrix_turns_dark_with_the_page(probe: Any, sample: Workshop) -> None:
    from cjm_widgets.layout.matrix import QUADRANT_FILLS, QUADRANT_FILLS_DARK
    from cjm_widgets.widgets.priority_matrix import PriorityMatrixView

    view = PriorityMatrixView(sample)
    assert fills_of(view.layout_data, "quadrant-quick_wins") == {QUADRANT_FILLS["quick_wins"]}
    page_says(probe, dark=True)
    assert fills_of(view.layout_data, "background") == {DARK.paper}
    assert fills_of(view.layout_data, "quadrant-quick_wins") == {QUADRANT_FILLS_DARK["quick_wins"]}
