"""Event logs to try journey monitoring on: the sample workshop's, and big ones for benchmarks.

``cjm monitor`` compares the journey a workshop mapped with what customers really do, as
the organisation's systems logged it. To try it (in a demo, a test, a training) people
need a log that behaves like a real one, and real logs are untidy: customers give up
where the workshop found pain, repeat a step (open the bill image twice, call support
again), do steps out of order, leave events that no touchpoint names (logins, FAQ
views, password resets), arrive twice from a pipeline that delivers at least once, and
come unsorted. :func:`sample_events` makes such a log for the sample workshop (or any
workshop whose touchpoints have ``signals``), the same every time for the same seed.

Benchmarks need the same untidiness at the size of a utility's quarter (10 million
events of 1.6 million customers): :func:`generate_log` writes it to Parquet chunk by
chunk, so the generator itself stays far below the memory the engine is allowed, and
:func:`benchmark_workshop` is the plain eight-step journey that log follows.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..store import write_file
from ..workshop import Workshop
from . import sample_workshop

if TYPE_CHECKING:
    import pandas as pd

    from .. import model

LOG_START = datetime(2026, 9, 1)
"""First moment of the logs: the quarter after the sample workshop's dates."""
LOG_END = datetime(2026, 12, 1)
"""The logs end before this moment (September to November 2026)."""

NOISE_EVENTS = (
    "login",
    "faq_viewed",
    "support_chat_started",
    "password_reset",
    "logout",
    "contact_details_updated",
)
"""Events that real logs are full of and no touchpoint of the sample signals."""

COLUMNS = ("user_id", "timestamp", "event", "segment")
"""The columns of every generated log, in this order (the monitor guesses them by name)."""

BENCHMARK_SEGMENTS = ("digital first", "moving from paper")
"""Segments of the benchmark log's customers (its persona has none, so it measures all)."""

_SECOND = 1
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_WINDOW = int((LOG_END - LOG_START).total_seconds())

_BASE_KEEP = 0.96
"""Share of customers who go on from one measured touchpoint to the next when nothing hurts."""
_KEEP_LOST_PER_SEVERITY = 0.06
"""Each point of a touchpoint's worst pain point loses this share more of the customers."""
_UNSEEN_KEEP = {"tp-pay-einvoice": 0.82}
"""Drop-off the sample's workshop did not know of: the room rated approving the payment
best, but the bank session times out for many (what "felt versus measured" is for)."""
_REPEAT = 0.05
"""Chance that a customer does a painless step again."""
_REPEAT_WHEN_HURTS = 0.22
"""Chance that a customer does a painful step again (a second look at the bill, a second call)."""
_LOST_EVENT = 0.04
"""Chance that one step in the middle of a path was never logged (a tracking gap)."""
_OUT_OF_ORDER = 0.06
"""Chance that a path does two neighbouring steps the other way round."""
_NOISE_PER_PATH = 1.5
"""Mean number of events per path that no touchpoint signals."""
_NOISE_WITHOUT_SEGMENT = 0.3
"""Share of noise events logged before the customer is known, so without a segment."""
_DUPLICATES = 0.005
"""Share of rows that an at-least-once pipeline delivers twice."""


@dataclass(frozen=True)
class _Step:
    """One measured touchpoint of a persona's journey, as the generator walks it."""

    signals: tuple[str, ...]
    stage: str
    keep: float
    repeat: float


@dataclass(frozen=True)
class _Journey:
    segment: str
    steps: tuple[_Step, ...]


