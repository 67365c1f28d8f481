"""`cjm monitor` on big event logs of many shapes, side by side with retentioneering 5.

The logs are a utility's quarter: 10 million events of 1.6 million customers (or 100
million of 16 million) on a journey with drop-off, repeats, out-of-order steps, noise,
duplicates, written by ``benchmarks/event_log.py`` in row groups (never all in memory)
and kept in the data folder with their workshop files. Shapes vary what real exports
vary (``--shapes``): the base shape has a segment and a variant column, microsecond
timestamps, unsorted rows, 8 touchpoints, 2 personas and a plain string event column;
each other shape changes one of these (no segment, no variant, ns / ms timestamps, ISO
text in CSV, sorted, shuffled across the whole file, 30 touchpoints, 8 personas,
dictionary-encoded events).

Each tool runs as a process of its own; the figures are that process's wall time and
peak resident memory (``os.wait4``):

- ``cjm monitor WORKSHOP LOG --persona P --out DIR`` (one persona: its segment is a
  filter; ``--variant-col variant`` when the log has one): the whole job, every file;
- retentioneering 5.2.4's sequential funnel (``Eventstream.funnel_data``) on the same
  file: read, build the eventstream, count. It lives in a virtual environment of its own
  (``benchmarks/.venv-bench``, or ``$CJM_BENCH_VENV``), made on the first run with
  ``pip install retentioneering==5.2.4``, and runs with ``RETENTIONEERING_NO_TRACK=1``;
  it is no dependency of the kit. Logs above 20 million events skip it (it holds the
  log in pandas).

Targets (issue 24): at 10M events, cjm takes at most 0.2 x retentioneering's time with a
peak RSS of at most 1 GiB, every run succeeding; at 100M with ``--memory-limit 2GB`` it
finishes with a peak RSS of at most 2.5 GiB in at most 12 x the 10M time. Run:

    .venv/bin/python benchmarks/monitor.py --events 10M --shapes base --runs 5
    .venv/bin/python benchmarks/monitor.py --events 10M --shapes all
    .venv/bin/python benchmarks/monitor.py --events 100M --shapes base --memory-limit 2GB
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.event_log import Shape, benchmark_workshop, generate_log  # noqa: E402

TIME_TARGET = 0.2
"""cjm's wall time may be at most this share of retentioneering's (10M events)."""
MEMORY_TARGET_MIB = 1024
"""cjm's peak resident memory at 10M events."""
BIG_MEMORY_TARGET_MIB = 2560
"""cjm's peak resident memory at 100M events with --memory-limit 2GB."""
RETENTIONEERING_MAX_EVENTS = 20_000_000
"""Past this, retentioneering (pandas in memory) is not run."""
PATHS_PER_EVENT = 0.16
"""1.6 million customers per 10 million events."""
MIB = 1024 * 1024

BASE = Shape(segment=True, variant=True, time="us", personas=2)
SHAPES = {
    "base": BASE,
    "no-segment": replace(BASE, segment=False),
    "no-variant": replace(BASE, variant=False),
    "ns": replace(BASE, time="ns"),
    "ms": replace(BASE, time="ms"),
    "csv": replace(BASE, time="csv"),
    "sorted": replace(BASE, sorted=True),
    "shuffled": replace(BASE, shuffled=True),
    "30-touchpoints": replace(BASE, touchpoints=30),
    "8-personas": replace(BASE, personas=8),
    "dictionary": replace(BASE, dictionary=True),
}
"""The shape matrix: the base shape and one change of it each."""


