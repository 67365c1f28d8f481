"""The room in real browsers: a participant's phone (join, rate, vote, add a note) and the
facilitator's app showing it within 2 seconds; a note that tries to run script shows
as text on both sides.

``cjm room`` runs on a free loopback port; Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets.launch import stop_server
from cjm_widgets.samples import sample_workshop
from tests.browser import chromium_browser
from tests.messages import said
from tests.test_browser import ARTIFACTS, need_chromium  # noqa: F401 (skips without Chromium)
from tests.test_room_server import Started, start_room

pytestmark = pytest.mark.slow

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Started]:
    path = sample_workshop().save(tmp_path / "workshop.cjm.json")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / ".runtime"))
    started = start_room(path)
    try:
        yield started
    finally:
        stop_server(started.process)


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    with chromium_browser() as opened:
        yield opened
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, context in enumerate(opened.contexts):
                for index, page in enumerate(context.pages):
                    page.screenshot(
                        path=str(ARTIFACTS / f"room-{number}-{index}.png"), full_page=True
                    )


def test_a_phone_joins_rates_votes_and_adds_notes_the_facilitator_sees(
    room: Started, browser: Any
) -> None:
    facilitator_url = room.url("room.facilitator")
    participant_url = room.url("room.participants")
    laptop = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    laptop.goto(facilitator_url, timeout=90_000)
    laptop.locator(".cjm-room-app").first.wait_for(state="attached", timeout=90_000)
    laptop.get_by_role("tab", name=said("room.panel.tab_room")).click()
    inbox = laptop.locator(".cjm-room-inbox")
    assert "<svg" in laptop.locator(".cjm-room-qr").inner_html()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
    ).new_page()
    transferred: list[int] = []
    phone.on("response", lambda r: transferred.append(len(r.body())) if r.ok else None)
    phone.goto(participant_url)
    phone.fill("#join-name", "Aino")
    phone.click("#join-button")
    card = phone.locator("[data-touchpoint='tp-bank-suggests']")
    card.wait_for(timeout=10_000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    negative = f"2 {said('emotion.2')}"
    card.get_by_role("button", name=negative).click()
    phone.wait_for_function(
        "negative => document.querySelector(\"[data-touchpoint='tp-bank-suggests'] "
        "button[aria-pressed='true']\")?.title === negative",
        arg=negative,
    )
    idea = phone.locator("[data-idea]").first
    idea.get_by_role("button", name=said("room.page.vote")).click()
    phone.get_by_text(said("room.page.votes_left", count=2)).wait_for(timeout=5_000)
    idea.locator(".scale").first.get_by_role("button", name="4", exact=True).click()

    card = phone.locator("[data-touchpoint='tp-bank-suggests']")
    card.get_by_text(said("room.page.add_note")).click()
    card.locator("select").select_option("pain_point")
    card.locator("textarea").fill(XSS)
    card.get_by_role("button", name=said("room.page.add")).click()
    phone.locator("[data-touchpoint='tp-bank-suggests'] .notes li").first.wait_for(timeout=5_000)
    assert XSS in phone.locator("[data-touchpoint='tp-bank-suggests'] .notes").inner_text()
    inbox.locator(".cjm-room-note", has_text=XSS).wait_for(
        timeout=2_000
    )  # the facilitator sees it within 2 seconds

    card = phone.locator("[data-touchpoint='tp-bank-suggests']")
    card.get_by_text(said("room.page.add_note")).click()
    card.locator("textarea").fill("The offer pops up while I'm paying")
    card.get_by_role("button", name=said("room.page.add")).click()
    inbox.locator(".cjm-room-note", has_text="pops up while").wait_for(timeout=2_000)
    emotions = laptop.locator(".cjm-room-emotions")
    assert "Online bank suggests e-invoice" in emotions.inner_text()
    status = laptop.locator(".cjm-room-status").inner_text()
    assert said("room.panel.open_status", count=1) in status

    assert phone.evaluate("window.__xss") is None and laptop.evaluate("window.__xss") is None
    assert sum(transferred) < 150_000
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "room-phone.png"), full_page=True)
    laptop.screenshot(path=str(ARTIFACTS / "room-facilitator.png"))


def test_a_phone_that_finds_the_room_full_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any
) -> None:
    from tests.room_client import RoomClient

    path = sample_workshop().save(tmp_path / "workshop.cjm.json")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / ".runtime"))
    started = start_room(path, "--max-participants", "1")
    try:
        url = started.line("Participants: ").split(" ", 1)[1]
        assert RoomClient(url).join("First").status == 201
        phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        phone.goto(url)
        phone.fill("#join-name", "Late")
        phone.click("#join-button")
        phone.get_by_text(
            "The room is full: 1 participant has joined, the most it takes; "
            "ask the facilitator to let more in"
        ).wait_for(timeout=10_000)
        assert phone.locator("#join-form").is_visible()
    finally:
        stop_server(started.process)
