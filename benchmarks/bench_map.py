"""Journey map speed for a 500-touchpoint journey: layout, SVG, PNG, and a canvas redraw.

Target: layout + SVG under 0.2 s on a 2-core machine. The canvas redraw is measured
with a recording comm (no browser): time to build and send, messages and bytes sent.
    python benchmarks/bench_map.py [--touchpoints 500] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synthetic import synthetic_workshop  # noqa: E402


def median_ms(action: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import comm
    import ipycanvas.canvas

    from cjm_widgets.layout import layout_journey
    from cjm_widgets.render.canvas import JourneyMapView
    from cjm_widgets.render.svg import to_png, to_svg
    from tests.widget_comm import RecordingComm

    ws = synthetic_workshop(args.touchpoints, personas=1)
    layout_journey(ws)  # font metrics load once per process
    layout_ms, layout = median_ms(lambda: layout_journey(ws), args.repeat)
    svg_ms, svg = median_ms(lambda: to_svg(layout), args.repeat)
    both_ms, _ = median_ms(lambda: to_svg(layout_journey(ws)), args.repeat)
    size = f"{layout.width:.0f} x {layout.height:.0f} px"
    print(f"journey: {args.touchpoints} touchpoints, map {size}, {len(layout.shapes)} shapes")
    print(f"layout                     median {layout_ms:8.1f} ms")
    print(f"SVG ({len(svg) / 1e6:.1f} MB)              median {svg_ms:8.1f} ms")
    verdict = "met" if both_ms < 200 else "MISSED"
    print(f"layout + SVG               median {both_ms:8.1f} ms   target 200 ms: {verdict}")
    png_ms, png = median_ms(lambda: to_png(layout_journey(ws, "pe-0")), 1)
    print(f"PNG (layout + render)      once   {png_ms:8.1f} ms   {len(png) / 1e6:.1f} MB")

    comm.create_comm = lambda **kwargs: RecordingComm()
    recording = RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = recording
    view = JourneyMapView(ws)
    recording.messages.clear()
    redraw_ms, _ = median_ms(view.redraw, args.repeat)
    sent = recording.custom_messages()
    per_redraw = len(sent) / args.repeat
    sent_mb = sum(len(buffer) for _, buffers in sent for buffer in buffers) / args.repeat / 1e6
    print(
        f"canvas redraw              median {redraw_ms:8.1f} ms   "
        f"{per_redraw:.0f} message(s), {sent_mb:.2f} MB per redraw"
    )
    refresh_ms, _ = median_ms(view.refresh, args.repeat)
    print(f"canvas refresh (re-layout) median {refresh_ms:8.1f} ms")


if __name__ == "__main__":
    main()
