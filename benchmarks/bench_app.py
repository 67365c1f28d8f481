"""Time to build the workshop app for the sample workshop, and to open each step's page.

Target: building the app under 1 s. Widgets are built with a recording comm (no kernel).
    python benchmarks/bench_app.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import comm
    import ipycanvas.canvas

    from tests.widget_comm import RecordingComm

    comm.create_comm = lambda **kwargs: RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = RecordingComm()

    start = time.perf_counter()
    from cjm_widgets.samples import sample_workshop
    from cjm_widgets.widgets import STEPS, WorkshopApp

    print(f"import the widgets          {1000 * (time.perf_counter() - start):8.1f} ms (once)")
    with tempfile.TemporaryDirectory() as folder:
        path = sample_workshop().save(Path(folder) / "sample.cjm.json")
        builds, walks = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            app = WorkshopApp(path)
            builds.append(time.perf_counter() - start)
            start = time.perf_counter()
            for step in STEPS:
                app.go(step)
            walks.append(time.perf_counter() - start)
        build = statistics.median(builds)
        verdict = "met" if build < 1 else "MISSED"
        print(
            f"build the app (sample)      median {1000 * build:8.1f} ms   target 1000 ms: {verdict}"
        )
        walk = 1000 * statistics.median(walks)
        print(f"open all {len(STEPS)} pages once      median {walk:8.1f} ms")


if __name__ == "__main__":
    main()
