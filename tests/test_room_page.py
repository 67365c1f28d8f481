"""The participant page on a phone: a note form a participant is typing in survives the
page's refreshes, a string a catalog lacks never stops the page, and the two refusals
that share 403 (a closed room, a page opened at an address the server refuses) each say
what they are, once.

The room's handlers run in a thread on a loopback port (tests/room_client.py); the
browser is Debian's Chromium driven by Playwright, its clock installed so the page's
15-second refresh can be run at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets.i18n import catalog
from cjm_widgets.room import page as room_page
from cjm_widgets.room.page import page_strings
from tests.browser import chromium_browser
from tests.messages import said
from tests.room_client import RunningRoom, running_room
from tests.test_browser import ARTIFACTS, need_chromium  # noqa: F401 (skips without Chromium)

TP = "tp-bank-suggests"
CARD = f"[data-touchpoint='{TP}']"
BAD_ORIGIN = "Not saved: " + catalog("en")["room.page.bad_origin"]


@pytest.fixture
def room(sample_path: Path) -> Iterator[RunningRoom]:
    with running_room(sample_path) as running:
        yield running


@pytest.fixture
def phone(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A phone-sized page with the page's timers under the test's clock; ``page.errors``
    collects the script errors the page raised (a failed test keeps a screenshot)."""
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.clock.install()
        page.errors = errors
        yield page
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


def join(phone: Any, room: RunningRoom) -> None:
    phone.goto(room.url)
    phone.fill("#join-name", "Aino")
    phone.click("#join-button")
    phone.locator(CARD).wait_for(timeout=10_000)


def api_calls(phone: Any) -> list[str]:
    """The API paths the page asks for, from now on (``GET state``, ``PUT ratings``...)."""
    calls: list[str] = []
    phone.on(
        "request",
        lambda r: (
            calls.append(f"{r.method} {r.url.split('/api/')[1]}") if "/api/" in r.url else None
        ),
    )
    return calls


# -- strings ---------------------------------------------------------------------------


def test_a_string_the_rooms_language_lacks_comes_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def finnish_without_add_note(code: str) -> dict[str, str]:
        texts = dict(catalog(code))
        if code == "fi":
            del texts["room.page.add_note"]
        return texts

    monkeypatch.setattr(room_page, "catalog", finnish_without_add_note)
    strings = page_strings("fi")
    assert strings["room.page.add_note"] == "Add a note"
    assert strings["room.page.add"] == catalog("fi")["room.page.add"]
    assert strings["room.error.closed"] == catalog("fi")["room.error.closed"]


@pytest.mark.slow
def test_a_string_no_catalog_has_shows_its_key_and_the_page_works(
    room: RunningRoom, phone: Any
) -> None:
    def without_votes_left(route: Any) -> None:
        served = route.fetch()
        page = served.text()
        found = re.search(r'(<script type="application/json" id="strings">)(.*?)(</script>)', page)
        assert found is not None
        strings = json.loads(found.group(2))
        del strings["room.page.votes_left.one"], strings["room.page.votes_left.other"]
        # The strings are safe JSON as the server wrote them; these keys hold no "<".
        page = page.replace(found.group(2), json.dumps(strings, ensure_ascii=False))
        route.fulfill(response=served, body=page)

    phone.route(room.url, without_votes_left)
    join(phone, room)
    assert phone.locator("#budget").inner_text() == "room.page.votes_left"
    phone.locator(CARD).get_by_role("button", name="2 negative").click()
    phone.get_by_text("Saved").wait_for(timeout=5_000)
    assert phone.errors == []


# -- a note form survives refreshes ------------------------------------------------------


