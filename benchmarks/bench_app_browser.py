"""The app's map step in a real browser: from the click on "Map" to the journey drawn.

Target: the map visible within 2 s of the click for 5,000 touchpoints, on a 2-core
machine. Runs ``cjm app``'s Voilà server on a loopback port and Debian's Chromium through
Playwright, as the browser tests do (tests/browser.py); each run opens the app in a new
page (a new kernel), so the map step is built, laid out and drawn from scratch. The
drawing counts as visible when the map's canvas has its pixels: the whole map arrives as
one batch, so its first pixels are all of them.
    python benchmarks/bench_app_browser.py [--touchpoints 500 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_map import load_average  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402

TARGET_S = 2.0
PAINTED = """() => {
    const canvas = document.querySelector('.cjm-map canvas');
    if (!canvas || canvas.width < 2) return false;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 16) if (data[i] > 0) count++;
    return count > Math.min(10000, data.length / 64);
}"""


def map_step_seconds(url: str, browser: object, timeout_s: float = 120) -> float:
    """Open the app in a new page, click "Map", and time it until the map is painted."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(url, timeout=180_000)
        page.locator(".cjm-workshop-app").first.wait_for(state="attached", timeout=180_000)
        button = page.locator(".cjm-step-map")
        button.wait_for(state="visible", timeout=60_000)
        start = time.perf_counter()
        button.click()
        page.wait_for_function(PAINTED, polling="raf", timeout=timeout_s * 1000)
        return time.perf_counter() - start
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from cjm_widgets import launch
    from tests.browser import chromium_browser

    print(load_average())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the server's kernels run this checkout
    with tempfile.TemporaryDirectory() as folder, chromium_browser() as browser:
        for touchpoints in args.touchpoints:
            path = synthetic_workshop(touchpoints, personas=1).save(
                Path(folder) / f"journey-{touchpoints}.cjm.json"
            )
            notebook = launch.app_notebook(path)
            port, token = launch.free_port(), launch.new_token()
            command = launch.app_command(notebook, port, token)
            log_path = Path(folder) / f"voila-{touchpoints}.log"
            try:
                with (
                    log_path.open("w") as log,
                    launch.running(command, port, Path(folder), output=log, timeout=180, env=env),
                ):
                    url = f"http://127.0.0.1:{port}/?token={token}"
                    times = [map_step_seconds(url, browser) for _ in range(max(1, args.repeat))]
            except Exception:
                print(log_path.read_text(encoding="utf-8")[-3000:])
                raise
            median = statistics.median(times)
            verdict = "met" if median <= TARGET_S else "MISSED"
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"map step visible, {touchpoints} touchpoints: median {median:.2f} s "
                f"(runs {runs})   target {TARGET_S:.0f} s: {verdict}"
            )
    print(load_average())


if __name__ == "__main__":
    main()
