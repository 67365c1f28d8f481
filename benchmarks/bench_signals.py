"""`cjm signals` on a big event log, beside `cjm monitor` on the same file.

The log is ``benchmarks/monitor.py``'s base shape (10 million events of 1.6 million
customers, segment and variant columns, unsorted, as Parquet; made once in the data
folder). One persona (its segment is a filter, 8 measured touchpoints). Each command runs
as a process of its own; the figures are its wall time and peak resident memory:

- ``cjm monitor W LOG --persona P --out DIR``: every monitor file, the signals among them
  (``unmapped.csv``'s difference and q-value);
- ``cjm signals W LOG --persona P --out DIR``: ``signals.csv`` and ``predictive.csv``
  (a model per step on at most 20,000 customers, the default), and with ``--sample``
  200000, the most it allows, to show what bigger models cost.

Target (issue 26): ``cjm signals`` in at most the time of ``cjm monitor``.

    .venv/bin/python benchmarks/bench_signals.py --events 10M --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.monitor import BASE, count, measure, prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--events", type=count, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--samples", default="20000,200000", help="--sample values to run")
    args = parser.parse_args()
    log, workshop = prepare(args.data, args.events, BASE, args.seed)
    cjm = [sys.executable, "-m", "cjm_widgets.cli"]
    common = [str(workshop), str(log), "--persona", "pe-1", "--force"]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        commands = {"cjm monitor": [*cjm, "monitor", *common, "--out", str(out / "m")]}
        for size in args.samples.split(","):
            commands[f"cjm signals --sample {size}"] = [
                *cjm, "signals", *common, "--out", str(out / f"s{size}"), "--sample", size,
            ]  # fmt: skip
        print(f"{args.events:,} events, persona pe-1, {args.runs} runs each")
        print("| command | seconds (median) | runs | peak RSS MiB |")
        print("| --- | ---: | --- | ---: |")
        medians = {}
        for name, command in commands.items():
            runs = [measure(command) for _ in range(args.runs)]
            failed = [run for run in runs if run.code != 0]
            if failed:
                print(f"{name} failed: {failed[0].error.strip()[-400:]}", file=sys.stderr)
                raise SystemExit(1)
            medians[name] = statistics.median(run.wall for run in runs)
            walls = ", ".join(f"{run.wall:.1f}" for run in runs)
            peak = max(run.peak_mib for run in runs)
            print(f"| {name} | {medians[name]:.1f} | {walls} | {peak:.0f} |", flush=True)
        base = medians["cjm monitor"]
        for name, seconds in medians.items():
            if name != "cjm monitor":
                print(f"{name}: {seconds / base:.2f} x cjm monitor")


if __name__ == "__main__":
    main()
