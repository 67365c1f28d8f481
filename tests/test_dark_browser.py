"""JupyterLab's dark theme in a real browser: the journey map's canvas is painted in the
dark colours (read from its pixels), and turns light when the user switches themes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.layout import layout_journey
from cjm_widgets.layout.shapes import Rect
from cjm_widgets.layout.theme import DARK, LIGHT, Theme
from cjm_widgets.samples import sample_workshop
from tests.browser import jupyter_lab, open_notebook_and_run_all
from tests.test_browser import need_chromium, pages, pixel, wait_until

__all__ = ["need_chromium", "pages"]  # the fixtures, shared with the other browser tests

pytestmark = pytest.mark.slow

THEMES = Path(
    ".jupyter/lab/user-settings/@jupyterlab/apputils-extension/themes.jupyterlab-settings"
)

MAP_CELL = """from cjm_widgets import Workshop
from cjm_widgets.render.canvas import JourneyMapView
JourneyMapView(Workshop.load("workshop.cjm.json"), "pe-maija")"""


@pytest.fixture
def dark_lab(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """JupyterLab set to its dark theme (the user's setting), with a notebook showing the
    sample's map."""
    root = tmp_path / "lab"
    root.mkdir()
    workshop = sample_workshop().save(root / "workshop.cjm.json")
    (root / THEMES).parent.mkdir(parents=True)
    (root / THEMES).write_text(json.dumps({"theme": "JupyterLab Dark"}))
    cell = {"cell_type": "code", "execution_count": None, "id": "map", "metadata": {},
            "outputs": [], "source": MAP_CELL}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"name": "python3",
                "display_name": "Python 3", "language": "python"}}, "nbformat": 4,
                "nbformat_minor": 5}  # fmt: skip
    (root / "map.ipynb").write_text(json.dumps(notebook))
    with jupyter_lab(root, tmp_path / "lab.log") as url:
        yield url, workshop


def places(path: Path) -> dict[str, tuple[float, float, Callable[[Theme], str]]]:
    """Where the background, a lane's band, a stage's header and a touchpoint's card are
    bare (no text on them), and which colour each has in a theme."""
    shapes = layout_journey(Workshop.load(path), "pe-maija", theme=DARK).shapes
    rects = [s for s in shapes if isinstance(s, Rect)]
    lane = next(s for s in rects if s.role == "lane")
    stage = next(s for s in rects if s.role == "stage" and s.fill == DARK.stage_fill)
    card = next(s for s in rects if s.role == "touchpoint")
    return {
        "the background": (3, 3, lambda theme: theme.paper),
        "a lane's band": (lane.box.x + 3, lane.box.bottom - 2, lambda theme: theme.band),
        "a stage's header": (stage.box.x + 3, stage.box.bottom - 3, lambda t: t.stage_fill),
        "a touchpoint's card": (card.box.x + 3, card.box.y + card.box.h / 2, lambda t: card.fill),
    }


def see_colours(page: Any, path: Path, theme: Theme) -> None:
    for what, (x, y, colour) in places(path).items():
        wanted = [int(colour(theme)[i : i + 2], 16) for i in (1, 3, 5)] + [255]
        wait_until(
            lambda: pixel(page, x, y) == wanted,  # noqa: B023 (checked before the next one)
            timeout=30,
            message=f"{what} is not {colour(theme)} at ({x}, {y}): {pixel(page, x, y)}",
        )


def test_the_map_follows_jupyterlabs_dark_theme(
    dark_lab: tuple[str, Path], pages: Callable[[], Any]
) -> None:
    url, workshop = dark_lab
    page = pages()
    open_notebook_and_run_all(page, url, "map.ipynb", ".cjm-map canvas")
    assert page.evaluate("document.body.dataset.jpThemeLight") == "false"
    see_colours(page, workshop, DARK)
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Theme").first.hover()
    page.locator(".lm-Menu-itemLabel", has_text="JupyterLab Light").first.click()
    see_colours(page, workshop, LIGHT)
