"""A benchmark event log at the size of a utility's quarter, and the journey it follows.

``benchmarks/monitor.py`` times ``cjm monitor`` on 10 million events of 1.6 million
customers. Such a log must be as untidy as the sample workshop's
(``cjm_widgets.samples.events``, whose period, noise events and chances of a lost or a
swapped step it shares): :func:`generate_log` writes it to Parquet chunk by chunk, so
the generator itself stays far below the memory the engine is allowed, and
:func:`benchmark_workshop` is the plain eight-step journey that log follows.

A :class:`Shape` varies what real exports vary, because one shape can hide a failure:
with or without a segment and a variant column, timestamps in ns, us or ms (or ISO text
in CSV), sorted by customer and time or not, 8 or 30 touchpoints, 2 or 8 personas (one
segment each), and the event column as plain strings or dictionary-encoded.

Not part of the installed package: import it with the repository's root on ``sys.path``
(``from benchmarks.event_log import generate_log``), as ``benchmarks/monitor.py`` and the
tests do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cjm_widgets import Workshop
from cjm_widgets.samples.events import (
    LOG_END,
    LOG_START,
    LOST_EVENT,
    NOISE_EVENTS,
    OUT_OF_ORDER,
)

BENCHMARK_SEGMENTS = ("digital first", "moving from paper")
"""Segments of the benchmark log's customers (its persona has none, so it measures all)."""
PERSONA_SEGMENTS = (
    *BENCHMARK_SEGMENTS, "business", "students", "seniors", "families", "newcomers", "movers",
)  # fmt: skip
"""The segments of a log for a workshop of several personas, one per persona."""
VARIANTS = ("control", "test")
"""The values of the variant column (an A/B test of half the customers each)."""
TIME_UNITS = ("ns", "us", "ms", "csv")
"""How a log's times are written: Parquet timestamps of that unit, or ISO text in CSV."""


@dataclass(frozen=True)
class Shape:
    """How a benchmark log is laid out; the default is the original benchmark's."""

    segment: bool = True
    variant: bool = False
    time: str = "us"
    """``ns``, ``us``, ``ms`` (Parquet timestamps) or ``csv`` (ISO text in a CSV file)."""
    sorted: bool = False
    """Rows by customer and time (customer ids ascending), else shuffled in each row group."""
    shuffled: bool = False
    """Rows in no order across the whole file, as a warehouse's export may come: a
    customer's events are spread over every row group instead of one."""
    touchpoints: int = 8
    personas: int = 1
    """1: one persona of every customer (two segments in the log); more: one segment each."""
    dictionary: bool = False
    """The event column dictionary-encoded (as pandas' categoricals write it)."""

    @property
    def segments(self) -> tuple[str, ...]:
        return BENCHMARK_SEGMENTS if self.personas < 2 else PERSONA_SEGMENTS[: self.personas]

    @property
    def suffix(self) -> str:
        return ".csv" if self.time == "csv" else ".parquet"

    def name(self) -> str:
        """A short name of the shape for tables and file names."""
        parts = [
            "seg" if self.segment else "noseg", "var" if self.variant else "novar", self.time,
            "sorted" if self.sorted else "shuffled" if self.shuffled else "unsorted",
            f"{self.touchpoints}tp",
            f"{self.personas}p", "dict" if self.dictionary else "str",
        ]  # fmt: skip
        return "-".join(parts)

    def check(self) -> None:
        if self.time not in TIME_UNITS:
            raise ValueError(f"time must be one of {', '.join(TIME_UNITS)}")
        if not 1 <= self.personas <= len(PERSONA_SEGMENTS):
            raise ValueError(f"personas must be 1 to {len(PERSONA_SEGMENTS)}")
        if self.touchpoints < 1:
            raise ValueError("touchpoints must be at least 1")
        if self.shuffled and (self.sorted or self.time != "us" or self.dictionary):
            # DuckDB's rewrite keeps neither the dictionary type nor every time unit
            raise ValueError("a shuffled log is the base's Parquet file in no order")


_MINUTE = 60
_DAY = 24 * 60 * _MINUTE
_WINDOW = int((LOG_END - LOG_START).total_seconds())
"""Seconds from the log's start to its end."""


