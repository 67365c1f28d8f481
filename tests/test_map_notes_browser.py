"""A room note dragged onto a card in a real browser (headless Chromium): ``cjm room``'s
code-free app (the workshop app with the room tab) shows the room's open notes as sticky
notes on its map, and a real mouse drag of one onto another card saves it there as a
pain point, with the decision in the room's log.

The notes are written to the room's log before the page opens, as the room's server
writes a phone's note; the page is served by Voilà as ``cjm app`` serves it. The mouse
goes where the layout puts the note and the card (the map laid out with the editor's
"Room notes" lane). On failure a screenshot and the browser console are kept in
test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_widgets import Workshop, launch
from cjm_widgets.layout import MapOptions, layout_journey
from cjm_widgets.layout.room_notes import RoomNotesLane, board
from cjm_widgets.room.log import RoomLog, log_path
from cjm_widgets.room.tally import read_tally
from cjm_widgets.samples import sample_workshop
from tests.browser import chromium_browser
from tests.test_browser import ARTIFACTS, need_chromium, open_app, painted_pixels, saved, wait_until
from tests.test_map_browser import drag

pytestmark = pytest.mark.slow

__all__ = ["need_chromium"]  # the fixture: Chromium, or a skip (a failure in CI)

PERSONA = "pe-maija"
NOTE, FROM, ONTO = "The banner hides the amount", "tp-bank-suggests", "tp-open-pdf"


def test_a_room_note_dragged_onto_a_card_becomes_its_pain_point(tmp_path: Path) -> None:
    path = sample_workshop().save(tmp_path / "workshop.cjm.json")
    with RoomLog(log_path(path)) as log:
        log.append("pa-aino", "join", {"name": "Aino", "token_hash": "x"})
        log.append("pa-aino", "note", {"touchpoint_id": FROM, "kind": "pain_point", "text": NOTE})
        tally = read_tally(log)
    notebook = launch.app_notebook(path, kind="room")
    port, token = launch.free_port(), launch.new_token()
    command = launch.app_command(notebook, port, token)
    layout = layout_journey(
        Workshop.load(path), PERSONA, options=MapOptions().adding(RoomNotesLane())
    )
    (sticky,) = board(layout, tally.open_notes(), MapOptions().theme).stickies
    card = next(s for s in layout.hotspots if s.ref == ONTO and s.kind == "touchpoint")
    console: list[str] = []
    with (
        (tmp_path / "voila.log").open("w") as output,
        launch.running(command, port, tmp_path, output=output),
        chromium_browser() as browser,
    ):
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        try:
            open_app(page, f"http://127.0.0.1:{port}/?token={token}")
            page.locator(".cjm-step-map").click()
            wait_until(lambda: painted_pixels(page) > 10_000, message="the map stayed blank")
            page.locator(".cjm-room-notes-hint").first.wait_for(timeout=20_000)
            left, top, ratio = page.evaluate(
                """(width) => { const c = document.querySelector('.cjm-map canvas');
                               c.scrollIntoView({block: 'center'});
                               const r = c.getBoundingClientRect();
                               return [r.x, r.y, r.width / width]; }""",
                layout.width,
            )

            def at(x: float, y: float) -> tuple[float, float]:
                return left + x * ratio, top + y * ratio

            box = sticky.box
            start = at(box.x + box.w / 3, box.y + box.h / 2)
            drag(page, start, at(card.box.x + card.box.w / 2, card.box.y + card.box.h / 2))

            def accepted() -> bool:
                return any(
                    p["text"] == NOTE and p["touchpoints"] == [ONTO]
                    for p in saved(path)["pain_points"]
                )

            wait_until(accepted, message="the note never became the card's pain point")
            with RoomLog(log_path(path)) as log:
                (decision,) = [e.payload for e in log.entries(kinds=("decision",))]
            assert (decision["action"], decision["notes"]) == ("accept", [sticky.note.id])
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "map-notes-browser.png"), full_page=True)
            (ARTIFACTS / "map-notes-browser.console.txt").write_text("\n".join(console))
            raise
