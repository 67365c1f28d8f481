"""The workshop in a real browser: JupyterLab and the code-free app, in headless Chromium.

Servers start on free loopback ports with a token and always stop. On failure, a
screenshot and the browser console are kept in test-artifacts/. Without Chromium
these tests are skipped locally (apt-get install chromium); in CI they must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import launch
from cjm_widgets.samples import sample_workshop
from tests.browser import chromium_browser, chromium_path, jupyter_lab, open_notebook_and_run_all
from tests.messages import said, saying

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def need_chromium() -> None:
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: apt-get install chromium")
        pytest.skip("Chromium is not installed; install it with: apt-get install chromium")


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    root = tmp_path / "room"
    root.mkdir()
    return sample_workshop().save(root / "workshop.cjm.json")


@pytest.fixture
def pages(request: pytest.FixtureRequest) -> Iterator[Callable[[], Any]]:
    """Opens browser pages; on failure keeps a screenshot and the console of each."""
    opened: list[tuple[Any, list[str]]] = []
    session = chromium_browser()
    browser = session.__enter__()

    def new_page() -> Any:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        opened.append((page, console))
        return page

    yield new_page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for index, (page, console) in enumerate(opened):
            stem = ARTIFACTS / f"{request.node.name}-{index}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True)
            except Exception as error:  # the page may be gone; keep what we can
                console.append(f"screenshot failed: {error}")
            Path(f"{stem}.console.txt").write_text("\n".join(console), encoding="utf-8")
    session.__exit__(None, None, None)


def wait_until(check: Callable[[], bool], timeout: float = 20, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(message or "condition not met in time")


def saved(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def add_goal_and_touchpoint(page: Any, path: Path) -> None:
    """Type a persona goal, add a touchpoint with emotion 2, and see both in the saved file."""
    goal = page.locator(".cjm-list-goals .cjm-add input").first
    goal.fill("Know the amount before the bill comes")
    goal.press("Enter")
    wait_until(lambda: "Know the amount before the bill comes" in saved(path)["personas"][0]["goals"],
               message="the goal never reached the file")  # fmt: skip
    page.locator(".cjm-step-encounters").click()
    page.locator(".cjm-new-stage select").select_option(label="Pays")
    page.locator(".cjm-new-channel select").select_option(label="Phone customer service")
    new = page.locator(".cjm-entities-touchpoints > .widget-hbox .cjm-add input").first
    new.fill("Asks for a payment plan")
    new.press("Enter")
    form = page.locator(".cjm-entities-touchpoints", has=page.locator(".cjm-field-emotion")).first
    wait_until(lambda: form.locator(".cjm-field-title input").first.input_value() == "Asks for a payment plan",
               message="the new touchpoint's form never opened")  # fmt: skip
    form.locator(".cjm-field-emotion button", has_text="2").first.click()

    def written() -> bool:
        touchpoints = [
            t for t in saved(path)["touchpoints"] if t["title"] == "Asks for a payment plan"
        ]
        return (
            bool(touchpoints)
            and touchpoints[0]["emotion"] == 2
            and touchpoints[0]["stage"] == "st-pay"
        )

    wait_until(written, message="the touchpoint with emotion 2 never reached the file")


def painted_pixels(page: Any) -> int:
    """How many pixels of the journey map's drawing layer are not blank."""
    return int(
        page.evaluate(
            """() => {
                const canvas = document.querySelector('.cjm-map canvas');
                if (!canvas || !canvas.width) return 0;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let count = 0;
                for (let i = 3; i < data.length; i += 16) if (data[i] > 0) count++;
                return count;
            }"""
        )
    )


def see_the_map(page: Any) -> None:
    page.locator(".cjm-step-map").click()
    wait_until(lambda: painted_pixels(page) > 10_000, message="the journey map canvas stayed blank")