def benchmark_workshop(touchpoints: int = 8, personas: int = 1) -> Workshop:
    """The journey :func:`generate_log` follows: one stage per touchpoint, touchpoint k
    signalled by ``step_k``. One persona has no segment (every path counts); with more,
    each persona has its own segment of :data:`PERSONA_SEGMENTS` and the same journey."""
    if touchpoints < 1:
        raise ValueError("touchpoints must be at least 1")
    numbers = range(1, touchpoints + 1)
    if personas < 2:
        people = [{"id": "pe-customer", "name": "Every customer"}]
    else:
        people = [
            {"id": f"pe-{n}", "name": f"Customers: {segment}", "segment": segment}
            for n, segment in enumerate(PERSONA_SEGMENTS[:personas], start=1)
        ]
    return Workshop.from_dict(
        {
            "title": f"Benchmark journey of {touchpoints} steps",
            "organisation": "Benchmark Oy",
            "personas": people,
            "stages": [{"id": f"st-{k}", "name": f"Stage {k}"} for k in numbers],
            "channels": [{"id": "ch-web", "name": "Website", "kind": "digital"}],
            "touchpoints": [
                {
                    "id": f"tp-step-{k}" if personas < 2 else f"tp-{n}-step-{k}",
                    "persona": person["id"],
                    "stage": f"st-{k}",
                    "channel": "ch-web",
                    "order": 1,
                    "title": f"Step {k}",
                    "signals": [f"step_{k}"],
                }
                for n, person in enumerate(people, start=1)
                for k in numbers
            ],
        }
    )


