"""How fast a nudge's due set is found, and a nudge replayed, on a big event log.

The log is ``benchmarks/monitor.py``'s base shape (10 million events of 1.6 million
customers, segment and variant columns, unsorted, microsecond times, as Parquet; made
once in the data folder). Its workshop gets one nudge per persona: entry at step 3,
goal at step 5, a two-day wait, quiet hours in Helsinki and a 10% holdout, the first
with an ``only_if_event``. Each command runs as a process of its own; the figures are
its wall time and peak resident memory:

- ``cjm nudge run W LOG --as-of T --dry-run --out due.csv``: one run's due set, found by
  one query over the whole log (the ledger is not written in a dry run);
- ``cjm nudge backtest W LOG --out DIR``: daily runs replayed over the log's 91 days.

    .venv/bin/python benchmarks/bench_nudges.py --events 10M
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
from cjm_widgets import Workshop, editing  # noqa: E402


def nudged(workshop: Path, folder: Path) -> Path:
    """The benchmark workshop with a nudge per persona."""
    ws = Workshop.load(workshop)
    ws.timezone = "Europe/Helsinki"
    for number, persona in enumerate(ws.personas, 1):
        editing.add(ws, "nudges", {
            "title": f"Reminder {number}", "persona": persona.id,
            "after": f"tp-{number}-step-3", "until": f"tp-{number}-step-5", "wait_hours": 48,
            "channel": "e-mail", "message": "Hi {first_name}, one step left", "holdout": 0.1,
            "quiet_hours": "21-08", "only_if_event": "step_4" if number == 1 else None,
        })  # fmt: skip
    return ws.save(folder / "nudged.cjm.json")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--events", type=count, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    log, workshop = prepare(args.data, args.events, BASE, args.seed)
    cjm = [sys.executable, "-m", "cjm_widgets.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = nudged(workshop, folder)
        commands = {
            "due set (one run)": [*cjm, "nudge", "run", str(path), str(log), "--as-of",
                                  "2026-10-15T09:00", "--dry-run", "--out", str(folder / "due.csv"),
                                  "--force"],
            "backtest (91 daily runs)": [*cjm, "nudge", "backtest", str(path), str(log), "--out",
                                         str(folder / "bt"), "--force"],
        }  # fmt: skip
        print(f"{args.events:,} events, {args.runs} runs each")
        print("| measure | seconds (median) | runs | peak RSS MiB |")
        print("| --- | ---: | --- | ---: |")
        for name, command in commands.items():
            runs = [measure(command) for _ in range(args.runs)]
            failed = [run for run in runs if run.code != 0]
            if failed:
                print(f"{name} failed: {failed[0].error.strip()[-400:]}", file=sys.stderr)
                raise SystemExit(1)
            walls = ", ".join(f"{run.wall:.1f}" for run in runs)
            peak = max(run.peak_mib for run in runs)
            print(
                f"| {name} | {statistics.median(r.wall for r in runs):.1f} | {walls} | {peak:.0f} |"
            )
            said = [line for line in runs[0].output.splitlines() if "due" in line]
            print("  " + (said[-1] if said else runs[0].output.strip()))


if __name__ == "__main__":
    main()
