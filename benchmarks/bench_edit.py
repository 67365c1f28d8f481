"""One edit redrawn on the live map: the layout again and the canvas batch of what changed.

Target: at most 100 ms for a 500-touchpoint journey on a 2-core machine, for a title,
an emotion, a pain point added, a touchpoint moved to another stage, and a card dropped at
the start of the next stage as the map's drag and drop does it (every touchpoint of both
stages gets a new order number). Measured with a
recording comm (no browser): ``JourneyMapView.refresh()`` after each edit, as the app
calls it, with the messages and bytes it sends; a whole redraw for comparison.
    python benchmarks/bench_edit.py [--touchpoints 500] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_map import load_average  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402

TARGET_MS = 100.0


def edits(ws: Any) -> dict[str, Callable[[int], None]]:
    """Each edit as a function of the run's number, so every run really changes something."""
    from cjm_widgets.editing import add, place

    journey = ws.journey(None, state="current")
    middle = journey[len(journey) // 2]
    painless = next(tp for tp in journey[len(journey) // 3 :] if tp.id not in _pained(ws))
    stages = [stage.id for stage in ws.stages]
    home = middle.stage

    def title(run: int) -> None:
        middle.title = f"Touchpoint retitled in run {run}, a little longer than it was"

    def emotion(run: int) -> None:
        middle.emotion = 1 + run % 5

    def pain(run: int) -> None:  # a touchpoint without pain points gets one: as tall as others
        if run % 2:
            ws.pain_points = [p for p in ws.pain_points if painless.id not in p.touchpoints]
        else:
            add(ws, "pain_points", {"text": f"New pain {run}", "touchpoints": [painless.id]})

    def taller(run: int) -> None:  # the pain points' lane grows: every lane under it moves
        add(ws, "pain_points", {"text": f"Another pain {run}", "touchpoints": [middle.id]})

    def stage(run: int) -> None:
        middle.stage = home if run % 2 else stages[(stages.index(home) + 1) % len(stages)]

    home_place = [tp.id for tp in journey if tp.stage == home].index(middle.id)
    onward = stages[(stages.index(home) + 1) % len(stages)]

    def dropped(run: int) -> None:  # as the map's drag and drop does: every order rewritten
        place(ws, middle.id, *((home, home_place) if run % 2 else (onward, 0)))

    return {
        "title": title,
        "emotion": emotion,
        "pain point added": pain,
        "pain point, lane grows": taller,
        "stage move": stage,
        "card dropped in a stage": dropped,
    }


def _pained(ws: Any) -> set[str]:
    return {tp_id for pain in ws.pain_points for tp_id in pain.touchpoints}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import comm
    import ipycanvas.canvas

    from cjm_widgets.render.canvas import JourneyMapView
    from tests.widget_comm import RecordingComm, browser_sends

    comm.create_comm = lambda **kwargs: RecordingComm()
    recording = RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = recording
    print(load_average())
    ws = synthetic_workshop(args.touchpoints, personas=1)
    view = JourneyMapView(ws)
    browser_sends(view.canvas, {"event": "client_ready"})  # a browser view shows the map
    print(f"journey: {args.touchpoints} touchpoints, canvas {view.canvas.width} x "
          f"{view.canvas.height} px, {len(view.layout_data.shapes)} shapes")  # fmt: skip
    print("                                  wall ms    CPU ms   sent")
    walls, cpus = [], []
    for _ in range(args.repeat):
        recording.messages.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        view.redraw()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    sent = recording.custom_messages()
    size = sum(len(b) for _, buffers in sent for b in buffers) / len(sent) / 1e3
    print(f"whole redraw (no layout)       {_ms(walls)} {_ms(cpus)} {size:8.1f} kB")
    for name, change in edits(ws).items():
        walls, cpus, batches, sizes, columns = [], [], [], [], []
        for run in range(args.repeat):
            change(run)
            recording.messages.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            view.refresh()  # what the app calls after an edit: layout, compare, one batch
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            sent = recording.custom_messages()
            batches.append(len(sent))
            sizes.append(sum(len(b) for _, buffers in sent for b in buffers))
            columns.append(view._live.redrawn_columns)
        verdict = "met" if statistics.median(walls) * 1000 <= TARGET_MS else "MISSED"
        print(
            f"edit: {name:<24} {_ms(walls)} {_ms(cpus)} {statistics.median(sizes) / 1e3:8.1f} kB"
            f" in {max(batches)} batch, {statistics.median(columns):.0f} column(s) laid out"
            f" again; target {TARGET_MS:.0f} ms: {verdict}"
        )
    print(load_average())


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:9.1f}"


if __name__ == "__main__":
    main()