def _depths(
    paths: int, events: int, touchpoints: int, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """How many of the journey's steps each path does, in total at most ``events``."""
    keep = rng.uniform(0.70, 0.95, size=touchpoints - 1)
    depth = np.ones(paths, dtype=np.int64)
    alive = np.ones(paths, dtype=bool)
    for chance in keep:
        alive &= rng.random(paths) < chance
        depth += alive
    excess = int(depth.sum()) - events
    while excess > 0:
        longer = np.flatnonzero(depth > 1)
        depth[rng.choice(longer, size=min(excess, longer.size), replace=False)] -= 1
        excess = int(depth.sum()) - events
    return depth


def _extras(paths: int, count: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Spread ``count`` events beyond the journey's steps over the paths at random."""
    extra = np.zeros(paths, dtype=np.int64)
    block = 4_000_000
    for done in range(0, count, block):
        extra += np.bincount(rng.integers(0, paths, size=min(block, count - done)), minlength=paths)
    return extra


def _chunk(
    depth: npt.NDArray[np.int64],
    extra: npt.NDArray[np.int64],
    touchpoints: int,
    rng: np.random.Generator,
    segments: int = len(BENCHMARK_SEGMENTS),
) -> dict[str, npt.NDArray[Any]]:
    """Rows of one chunk of paths, in path and time order (the caller shuffles them).

    Returns the local path index, the time in microseconds since :data:`LOG_START`, the
    event code (``k`` is ``step_{k+1}``, from ``touchpoints`` on the noise events) and
    the segment code (-1 for none).
    """
    count = depth.size
    noise_codes = len(NOISE_EVENTS)
    # The journey's steps, in order, keyed by their position on the path.
    step_path = np.repeat(np.arange(count), depth)
    first_step_row = np.cumsum(depth) - depth
    step = np.arange(step_path.size) - np.repeat(first_step_row, depth)
    step_code = step.copy()
    step_key = step.astype(np.float64)
    # A step in the middle that was never logged: its row becomes noise.
    lost = np.flatnonzero((depth >= 3) & (rng.random(count) < LOST_EVENT))
    at = first_step_row[lost] + 1 + (rng.random(lost.size) * (depth[lost] - 2)).astype(np.int64)
    step_code[at] = touchpoints + rng.integers(0, noise_codes, size=at.size)
    # Two neighbouring steps the other way round.
    swapped = np.flatnonzero((depth >= 2) & (rng.random(count) < OUT_OF_ORDER))
    at = first_step_row[swapped] + (rng.random(swapped.size) * (depth[swapped] - 1)).astype(
        np.int64
    )
    step_key[at] += 1.0
    step_key[at + 1] -= 1.0
    # Extra events: noise anywhere on the path, or a step done again later.
    extra_path = np.repeat(np.arange(count), extra)
    reached = depth[extra_path]
    is_repeat = rng.random(extra_path.size) < 0.25
    repeated = (rng.random(extra_path.size) * reached).astype(np.int64)
    extra_code = np.where(
        is_repeat, repeated, touchpoints + rng.integers(0, noise_codes, size=extra_path.size)
    )
    noise_key = rng.uniform(-0.5, reached + 0.5)
    repeat_key = repeated + rng.uniform(0.0, 1.0, size=extra_path.size) * (reached - repeated)
    extra_key = np.where(is_repeat, repeat_key, noise_key)
    path = np.concatenate([step_path, extra_path])
    order = np.lexsort((np.concatenate([step_key, extra_key]), path))
    path = path[order]
    code = np.concatenate([step_code, extra_code])[order]
    noise_row = code >= touchpoints
    # Times: strictly increasing on each path, minutes to days apart, all in the window.
    length = depth + extra
    first_row = np.cumsum(length) - length
    minutes = rng.random(path.size) < 0.6
    seconds = np.where(
        minutes,
        rng.lognormal(np.log(2 * _MINUTE), 1.2, size=path.size),
        rng.lognormal(np.log(_DAY), 1.0, size=path.size),
    )
    gaps = np.clip(seconds, 1, 14 * _DAY).astype(np.int64) * 1_000_000
    gaps[first_row] = 0
    offsets = np.cumsum(gaps)
    offsets -= np.repeat(offsets[first_row], length)
    span = offsets[first_row + length - 1]
    window = _WINDOW * 1_000_000
    too_long = span >= window
    if too_long.any():  # squeeze the rare path longer than the quarter into it
        factor = np.where(too_long, (window - 1) / np.maximum(span, 1), 1.0)
        offsets = (offsets * np.repeat(factor, length)).astype(np.int64)
        span = offsets[first_row + length - 1]
    start = (rng.random(count) * (window - span) // 1000).astype(np.int64) * 1000  # whole ms
    time = offsets + np.repeat(start, length)
    # Segments: one per path, spelled in varied case; noise before login has none.
    shares = [0.6, 0.4] if segments == 2 else [1 / segments] * segments
    segment = rng.choice(segments, size=count, p=shares)
    spelling = np.select([rng.random(count) < 0.8, rng.random(count) < 0.5], [0, 1], default=2)
    segment_code = np.repeat(segment * 3 + spelling, length)
    segment_code[noise_row & (rng.random(path.size) < 0.2)] = -1
    # An at-least-once pipeline: a row now and then comes twice (same path, time, event).
    twice = np.flatnonzero(rng.random(path.size - 1) < 0.001)
    twice = twice[path[twice] == path[twice + 1]]
    code[twice + 1] = code[twice]
    time[twice + 1] = time[twice]
    segment_code[twice + 1] = segment_code[twice]
    variant = np.repeat(rng.random(count) < 0.5, length).astype(np.int64)
    return {
        "path": path, "time": time, "code": code, "segment": segment_code, "variant": variant,
    }  # fmt: skip


def generate_log(
    path: str | Path,
    events: int = 10_000_000,
    paths: int = 1_600_000,
    touchpoints: int | None = None,
    seed: int = 11,
    *,
    chunk_paths: int = 25_000,
    shape: Shape | None = None,
) -> Path:
    """Write a benchmark log of exactly ``events`` rows and ``paths`` customers.

    The customers follow :func:`benchmark_workshop` (``step_1`` .. ``step_<touchpoints>``),
    dropping off at every step, sometimes repeating one, doing two the other way round or
    missing one in the logging, between events of :data:`NOISE_EVENTS`; a few rows come
    twice. Unless the shape is sorted, rows are shuffled within each row group and
    customer ids are in no order; a shuffled shape's rows are in no order across the
    whole file. Times are unique on each path (apart from the
    duplicates), so any sequential funnel gives the same counts whether it orders by time
    or by position.

    Written ``chunk_paths`` customers at a time (one row group each) to a temporary file
    that is renamed at the end, so memory stays near 300 MiB for any size (most of it the
    libraries and their allocators) and an interrupted run never leaves a file that looks
    complete. ``shape`` (default: :class:`Shape`) says which columns and types; a given
    ``touchpoints`` overrides the shape's.
    """
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    shape = shape or Shape()
    if touchpoints is not None:
        shape = Shape(**{**shape.__dict__, "touchpoints": touchpoints})
    shape.check()
    if paths < 1 or events < paths:
        raise ValueError("need at least one path and at least one event per path")
    if chunk_paths < 1:
        raise ValueError("touchpoints and chunk_paths must be at least 1")
    target = Path(path)
    rng = np.random.default_rng(seed)
    depth = _depths(paths, events, shape.touchpoints, rng)
    extra = _extras(paths, events - int(depth.sum()), rng)
    customer = np.arange(paths) + 1 if shape.sorted else rng.permutation(paths) + 1
    width = len(str(paths))
    names = pa.array([f"step_{k}" for k in range(1, shape.touchpoints + 1)] + list(NOISE_EVENTS))
    spellings = pa.array(
        [form for segment in shape.segments for form in _forms(segment)], type=pa.string()
    )
    start_us = int(np.datetime64(LOG_START, "us").astype(np.int64))
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with _Writer(partial, shape) as writer:
            for first in range(0, paths, chunk_paths):
                last = min(first + chunk_paths, paths)
                rows = _chunk(
                    depth[first:last], extra[first:last], shape.touchpoints, rng,
                    len(shape.segments),
                )  # fmt: skip
                order = (
                    np.arange(rows["path"].size)
                    if shape.sorted
                    else rng.permutation(rows["path"].size)
                )
                ids = pa.array([f"u{number:0{width}d}" for number in customer[first:last]])
                segment = rows["segment"][order]
                codes = pa.array(rows["code"][order].astype(np.int32))
                columns: dict[str, Any] = {
                    "user_id": ids.take(pa.array(rows["path"][order])),
                    "timestamp": pa.array(rows["time"][order] + start_us, type=pa.timestamp("us")),
                    "event": pa.DictionaryArray.from_arrays(codes, names)
                    if shape.dictionary
                    else names.take(codes),
                }
                if shape.segment:
                    columns["segment"] = spellings.take(pa.array(segment, mask=segment < 0))
                if shape.variant:
                    columns["variant"] = pa.array(VARIANTS).take(pa.array(rows["variant"][order]))
                writer.write(columns)
        if shape.shuffled:
            _shuffle(partial, target.with_name(f"{partial.name}.shuffled"))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


_SHUFFLE = """
import sys, duckdb
source, target, spill = (name.replace("'", "''") for name in sys.argv[1:4])
connection = duckdb.connect(
    config={"memory_limit": "2GB", "preserve_insertion_order": False, "temp_directory": spill}
)
connection.execute(
    f"COPY (SELECT * FROM read_parquet('{source}') ORDER BY hash(user_id, timestamp, event)) "
    f"TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)"
)
"""


def _shuffle(path: Path, scratch: Path) -> None:
    """Rewrite ``path`` with its rows in no order (by a hash of each row), DuckDB sorting
    on disk within 2 GB, in row groups of a million rows. In a process of its own: a
    child's peak memory counts what its parent held when it started it (Linux keeps it
    across fork and exec), and the benchmark measures the peaks of the children it
    starts after this."""
    spill = scratch.with_name(f"{scratch.name}.spill")
    try:
        command = [sys.executable, "-c", _SHUFFLE, str(path), str(scratch), str(spill)]
        subprocess.run(command, check=True)
        scratch.replace(path)
    finally:
        scratch.unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)


class _Writer:
    """Row groups to a Parquet file (times in the shape's unit) or a CSV file (ISO text)."""

    def __init__(self, path: Path, shape: Shape) -> None:
        self.path, self.shape = path, shape
        self.writer: Any = None

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *_: object) -> None:
        if self.writer is not None:
            self.writer.close()

    def write(self, columns: dict[str, Any]) -> None:
        import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
        import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

        time = columns["timestamp"]
        if self.shape.time == "csv":
            columns["timestamp"] = pc.strftime(time, format="%Y-%m-%dT%H:%M:%S")
            if self.shape.dictionary:
                columns["event"] = columns["event"].cast(pa.string())
        elif self.shape.time != "us":
            columns["timestamp"] = time.cast(pa.timestamp(self.shape.time))
        table = pa.table(columns)
        if self.writer is None:
            self.writer = self._open(table.schema)
        self.writer.write_table(table)

    def _open(self, schema: Any) -> Any:
        if self.shape.time == "csv":
            import pyarrow.csv as pcsv  # type: ignore[import-untyped, unused-ignore]

            return pcsv.CSVWriter(str(self.path), schema)
        import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

        return pq.ParquetWriter(self.path, schema)


def _forms(segment: str) -> tuple[str, str, str]:
    """The spellings of a segment in the benchmark log: as is, Title Case, UPPER CASE."""
    return segment, segment.title(), segment.upper()


__all__ = [
    "BENCHMARK_SEGMENTS", "PERSONA_SEGMENTS", "TIME_UNITS", "VARIANTS", "Shape",
    "benchmark_workshop", "generate_log",
]  # fmt: skip
