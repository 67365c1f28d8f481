"""The JupyterLab extension in a real JupyterLab in headless Chromium.

The launcher card creates a workshop and opens the app; a double-click opens an existing
workshop in the app (not as JSON); opening it again focuses the same panel; closing the
panel shuts its kernel down; the toolbar's commands present the map, write the handout
and open the code-free app. Screenshots for the README are kept in test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets.samples import sample_workshop
from tests.browser import jupyter_lab
from tests.messages import said, saying
from tests.test_browser import ARTIFACTS, need_chromium, pages, painted_pixels, wait_until

__all__ = ["need_chromium", "pages"]  # fixtures shared with the other browser tests

pytestmark = pytest.mark.slow

PERSONAS = [persona.name for persona in sample_workshop().personas]


@pytest.fixture
def room(tmp_path: Path) -> Path:
    folder = tmp_path / "room"
    folder.mkdir()
    sample_workshop().save(folder / "workshop.cjm.json")
    return folder


@pytest.fixture
def lab(tmp_path: Path, room: Path) -> Iterator[str]:
    with jupyter_lab(room, tmp_path / "lab.log") as url:
        yield url


def api(lab_url: str, path: str) -> Any:
    """A GET on the server's REST API with the token (the test talks to 127.0.0.1 only)."""
    base, token = lab_url.split("/lab?token=")
    request = urllib.request.Request(f"{base}/{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def post(lab_url: str, path: str, body: dict[str, Any], token: bool = True) -> tuple[int, Any]:
    base, secret = lab_url.split("/lab?token=")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {secret}"
    request = urllib.request.Request(
        f"{base}/{path}", data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def open_lab(page: Any, url: str) -> None:
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".jp-LauncherCard", timeout=90_000)


def app_in(page: Any) -> Any:
    """The workshop app inside the extension's panel."""
    return page.locator(".cjm-WorkshopPanel .cjm-workshop-app")


def test_launcher_card_creates_a_workshop_and_opens_the_app(
    lab: str, room: Path, pages: Callable[[], Any]
) -> None:
    page = pages()
    open_lab(page, lab)
    section = page.locator(".jp-Launcher-section", has_text=said("lab.launcher.category"))
    card = section.locator(".jp-LauncherCard", has_text=said("lab.new.label"))
    card.wait_for(timeout=30_000)
    assert section.locator(".jp-LauncherCard").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "lab-launcher.png"))  # README's picture

    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^New$")).first.hover()
    page.locator(".lm-Menu-itemLabel", has_text=said("lab.new.label")).wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")

    card.click()
    dialog = page.locator(".jp-Dialog")
    dialog.locator("input[name=title]").fill("Moving house")
    assert dialog.locator("select[name=language] option").all_inner_texts() == [
        "English", "dansk", "suomi", "norsk bokmål", "svenska",
    ]  # fmt: skip
    dialog.locator("select[name=start]").select_option("sample")
    dialog.locator(".jp-mod-accept").click()

    app_in(page).wait_for(timeout=90_000)
    created = room / "Moving house.cjm.json"
    saved = json.loads(created.read_text(encoding="utf-8"))
    assert saved["title"] == "Moving house"
    assert [p["name"] for p in saved["personas"]] == PERSONAS
    page.locator(".cjm-WorkshopPanel .jp-Toolbar").wait_for()
    wait_until(lambda: "Moving house" in app_in(page).inner_text(), timeout=30,
               message="the app never showed the new workshop's title")  # fmt: skip
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text="Moving house.cjm.json").wait_for()
    page.screenshot(path=str(ARTIFACTS / "lab-workshop.png"))  # README's picture

    # The same name again is refused with the reason, and nothing is overwritten.
    status, answer = post(lab, "cjm-widgets/workshops", {"title": "Moving house"})
    assert status == 400
    assert "already exists" in answer
    assert json.loads(created.read_text(encoding="utf-8")) == saved


