"""An offline workshop room: every page the kit serves loads nothing from outside the
machine. Chromium records every request of the code-free app (``cjm app``), the
JupyterLab panel with its app window and handout, the room (the facilitator's app and a
participant's phone) and the handout opened from its file; a request to any host but the
page's own server fails the test, and the app's icons are drawn with the Font Awesome
the server itself sends.

One Chromium serves the whole module; servers start on free loopback ports and stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import launch
from cjm_widgets.launch import stop_server
from cjm_widgets.samples import sample_workshop
from tests.browser import chromium_browser, jupyter_lab
from tests.offline import foreign_requests
from tests.test_browser import ARTIFACTS, need_chromium, wait_until
from tests.test_room_server import start_room

__all__ = ["need_chromium"]  # skips without Chromium

pytestmark = pytest.mark.slow

ICON_DRAWN = """async (selector) => {
    await document.fonts.ready;
    const icon = [...document.querySelectorAll(selector)].find((i) => i.offsetParent !== null);
    if (!icon) return 'no icon';
    const family = getComputedStyle(icon, '::before').fontFamily;
    const loaded = [...document.fonts].filter(
        (face) => /awesome/i.test(face.family) && face.status === 'loaded');
    return /awesome/i.test(family) && loaded.length > 0 ? 'drawn' : family;
}"""
"""Whether a shown ipywidgets icon is drawn in Font Awesome, its font loaded (from the
page's own server, since nothing else is reachable or allowed)."""


def icon_drawn(page: Any, scope: str) -> str:
    """Wait for a shown icon button in ``scope``; whether its icon is drawn."""
    selector = f"{scope} button i.fa"
    page.locator(f"{selector} >> visible=true").first.wait_for(timeout=90_000)
    return str(page.evaluate(ICON_DRAWN, selector))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_browser() as opened:
        yield opened


class Recorded:
    """A browser context whose every request (and websocket) is written down."""

    def __init__(self, browser: Any, name: str, **options: Any) -> None:
        self.name = name
        self.context = browser.new_context(**options)
        self.urls: list[str] = []
        self.context.on("request", lambda request: self.urls.append(request.url))
        self.context.on("page", self._watch)

    def _watch(self, page: Any) -> None:
        page.on("websocket", lambda socket: self.urls.append(socket.url))

    def new_page(self) -> Any:
        return self.context.new_page()

    def assert_only(self, origin: str | None) -> None:
        assert self.urls, f"{self.name}: no request was recorded"
        foreign = foreign_requests(self.urls, origin)
        if foreign:
            ARTIFACTS.mkdir(exist_ok=True)
            for index, page in enumerate(self.context.pages):
                page.screenshot(path=str(ARTIFACTS / f"offline-{self.name}-{index}.png"))
        assert foreign == [], f"{self.name} fetched from outside {origin or 'the file'}"

    def close(self) -> None:
        self.context.close()


def origin_of(url: str) -> str:
    found = re.match(r"https?://[^/]+", url)
    assert found is not None, url
    return found.group(0)


def settle(page: Any) -> None:
    """Give late requests (lazy styles, fonts, chunks) the time to be made."""
    page.wait_for_timeout(2_000)


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    folder = tmp_path / "room"
    folder.mkdir()
    return sample_workshop().save(folder / "workshop.cjm.json")


def test_the_code_free_app(tmp_path: Path, workshop_file: Path, browser: Any) -> None:
    notebook = launch.app_notebook(workshop_file)
    port, token = launch.free_port(), launch.new_token()
    recorded = Recorded(browser, "app", viewport={"width": 1400, "height": 1000})
    with (
        (tmp_path / "voila.log").open("w") as log,
        launch.running(launch.app_command(notebook, port, token), port, tmp_path, output=log),
    ):
        page = recorded.new_page()
        url = f"http://127.0.0.1:{port}/?token={token}"
        page.goto(url, timeout=90_000)
        assert icon_drawn(page, ".cjm-workshop-app") == "drawn"
        settle(page)
        recorded.assert_only(origin_of(url))
    recorded.close()


def test_the_lab_panel_its_app_window_and_handout(
    tmp_path: Path, workshop_file: Path, browser: Any
) -> None:
    root = workshop_file.parent
    recorded = Recorded(browser, "lab", viewport={"width": 1400, "height": 1000})
    with jupyter_lab(root, tmp_path / "lab.log") as lab:
        page = recorded.new_page()
        page.goto(lab.replace("/lab?", "/lab/tree/workshop.cjm.json?"), timeout=90_000)
        panel = page.locator(".cjm-WorkshopPanel")
        assert icon_drawn(page, ".cjm-WorkshopPanel") == "drawn"

        toolbar = panel.locator(".jp-Toolbar")
        toolbar.locator("[data-command='cjm-widgets:export-handout']").click()
        handout = root / "workshop-report.html"
        wait_until(handout.exists, timeout=180, message="the handout was not written")
        frame = page.frame_locator(".jp-HTMLViewer iframe")
        frame.locator("h2", has_text="Journey maps").first.wait_for(timeout=30_000)

        page.locator(".lm-TabBar-tab", has_text="workshop.cjm.json").first.click()
        with page.context.expect_page(timeout=30_000) as opened:
            toolbar.locator("[data-command='cjm-widgets:open-app']").click()
        window = opened.value
        window.wait_for_url(re.compile(r"/voila/render/workshop-app\.ipynb"), timeout=30_000)
        assert icon_drawn(window, ".cjm-workshop-app") == "drawn"
        settle(window)
        recorded.assert_only(origin_of(lab))
    recorded.close()

    alone = Recorded(browser, "handout", viewport={"width": 1200, "height": 900})
    page = alone.new_page()
    page.goto(handout.as_uri())
    page.locator("h2", has_text="Journey maps").first.wait_for(timeout=10_000)
    settle(page)
    alone.assert_only(None)
    alone.close()


def test_the_room_the_facilitator_and_a_phone(
    workshop_file: Path, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(workshop_file.parent / ".runtime"))
    started = start_room(workshop_file)
    try:
        facilitator_url = started.line("Facilitator: ").split(" ", 1)[1]
        participant_url = started.line("Participants: ").split(" ", 1)[1]
        laptop = Recorded(browser, "room-app", viewport={"width": 1400, "height": 1000})
        page = laptop.new_page()
        page.goto(facilitator_url, timeout=90_000)
        assert icon_drawn(page, ".cjm-room-app") == "drawn"
        page.get_by_role("tab", name="Room").click()

        phone = Recorded(browser, "room-phone", viewport={"width": 390, "height": 844})
        mobile = phone.new_page()
        mobile.goto(participant_url)
        mobile.fill("#join-name", "Aino")
        mobile.click("#join-button")
        mobile.locator("[data-touchpoint='tp-bank-suggests']").wait_for(timeout=10_000)
        settle(mobile)
        laptop.assert_only(origin_of(facilitator_url))
        phone.assert_only(origin_of(participant_url))
        laptop.close()
        phone.close()
    finally:
        stop_server(started.process)
