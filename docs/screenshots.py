"""Screenshots of the workshop app in a real JupyterLab (headless Debian Chromium) for README.

python docs/screenshots.py          # writes docs/images/app-*.png, handout.png, map-*.png
python docs/screenshots.py themes   # only the map in JupyterLab's light and dark themes
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjm_widgets.samples import sample_workshop  # noqa: E402
from tests.browser import browser_page, jupyter_lab, open_notebook_and_run_all  # noqa: E402

IMAGES = ROOT / "docs" / "images"


@contextmanager
def workshop_app() -> Iterator[tuple[Any, Any]]:
    """The sample's workshop app in its notebook in a real JupyterLab: (page, app)."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as logs:
        root = Path(folder)
        sample_workshop().save(root / "workshop.cjm.json")
        shutil.copy(ROOT / "templates" / "notebooks" / "workshop.ipynb", root / "workshop.ipynb")
        with jupyter_lab(root, Path(logs) / "lab.log") as url, browser_page(1400, 900) as page:
            yield page, open_notebook_and_run_all(page, url, "workshop.ipynb", ".cjm-workshop-app")


def shoot(page: Any, app: Any, name: str, settle: float) -> None:
    """``docs/images/NAME.png`` of the app's top, after ``settle`` seconds of drawing."""
    time.sleep(settle)
    app.evaluate("element => element.scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    page.screenshot(path=str(IMAGES / f"{name}.png"))
    print(f"wrote {IMAGES / f'{name}.png'}")


def main() -> None:
    with workshop_app() as (page, app):
        for step, name in (("4 Encounters", "app-encounters"), ("8 Journey map", "app-map")):
            page.locator(".cjm-workshop-app button", has_text=step).click()
            shoot(page, app, name, settle=2)


def handout() -> None:
    from cjm_widgets.reports import render

    with tempfile.TemporaryDirectory() as folder:
        path = sample_workshop().save(Path(folder) / "utility-e-invoice.cjm.json")
        (outcome,) = render(path)
        page_path = next(p for p in outcome.written if p.suffix == ".html")
        with browser_page(1280, 1500) as page:
            page.goto(page_path.as_uri())
            page.screenshot(path=str(IMAGES / "handout.png"))
    print(f"wrote {IMAGES / 'handout.png'}")


def themes() -> None:
    """The journey map page in JupyterLab's light theme, then switched to its dark one."""
    with workshop_app() as (page, app):
        page.locator(".cjm-workshop-app button", has_text="8 Journey map").click()
        for theme, name in (("JupyterLab Light", "map-light"), ("JupyterLab Dark", "map-dark")):
            page.locator(".lm-MenuBar-itemLabel", has_text="Settings").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Theme").first.hover()
            page.locator(".lm-Menu-itemLabel", has_text=theme).first.click()
            shoot(page, app, name, settle=3)


if __name__ == "__main__":
    if sys.argv[1:] != ["themes"]:
        main()
        handout()
    themes()
