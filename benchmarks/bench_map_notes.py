"""The room's sticky notes on the map editor, timed in the kernel: one pointer move of a
dragged note (the overlay batch with every note shown) and its drop on a card (the
accept through the room tab, the decision in the log, the file saved, the map and the
inbox brought up to date), on a small and on a 500-touchpoint map.

Widgets get recording comms (no browser): the figures are the kernel's share of a
frame; the browser's share is what ``bench_map_drag.py`` measures for a card's drag.
Notes are written to the room's log as the room's server writes a phone's note, spread
round the journey (at most two shown per card, the rest on "+N" badges).
    python benchmarks/bench_map_notes.py [--moves 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_map import load_average  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402

KINDS = ("pain_point", "idea", "question", "praise")


def recording_comms() -> None:
    """Widgets and canvases send into lists instead of a kernel's comms."""
    import comm
    import ipycanvas.canvas

    from tests.widget_comm import RecordingComm

    comm.create_comm = lambda **kwargs: RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = RecordingComm()


def measure(touchpoints: int, notes: int, moves: int) -> None:
    from cjm_widgets.room.log import RoomLog, log_path
    from cjm_widgets.widgets.map_editor import MapEditor
    from cjm_widgets.widgets.room import RoomPanel
    from cjm_widgets.widgets.session import WorkshopSession
    from tests.test_canvas import event

    ws = synthetic_workshop(touchpoints, personas=1)
    path = ws.save(Path(tempfile.mkdtemp()) / "bench.cjm.json")
    persona = ws.personas[0].id
    journey = [tp.id for tp in ws.journey(persona)]
    with RoomLog(log_path(path)) as log:
        log.append("pa-bench", "join", {"name": "Bench", "token_hash": "x"})
        for n in range(notes):
            where = journey[(n * 7) % len(journey)]
            text = f"Note {n}: what hurts at this step, in a participant's words"
            log.append(
                "pa-bench", "note", {"touchpoint_id": where, "kind": KINDS[n % 3], "text": text}
            )
    session = WorkshopSession(ws)
    RoomPanel(session, path, schedule=lambda delay, callback: None)
    editor = MapEditor(session, persona)
    event(editor.view, "client_ready")
    assert editor.room_notes is not None
    shown = editor.room_notes.board.stickies
    sticky = shown[len(shown) // 2]
    card = editor.card(journey[0])
    assert card is not None
    scale = editor.view.scale
    x, y = sticky.box.x + 30, sticky.box.y + 20
    event(editor.view, "mouse_down", x * scale, y * scale)
    times = []
    for step in range(moves):
        start = time.perf_counter()
        event(editor.view, "mouse_move", (x + 3 * step + 5) * scale, (y - 2 * step - 5) * scale)
        times.append(1000 * (time.perf_counter() - start))
    start = time.perf_counter()
    event(editor.view, "mouse_up", (card.box.x + 20) * scale, (card.box.y + 20) * scale)
    drop = 1000 * (time.perf_counter() - start)
    assert session.history.undo_action, "the note was not accepted"
    times.sort()
    print(
        f"{touchpoints:>4} touchpoints, {notes:>3} notes ({len(shown)} shown): move median "
        f"{statistics.median(times):.1f} ms, p95 {times[int(0.95 * len(times)) - 1]:.1f} ms; "
        f"drop {drop:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    recording_comms()
    print(load_average())
    for touchpoints, notes in ((40, 60), (500, 300)):
        measure(touchpoints, notes, args.moves)


if __name__ == "__main__":
    main()
