"""Journey map speed for a 500-touchpoint journey: layout, SVG, PNG, and a canvas redraw;
and ``cjm export --to png`` of 500- and 5,000-touchpoint journeys, start to end.

Target: layout + SVG under 0.2 s on a 2-core machine. The canvas redraw is measured
with a recording comm (no browser): time to build and send, messages and bytes sent.
The export runs the installed command in a process of its own, whose wall and CPU time
and peak memory (RSS) are measured; target: under 60 s and 2 GB for any workshop (a map
wider than a PNG holds is written as pages, one export drawing a bounded amount).
    python benchmarks/bench_map.py [--touchpoints 500] [--repeat 5] [--export 500 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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
    parser.add_argument(
        "--export", type=int, nargs="*", default=[500, 5000], metavar="TOUCHPOINTS",
        help="journeys to export as PNG with cjm export (none: skip)",
    )  # fmt: skip
    args = parser.parse_args()
    drawing(args)
    for touchpoints in args.export:
        export_png(touchpoints)


def export_png(touchpoints: int, view: str = "map") -> None:
    """``cjm export W --to png`` in a process of its own: time, CPU, peak RSS, files."""
    from cjm_widgets.layout import MapOptions
    from cjm_widgets.layout.journey import map_width

    ws = synthetic_workshop(touchpoints, personas=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journey.cjm.json"
        ws.save(path)
        command = [sys.executable, "-m", "cjm_widgets.cli", "export", str(path), "--to", "png"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        out, err = Path(folder) / "out.txt", Path(folder) / "err.txt"
        start = time.perf_counter()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [*command, "--view", view], stdout=stdout, stderr=stderr, env=env
            )
            _, status, usage = os.wait4(process.pid, 0)  # this child's own CPU time and RSS
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        written = out.read_text(encoding="utf-8").splitlines()
        notes = err.read_text(encoding="utf-8").strip()
        pixels = sum(_png_pixels(Path(line.removeprefix("Wrote "))) for line in written)
    cpu = usage.ru_utime + usage.ru_stime
    rss_mb = usage.ru_maxrss / 1024  # KiB on Linux
    width = map_width(touchpoints, MapOptions().theme)
    verdict = "met" if wall < 60 and rss_mb < 2048 and process.returncode == 0 else "MISSED"
    print(
        f"cjm export --to png --view {view}: {touchpoints} touchpoints (map {width:.0f} px wide): "
        f"{len(written)} file(s), {pixels / 1e6:.1f} Mpx, exit {process.returncode}, "
        f"wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss_mb:.0f} MB   "
        f"target 60 s and 2 GB: {verdict}"
    )
    for line in notes.splitlines():
        print(f"    {line}")


def _png_pixels(path: Path) -> int:
    """Width x height from a PNG's header, without decoding it."""
    head = path.read_bytes()[16:24]
    return int.from_bytes(head[:4], "big") * int.from_bytes(head[4:], "big")


def drawing(args: argparse.Namespace) -> None:
    """Layout, SVG and canvas of one journey, as the app and the exports draw it."""

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
    page = layout_journey(ws, "pe-0", window=(0, 80))  # one page: the whole is too wide
    png_ms, png = median_ms(lambda: to_png(page), 1)
    print(
        f"PNG of one page ({page.width:.0f} px)  once   {png_ms:8.1f} ms   {len(png) / 1e6:.1f} MB"
    )

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