def see_the_new_touchpoint_on_the_map(page: Any, path: Path) -> None:
    """The map shows each thing where the layout puts it: the new touchpoint's chip in its
    channel's colour and its emotion dot in emotion 2's colour, in the new column, and
    the first touchpoint's chip in the first column (read where the text leaves them bare)."""
    from cjm_widgets import Workshop
    from cjm_widgets.layout import layout_journey
    from cjm_widgets.layout.shapes import Circle, Rect
    from cjm_widgets.layout.theme import EMOTION_COLOURS

    ws = Workshop.load(path)
    new = next(tp for tp in ws.touchpoints if tp.title == "Asks for a payment plan")
    shapes = layout_journey(ws, ws.personas[0].id).shapes  # the app opens on the first persona
    chips = [s for s in shapes if isinstance(s, Rect) and s.role == "touchpoint"]
    chip = next(s for s in chips if s.ref == new.id)
    dot = next(
        s for s in shapes if isinstance(s, Circle) and s.role == "emotion" and s.ref == new.id
    )
    assert dot.fill == EMOTION_COLOURS[2] and chips[0].fill != chip.fill
    expected = {
        "the new touchpoint's chip": (chip.box.x + 3, chip.box.y + chip.box.h / 2, chip.fill),
        "its emotion dot": (dot.cx - 6, dot.cy - 6, dot.fill),
        "the first touchpoint's chip": (
            chips[0].box.x + 3,
            chips[0].box.y + chips[0].box.h / 2,
            chips[0].fill,
        ),
    }
    for what, (x, y, colour) in expected.items():
        wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)] + [255]
        wait_until(
            lambda: pixel(page, x, y) == wanted,  # noqa: B023 (checked before the next one)
            message=f"{what} is not {colour} at ({x}, {y}): {pixel(page, x, y)}",
        )


@pytest.fixture
def lab_server(tmp_path: Path, workshop_file: Path) -> Iterator[str]:
    with jupyter_lab(workshop_file.parent, tmp_path / "lab.log") as url:
        yield url


def test_jupyterlab_workshop_notebook(
    lab_server: str, workshop_file: Path, pages: Callable[[], Any]
) -> None:
    notebook = launch.workshop_notebook(workshop_file)
    page = pages()
    open_notebook_and_run_all(page, lab_server, notebook.name, ".cjm-workshop-app")
    add_goal_and_touchpoint(page, workshop_file)
    see_the_map(page)
    see_the_new_touchpoint_on_the_map(page, workshop_file)


@pytest.fixture
def app_server(tmp_path: Path, workshop_file: Path) -> Iterator[str]:
    notebook = launch.app_notebook(workshop_file)
    port, token = launch.free_port(), launch.new_token()
    command = launch.app_command(notebook, port, token)
    with (
        (tmp_path / "voila.log").open("w") as log,
        launch.running(command, port, workshop_file.parent, output=log),
    ):
        yield f"http://127.0.0.1:{port}/?token={token}"


def open_app(page: Any, url: str) -> None:
    page.goto(url, timeout=90_000)
    page.locator(".cjm-workshop-app").first.wait_for(state="attached", timeout=90_000)


def test_code_free_app(app_server: str, workshop_file: Path, pages: Callable[[], Any]) -> None:
    page = pages()
    open_app(page, app_server)
    text = page.inner_text("body")
    assert "WorkshopApp(" not in text and "from cjm_widgets import" not in text
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, .jp-Toolbar").count() == 0
    add_goal_and_touchpoint(page, workshop_file)
    see_the_map(page)
    see_the_new_touchpoint_on_the_map(page, workshop_file)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cjm-app.png"))  # README's picture of `cjm app`


def test_a_second_window_follows_the_first(
    app_server: str, workshop_file: Path, pages: Callable[[], Any]
) -> None:
    laptop, projector = pages(), pages()
    open_app(laptop, app_server)
    open_app(projector, app_server)
    goal = laptop.locator(".cjm-list-goals .cjm-add input").first
    goal.fill("Pay without logging in")
    goal.press("Enter")

    def projector_shows_it() -> bool:
        values = projector.locator(".cjm-list-goals input").evaluate_all(
            "inputs => inputs.map(i => i.value)"
        )
        return "Pay without logging in" in values

    wait_until(projector_shows_it, 30, "the second window never showed the first window's edit")
    assert re.search(saying("session.updated"), projector.inner_text(".cjm-status"))


