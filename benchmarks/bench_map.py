"""Journey map speed: layout, SVG, a canvas redraw, where the time goes, and
``cjm export --to png`` of 500- and 5,000-touchpoint journeys, start to end.

Targets (warm: the process has drawn this map before, as the app does after an edit),
on a 2-core machine: 500 touchpoints laid out and written as SVG in at most 100 ms,
5,000 in at most 1 s. The first drawing of a workshop (its texts not yet measured) is
printed too. The canvas redraw is measured with a recording comm (no browser): time to
build and send, messages and bytes sent. ``--profile`` prints cProfile's top entries of
layout + SVG, the figures the closing notes of speed work quote. The load average is
printed with the figures: other work on the machine slows them; CPU time says how much
of the wall time was this process's own.

The export runs the installed command in a process of its own, whose wall and CPU time
and peak memory (RSS) are measured; target: under 60 s and 2 GB for any workshop (a map
wider than a PNG holds is written as pages, one export drawing a bounded amount).
    python benchmarks/bench_map.py [--touchpoints 50 500 5000] [--repeat 5] [--profile]
        [--canvas] [--png] [--cold [500]] [--export [500 5000]]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_ms  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402

TARGETS_MS = {500: 100.0, 5000: 1000.0}
"""Layout + SVG, warm, by number of touchpoints."""


def cpu_ms(action: Callable[[], Any], repeat: int) -> float:
    """The median CPU milliseconds this process spent on ``action``."""
    times = []
    for _ in range(max(1, repeat)):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


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


def clear_text_caches() -> None:
    """Forget every text measured and shape made, as in a process that never drew this map."""
    from cjm_widgets.fonts import wrapped
    from cjm_widgets.layout import blocks, text_lanes
    from cjm_widgets.render import svg

    for cached in (wrapped, blocks._text_block, text_lanes.moved_block, svg._element):
        cached.cache_clear()


def drawing(touchpoints: int, repeat: int, args: argparse.Namespace) -> None:
    """Layout, SVG (and optionally canvas and PNG) of one journey, as the app and the
    exports draw it."""
    from cjm_widgets.layout import layout_journey
    from cjm_widgets.render.svg import to_png, to_svg

    ws = synthetic_workshop(touchpoints, personas=1)
    to_svg(layout_journey(synthetic_workshop(5, personas=1)))  # fonts, catalogs, registry
    clear_text_caches()
    first = time.perf_counter()
    to_svg(layout_journey(ws))
    first_ms = (time.perf_counter() - first) * 1000
    layout_ms, layout = median_ms(lambda: layout_journey(ws), repeat)
    svg_ms, svg = median_ms(lambda: to_svg(layout), repeat)
    both_ms, _ = median_ms(lambda: to_svg(layout_journey(ws)), repeat)
    both_cpu = cpu_ms(lambda: to_svg(layout_journey(ws)), repeat)
    size = f"{layout.width:.0f} x {layout.height:.0f} px"
    print(f"\njourney: {touchpoints} touchpoints, map {size}, {len(layout.shapes)} shapes")
    print(f"layout + SVG, first drawing     once   {first_ms:8.1f} ms")
    print(f"layout                          median {layout_ms:8.1f} ms")
    print(f"SVG ({len(svg) / 1e6:.1f} MB)                   median {svg_ms:8.1f} ms")
    target = TARGETS_MS.get(touchpoints)
    verdict = (
        f"   target {target:.0f} ms: {'met' if both_ms <= target else 'MISSED'}" if target else ""
    )
    print(f"layout + SVG                    median {both_ms:8.1f} ms{verdict}")
    print(f"layout + SVG, CPU time          median {both_cpu:8.1f} ms")
    if args.profile:
        print(f"\nprofile of layout + SVG, {touchpoints} touchpoints, {repeat} runs:")
        print(profile(lambda: to_svg(layout_journey(ws)), repeat))
    if args.png:
        page = layout_journey(ws, "pe-0", window=(0, 80))  # one page: the whole is too wide
        png_ms, png = median_ms(lambda: to_png(page), 1)
        megabytes = len(png) / 1e6
        print(f"PNG of one page ({page.width:.0f} px)  once {png_ms:8.1f} ms {megabytes:.1f} MB")
    if args.canvas:
        canvas(ws, repeat)


def canvas(ws: Any, repeat: int) -> None:
    import comm
    import ipycanvas.canvas

    from cjm_widgets.render.canvas import JourneyMapView
    from tests.widget_comm import RecordingComm, browser_sends

    comm.create_comm = lambda **kwargs: RecordingComm()
    recording = RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = recording
    start = time.perf_counter()
    view = JourneyMapView(ws)
    made_ms = (time.perf_counter() - start) * 1000
    print(f"map view made (laid out)        once   {made_ms:8.1f} ms")
    browser_sends(view.canvas, {"event": "client_ready"})  # a browser view shows the map
    recording.messages.clear()
    redraw_ms, _ = median_ms(view.redraw, repeat)
    sent = recording.custom_messages()
    per_redraw = len(sent) / repeat
    sent_mb = sum(len(buffer) for _, buffers in sent for buffer in buffers) / repeat / 1e6
    print(
        f"canvas redraw                   median {redraw_ms:8.1f} ms   "
        f"{per_redraw:.0f} message(s), {sent_mb:.2f} MB per redraw"
    )
    refresh_ms, _ = median_ms(view.refresh, repeat)
    print(f"canvas refresh, nothing changed median {refresh_ms:8.1f} ms")


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


COLD_PAIRS = 21
"""Validate-then-export pairs at least: one process's time varies by a fifth here."""


