"""Journey map speed: layout, SVG, a canvas redraw, and where the time goes.

Targets (warm: fonts loaded, the process has drawn a map before), on a 2-core machine:
500 touchpoints laid out and written as SVG in at most 100 ms, 5,000 in at most 1 s.
The canvas redraw is measured with a recording comm (no browser): time to build and
send, messages and bytes sent. ``--profile`` prints cProfile's top entries of layout +
SVG, the figures the closing notes of speed work quote. The load average is printed
with the figures: other work on the machine slows them.
    python benchmarks/bench_map.py [--touchpoints 50 500 5000] [--repeat 5] [--profile]
        [--png] [--canvas]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synthetic import synthetic_workshop  # noqa: E402

TARGETS_MS = {500: 100.0, 5000: 1000.0}
"""Layout + SVG, warm, by number of touchpoints."""


def median_ms(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def profile(action: Callable[[], Any], repeat: int, top: int = 15) -> str:
    """cProfile's top entries of ``action``, by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        action()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return "\n".join(line for line in out.getvalue().splitlines() if line.strip())


def bench(touchpoints: int, repeat: int, args: argparse.Namespace) -> None:
    from cjm_widgets.layout import layout_journey
    from cjm_widgets.render.svg import to_png, to_svg

    ws = synthetic_workshop(touchpoints, personas=1)
    to_svg(layout_journey(ws))  # warm: font metrics, catalogs, the registry
    layout_ms, layout = median_ms(lambda: layout_journey(ws), repeat)
    svg_ms, svg = median_ms(lambda: to_svg(layout), repeat)
    both_ms, _ = median_ms(lambda: to_svg(layout_journey(ws)), repeat)
    size = f"{layout.width:.0f} x {layout.height:.0f} px"
    print(f"\njourney: {touchpoints} touchpoints, map {size}, {len(layout.shapes)} shapes")
    print(f"layout                     median {layout_ms:8.1f} ms")
    print(f"SVG ({len(svg) / 1e6:.1f} MB)              median {svg_ms:8.1f} ms")
    target = TARGETS_MS.get(touchpoints)
    verdict = (
        f"   target {target:.0f} ms: {'met' if both_ms <= target else 'MISSED'}" if target else ""
    )
    print(f"layout + SVG               median {both_ms:8.1f} ms{verdict}")
    if args.profile:
        print(f"\nprofile of layout + SVG, {touchpoints} touchpoints, {repeat} runs:")
        print(profile(lambda: to_svg(layout_journey(ws)), repeat))
    if args.png:
        png_ms, png = median_ms(lambda: to_png(layout_journey(ws, "pe-0")), 1)
        print(f"PNG (layout + render)      once   {png_ms:8.1f} ms   {len(png) / 1e6:.1f} MB")
    if args.canvas:
        canvas(ws, repeat)


def canvas(ws: Any, repeat: int) -> None:
    import comm
    import ipycanvas.canvas

    from cjm_widgets.render.canvas import JourneyMapView
    from tests.widget_comm import RecordingComm

    comm.create_comm = lambda **kwargs: RecordingComm()
    recording = RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = recording
    view = JourneyMapView(ws)
    recording.messages.clear()
    redraw_ms, _ = median_ms(view.redraw, repeat)
    sent = recording.custom_messages()
    per_redraw = len(sent) / repeat
    sent_mb = sum(len(buffer) for _, buffers in sent for buffer in buffers) / repeat / 1e6
    print(
        f"canvas redraw              median {redraw_ms:8.1f} ms   "
        f"{per_redraw:.0f} message(s), {sent_mb:.2f} MB per redraw"
    )
    refresh_ms, _ = median_ms(view.refresh, repeat)
    print(f"canvas refresh (re-layout) median {refresh_ms:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top entries")
    parser.add_argument("--png", action="store_true", help="also time a PNG (slow)")
    parser.add_argument("--canvas", action="store_true", help="also time the live canvas")
    args = parser.parse_args()
    print(load_average())
    for touchpoints in args.touchpoints:
        repeat = args.repeat if touchpoints <= 1000 else max(1, min(args.repeat, 3))
        bench(touchpoints, repeat, args)
    print(f"\n{load_average()}")


if __name__ == "__main__":
    main()
