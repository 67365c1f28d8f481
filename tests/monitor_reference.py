"""A plain pandas oracle for journey monitoring, written straight from the contract.

It is slow on purpose: one Python loop per path, no clever joins, so that each number can
be read against its definition. The engine in ``cjm_widgets.monitor`` must give the same
answers; the tests compare the two.

Definitions (abridged from the contract):

* cleaning: rows with a null path, time or event are dropped; rows with the same path,
  time and event count once; the order of the rows does not matter.
* a path's segment is the first non-null segment value of its events in time order;
  it matches a persona's segment ignoring case and surrounding spaces; a persona with an
  empty segment takes every path, and so does every persona when the log has no segment
  column (the contract does not say; this is the reading that keeps such logs useful).
* ``start``/``end`` keep the paths whose first event falls on a day in [start, end].
* the measured steps of a journey are its touchpoints with signals; the sequential
  (funnel) match is greedy: step 1 at the path's earliest event of step 1, step k at the
  earliest event of step k strictly after step k-1.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from cjm_widgets import model

FUNNEL_COLUMNS = [
    "persona_id",
    "persona",
    "touchpoint_id",
    "touchpoint",
    "stage",
    "signals",
    "paths",
    "conversion_rate",
    "step_conversion_rate",
    "reach",
    "repeat_paths",
    "median_seconds_to_next",
    "p90_seconds_to_next",
]
FUNNEL_NUMBERS = FUNNEL_COLUMNS[6:]
UNMAPPED_COLUMNS = ["event", "paths", "events", "difference", "q_value"]
"""The last two come from the signals (tests/test_signals.py): empty on these small logs."""
VARIANT_COLUMNS = ["persona_id", "persona", "variant", "paths", "share"]
SEGMENT_KEY_COLUMNS = ["persona_id", "persona", "touchpoint_id", "touchpoint"]
MAX_VARIANTS = 20
NAN = math.nan


@dataclass
class Path:
    """One customer's cleaned events, sorted by time, and the segment they belong to."""

    events: list[tuple[datetime, str]]
    segment: str | None  # lower-cased and stripped; None when no event carries one


@dataclass
class Journey:
    persona_id: str
    persona_name: str
    segment: str  # lower-cased and stripped; "" means every path
    touchpoints: list[model.Touchpoint]


@dataclass
class Reference:
    funnel: pd.DataFrame
    unmapped: pd.DataFrame
    variants: pd.DataFrame
    segments: pd.DataFrame | None