def cold_export(touchpoints: int, repeat: int) -> None:
    """``cjm export W --to svg`` against ``cjm validate W``, each a new process (imports,
    loading, and for the export the layout and the SVG): the export's cost beyond
    checking the file. Target: at most 200 ms for 500 touchpoints."""
    ws = synthetic_workshop(touchpoints, personas=1)
    with tempfile.TemporaryDirectory() as folder:
        # compiled modules kept, as an installed package has them (whatever this shell says)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": f"{folder}/pyc"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        path = ws.save(Path(folder) / "journey.cjm.json")
        out = Path(folder) / "journey.svg"
        cli = [sys.executable, "-m", "cjm_widgets.cli"]
        commands = {
            "validate": [*cli, "validate", str(path)],
            "export": [*cli, "export", str(path), "--to", "svg", "--out", str(out), "--force"],
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():  # compiles the modules once
            subprocess.run(command, env=env, check=True, capture_output=True)
        for _ in range(max(COLD_PAIRS, repeat)):
            for name, command in commands.items():  # alternated: the same load on both
                start = time.perf_counter()
                process = subprocess.Popen(
                    command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                _, status, usage = os.wait4(process.pid, 0)
                walls[name].append(time.perf_counter() - start)
                cpus[name].append(usage.ru_utime + usage.ru_stime)
                assert os.waitstatus_to_exitcode(status) == 0, name
    validate, export = (statistics.median(walls[name]) * 1000 for name in commands)
    validate_cpu, export_cpu = (statistics.median(cpus[name]) * 1000 for name in commands)

    # each export against the validate run just before it: the machine's speed drifts
    # (on a shared 2-core machine by a fifth within a minute), a pair shares it
    def paired(runs: dict[str, list[float]]) -> float:
        pairs = zip(runs["export"], runs["validate"], strict=True)
        return statistics.median(export - validate for export, validate in pairs) * 1000

    beyond, beyond_cpu = paired(walls), paired(cpus)
    target = 200.0 if touchpoints <= 500 else None
    verdict = (
        f"   target {target:.0f} ms: {'met' if beyond <= target else 'MISSED'}" if target else ""
    )
    print(
        f"cold, {touchpoints} touchpoints: cjm validate {validate:7.1f} ms "
        f"(CPU {validate_cpu:6.1f}), cjm export --to svg {export:7.1f} ms "
        f"(CPU {export_cpu:6.1f}): {beyond:6.1f} ms beyond validate "
        f"(CPU {beyond_cpu:6.1f}; median of {len(walls['export'])} pairs run one after the "
        f"other){verdict}"
    )


def _png_pixels(path: Path) -> int:
    """Width x height from a PNG's header, without decoding it."""
    head = path.read_bytes()[16:24]
    return int.from_bytes(head[:4], "big") * int.from_bytes(head[4:], "big")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top entries")
    parser.add_argument("--png", action="store_true", help="also time a PNG of one page")
    parser.add_argument("--canvas", action="store_true", help="also time the live canvas")
    parser.add_argument(
        "--cold",
        type=int,
        nargs="*",
        default=[500],
        metavar="TOUCHPOINTS",
        help="time cjm export --to svg beyond cjm validate, new processes (none: skip)",
    )
    parser.add_argument(
        "--export", type=int, nargs="*", default=[500, 5000], metavar="TOUCHPOINTS",
        help="journeys to export as PNG with cjm export (none: skip)",
    )  # fmt: skip
    args = parser.parse_args()
    print(load_average())
    for touchpoints in args.touchpoints:
        repeat = args.repeat if touchpoints <= 1000 else max(1, min(args.repeat, 3))
        drawing(touchpoints, repeat, args)
    for touchpoints in args.cold:
        cold_export(touchpoints, args.repeat)
    for touchpoints in args.export:
        export_png(touchpoints)
    print(f"\n{load_average()}")


if __name__ == "__main__":
    main()