def _journeys(ws: model.Workshop, day: date | None = None) -> list[_Journey]:
    """Each persona's measured current journey, with drop-off and repeats from its pain.

    A step that hurts (one of its pain points, the worse the fewer) is where customers
    give up: in the sample, the e-invoice order that asks for a customer number and the
    bill that does not explain its amount. Painful steps are also the ones people repeat.
    From ``day`` on, pain points answered by an idea launched by then no longer hurt,
    so the log shows the launch's effect (what ``cjm monitor`` reports as impact).
    """
    fixed = {
        pain
        for idea in ws.ideas
        if idea.launched_on is not None and day is not None and idea.launched_on <= day
        for pain in idea.pain_points
    }
    severity: dict[str, int] = {}
    for pain in ws.pain_points:
        if pain.id in fixed:
            continue
        for tp_id in pain.touchpoints:
            severity[tp_id] = max(severity.get(tp_id, 0), pain.severity or 3)
    owners: list[tuple[str | None, str]] = [(p.id, p.segment) for p in ws.personas] or [(None, "")]
    journeys = []
    for persona, segment in owners:
        steps = tuple(
            _Step(
                signals=tuple(tp.signals),
                stage=tp.stage,
                keep=min(
                    _BASE_KEEP - _KEEP_LOST_PER_SEVERITY * max(severity.get(tp.id, 1) - 1, 0),
                    _UNSEEN_KEEP.get(tp.id, 1.0),
                ),
                repeat=_REPEAT_WHEN_HURTS if tp.id in severity else _REPEAT,
            )
            for tp in ws.journey(persona, state="current")
            if tp.signals
        )
        if steps:
            journeys.append(_Journey(segment.strip(), steps))
    if not journeys:
        raise ValueError("no touchpoint of the workshop's current journeys has signals")
    return journeys


def _spelling(segment: str, rng: np.random.Generator) -> str:
    """How one source system writes the segment: mostly as the workshop does, not always."""
    draw = rng.random()
    if draw < 0.70:
        return segment
    if draw < 0.85:
        return segment.title()
    if draw < 0.95:
        return segment.upper()
    return segment + " "


def _gap(rng: np.random.Generator, same_stage: bool) -> int:
    """Seconds between two steps: minutes within a stage, hours to days between stages."""
    if same_stage:
        seconds = rng.lognormal(np.log(4 * _MINUTE), 1.0)
    else:
        seconds = rng.lognormal(np.log(1.5 * _DAY), 0.9)
    return int(min(max(seconds, 1), 12 * _DAY))


def _walk(journey: _Journey, rng: np.random.Generator) -> tuple[list[int], list[str], list[bool]]:
    """One customer's events on their journey: offsets in seconds, names, and which are noise."""
    reached = [journey.steps[0]]
    for step in journey.steps[1:]:
        if rng.random() >= step.keep:
            break
        reached.append(step)
    if len(reached) >= 3 and rng.random() < _LOST_EVENT:
        del reached[int(rng.integers(1, len(reached) - 1))]
    times: list[int] = []
    offset = 0
    for index, step in enumerate(reached):
        if index:
            offset += _gap(rng, step.stage == reached[index - 1].stage)
        times.append(offset)
    if len(reached) >= 2 and rng.random() < _OUT_OF_ORDER:
        swap = int(rng.integers(0, len(reached) - 1))
        times[swap], times[swap + 1] = times[swap + 1], times[swap]
    names = [str(rng.choice(step.signals)) for step in reached]
    for index, step in enumerate(reached):
        if rng.random() < step.repeat:
            for _ in range(1 + int(rng.random() < 0.3)):
                later = int(rng.lognormal(np.log(30 * _MINUTE), 1.3)) + 1
                times.append(times[index] + min(later, 3 * _DAY))
                names.append(names[index])
    noise = [False] * len(names)
    span = max(times)
    for _ in range(int(rng.poisson(_NOISE_PER_PATH))):
        times.append(int(rng.integers(-_DAY, span + _DAY + 1)))
        names.append(str(rng.choice(NOISE_EVENTS)))
        noise.append(True)
    return times, names, noise


