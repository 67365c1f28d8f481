"""README's picture of editing on the map: the code-free app (``cjm app``) on the sample
workshop in headless Debian Chromium, a card selected (its menu above the map) and its
in-place editor open beside it. Light theme.

python docs/map_editing_image.py     # writes docs/images/map-editing.png
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjm_widgets import Workshop, launch  # noqa: E402
from cjm_widgets.layout import layout_journey  # noqa: E402
from cjm_widgets.samples import sample_workshop  # noqa: E402
from tests.browser import browser_page  # noqa: E402

IMAGE = ROOT / "docs" / "images" / "map-editing.png"
CARD = "tp-signup-confirm-email"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = sample_workshop().save(root / "workshop.cjm.json")
        notebook = launch.app_notebook(path)
        port, token = launch.free_port(), launch.new_token()
        command = launch.app_command(notebook, port, token)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the app's kernel runs this checkout
        with (
            (root / "voila.log").open("w") as log,
            launch.running(command, port, root, output=log, env=env),
            browser_page(1280, 1000) as page,
        ):
            page.goto(f"http://127.0.0.1:{port}/?token={token}", timeout=90_000)
            page.locator(".cjm-step-map").click(timeout=90_000)
            page.locator(".cjm-map canvas").first.wait_for(timeout=60_000)
            time.sleep(2)
            ws = Workshop.load(path)
            layout = layout_journey(ws, ws.personas[0].id)
            box = next(s.box for s in layout.hotspots if s.ref == CARD and s.kind == "touchpoint")
            canvas = page.locator(".cjm-map canvas").first.bounding_box()
            ratio = canvas["width"] / layout.width
            page.mouse.click(
                canvas["x"] + (box.x + box.w / 2) * ratio, canvas["y"] + (box.y + box.h / 2) * ratio
            )
            page.locator(".cjm-map-toolbar, .cjm-map-editor .widget-hbox").first.wait_for()
            time.sleep(1)
            canvas = page.locator(".cjm-map canvas").first.bounding_box()  # settled
            page.mouse.dblclick(
                canvas["x"] + (box.x + box.w / 2) * ratio, canvas["y"] + (box.y + box.h / 2) * ratio
            )
            page.locator(".cjm-map-popup .cjm-card-title input").wait_for(state="visible")
            page.mouse.move(canvas["x"] + 5, canvas["y"] + canvas["height"] - 5)  # no tooltip
            time.sleep(1.5)
            editor = page.locator(".cjm-map-editor").first.bounding_box()
            popup = page.locator(".cjm-map-popup").first.bounding_box()
            bottom = max(editor["y"] + editor["height"], popup["y"] + popup["height"]) + 4
            page.screenshot(
                path=str(IMAGE),
                clip={"x": editor["x"] - 8, "y": editor["y"] - 8,
                      "width": editor["width"] + 16, "height": bottom - editor["y"] + 12},
            )  # fmt: skip
    print(f"wrote {IMAGE} ({IMAGE.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