def test_cjm_app_command_prints_its_url(tmp_path: Path) -> None:
    """The command a facilitator runs: it creates the file and prints the address with the token."""
    cjm = shutil.which("cjm", path=str(Path(os.sys.executable).parent)) or "cjm"
    process = subprocess.Popen([cjm, "app", str(tmp_path / "new.cjm.json")], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        lines: list[str] = []
        ready = said("launch.ready", url="\x00").split("\x00")[0] + "http://127.0.0.1:"
        deadline = time.monotonic() + 60
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if line.startswith(ready):
                break
        opened = [line for line in lines if line.startswith(ready)]
        assert opened and "?token=" in opened[0], "".join(lines)
        assert (tmp_path / "new.cjm.json").is_file()
        assert said("launch.share") in [line.rstrip("\n") for line in lines]
    finally:
        process.terminate()
        process.wait(15)


def pixel(page: Any, x: float, y: float) -> list[int]:
    """The colour the journey map's drawing layer has at layout point (x, y)."""
    return list(
        page.evaluate(
            """([x, y]) => {
                const canvas = document.querySelector('.cjm-map canvas');
                return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data);
            }""",
            [round(x), round(y)],
        )
    )


def test_the_app_map_shows_the_measured_lane(
    tmp_path: Path, workshop_file: Path, pages: Callable[[], Any]
) -> None:
    from cjm_widgets import Workshop
    from cjm_widgets.layout import layout_journey
    from cjm_widgets.layout.shapes import Rect
    from cjm_widgets.measurements import keep_snapshot, snapshot
    from cjm_widgets.monitor import monitor
    from cjm_widgets.samples.events import sample_events

    ws = Workshop.load(workshop_file)
    result = monitor(ws, sample_events(ws, paths=400))
    assert result.period is not None
    keep_snapshot(ws, snapshot(ws, result.funnel, result.period, source="log", engine="duckdb"))
    ws.save()
    worst = next(
        s
        for s in layout_journey(ws, "pe-maija").shapes
        if isinstance(s, Rect) and s.role == "measured-worst"
    )
    notebook = launch.app_notebook(workshop_file)
    port, token = launch.free_port(), launch.new_token()
    with (
        (tmp_path / "voila.log").open("w") as log,
        launch.running(
            launch.app_command(notebook, port, token), port, workshop_file.parent, output=log
        ),
    ):
        page = pages()
        open_app(page, f"http://127.0.0.1:{port}/?token={token}")
        see_the_map(page)
        centre = (worst.box.x + worst.box.w / 2, worst.box.y + worst.box.h / 2)
        wait_until(
            lambda: pixel(page, *centre)[:3] == [0xD5, 0x5E, 0x00],
            message=f"the worst step's orange bar is not at {centre}: {pixel(page, *centre)}",
        )
        above = pixel(page, centre[0], worst.box.y - 12)
        assert above[:3] != [0xD5, 0x5E, 0x00]  # a bar, not a painted band


def test_the_map_on_the_projector(
    app_server: str, workshop_file: Path, pages: Callable[[], Any]
) -> None:
    """Present fills the window; a click gives the map the keys; → and Esc work in the browser."""
    page = pages()
    open_app(page, app_server)
    see_the_map(page)
    page.locator(".cjm-present button, button.cjm-present").first.click()
    shown = page.locator(".cjm-presentation")
    shown.wait_for(state="visible", timeout=30_000)
    box = shown.bounding_box()
    assert box is not None and (box["x"], box["y"]) == (0, 0)
    assert (box["width"], box["height"]) == (1400, 1000)  # the whole window, over the app
    heading = page.locator(".cjm-present-stage")
    first, second = (saying("present.stage", number=n, count=6) for n in (1, 2))
    wait_until(lambda: re.match(first, heading.inner_text()) is not None, message="no stage 1")
    wait_until(lambda: painted_pixels(page) > 10_000, message="the projected map stayed blank")
    page.locator(".cjm-presentation .cjm-map canvas").last.click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")
    wait_until(lambda: re.match(second, heading.inner_text()) is not None, message="→ did nothing")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "present.png"))  # README's picture of the projector
    page.keyboard.press("Escape")
    wait_until(lambda: shown.count() == 0, message="Esc did not end the presentation")
    assert page.locator(".cjm-step-map").is_visible()