def sample_events(
    ws: model.Workshop | None = None, *, paths: int = 2000, seed: int = 7
) -> pd.DataFrame:
    """An untidy but realistic event log of ``paths`` customers on ``ws``'s journeys.

    ``ws`` defaults to the sample workshop. Each customer (``user_id``) belongs to one
    persona's ``segment`` (spelled in varied case now and then, as source systems do)
    and walks that persona's current journey: the touchpoints with ``signals``, in
    journey order, each logged as one of its signals. Customers drop off on the way,
    most at painful steps; some repeat steps, do two neighbouring steps the other way
    round, or miss one in the logging; they also leave events no touchpoint signals
    (:data:`NOISE_EVENTS`), some without a segment. A few rows come twice, and the rows
    are shuffled. Times fall in September to November 2026, minutes to days apart;
    customers still on their way when the log ends are cut off there.

    The same ``ws``, ``paths`` and ``seed`` give the same frame. Columns: ``user_id``,
    ``timestamp`` (datetime64), ``event`` and ``segment`` (strings, segment may be null).
    """
    import pandas as pd

    if paths < 1:
        raise ValueError("paths must be at least 1")
    workshop = sample_workshop() if ws is None else ws
    journeys = _journeys(workshop)
    launches = sorted({i.launched_on for i in workshop.ideas if i.launched_on is not None})
    after = {day: _journeys(workshop, day) for day in launches}
    rng = np.random.default_rng(seed)
    customer_numbers = rng.choice(9 * max(paths, 100_000), size=paths, replace=False) + 100_000
    users: list[str] = []
    offsets: list[int] = []
    events: list[str] = []
    segments: list[str | None] = []
    for number in customer_numbers:
        which = int(rng.integers(len(journeys)))
        journey = journeys[which]
        times, names, noise = _walk(journey, rng)
        first, span = min(times), max(times) - min(times)
        start = int(rng.integers(0, max(_WINDOW - min(span, _WINDOW // 2), 1))) - first
        began = (LOG_START + timedelta(seconds=start + first)).date()
        launched = [day for day in launches if day <= began]
        if launched:  # a customer who started after a launch walks the changed journey
            times, names, noise = _walk(after[launched[-1]][which], rng)
            times = [time - min(times) + first for time in times]
        spelled = _spelling(journey.segment, rng) if journey.segment else None
        for time, name, is_noise in zip(times, names, noise, strict=True):
            if 0 <= start + time < _WINDOW:
                unknown = is_noise and rng.random() < _NOISE_WITHOUT_SEGMENT
                users.append(f"C{number}")
                offsets.append(start + time)
                events.append(name)
                segments.append(None if unknown else spelled)
    twice = rng.choice(len(users), size=max(1, int(len(users) * _DUPLICATES)), replace=False)
    order = rng.permutation(np.concatenate([np.arange(len(users)), twice]))
    seconds = np.asarray(offsets, dtype=np.int64)[order]
    timestamps = np.datetime64(LOG_START, "s") + seconds.astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "user_id": pd.Series([users[i] for i in order], dtype=object),
            "timestamp": pd.Series(timestamps.astype("datetime64[us]")),
            "event": pd.Series([events[i] for i in order], dtype=object),
            "segment": pd.Series([segments[i] for i in order], dtype=object),
        }
    ).astype({"user_id": "string", "event": "string", "segment": "string"})


def write_sample_events(
    path: str | Path, ws: model.Workshop | None = None, *, paths: int = 2000, seed: int = 7
) -> Path:
    """Write :func:`sample_events` to ``path``: Parquet for ``.parquet``, otherwise CSV."""
    target = Path(path)
    frame = sample_events(ws, paths=paths, seed=seed)
    if target.suffix.lower() in (".parquet", ".pq"):
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        payload = buffer.getvalue()
    else:
        payload = frame.to_csv(index=False).encode("utf-8")
    return write_file(target, payload)  # atomic, like every file the kit writes


def benchmark_workshop(touchpoints: int = 8) -> Workshop:
    """The journey :func:`generate_log` follows: one persona (no segment, so every path
    counts), one stage per touchpoint, touchpoint k signalled by ``step_k``."""
    if touchpoints < 1:
        raise ValueError("touchpoints must be at least 1")
    numbers = range(1, touchpoints + 1)
    return Workshop.from_dict(
        {
            "title": f"Benchmark journey of {touchpoints} steps",
            "organisation": "Benchmark Oy",
            "personas": [{"id": "pe-customer", "name": "Every customer"}],
            "stages": [{"id": f"st-{k}", "name": f"Stage {k}"} for k in numbers],
            "channels": [{"id": "ch-web", "name": "Website", "kind": "digital"}],
            "touchpoints": [
                {
                    "id": f"tp-step-{k}",
                    "persona": "pe-customer",
                    "stage": f"st-{k}",
                    "channel": "ch-web",
                    "order": 1,
                    "title": f"Step {k}",
                    "signals": [f"step_{k}"],
                }
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
    lost = np.flatnonzero((depth >= 3) & (rng.random(count) < _LOST_EVENT))
    at = first_step_row[lost] + 1 + (rng.random(lost.size) * (depth[lost] - 2)).astype(np.int64)
    step_code[at] = touchpoints + rng.integers(0, noise_codes, size=at.size)
    # Two neighbouring steps the other way round.
    swapped = np.flatnonzero((depth >= 2) & (rng.random(count) < _OUT_OF_ORDER))
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
    segment = rng.choice(len(BENCHMARK_SEGMENTS), size=count, p=[0.6, 0.4])
    spelling = np.select([rng.random(count) < 0.8, rng.random(count) < 0.5], [0, 1], default=2)
    segment_code = np.repeat(segment * 3 + spelling, length)
    segment_code[noise_row & (rng.random(path.size) < 0.2)] = -1
    # An at-least-once pipeline: a row now and then comes twice (same path, time, event).
    twice = np.flatnonzero(rng.random(path.size - 1) < 0.001)
    twice = twice[path[twice] == path[twice + 1]]
    code[twice + 1] = code[twice]
    time[twice + 1] = time[twice]
    segment_code[twice + 1] = segment_code[twice]
    return {"path": path, "time": time, "code": code, "segment": segment_code}


def generate_log(
    path: str | Path,
    events: int = 10_000_000,
    paths: int = 1_600_000,
    touchpoints: int = 8,
    seed: int = 11,
    *,
    chunk_paths: int = 25_000,
) -> Path:
    """Write a benchmark log of exactly ``events`` rows and ``paths`` customers to Parquet.

    The customers follow :func:`benchmark_workshop` (``step_1`` .. ``step_<touchpoints>``),
    dropping off at every step, sometimes repeating one, doing two the other way round or
    missing one in the logging, between events of :data:`NOISE_EVENTS`; a few rows come
    twice; rows are shuffled within each row group and customer ids are in no order.
    Times are unique on each path (apart from the duplicates), so any sequential funnel
    gives the same counts whether it orders by time or by position.

    Written ``chunk_paths`` customers at a time (one row group each) to a temporary file
    that is renamed at the end, so memory stays near 300 MiB for any size (most of it the
    libraries and their allocators) and an interrupted run never leaves a file that looks
    complete.
    """
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    if paths < 1 or events < paths:
        raise ValueError("need at least one path and at least one event per path")
    if touchpoints < 1 or chunk_paths < 1:
        raise ValueError("touchpoints and chunk_paths must be at least 1")
    target = Path(path)
    rng = np.random.default_rng(seed)
    depth = _depths(paths, events, touchpoints, rng)
    extra = _extras(paths, events - int(depth.sum()), rng)
    customer = rng.permutation(paths) + 1
    width = len(str(paths))
    names = pa.array([f"step_{k}" for k in range(1, touchpoints + 1)] + list(NOISE_EVENTS))
    spellings = pa.array(
        [form for segment in BENCHMARK_SEGMENTS for form in _forms(segment)], type=pa.string()
    )
    schema = pa.schema(
        [
            ("user_id", pa.string()),
            ("timestamp", pa.timestamp("us")),
            ("event", pa.string()),
            ("segment", pa.string()),
        ]
    )
    start_us = int(np.datetime64(LOG_START, "us").astype(np.int64))
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with pq.ParquetWriter(partial, schema) as writer:
            for first in range(0, paths, chunk_paths):
                last = min(first + chunk_paths, paths)
                rows = _chunk(depth[first:last], extra[first:last], touchpoints, rng)
                shuffle = rng.permutation(rows["path"].size)
                ids = pa.array([f"u{number:0{width}d}" for number in customer[first:last]])
                segment = rows["segment"][shuffle]
                table = pa.table(
                    {
                        "user_id": ids.take(pa.array(rows["path"][shuffle])),
                        "timestamp": pa.array(
                            rows["time"][shuffle] + start_us, type=pa.timestamp("us")
                        ),
                        "event": names.take(pa.array(rows["code"][shuffle])),
                        "segment": spellings.take(pa.array(segment, mask=segment < 0)),
                    },
                    schema=schema,
                )
                writer.write_table(table)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _forms(segment: str) -> tuple[str, str, str]:
    """The spellings of a segment in the benchmark log: as is, Title Case, UPPER CASE."""
    return segment, segment.title(), segment.upper()


__all__ = [
    "COLUMNS",
    "LOG_END",
    "LOG_START",
    "NOISE_EVENTS",
    "benchmark_workshop",
    "generate_log",
    "sample_events",
    "write_sample_events",
]
