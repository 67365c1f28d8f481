"""Editing on the journey map in a real browser (headless Chromium): the code-free app,
and ``MapEditor`` alone in a JupyterLab notebook.

Every test runs on both: one server and one page serve each surface's tests (module
scope), so the gestures cost one kernel start a surface; each test reads the file as
the previous one on that surface left it. The mouse is driven at the places the layout
puts the cards: the test lays the saved workshop out with the app's options and turns
layout points into page points through the canvas's size on the page. On failure a screenshot and the browser console are kept in
test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop, launch
from cjm_widgets.layout import layout_journey
from cjm_widgets.layout.shapes import Box, Hotspot
from cjm_widgets.layout.theme import Theme
from cjm_widgets.samples import sample_workshop
from tests.browser import chromium_browser, jupyter_lab
from tests.messages import said
from tests.test_browser import (
    ARTIFACTS,
    need_chromium,
    open_app,
    painted_pixels,
    saved,
    wait_until,
)

pytestmark = pytest.mark.slow

__all__ = ["need_chromium"]  # the fixture: Chromium, or a skip (a failure in CI)

PERSONA = "pe-maija"
"""The app opens on the sample's first persona."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module (Playwright's sync API runs one at a time)."""
    with chromium_browser() as running:
        yield running


SURFACES = ["app", "lab"]
"""The code-free app, and ``MapEditor`` alone in a JupyterLab notebook (where the
notebook's own keys and layout are around the map)."""


@pytest.fixture(scope="module", params=SURFACES)
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, browser: Any
) -> Iterator[tuple[Any, list[str], Path]]:
    """The map editor on one surface, open in one browser page for the module's tests on
    it, with the workshop file it saves to."""
    root = tmp_path_factory.mktemp(f"wall-{request.param}")
    path = sample_workshop().save(root / "workshop.cjm.json")
    opened = open_app_map if request.param == "app" else open_lab_map
    with opened(path, root / f"{request.param}.log") as url:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        if request.param == "app":
            open_app(page, url)
            page.locator(".cjm-step-map").click()
        else:
            run_lab_notebook(page, url)
        wait_until(lambda: painted_pixels(page) > 10_000, message="the map stayed blank")
        yield page, console, path


@contextmanager
def open_app_map(path: Path, log_path: Path) -> Iterator[str]:
    """``cjm app``'s server on the workshop; yields the app's address."""
    notebook = launch.app_notebook(path)
    port, token = launch.free_port(), launch.new_token()
    command = launch.app_command(notebook, port, token)
    with log_path.open("w") as log, launch.running(command, port, path.parent, output=log):
        yield f"http://127.0.0.1:{port}/?token={token}"


NOTEBOOK_CODE = (
    "from cjm_widgets import MapEditor, Workshop, WorkshopSession\n"
    "MapEditor(WorkshopSession(Workshop.load('workshop.cjm.json')), 'pe-maija')"
)


