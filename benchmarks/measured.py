"""Journey monitoring, part 2: the monitor batch on the sample and the Measured lane's cost.

1. The sample workshop and its generated event log (2,000 customers, September to
   November 2026): ``cjm monitor --save`` once, and the monitor template's batch
   (``cjm report --template monitor --events LOG --period month``, one handout per
   month, ``--jobs 2``), wall time of each.
2. A 500-touchpoint journey with a measurement snapshot: the map's layout with and
   without the Measured lane, so the lane's own cost, and the SVG.

    python benchmarks/measured.py [--touchpoints 500] [--repeat 5] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_ms  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402


def monitor_batch(jobs: int) -> None:
    from cjm_widgets.cli import main as cjm
    from cjm_widgets.samples import sample_workshop
    from cjm_widgets.samples.events import write_sample_events

    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as scratch:
        folder = Path(scratch)
        ws = sample_workshop()
        path = ws.save(folder / "sample.cjm.json")
        events = write_sample_events(folder / "events.csv", ws)
        start = time.perf_counter()
        assert cjm(["monitor", str(path), str(events), "--out", str(folder / "m"), "--save"]) == 0
        saved = time.perf_counter() - start
        start = time.perf_counter()
        code = cjm(
            ["report", str(path), "--template", "monitor", "--events", str(events),
             "--period", "month", "--out", str(folder / "monthly"), "--jobs", str(jobs)]
        )  # fmt: skip
        batch = time.perf_counter() - start
        assert code == 0
        made = len(list((folder / "monthly").glob("*.html")))
    print(f"sample: cjm monitor --save {saved:.1f} s")
    print(f"sample: monitor template batch, {made} monthly handouts, --jobs {jobs}: {batch:.1f} s")


def lane_cost(touchpoints: int, repeat: int) -> None:
    from cjm_widgets.layout import MapOptions, layout_journey
    from cjm_widgets.measurements import keep_snapshot, snapshot
    from cjm_widgets.render.svg import to_svg

    ws = synthetic_workshop(touchpoints, personas=1)
    journey = ws.journey("pe-0")
    rows = []
    paths = 100_000
    for index, tp in enumerate(journey):
        rate = 0.97 - (index % 7) * 0.02
        rows.append(
            {"persona_id": "pe-0", "touchpoint_id": tp.id, "touchpoint": tp.title,
             "paths": paths, "conversion_rate": paths / 100_000,
             "step_conversion_rate": None if index == 0 else rate, "reach": paths,
             "repeat_paths": paths // 20, "median_seconds_to_next": 60.0,
             "p90_seconds_to_next": 600.0}
        )  # fmt: skip
        paths = max(int(paths * rate), 1)
    period = (datetime(2026, 9, 1), datetime(2026, 11, 30))
    keep_snapshot(ws, snapshot(ws, pd.DataFrame(rows), period, source="bench", engine="duckdb"))
    lanes = MapOptions().map_lanes()
    without = MapOptions(lanes=[lane for lane in lanes if lane.key != "measured"])
    with_ms, _ = median_ms(lambda: layout_journey(ws, "pe-0"), repeat)
    without_ms, _ = median_ms(lambda: layout_journey(ws, "pe-0", options=without), repeat)
    layout = layout_journey(ws, "pe-0")
    svg_ms, _ = median_ms(lambda: to_svg(layout), repeat)
    shapes = sum(1 for s in layout.shapes if getattr(s, "role", "").startswith("measured"))
    print(f"{len(journey)}-touchpoint journey: layout {with_ms:.0f} ms with the Measured lane, "
          f"{without_ms:.0f} ms without (+{with_ms - without_ms:.0f} ms); "
          f"{shapes} lane shapes; SVG {svg_ms:.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    lane_cost(args.touchpoints, args.repeat)
    monitor_batch(args.jobs)


if __name__ == "__main__":
    main()