def test_double_click_opens_the_app_once_and_closing_it_stops_its_kernel(
    lab: str, room: Path, pages: Callable[[], Any]
) -> None:
    page = pages()
    open_lab(page, lab)
    assert api(lab, "api/kernels") == []
    item = page.locator(".jp-DirListing-item", has_text="workshop.cjm.json")
    item.dblclick()
    app = app_in(page)
    app.wait_for(timeout=90_000)
    for name in PERSONAS:  # the personas in the widget's list, not in a JSON editor
        option = app.locator(".cjm-entities-personas select option", has_text=name).first
        option.wait_for(timeout=30_000)
        assert option.is_visible()
    assert page.locator(".jp-FileEditor").count() == 0
    assert len(api(lab, "api/kernels")) == 1

    # Opening it again focuses the same panel: one panel, one kernel.
    page.locator(".lm-TabBar-tab", has_text="Launcher").first.click()
    item.dblclick()
    wait_until(lambda: page.locator(".cjm-WorkshopPanel:not(.lm-mod-hidden)").count() == 1,
               message="the panel was not shown again")  # fmt: skip
    assert page.locator(".cjm-WorkshopPanel").count() == 1
    assert len(api(lab, "api/kernels")) == 1

    # Open With still offers the JSON editor.
    item.click(button="right")
    page.locator(".lm-Menu-itemLabel", has_text="Open With").first.hover()
    editor = page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Editor$"))
    editor.wait_for(timeout=10_000)
    app_item = re.compile(f"^{re.escape(said('lab.factory'))}$")
    assert page.locator(".lm-Menu-itemLabel", has_text=app_item).count() == 1
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")

    # Present: the map step with the map drawn.
    page.locator(".cjm-WorkshopPanel .jp-Toolbar [data-command='cjm-widgets:present']").click()
    wait_until(lambda: painted_pixels(page) > 10_000, timeout=40,
               message="the journey map was not shown")  # fmt: skip
    assert page.evaluate("document.fullscreenElement.classList.contains('cjm-WorkshopView')")
    page.evaluate("document.exitFullscreen()")
    wait_until(lambda: page.evaluate("document.fullscreenElement === null"),
               message="full screen did not end")  # fmt: skip
    # The kit has the room feature, so the toolbar offers the participants' QR code.
    page.locator(".cjm-WorkshopPanel [data-command='cjm-widgets:show-qr']").first.wait_for(
        timeout=30_000
    )

    # Close the panel: its kernel is shut down.
    tab = page.locator(".lm-TabBar-tab", has_text="workshop.cjm.json")
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    wait_until(lambda: api(lab, "api/kernels") == [], timeout=30,
               message="the panel's kernel is still running after closing it")  # fmt: skip


def close_panel(page: Any, name: str) -> None:
    tab = page.locator(".lm-TabBar-tab", has_text=name)
    tab.locator(".lm-TabBar-tabCloseIcon").click()


def kernel_ids(lab_url: str) -> set[str]:
    return {kernel["id"] for kernel in api(lab_url, "api/kernels")}


def test_each_window_has_its_own_kernel_and_a_reload_leaves_none_behind(
    lab: str, room: Path, pages: Callable[[], Any]
) -> None:
    """Like the code-free app's pages: one kernel per window, so closing one window's panel
    never stops another's; a reloaded page's old kernel is stopped, not left running."""
    address = lab.replace("/lab?", "/lab/tree/workshop.cjm.json?")
    first = pages()
    first.goto(address, timeout=90_000)
    app_in(first).wait_for(timeout=90_000)
    (kernel,) = kernel_ids(lab)
    first.reload(timeout=90_000)
    app_in(first).wait_for(timeout=90_000)
    first.locator(".cjm-entities-personas select option", has_text=PERSONAS[0]).wait_for()
    wait_until(lambda: len(kernel_ids(lab)) == 1 and kernel not in kernel_ids(lab),
               message="the reloaded page's old kernel is still running")  # fmt: skip
    (kernel,) = kernel_ids(lab)

    second = pages()
    second.goto(address, timeout=90_000)
    app_in(second).wait_for(timeout=90_000)
    assert len(kernel_ids(lab)) == 2
    close_panel(first, "workshop.cjm.json")
    wait_until(lambda: len(kernel_ids(lab)) == 1, timeout=30,
               message="closing the first window's panel did not stop its kernel")  # fmt: skip
    assert kernel not in kernel_ids(lab)
    assert app_in(second).is_visible()
    close_panel(second, "workshop.cjm.json")
    wait_until(lambda: kernel_ids(lab) == set(), timeout=30,
               message="the last panel's kernel is still running after closing it")  # fmt: skip