@dataclass
class Run:
    """One child process: its wall seconds, peak RSS, exit code and what it printed."""

    wall: float
    peak_mib: float
    code: int
    output: str
    error: str


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` as a child and return its wall time and its own peak RSS.

    ``os.wait4`` gives the resource use of exactly this child (``RUSAGE_CHILDREN`` would
    give the largest of every child so far, hiding a smaller one after a bigger one).
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        return Run(wall, usage.ru_maxrss / 1024, code, out.read(), err.read())


def count(text: str) -> int:
    """``10M``, ``100M``, ``500k`` or a plain number as an integer."""
    text = text.strip().upper().replace("_", "")
    factor = {"K": 1_000, "M": 1_000_000, "G": 1_000_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * factor)


def bench_python(venv: Path) -> Path:
    """The benchmark venv's Python with retentioneering 5.2.4, created on the first run."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import retentioneering"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"creating {venv} with retentioneering 5.2.4 (once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "retentioneering==5.2.4"]
    subprocess.run(pip, check=True)
    return python


def prepare(data: Path, events: int, shape: Shape, seed: int) -> tuple[Path, Path]:
    """The log and its workshop in ``data``: made once, then reused."""
    data.mkdir(parents=True, exist_ok=True)
    log = data / f"log-{events}-{shape.name()}-{seed}{shape.suffix}"
    workshop = data / f"benchmark-{shape.touchpoints}tp-{shape.personas}p.cjm.json"
    if not workshop.exists():
        benchmark_workshop(shape.touchpoints, shape.personas).save(workshop)
    if not log.exists():
        print(f"generating {log.name} (once) ...", flush=True)
        started = time.perf_counter()
        generate_log(log, events, max(1, int(events * PATHS_PER_EVENT)), seed=seed, shape=shape)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return log, workshop


RETENTIONEERING = textwrap.dedent(
    """
    import json, sys, time
    import pandas as pd
    from retentioneering import Eventstream, __version__
    path, steps = sys.argv[1], sys.argv[2].split(",")
    if path.endswith(".csv"):
        frame = pd.read_csv(path, parse_dates=["timestamp"])
    else:
        frame = pd.read_parquet(path)
    frame["event"] = frame["event"].astype(str)
    schema = {"path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp"}
    if "segment" in frame.columns:
        schema["segment_cols"] = ["segment"]
    stream = Eventstream(frame, schema=schema)
    result = stream.funnel_data(steps=steps)
    print(json.dumps({
        "version": __version__, "paths": [step["unique_paths"] for step in result["steps"]],
    }))
    """
)


@dataclass
class Row:
    """One shape's line of the table."""

    shape: str
    events: int
    cjm: list[Run]
    retentioneering: Run | None

    @property
    def ok(self) -> list[Run]:
        return [run for run in self.cjm if run.code == 0]

    def cjm_seconds(self) -> float | None:
        return statistics.median(run.wall for run in self.ok) if self.ok else None

    def peak(self) -> float:
        return max(run.peak_mib for run in self.cjm)

    def ratio(self) -> float | None:
        seconds = self.cjm_seconds()
        ret = self.retentioneering
        if seconds is None or ret is None or ret.code != 0:
            return None
        return seconds / ret.wall


def bench_shape(args: argparse.Namespace, name: str, shape: Shape, python: Path | None) -> Row:
    log, workshop = prepare(args.data, args.events, shape, args.seed)
    persona = "pe-customer" if shape.personas < 2 else "pe-1"
    cjm = Path(sys.executable).parent / "cjm"
    runs = []
    for number in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "monitor"
            command = [str(cjm), "monitor", str(workshop), str(log), "--out", str(out)]
            command += ["--persona", persona, "--engine", args.engine]
            if shape.variant:
                command += ["--variant-col", "variant"]
            if args.memory_limit:
                command += ["--memory-limit", args.memory_limit]
            run = measure(command)
            files = sorted(path.name for path in out.glob("*.csv")) if out.exists() else []
        state = "ok" if run.code == 0 else f"FAILED: {run.error.strip()[-300:]}"
        print(
            f"  {name} run {number}: {run.wall:.1f} s, {run.peak_mib:.0f} MiB, "
            f"{len(files)} files, {state}",
            flush=True,
        )
        runs.append(run)
    ret = None
    if python is not None and args.events <= RETENTIONEERING_MAX_EVENTS:
        steps = ",".join(f"step_{k}" for k in range(1, shape.touchpoints + 1))
        quiet = {**os.environ, "RETENTIONEERING_NO_TRACK": "1", "DO_NOT_TRACK": "1"}
        ret = measure([str(python), "-c", RETENTIONEERING, str(log), steps], quiet)
        state = "ok" if ret.code == 0 else f"FAILED: {ret.error.strip()[-300:]}"
        print(f"  {name} retentioneering: {ret.wall:.1f} s, {ret.peak_mib:.0f} MiB, {state}")
    return Row(name, args.events, runs, ret)


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| shape | events | cjm s | cjm peak RSS MiB | runs ok | retentioneering s | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        seconds = row.cjm_seconds()
        ret = row.retentioneering
        ret_text = "-" if ret is None else (f"{ret.wall:.1f}" if ret.code == 0 else "failed")
        ratio = row.ratio()
        lines.append(
            f"| {row.shape} | {row.events / 1e6:g}M | "
            f"{'-' if seconds is None else f'{seconds:.1f}'} | {row.peak():.0f} | "
            f"{len(row.ok)}/{len(row.cjm)} | {ret_text} | "
            f"{'-' if ratio is None else f'{ratio:.2f}'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--events", type=count, default=10_000_000, help="10M, 100M, ...")
    parser.add_argument(
        "--shapes", default="base", help=f"all, or some of: {', '.join(SHAPES)} (comma)"
    )
    parser.add_argument("--runs", type=int, default=1, help="cjm runs per shape")
    parser.add_argument("--memory-limit", help="passed to cjm monitor (e.g. 2GB)")
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-retentioneering", action="store_true")
    default_venv = os.environ.get("CJM_BENCH_VENV", str(Path(__file__).parent / ".venv-bench"))
    parser.add_argument("--venv", type=Path, default=Path(default_venv))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    names = list(SHAPES) if args.shapes == "all" else args.shapes.split(",")
    unknown = [name for name in names if name not in SHAPES]
    if unknown:
        parser.error(f"unknown shapes: {', '.join(unknown)}; use {', '.join(SHAPES)}")
    python = None
    if not args.no_retentioneering and args.events <= RETENTIONEERING_MAX_EVENTS:
        python = bench_python(args.venv)
    print(f"{args.events:,} events, {os.cpu_count()} cores, shapes: {', '.join(names)}")
    rows = [bench_shape(args, name, SHAPES[name], python) for name in names]
    print()
    print(table(rows))
    if args.json:
        figures = [
            {
                "shape": row.shape, "events": row.events, "cjm_seconds": row.cjm_seconds(),
                "cjm_runs": [run.wall for run in row.cjm], "cjm_peak_mib": row.peak(),
                "runs_ok": len(row.ok), "runs": len(row.cjm),
                "retentioneering_seconds": None
                if row.retentioneering is None
                else row.retentioneering.wall,
                "ratio": row.ratio(),
            }
            for row in rows
        ]  # fmt: skip
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    big = args.events > RETENTIONEERING_MAX_EVENTS
    for row in rows:
        ratio = row.ratio()
        memory = BIG_MEMORY_TARGET_MIB if big else MEMORY_TARGET_MIB
        verdicts = [f"peak RSS <= {memory} MiB: {'met' if row.peak() <= memory else 'MISSED'}"]
        runs_met = len(row.ok) == len(row.cjm)
        verdicts.append(f"all runs ok: {'met' if runs_met else 'MISSED'}")
        if ratio is not None:
            verdicts.append(
                f"ratio <= {TIME_TARGET}: {'met' if ratio <= TIME_TARGET else 'MISSED'}"
            )
        print(f"{row.shape}: {'; '.join(verdicts)}")


if __name__ == "__main__":
    main()