@contextmanager
def open_lab_map(path: Path, log_path: Path) -> Iterator[str]:
    """JupyterLab beside a notebook whose one cell shows ``MapEditor`` on a session of the
    file; yields the notebook's address."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK_CODE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, str(path.parent / "map.ipynb"))
    with jupyter_lab(path.parent, log_path) as url:
        yield url.replace("/lab?", "/lab/tree/map.ipynb?")


def run_lab_notebook(page: Any, url: str) -> None:
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    run_first_cell(page)
    page.locator(".cjm-map-editor").first.wait_for(state="attached", timeout=90_000)


@pytest.fixture
def workshop_path(shared: tuple[Any, list[str], Path]) -> Path:
    return shared[2]


@pytest.fixture
def page(request: pytest.FixtureRequest, shared: tuple[Any, list[str], Path]) -> Iterator[Any]:
    """The shared page with nothing selected; on failure its screenshot and console are kept."""
    page, console, _ = shared
    failed_before = request.session.testsfailed
    press_on_map(page, "Escape")
    nothing = said("mapedit.live_none")
    wait_until(lambda: live_text(page) == nothing, message="Esc left a card selected")
    yield page
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = ARTIFACTS / f"map-browser-{request.node.name}"
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.console.txt").write_text("\n".join(console), encoding="utf-8")


class Map:
    """The map as the app draws it now: its layout (from the saved file, laid out as the
    app lays it out) and where a layout point is on the page."""

    def __init__(self, page: Any, path: Path) -> None:
        self.workshop = Workshop.load(path)
        self.layout = layout_journey(self.workshop, PERSONA)
        canvas = page.evaluate(
            """() => { const c = document.querySelector('.cjm-map canvas');
                       c.scrollIntoView({block: 'center'});
                       const r = c.getBoundingClientRect();
                       return [c.width, r.x, r.y, r.width]; }"""
        )
        width, self.left, self.top, shown = canvas
        self.ratio = shown / self.layout.width  # page pixels per layout pixel
        assert abs(width / self.layout.width - 1) < 0.01, "the app's map is not at zoom 1"

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.left + x * self.ratio, self.top + y * self.ratio

    def middle(self, box: Box) -> tuple[float, float]:
        return self.at(box.x + box.w / 2, box.y + box.h / 2)

    def spot(self, ref: str, kind: str = "touchpoint") -> Hotspot:
        return next(s for s in self.layout.hotspots if s.ref == ref and s.kind == kind)

    def cards(self) -> list[Hotspot]:
        spots = [s for s in self.layout.hotspots if s.kind == "touchpoint"]
        return sorted(spots, key=lambda s: s.box.x)


def press_on_map(page: Any, key: str) -> None:
    """A key for the map: the canvas gets the focus first (as a click would give it)."""
    page.locator(".cjm-map canvas").first.focus()
    page.keyboard.press(key)


def drag(page: Any, start: tuple[float, float], end: tuple[float, float], steps: int = 12) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=steps)
    page.mouse.up()


def touchpoint(path: Path, tp_id: str) -> dict[str, Any]:
    return next(tp for tp in saved(path)["touchpoints"] if tp["id"] == tp_id)


def live_text(page: Any) -> str:
    return str(page.inner_text(".cjm-map-live"))


def test_double_click_edits_the_title_in_place(page: Any, workshop_path: Path) -> None:
    shown = Map(page, workshop_path)
    card = shown.spot("tp-signup-bank")
    page.mouse.dblclick(*shown.middle(card.box))
    title = page.locator(".cjm-map-popup .cjm-card-title input")
    title.wait_for(state="visible", timeout=20_000)
    assert title.input_value() == "Accepts the e-invoice offer"
    editor = page.locator(".cjm-map-popup").bounding_box()
    right, top = shown.at(card.box.right, card.box.y)
    assert abs(editor["x"] - right - 12) < 4 and abs(editor["y"] - top) < 4, (
        f"the editor is at {editor}, not beside the card's right edge at ({right}, {top})"
    )
    save = page.locator(".cjm-map-popup .cjm-card-save")
    reachable = save.evaluate(  # no box of the map clips it (each one scrolls its overflow)
        """b => { const s = b.getBoundingClientRect();
                  for (let a = b.parentElement; !a.matches('.cjm-map-editor'); a = a.parentElement) {
                      const r = a.getBoundingClientRect();
                      if (getComputedStyle(a).overflow !== 'visible' && s.bottom > r.bottom + 1)
                          return false; }
                  return true; }"""
    )
    assert reachable, "the editor's buttons are hidden (cut off by the map's frame)"
    title.fill("Types the customer number")
    title.press("Enter")
    wait_until(
        lambda: touchpoint(workshop_path, "tp-signup-bank")["title"] == "Types the customer number",
        message="the new title never reached the file",
    )
    wait_until(lambda: not title.is_visible(), message="the editor stayed open after Enter")


def persona_order(path: Path, stage: str) -> list[str]:
    """The shown persona's current-journey touchpoints of ``stage``, in the journey's order."""
    tps = [
        tp
        for tp in saved(path)["touchpoints"]
        if tp["stage"] == stage
        and tp.get("persona") in (PERSONA, None)
        and tp.get("journey", "current") == "current"
    ]
    return [tp["id"] for tp in sorted(tps, key=lambda tp: tp["order"])]


def test_the_map_keeps_a_readable_size_and_scrolls_in_its_frame(page: Any) -> None:
    """At 1200 pixels the sample map (2,368 pixels) would fit at 48%, too small to read:
    it is shown at 60% of its size and its frame scrolls sideways; Fit shows all of it."""
    sizes = """() => { const c = document.querySelector('.cjm-map canvas');
                       const f = c.closest('.cjm-canvas-frame');
                       return [c.width, c.getBoundingClientRect().width, f.clientWidth,
                               f.scrollWidth]; }"""
    pixels, shown, frame, scrolled = page.evaluate(sizes)
    assert frame < 0.6 * pixels, "the window is wide enough to fit the map: widen the map"
    assert abs(shown - 0.6 * pixels) < 2 and scrolled >= shown > frame
    page.locator(".cjm-map button", has_text=said("view.zoom_fit")).click()
    wait_until(lambda: abs(page.evaluate(sizes)[1] - frame) < 2, message="Fit did not fit")
    page.locator(".cjm-map button", has_text=said("view.zoom_in")).click()
    wait_until(lambda: page.evaluate(sizes)[1] > pixels, message="Zoom in showed no more")
    page.locator(".cjm-map button", has_text=said("view.zoom_fit")).click()
    wait_until(lambda: abs(page.evaluate(sizes)[1] - frame) < 2, message="Fit did not fit")


def test_drag_a_card_to_another_stage(page: Any, workshop_path: Path) -> None:
    """Between stages far apart, as at the wall: Fit first shows the whole journey (the
    map shown at its readable size scrolls, and a drag does not scroll it)."""
    page.locator(".cjm-map button", has_text=said("view.zoom_fit")).click()
    wait_until(
        lambda: page.evaluate(
            "() => { const c = document.querySelector('.cjm-map canvas');"
            " return c.getBoundingClientRect().width < 0.6 * c.width; }"
        ),
        message="Fit did not fit the map to the page",
    )
    shown = Map(page, workshop_path)
    moved = shown.cards()[0]
    before = persona_order(workshop_path, "st-pay")
    assert moved.ref not in before and len(before) >= 2
    first, second = shown.spot(before[0]), shown.spot(before[1])
    gap = ((first.box.right + second.box.x) / 2, first.box.y + first.box.h / 2)
    drag(page, shown.middle(moved.box), shown.at(*gap))
    expected = [before[0], moved.ref, *before[1:]]
    wait_until(
        lambda: persona_order(workshop_path, "st-pay") == expected,
        message=f"the file's order of 'Pays' is not {expected}",
    )
    assert touchpoint(workshop_path, moved.ref)["stage"] == "st-pay"


def test_drag_an_emotion_point_up(page: Any, workshop_path: Path) -> None:
    shown = Map(page, workshop_path)
    tp_id = "tp-signup-confirm-email"
    assert touchpoint(workshop_path, tp_id)["emotion"] == 3
    point = shown.spot(tp_id, "emotion")
    x, y = point.box.x + point.box.w / 2, point.box.y + point.box.h / 2
    drag(page, shown.at(x, y), shown.at(x, y - 2 * Theme().emotion_band))
    wait_until(
        lambda: touchpoint(workshop_path, tp_id)["emotion"] == 5,
        message="the emotion in the file did not become 5",
    )


def test_keys_move_delete_undo_and_redo(page: Any, workshop_path: Path) -> None:
    shown = Map(page, workshop_path)
    first, second = shown.cards()[:2]
    titles = {tp.id: tp.title for tp in shown.workshop.touchpoints}
    page.mouse.click(*shown.middle(first.box))
    wait_until(lambda: live_text(page).startswith(titles[first.ref]), message="no selection")
    page.keyboard.press("ArrowRight")
    wait_until(
        lambda: live_text(page).startswith(titles[second.ref]),
        message=f"→ did not announce {titles[second.ref]!r}: {live_text(page)!r}",
    )
    before = saved(workshop_path)["touchpoints"]
    page.keyboard.press("Delete")
    gone = [tp for tp in before if tp["id"] != second.ref]
    wait_until(lambda: saved(workshop_path)["touchpoints"] == gone, message="Delete did nothing")
    page.keyboard.press("Control+z")
    wait_until(
        lambda: saved(workshop_path)["touchpoints"] == before,
        message="Ctrl+Z did not bring the card back",
    )
    page.keyboard.press("Control+Shift+z")
    wait_until(
        lambda: saved(workshop_path)["touchpoints"] == gone,
        message="Ctrl+Shift+Z did not delete it again",
    )


def run_first_cell(page: Any) -> None:
    """Shift+Enter on the notebook's first cell, again while JupyterLab drops it: about
    one time in three the kernel's indicator says idle before a run reaches the kernel
    (the cell keeps its empty prompt, and the test waited 90 s for nothing)."""
    prompt = page.locator(".jp-Cell").first.locator(".jp-InputPrompt")
    for _ in range(3):
        page.locator(".jp-Cell .cm-content").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            wait_until(lambda: "[ ]" not in prompt.inner_text(), timeout=10)
            return
        except AssertionError:
            continue
    raise AssertionError("JupyterLab never ran the notebook's cell")