def test_handout_and_code_free_app_from_the_panel(
    lab: str, room: Path, pages: Callable[[], Any]
) -> None:
    page = pages()
    page.goto(lab.replace("/lab?", "/lab/tree/workshop.cjm.json?"), timeout=90_000)
    app_in(page).wait_for(timeout=90_000)

    page.locator(
        ".cjm-WorkshopPanel .jp-Toolbar [data-command='cjm-widgets:export-handout']"
    ).click()
    handout = room / "workshop-report.html"
    wait_until(handout.exists, timeout=120, message="the handout was not written")
    viewer = page.locator(".jp-HTMLViewer iframe")
    viewer.wait_for(timeout=30_000)
    frame = page.frame_locator(".jp-HTMLViewer iframe")
    frame.locator("body", has_text=PERSONAS[0]).wait_for(timeout=30_000)

    page.locator(".lm-TabBar-tab", has_text="workshop.cjm.json").first.click()
    with page.context.expect_page(timeout=30_000) as opened:
        page.locator(".cjm-WorkshopPanel .jp-Toolbar [data-command='cjm-widgets:open-app']").click()
    window = opened.value
    window.wait_for_url(re.compile(r"/voila/render/workshop-app\.ipynb"), timeout=30_000)
    window.locator(".cjm-workshop-app").wait_for(timeout=90_000)
    assert window.locator(".jp-InputArea").count() == 0  # no code in the app window


def test_a_broken_workshop_opens_with_its_problems_named(
    lab: str, room: Path, pages: Callable[[], Any]
) -> None:
    broken = json.loads((room / "workshop.cjm.json").read_text(encoding="utf-8"))
    broken["touchpoints"][0]["emotion"] = 7
    (room / "broken.cjm.json").write_text(json.dumps(broken), encoding="utf-8")
    page = pages()
    page.goto(lab.replace("/lab?", "/lab/tree/broken.cjm.json?"), timeout=90_000)
    panel = page.locator(".cjm-WorkshopPanel")
    not_started = said("lab.error.app")
    panel.locator(".cjm-WorkshopView-status", has_text=not_started).wait_for(timeout=90_000)
    panel.locator(".jp-OutputArea", has_text="touchpoints[0].emotion").wait_for(timeout=10_000)
    assert panel.locator(".cjm-workshop-app").count() == 0
    assert json.loads((room / "broken.cjm.json").read_text(encoding="utf-8")) == broken


def test_routes_need_the_token(lab: str, room: Path) -> None:
    status, _ = post(lab, "cjm-widgets/workshops", {"title": "Intruder"}, token=False)
    assert status == 403
    assert not (room / "Intruder.cjm.json").exists()
    status, answer = post(lab, "cjm-widgets/workshops", {"title": "x", "folder": "../.."})
    assert status == 400
    assert re.search(saying("lab.error.outside_root"), answer)
    strings = api(lab, "cjm-widgets/strings?lang=fi")
    assert strings["strings"]["new.label"] == said("lab.new.label", "fi")


def test_qr_code_command_shows_the_running_room_s_code(
    tmp_path: Path, room: Path, pages: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The panel's QR command shows ``cjm_widgets.room.qr_widget(file)``: the code and the
    participants' address of the room running for the workshop (its runtime file), and how
    to start one when none runs."""
    from cjm_widgets.room.runtime import RoomAddress, write_address

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(room / ".runtime"))  # as jupyter_lab sets it
    participants = "http://127.0.0.1:8899/room/k3y0fth3r00m/"
    with jupyter_lab(room, tmp_path / "lab.log") as url:
        page = pages()
        page.goto(url.replace("/lab?", "/lab/tree/workshop.cjm.json?"), timeout=90_000)
        app_in(page).wait_for(timeout=90_000)
        button = page.locator(".cjm-WorkshopPanel .jp-Toolbar [data-command='cjm-widgets:show-qr']")
        button.wait_for(timeout=30_000)
        button.click()
        dialog = page.locator(".jp-Dialog")
        dialog.locator("text=cjm room").first.wait_for(timeout=30_000)  # none runs yet
        dialog.locator(".jp-Dialog-footer button").last.click()
        write_address(RoomAddress(str(room / "workshop.cjm.json"), os.getpid(), url, participants))
        button.click()
        shown = page.locator(".jp-Dialog .cjm-room-qr")
        shown.wait_for(timeout=30_000)
        assert participants in shown.inner_text()
        assert shown.locator("svg").count() == 1
        assert "workshop.cjm.json" in page.locator(".jp-Dialog-header").inner_text()
