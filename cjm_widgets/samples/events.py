"""The sample workshop's event log, to try journey monitoring on.

``cjm monitor`` compares the journey a workshop mapped with what customers really do, as
the organisation's systems logged it. To try it (in a demo, a test, a training) people
need a log that behaves like a real one, and real logs are untidy: customers give up
where the workshop found pain, repeat a step (open the bill image twice, call support
again), do steps out of order, leave events that no touchpoint names (logins, FAQ
views, password resets), arrive twice from a pipeline that delivers at least once, and
come unsorted. :func:`sample_events` makes such a log for the sample workshop (or any
workshop whose touchpoints have ``signals``), the same every time for the same seed.

The benchmarks' big log (``benchmarks/event_log.py``, beside the package) is untidy in
the same ways: it takes the period, the noise events and the chances of a lost or a
swapped step from here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..store import write_file
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
LOST_EVENT = 0.04
"""Chance that one step in the middle of a path was never logged (a tracking gap)."""
OUT_OF_ORDER = 0.06
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
    if len(reached) >= 3 and rng.random() < LOST_EVENT:
        del reached[int(rng.integers(1, len(reached) - 1))]
    times: list[int] = []
    offset = 0
    for index, step in enumerate(reached):
        if index:
            offset += _gap(rng, step.stage == reached[index - 1].stage)
        times.append(offset)
    if len(reached) >= 2 and rng.random() < OUT_OF_ORDER:
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
    from ..csv_files import write_csv  # pandas loads with the first log, not with the samples

    target = Path(path)
    frame = sample_events(ws, paths=paths, seed=seed)
    if target.suffix.lower() in (".parquet", ".pq"):
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return write_file(target, buffer.getvalue())  # atomic, like every file the kit writes
    return write_csv(target, frame, bom=False)  # a log for the engines, not a spreadsheet


__all__ = [
    "COLUMNS",
    "LOG_END",
    "LOG_START",
    "LOST_EVENT",
    "NOISE_EVENTS",
    "OUT_OF_ORDER",
    "sample_events",
    "write_sample_events",
]
