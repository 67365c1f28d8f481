"""Undo history: the time of one recorded step, one undo and one redo, and the memory of
100 steps, on the sample workshop and on 500- and 5,000-touchpoint workshops.

Each step retitles one touchpoint (a new step each time, as separate actions are). The
session runs without a file and without views, so the figures are the history's own
(snapshot, compression, validation of the content put back); in the app an undo also
lays out the page on screen again, timed here in the app on the Encounters page.
    python benchmarks/bench_undo.py [--repeat 7] [--sizes 500,5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_map import load_average  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402


class _Never:
    def cancel(self) -> None:
        pass


def _no_autosave(delay: float, callback: Callable[[], None]) -> _Never:
    return _Never()


def _median_ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


def measure(name: str, ws: Any, repeat: int) -> None:
    from cjm_widgets.history import HISTORY_STEPS
    from cjm_widgets.widgets.session import WorkshopSession

    session = WorkshopSession(ws, schedule=_no_autosave)
    count = len(ws.touchpoints)
    records, undos, redos = [], [], []
    for run in range(repeat):
        tp = ws.touchpoints[run % count]  # an undo puts new objects in the lists
        tp.title = f"Retitled in run {run}"
        start = time.perf_counter()
        session.changed(session.action("edit", tp))
        records.append(time.perf_counter() - start)
    for _ in range(repeat):
        start = time.perf_counter()
        session.undo()
        undos.append(time.perf_counter() - start)
    for _ in range(repeat):
        start = time.perf_counter()
        session.redo()
        redos.append(time.perf_counter() - start)

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    full = WorkshopSession(ws, schedule=_no_autosave)
    for run in range(HISTORY_STEPS):
        tp = ws.touchpoints[(run * 7) % count]
        tp.title = f"Step {run}: {tp.title[:30]}"
        full.changed(full.action("edit", tp))
    traced = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    snapshots = full.history.size()
    assert len(full.history) == HISTORY_STEPS
    print(
        f"{name:<26} {count:>5} tp  record {_median_ms(records):7.1f} ms"
        f"  undo {_median_ms(undos):7.1f} ms  redo {_median_ms(redos):7.1f} ms"
        f"  {HISTORY_STEPS} steps: {snapshots / 1e6:6.2f} MB snapshots"
        f" ({traced / 1e6:6.2f} MB traced)"
    )


def in_the_app(name: str, ws: Any, repeat: int) -> None:
    """Undo clicked in the app on the Encounters page: the page is built again."""
    import comm
    import ipycanvas.canvas

    from cjm_widgets.widgets import WorkshopApp
    from tests.widget_comm import RecordingComm

    comm.create_comm = lambda **kwargs: RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = RecordingComm()
    with tempfile.TemporaryDirectory() as folder:
        path = ws.save(Path(folder) / "bench.cjm.json")
        app = WorkshopApp(path, schedule=_no_autosave, watch=None)
        app.go("encounters")
        editor = app.editor("encounters")
        times = []
        for run in range(repeat):
            editor.list.new_item.value = f"Added in run {run}"
            start = time.perf_counter()
            app.history_buttons.undo_button.click()
            times.append(time.perf_counter() - start)
            editor = app.editor("encounters")
        print(
            f"{name:<26} undo in the app (Encounters page built again) {_median_ms(times):7.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="500,5000")
    args = parser.parse_args()
    from cjm_widgets.samples import sample_workshop

    print(f"load average {load_average()}")
    measure("sample workshop", sample_workshop(), args.repeat)
    for size in (int(n) for n in args.sizes.split(",") if n):
        measure(f"synthetic {size}", synthetic_workshop(size), args.repeat)
    in_the_app("sample workshop", sample_workshop(), args.repeat)
    for size in (int(n) for n in args.sizes.split(",") if n):
        in_the_app(f"synthetic {size}", synthetic_workshop(size), max(3, args.repeat // 2))


if __name__ == "__main__":
    main()
