"""`cjm monitor` on a 10-million-event log against retentioneering 5's funnel; prints the figures.

The log is a utility's quarter: 10,000,000 events of 1,600,000 customers on an
eight-touchpoint journey (with drop-off, repeats, out-of-order steps, noise, duplicates,
unsorted rows), made once by ``benchmarks/event_log.py``'s ``generate_log`` and kept in the
data folder with its workshop file. Each tool then runs as a process of its own, and
the figures are that process's wall time and peak resident memory (from ``wait4``):

- ``cjm monitor WORKSHOP LOG --out DIR``: the whole job (funnel, unmapped events,
  variants, segments, the CSV files);
- retentioneering 5's sequential funnel (``Eventstream.funnel_data``, chained DuckDB
  CTEs) on the same file: read, build the eventstream, count;
- the sequential funnel as one plain DuckDB SQL query on the file: the floor any tool
  on DuckDB stands on.

retentioneering is no dependency of the kit: it lives in a virtual environment of its
own (``benchmarks/.venv-bench``, or ``$CJM_BENCH_VENV``), created with ``pip install
retentioneering==5.*`` on the first run, and runs with ``RETENTIONEERING_NO_TRACK=1``.

Targets: cjm takes at most 0.2 x retentioneering's wall time, with a peak RSS of at most
1 GiB. The funnel's ``paths`` must equal retentioneering's counts step by step. Run:
    .venv/bin/python benchmarks/monitor.py [--data DIR] [--events N] [--paths N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIME_TARGET = 0.2
"""cjm's wall time may be at most this share of retentioneering's."""
MEMORY_TARGET_MIB = 1024
"""cjm's peak resident memory may be at most this."""
MIB = 1024 * 1024


@dataclass
class Run:
    """One child process: its wall seconds, peak RSS and what it printed."""

    wall: float
    peak_mib: float
    output: str


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
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"{command[0]} failed ({child.returncode}):\n{err.read()[-3000:]}")
        return Run(wall, usage.ru_maxrss / 1024, out.read())  # ru_maxrss is in KiB on Linux