@pytest.mark.slow
def test_an_open_note_form_keeps_what_is_typed_through_an_action_and_a_refresh(
    room: RunningRoom, phone: Any
) -> None:
    join(phone, room)
    card = phone.locator(CARD)
    card.get_by_text("Add a note").click()
    card.locator("select").select_option("question")
    card.locator("textarea").fill("Why does the offer")
    card.get_by_role("button", name="3 neutral").click()  # an action: the page redraws
    phone.get_by_text("Saved").wait_for(timeout=5_000)
    card = phone.locator(CARD)
    assert card.locator("details").get_attribute("open") is not None
    assert card.locator("textarea").input_value() == "Why does the offer"
    assert card.locator("select").input_value() == "question"

    calls = api_calls(phone)
    phone.locator("h1").click()  # not typing any more: the 15-second refresh runs
    phone.clock.run_for(16_000)
    phone.wait_for_timeout(500)
    assert calls == ["GET state"]
    card = phone.locator(CARD)
    assert card.locator("details").get_attribute("open") is not None
    assert card.locator("textarea").input_value() == "Why does the offer"

    card.locator("textarea").press_sequentially(" pop up?")
    calls.clear()
    phone.clock.run_for(16_000)  # typing: the refresh waits
    phone.wait_for_timeout(300)
    assert calls == []
    card.get_by_role("button", name="Add").click()
    card.locator(".notes li").wait_for(timeout=5_000)
    note = card.locator(".notes li")
    assert note.locator(".kind").inner_text() == "Question"
    assert note.inner_text().endswith("Why does the offer pop up?")
    assert card.locator("details").get_attribute("open") is None  # sent: the form closes
    assert card.locator("textarea").input_value() == ""
    assert phone.errors == []


# -- votes on ideas taken off the list ----------------------------------------------------


@pytest.mark.slow
def test_votes_on_ideas_rejected_or_deleted_since_can_be_taken_back_from_the_phone(
    room: RunningRoom, phone: Any
) -> None:
    from cjm_widgets import Workshop

    ws = Workshop.load(room.workshop)
    rejected, deleted = ws.ideas[1], ws.ideas[3]
    join(phone, room)
    for idea in (rejected, deleted, deleted):
        phone.locator(f"[data-idea='{idea.id}']").get_by_role("button", name="Give a vote").click()
        phone.get_by_text("Saved").wait_for(timeout=5_000)
        phone.locator("#status").evaluate("line => { line.textContent = ''; }")
    assert phone.locator("#gone-title").is_hidden()
    ws.ideas[1].status = "rejected"
    ws.ideas.remove(ws.ideas[3])
    ws.save(room.workshop)
    phone.locator("h1").click()
    phone.clock.run_for(16_000)  # the page's refresh
    phone.locator("#gone-title").wait_for(timeout=5_000)
    assert phone.locator("#gone-title").inner_text() == "Your votes on ideas no longer on the list"
    first, second = (phone.locator(f"[data-gone-idea='{i.id}']") for i in (rejected, deleted))
    assert first.locator("h4").inner_text() == rejected.text
    assert first.locator(".dots").inner_text() == "1 vote from you"
    assert second.locator("h4").inner_text() == "An idea taken off the list"
    assert second.locator(".dots").inner_text() == "2 votes from you"
    assert phone.locator("#budget").inner_text() == "You have 0 votes left"
    second.get_by_role("button", name="Take back a vote").click()
    phone.locator("[data-gone-idea] .dots").get_by_text("1 vote from you").nth(1).wait_for(
        timeout=5_000
    )
    first.get_by_role("button", name="Take back a vote").click()
    phone.locator(f"[data-gone-idea='{rejected.id}']").wait_for(state="detached", timeout=5_000)
    phone.locator(f"[data-gone-idea='{deleted.id}']").get_by_role(
        "button", name="Take back a vote"
    ).click()
    phone.locator("#gone-title").wait_for(state="hidden", timeout=5_000)
    assert phone.locator("#budget").inner_text() == "You have 3 votes left"
    assert phone.errors == []