def normal_segment(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return str(value).strip().lower()


# -- reading the log ------------------------------------------------------------------


def clean_paths(
    events: pd.DataFrame,
    *,
    path_col: str,
    time_col: str,
    event_col: str,
    segment_col: str | None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Path]:
    """path id -> its cleaned events, with the date filter applied."""
    rows: dict[str, dict[tuple[datetime, str], Any]] = {}
    for record in events.to_dict("records"):
        path, time, event = record[path_col], record[time_col], record[event_col]
        if pd.isna(path) or pd.isna(time) or pd.isna(event):
            continue
        time = pd.Timestamp(time).to_pydatetime()
        segment = record[segment_col] if segment_col is not None else None
        seen = rows.setdefault(str(path), {})
        # an exact duplicate (same path, time and event) counts once
        if normal_segment(seen.get((time, str(event)))) is None:
            seen[(time, str(event))] = segment
    paths: dict[str, Path] = {}
    for path_id, seen in rows.items():
        ordered = sorted(seen)
        first_day = ordered[0][0].date()
        if start is not None and first_day < start:
            continue
        if end is not None and first_day > end:
            continue
        segment = None
        for key in ordered:  # the first non-null segment in time order
            segment = normal_segment(seen[key])
            if segment is not None:
                break
        paths[path_id] = Path(events=ordered, segment=segment)
    return paths


def journeys(workshop: model.Workshop, persona: str | None) -> list[Journey]:
    if not workshop.personas:
        return [Journey("", "", "", workshop.journey(None, state="current"))]
    chosen = workshop.personas
    if persona is not None:
        chosen = [p for p in workshop.personas if p.id == persona] or [
            p for p in workshop.personas if p.name == persona
        ]
        if not chosen:
            raise KeyError(persona)
    return [
        Journey(p.id, p.name, p.segment.strip().lower(), workshop.journey(p.id, state="current"))
        for p in chosen
    ]


# -- one path against one journey ---------------------------------------------------------


def sequential_times(path: Path, steps: list[model.Touchpoint]) -> list[datetime]:
    """The times of the measured steps the path reaches in order (greedy, earliest match)."""
    times: list[datetime] = []
    previous: datetime | None = None
    for step in steps:
        found = [
            time
            for time, event in path.events
            if event in step.signals and (previous is None or time > previous)
        ]
        if not found:
            break
        previous = min(found)
        times.append(previous)
    return times


def step_events(path: Path, step: model.Touchpoint) -> list[datetime]:
    return [time for time, event in path.events if event in step.signals]


def quantile(values: list[float], q: float) -> float:
    """Exact quantile with linear interpolation between the two nearest ranks."""
    if not values:
        return NAN
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def rate(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else NAN


# -- the four tables ----------------------------------------------------------------


def funnel_rows(
    journey: Journey, workshop: model.Workshop, paths: list[Path]
) -> list[dict[str, Any]]:
    stage_names = {stage.id: stage.name for stage in workshop.stages}
    steps = [tp for tp in journey.touchpoints if tp.signals]
    reached = [sequential_times(path, steps) for path in paths]
    counts = [sum(1 for times in reached if len(times) > k) for k in range(len(steps))]
    rows = []
    for tp in journey.touchpoints:
        row: dict[str, Any] = {
            "persona_id": journey.persona_id,
            "persona": journey.persona_name,
            "touchpoint_id": tp.id,
            "touchpoint": tp.title,
            "stage": stage_names.get(tp.stage, ""),
            "signals": ";".join(tp.signals),
        }
        row.update(dict.fromkeys(FUNNEL_NUMBERS, NAN))
        if tp.signals:
            k = steps.index(tp)
            gaps = [
                (times[k + 1] - times[k]).total_seconds() for times in reached if len(times) > k + 1
            ]
            row.update(
                paths=counts[k],
                conversion_rate=rate(counts[k], counts[0]),
                step_conversion_rate=NAN if k == 0 else rate(counts[k], counts[k - 1]),
                reach=sum(1 for path in paths if step_events(path, tp)),
                repeat_paths=sum(1 for path in paths if len(step_events(path, tp)) > 1),
                median_seconds_to_next=quantile(gaps, 0.5),
                p90_seconds_to_next=quantile(gaps, 0.9),
            )
        rows.append(row)
    return rows


def variant_rows(journey: Journey, paths: list[Path]) -> list[dict[str, Any]]:
    steps = [tp for tp in journey.touchpoints if tp.signals]
    variants: Counter[str] = Counter()
    for path in paths:
        firsts = [
            (min(times), position, step.id)
            for position, step in enumerate(steps)
            if (times := step_events(path, step))
        ]
        if firsts:
            variants[" > ".join(step_id for _, _, step_id in sorted(firsts))] += 1
    total = sum(variants.values())
    ranked = sorted(variants.items(), key=lambda item: (-item[1], item[0]))[:MAX_VARIANTS]
    return [
        {
            "persona_id": journey.persona_id,
            "persona": journey.persona_name,
            "variant": variant,
            "paths": count,
            "share": count / total,
        }
        for variant, count in ranked
    ]


def unmapped_frame(workshop: model.Workshop, paths: dict[str, Path]) -> pd.DataFrame:
    known = {signal for tp in workshop.touchpoints for signal in tp.signals}
    events: Counter[str] = Counter()
    holders: dict[str, set[str]] = {}
    for path_id, path in paths.items():
        for _, event in path.events:
            if event not in known:
                events[event] += 1
                holders.setdefault(event, set()).add(path_id)
    rows = [
        {"event": event, "paths": len(holders[event]), "events": count}
        for event, count in events.items()
    ]
    rows.sort(key=lambda row: (-row["events"], -row["paths"], row["event"]))
    frame = pd.DataFrame(rows, columns=UNMAPPED_COLUMNS[:3])
    return frame.assign(difference=math.nan, q_value=math.nan)


def segments_frame(
    workshop: model.Workshop, chosen: list[Journey], paths: dict[str, Path]
) -> pd.DataFrame:
    values = sorted({path.segment for path in paths.values() if path.segment is not None})
    columns = list(SEGMENT_KEY_COLUMNS)
    for value in values:
        columns += [f"paths[{value}]", f"conversion_rate[{value}]"]
    rows = []
    for journey in chosen:
        measured = [row for row in funnel_rows(journey, workshop, []) if row["signals"]]
        rows.extend({key: row[key] for key in SEGMENT_KEY_COLUMNS} for row in measured)
    frame = pd.DataFrame(rows, columns=columns)
    for value in values:
        members = [path for path in paths.values() if path.segment == value]
        numbers = [
            row
            for journey in chosen
            for row in funnel_rows(journey, workshop, members)
            if row["signals"]
        ]
        frame[f"paths[{value}]"] = [row["paths"] for row in numbers]
        frame[f"conversion_rate[{value}]"] = [row["conversion_rate"] for row in numbers]
    return frame


def reference(
    workshop: model.Workshop,
    events: pd.DataFrame,
    *,
    path_col: str = "user_id",
    time_col: str = "timestamp",
    event_col: str = "event",
    segment_col: str | None = None,
    persona: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Reference:
    """The contract's four tables for ``events``, computed the slow, obvious way."""
    paths = clean_paths(
        events,
        path_col=path_col,
        time_col=time_col,
        event_col=event_col,
        segment_col=segment_col,
        start=start,
        end=end,
    )
    chosen = journeys(workshop, persona)
    funnel: list[dict[str, Any]] = []
    variants: list[dict[str, Any]] = []
    for journey in chosen:
        # with no segment column in the log, no path can be told apart: all of them count
        members = [
            path
            for path in paths.values()
            if segment_col is None or not journey.segment or path.segment == journey.segment
        ]
        funnel += funnel_rows(journey, workshop, members)
        variants += variant_rows(journey, members)
    return Reference(
        funnel=pd.DataFrame(funnel, columns=FUNNEL_COLUMNS),
        unmapped=unmapped_frame(workshop, paths),
        variants=pd.DataFrame(variants, columns=VARIANT_COLUMNS),
        segments=None if segment_col is None else segments_frame(workshop, chosen, paths),
    )
