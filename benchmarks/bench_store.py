"""Load, save and frames of a 5,000-touchpoint workshop; prints the figures.

Target: load + validate under 0.5 s on a 2-core machine. Run:
    python benchmarks/bench_store.py [--touchpoints 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import timed
from cjm_widgets import Workshop
from tests.synthetic import synthetic_workshop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ws = synthetic_workshop(args.touchpoints)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.cjm.json"
        ws.save(path)
        size = path.stat().st_size
        print(f"workshop: {args.touchpoints} touchpoints, file {size / 1e6:.1f} MB")
        loaded = Workshop.load(path)
        timed("save (validate, backup, fsync)", lambda: loaded.save(), args.repeat)
        load = timed("load + validate", lambda: Workshop.load(path), args.repeat)
        timed("to_frames (all entities)", loaded.to_frames, args.repeat)
        frames = loaded.to_frames()
        timed("from_frames", lambda: Workshop.from_frames(frames), args.repeat)
        print(f"load + validate target 500 ms: {'met' if load < 0.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