# -- the two 403s ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_closed_room_shows_the_closed_message(room: RunningRoom, phone: Any) -> None:
    join(phone, room)
    room.facilitator({"open": False})
    phone.locator(CARD).get_by_role("button", name=f"4 {said('emotion.4')}").click()
    closed = phone.locator("#closed")
    closed.wait_for(timeout=5_000)
    assert closed.inner_text() == said("room.page.closed")
    assert phone.locator("#room").is_hidden()
    not_saved = said("room.page.not_saved", message=said("room.error.closed"))
    assert phone.locator("#status").inner_text() == not_saved


@pytest.mark.slow
def test_a_late_joiner_of_a_closed_room_sees_it_closed(room: RunningRoom, phone: Any) -> None:
    room.facilitator({"open": False})
    phone.goto(room.url)
    phone.fill("#join-name", "Late")
    phone.click("#join-button")
    closed = phone.locator("#closed")
    closed.wait_for(timeout=5_000)
    assert closed.inner_text() == said("room.page.closed")
    assert phone.locator("#join").is_hidden()


def _from_elsewhere(route: Any) -> None:
    """The request as a proxy that rewrites the host would pass it: the server sees an
    Origin that is not its own host, and refuses it with 403."""
    headers = route.request.headers | {"origin": "http://elsewhere.example"}
    route.fulfill(response=route.fetch(headers=headers))


@pytest.mark.slow
def test_a_refused_origin_says_so_once_without_reloading(room: RunningRoom, phone: Any) -> None:
    join(phone, room)
    phone.route("**/api/**", _from_elsewhere)
    calls = api_calls(phone)
    phone.locator(CARD).get_by_role("button", name="4 positive").click()
    phone.get_by_text(BAD_ORIGIN).wait_for(timeout=5_000)
    phone.wait_for_timeout(1_000)
    assert calls == ["PUT ratings"]  # no reload, let alone a loop of them
    assert phone.locator("#status").inner_text() == BAD_ORIGIN
    assert phone.locator("#room").is_visible() and phone.locator("#closed").is_hidden()

    phone.clock.run_for(16_000)  # the refresh is refused too: said again, not looped
    phone.wait_for_timeout(1_000)
    assert calls == ["PUT ratings", "GET state"]
    assert phone.locator("#status").inner_text() == BAD_ORIGIN


@pytest.mark.slow
def test_a_refused_origin_at_join_says_how_to_reach_the_room(room: RunningRoom, phone: Any) -> None:
    phone.route("**/api/**", _from_elsewhere)
    phone.goto(room.url)
    phone.fill("#join-name", "Aino")
    phone.click("#join-button")
    phone.get_by_text(BAD_ORIGIN).wait_for(timeout=5_000)
    assert phone.locator("#join").is_visible() and phone.locator("#closed").is_hidden()


def test_the_page_knows_the_origin_refusal_by_the_servers_own_reason() -> None:
    """The page tells a refused origin from the room's other 403s (closed, full) by the
    reason the handlers send: the two must stay the same text."""
    from importlib import resources

    from cjm_widgets.room.handlers import ORIGIN_REFUSED

    script = resources.files("cjm_widgets.room").joinpath("static", "page.js").read_text("utf-8")
    assert f'error.message === "{ORIGIN_REFUSED}"' in script


# -- a blank note ------------------------------------------------------------------------


def test_the_page_has_the_blank_note_message_in_every_language() -> None:
    for lang in ("en", "fi", "sv", "da", "nb"):
        assert page_strings(lang)["room.error.empty"] == catalog(lang)["room.error.empty"]


@pytest.mark.slow
def test_a_blank_note_says_why_it_is_not_sent(room: RunningRoom, phone: Any) -> None:
    join(phone, room)
    card = phone.locator(CARD)
    card.get_by_text("Add a note").click()
    card.locator("textarea").fill("   ")
    calls = api_calls(phone)
    card.get_by_role("button", name="Add").click()
    assert phone.locator("#status").inner_text() == "The note is empty; write something first"
    assert calls == []
    assert card.locator("details").get_attribute("open") is not None
    assert phone.errors == []