def bench_python(venv: Path) -> Path:
    """The benchmark venv's Python with retentioneering 5, created on the first run."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import retentioneering"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"creating {venv} with retentioneering 5 (once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "retentioneering==5.*"]
    subprocess.run(pip, check=True)
    return python


def prepare(data: Path, events: int, paths: int, touchpoints: int, seed: int) -> tuple[Path, Path]:
    """The log and its workshop in ``data``: made once, then reused."""
    from benchmarks.event_log import benchmark_workshop

    data.mkdir(parents=True, exist_ok=True)
    log = data / f"log-{events}-{paths}-{touchpoints}-{seed}.parquet"
    workshop = data / f"benchmark-{touchpoints}.cjm.json"
    if not workshop.exists():
        benchmark_workshop(touchpoints).save(workshop)
    if not log.exists():
        print(f"generating {log} (once) ...", flush=True)
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from benchmarks.event_log import generate_log; "
            "generate_log(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), "
            "int(sys.argv[6]))"
        )
        sizes = [str(number) for number in (events, paths, touchpoints, seed)]
        made = measure([sys.executable, "-c", code, str(ROOT), str(log), *sizes])
        print(f"  generated in {made.wall:.1f} s, peak RSS {made.peak_mib:.0f} MiB", flush=True)
    return log, workshop


RETENTIONEERING = textwrap.dedent(
    """
    import json, sys, time
    start = time.perf_counter()
    import pandas as pd
    from retentioneering import Eventstream, __version__
    imported = time.perf_counter()
    frame = pd.read_parquet(sys.argv[1])
    read = time.perf_counter()
    stream = Eventstream(frame, schema={
        "path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp",
        "segment_cols": ["segment"],
    })
    built = time.perf_counter()
    result = stream.funnel_data(steps=sys.argv[2].split(","))
    done = time.perf_counter()
    print(json.dumps({
        "version": __version__,
        "paths": [step["unique_paths"] for step in result["steps"]],
        "phases": {"import": imported - start, "read": read - imported,
                   "eventstream": built - read, "funnel": done - built},
    }))
    """
)

DUCKDB = textwrap.dedent(
    """
    import json, sys, time
    import duckdb
    steps = sys.argv[2].split(",")
    ctes = []
    for k, step in enumerate(steps, start=1):
        literal = "'" + step.replace("'", "''") + "'"
        if k == 1:
            ctes.append(f"s1 AS (SELECT user_id, min(timestamp) AS t FROM log "
                        f"WHERE event = {literal} GROUP BY user_id)")
        else:
            ctes.append(f"s{k} AS (SELECT log.user_id, min(log.timestamp) AS t FROM log "
                        f"JOIN s{k-1} USING (user_id) WHERE log.event = {literal} "
                        f"AND log.timestamp > s{k-1}.t GROUP BY log.user_id)")
    counts = ", ".join(f"(SELECT count(*) FROM s{k})" for k in range(1, len(steps) + 1))
    query = f"WITH {', '.join(ctes)} SELECT {counts}"
    connection = duckdb.connect()
    path = "'" + sys.argv[1].replace("'", "''") + "'"
    connection.execute(f"CREATE VIEW log AS SELECT * FROM read_parquet({path})")
    start = time.perf_counter()
    row = connection.execute(query).fetchone()
    print(json.dumps({"paths": list(row), "query": time.perf_counter() - start}))
    """
)


def funnel_paths(out: Path) -> list[int]:
    """The ``paths`` of the measured touchpoints in cjm's funnel.csv, in journey order."""
    with (out / "funnel.csv").open(encoding="utf-8", newline="") as file:
        return [int(float(row["paths"])) for row in csv.DictReader(file) if row["paths"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--paths", type=int, default=1_600_000)
    parser.add_argument("--touchpoints", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    default_venv = os.environ.get("CJM_BENCH_VENV", str(Path(__file__).parent / ".venv-bench"))
    parser.add_argument("--venv", type=Path, default=Path(default_venv))
    args = parser.parse_args()

    log, workshop = prepare(args.data, args.events, args.paths, args.touchpoints, args.seed)
    steps = ",".join(f"step_{k}" for k in range(1, args.touchpoints + 1))
    size = log.stat().st_size
    print(
        f"log: {args.events:,} events, {args.paths:,} paths, {args.touchpoints} touchpoints, "
        f"{size / MIB:.1f} MiB Parquet ({log})"
    )
    retentioneering_python = bench_python(args.venv)
    cjm = Path(sys.executable).parent / "cjm"

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "monitor"
        command = [str(cjm), "monitor", str(workshop), str(log), "--out", str(out)]
        cjm_run = measure([*command, "--engine", args.engine])
        cjm_paths = funnel_paths(out)

    quiet = {**os.environ, "RETENTIONEERING_NO_TRACK": "1", "DO_NOT_TRACK": "1"}
    ret_run = measure([str(retentioneering_python), "-c", RETENTIONEERING, str(log), steps], quiet)
    ret = json.loads(ret_run.output.strip().splitlines()[-1])
    sql_run = measure([sys.executable, "-c", DUCKDB, str(log), steps])
    sql = json.loads(sql_run.output.strip().splitlines()[-1])

    ratio = cjm_run.wall / ret_run.wall
    print()
    rows = [
        (f"cjm monitor ({args.engine}, whole job)", cjm_run.wall, f"{cjm_run.peak_mib:.0f}"),
        (f"retentioneering {ret['version']} funnel_data", ret_run.wall, f"{ret_run.peak_mib:.0f}"),
        ("plain DuckDB SQL funnel (process)", sql_run.wall, f"{sql_run.peak_mib:.0f}"),
        ("plain DuckDB SQL funnel (query alone)", sql["query"], ""),
    ]
    print(f"{'tool':<44} {'wall s':>8} {'peak RSS MiB':>13}")
    for tool, wall, peak in rows:
        print(f"{tool:<44} {wall:8.2f} {peak:>13}")
    phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in ret["phases"].items())
    print(f"retentioneering phases: {phases}")
    print(f"ratio cjm / retentioneering wall time: {ratio:.3f}")
    time_met = "met" if ratio <= TIME_TARGET else "MISSED"
    memory_met = "met" if cjm_run.peak_mib <= MEMORY_TARGET_MIB else "MISSED"
    print(f"target cjm <= {TIME_TARGET} x retentioneering's time: {time_met}")
    print(f"target cjm peak RSS <= {MEMORY_TARGET_MIB} MiB: {memory_met}")
    print(f"funnel paths, cjm:             {cjm_paths}")
    print(f"funnel paths, retentioneering: {ret['paths']}")
    print(f"funnel paths, plain DuckDB:    {sql['paths']}")
    agree = cjm_paths == ret["paths"] == sql["paths"]
    print(f"funnel counts {'agree' if agree else 'DIFFER'}")


if __name__ == "__main__":
    main()
