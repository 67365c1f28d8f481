"""``monitor()``: every mapped journey measured on an event log, as pandas DataFrames.

The measures are Ibis expressions (``measures``) run by the chosen engine; this module
only decides which journeys to measure, runs each expression once and lays the small
results out as the tables people read (funnel, unmapped events, variants, segments).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from ..errors import CjmError, CjmWarning
from ..i18n import translate
from ..measurements import felt_vs_measured
from ..model import Idea, Workshop
from ..store import make_folder, write_file
from . import measures
from .journeys import Journey, Step, all_signals, journeys_to_measure
from .source import EventLog, Events, LogOptions, connect, open_log
from .stats import Rate, compare

FUNNEL_COLUMNS = [
    "persona_id", "persona", "touchpoint_id", "touchpoint", "stage", "signals", "paths",
    "conversion_rate", "step_conversion_rate", "reach", "repeat_paths",
    "median_seconds_to_next", "p90_seconds_to_next",
]  # fmt: skip
UNMAPPED_COLUMNS = ["event", "paths", "events"]
VARIANT_COLUMNS = ["persona_id", "persona", "variant", "paths", "share"]
SEGMENT_KEY_COLUMNS = ["persona_id", "persona", "touchpoint_id", "touchpoint"]
IMPACT_COLUMNS = [
    "idea_id", "touchpoint_id", "before", "after", "difference", "ci_low", "ci_high",
    "p_value", "paths_before", "paths_after",
]  # fmt: skip
AB_COLUMNS = [
    "persona_id", "touchpoint_id", "variant", "paths", "step_conversion_rate", "ci_low",
    "ci_high", "difference", "diff_ci_low", "diff_ci_high", "p_value",
]  # fmt: skip

Progress = Callable[[str], Any]


@dataclass(frozen=True)
class MonitorResult:
    """The measured journeys: ``funnel``, ``unmapped``, ``variants`` and, when the log has
    a segment column, ``segments`` (None otherwise). Full precision; round when showing."""

    funnel: pd.DataFrame
    unmapped: pd.DataFrame
    variants: pd.DataFrame
    segments: pd.DataFrame | None
    engine: str
    felt_vs_measured: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Per journey, the room's emotion against the step conversion, flagged where they
    disagree (``measurements.felt_vs_measured``)."""
    impact: pd.DataFrame | None = None
    """Launched ideas' touchpoints before and after the launch (None: nothing launched).
    Besides ``IMPACT_COLUMNS`` it has ``small_sample``, which ``impact.csv`` leaves out."""
    ab: pd.DataFrame | None = None
    """Each variant's step conversions against control (None: no ``variant_col``)."""
    period: tuple[datetime, datetime] | None = None
    """The first and the last event measured (None: the log had no paths to measure)."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """File name -> table, as ``write`` names them."""
        found = {
            "funnel.csv": self.funnel,
            "unmapped.csv": self.unmapped,
            "variants.csv": self.variants,
        }
        if self.segments is not None:
            found["segments.csv"] = self.segments
        found["felt_vs_measured.csv"] = self.felt_vs_measured
        if self.impact is not None:
            found["impact.csv"] = self.impact[IMPACT_COLUMNS]
        if self.ab is not None:
            found["ab.csv"] = self.ab[AB_COLUMNS]
        return found

    def small_samples(self) -> int:
        """How many impact and A/B rows rest on too few paths to call significant."""
        count = 0
        if self.impact is not None:
            count += int(self.impact["small_sample"].sum())
        if self.ab is not None:
            count += int(self.ab["small_sample"].sum())
        return count

    def write(self, folder: str | Path) -> list[Path]:
        """The tables as CSV files in ``folder`` (created if missing); returns the paths."""
        target = make_folder(Path(folder))
        return [
            write_file(target / name, table.to_csv(index=False).encode("utf-8"))
            for name, table in self.tables().items()
        ]


def _ratio(part: float | None, whole: float | None) -> float:
    if part is None or whole is None or whole == 0 or math.isnan(whole):
        return math.nan
    return float(part) / float(whole)


def _number(value: Any) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def _key(journey: Journey, step: Step) -> dict[str, Any]:
    """The columns that say which journey and touchpoint a row is about."""
    return {
        "persona_id": journey.persona_id,
        "persona": journey.persona,
        "touchpoint_id": step.touchpoint_id,
        "touchpoint": step.title,
    }


def _funnel_rows(
    journey: Journey, figures: dict[str, Any], reach: dict[int, tuple[int, int]]
) -> list[dict[str, Any]]:
    rows = []
    measured = journey.measured
    first_paths = figures.get("paths_0")
    for step in journey.steps:
        row = {**_key(journey, step), "stage": step.stage, "signals": ";".join(step.signals)}
        k = step.index
        if k is None:
            rows.append(row)
            continue
        paths = int(figures[f"paths_{k}"] or 0)
        previous = figures.get(f"paths_{k - 1}") if k > 0 else None
        reached, repeated = reach.get(k, (0, 0))
        last = k == len(measured) - 1
        row.update(
            paths=paths,
            conversion_rate=_ratio(paths, first_paths),
            step_conversion_rate=math.nan if k == 0 else _ratio(paths, previous),
            reach=reached,
            repeat_paths=repeated,
            median_seconds_to_next=math.nan if last else _number(figures.get(f"median_{k}")),
            p90_seconds_to_next=math.nan if last else _number(figures.get(f"p90_{k}")),
        )
        rows.append(row)
    return rows


def _segment_rows(
    journey: Journey, table: pd.DataFrame, segments: list[str]
) -> list[dict[str, Any]]:
    rows = []
    by_segment = {str(row["segment"]): row for row in table.to_dict("records")}
    for step in journey.measured:
        row = _key(journey, step)
        for segment in segments:
            figures = by_segment.get(segment, {})
            paths = int(figures.get(f"paths_{step.index}") or 0)
            row[f"paths[{segment}]"] = paths
            row[f"conversion_rate[{segment}]"] = _ratio(paths, figures.get("paths_0"))
        rows.append(row)
    return rows


def _segment_table(rows: list[dict[str, Any]], segments: list[str]) -> pd.DataFrame:
    columns = [*SEGMENT_KEY_COLUMNS]
    for segment in segments:
        columns += [f"paths[{segment}]", f"conversion_rate[{segment}]"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({f"paths[{segment}]": "Int64" for segment in segments})


@dataclass
class _Rows:
    """What the journeys add up to, table by table."""

    funnel: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)
    impact: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    ab: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class _Extras:
    """The comparisons asked for: launched ideas' touchpoints, and the A/B variants."""

    targets: list[tuple[Idea, list[str]]]
    variants: ir.Table | None = None
    control: str = ""
    variant_names: tuple[str, ...] = ()


def _rate(figures: dict[str, Any], k: int) -> Rate:
    """Step ``k``'s conversion from a funnel row: paths at k of paths at k-1."""
    return Rate(int(figures.get(f"paths_{k}") or 0), int(figures.get(f"paths_{k - 1}") or 0))


def _impact_rows(
    journey: Journey,
    reached: ir.Table,
    keep: ir.Table | None,
    log: EventLog,
    extras: _Extras,
    rows: _Rows,
) -> None:
    """Before/after rows for the launched ideas' touchpoints this journey measures (the
    first journey that measures a touchpoint's step conversion speaks for it)."""
    count = len(journey.measured)
    index = {step.touchpoint_id: step.index for step in journey.measured}
    for idea, touchpoints in extras.targets:
        wanted = [tp for tp in touchpoints if index.get(tp) and (idea.id, tp) not in rows.impact]
        if not wanted or idea.launched_on is None:
            continue
        launched = datetime.combine(idea.launched_on, time())
        groups = measures.launch_groups(log, launched).cache()  # Spark: no self-join of the log
        table = measures.funnel_by_segment(reached, count, groups, keep).to_pandas()
        by_group = {str(row["segment"]): row for row in table.to_dict("records")}
        for tp in wanted:
            k = index[tp]
            assert k is not None
            before = _rate(by_group.get("before", {}), k)
            after = _rate(by_group.get("after", {}), k)
            effect = compare(before, after)
            rows.impact[(idea.id, tp)] = {
                "idea_id": idea.id,
                "touchpoint_id": tp,
                "before": before.value,
                "after": after.value,
                "difference": effect.difference,
                "ci_low": effect.ci_low,
                "ci_high": effect.ci_high,
                "p_value": effect.p_value,
                "paths_before": before.entered,
                "paths_after": after.entered,
                "small_sample": effect.small_sample,
            }


def _ab_rows(
    journey: Journey, reached: ir.Table, keep: ir.Table | None, extras: _Extras, rows: _Rows
) -> None:
    """Each variant's step conversions on this journey, against the control variant."""
    assert extras.variants is not None
    count = len(journey.measured)
    table = measures.funnel_by_segment(reached, count, extras.variants, keep).to_pandas()
    by_variant = {str(row["segment"]): row for row in table.to_dict("records")}
    control = by_variant.get(extras.control, {})
    for step in journey.measured:
        k = step.index
        assert k is not None
        for name in extras.variant_names:
            figures = by_variant.get(name, {})
            row: dict[str, Any] = {
                "persona_id": journey.persona_id,
                "touchpoint_id": step.touchpoint_id,
                "variant": name,
                "paths": int(figures.get(f"paths_{k}") or 0),
                "step_conversion_rate": math.nan,
                "ci_low": math.nan,
                "ci_high": math.nan,
                "difference": math.nan,
                "diff_ci_low": math.nan,
                "diff_ci_high": math.nan,
                "p_value": math.nan,
                "small_sample": False,
            }
            if k > 0:
                rate = _rate(figures, k)
                low, high = rate.interval()
                row.update(step_conversion_rate=rate.value, ci_low=low, ci_high=high)
                if name == extras.control:
                    row["difference"] = 0.0
                else:
                    effect = compare(_rate(control, k), rate)
                    row.update(
                        difference=effect.difference,
                        diff_ci_low=effect.ci_low,
                        diff_ci_high=effect.ci_high,
                        p_value=effect.p_value,
                        small_sample=effect.small_sample,
                    )
            rows.ab.append(row)


def _measure_journey(
    log: EventLog,
    journey: Journey,
    segments: ir.Table | None,
    segment_names: list[str],
    extras: _Extras,
    rows: _Rows,
) -> None:
    """Add one journey's funnel, variant, segment, impact and A/B rows to ``rows``."""
    if not journey.measured:
        rows.funnel += _funnel_rows(journey, {}, {})
        return
    count = len(journey.measured)
    hits = measures.step_events(log, journey).cache()
    reached = measures.sequence(hits, count).cache()
    keep = None
    if journey.segment and segments is not None:
        keep = measures.segment_paths(segments, journey)
    figures = measures.funnel(reached, count, keep).to_pandas().iloc[0].to_dict()
    steps = measures.per_path_steps(hits).cache()
    reach = {
        int(row["step"]): (int(row["reach"]), int(row["repeat_paths"] or 0))
        for row in measures.reach(steps, keep).to_pandas().to_dict("records")
    }
    orders = measures.variants(steps, journey, keep).to_pandas()
    orders = orders.sort_values(["paths", "variant"], ascending=[False, True]).head(
        measures.MAX_VARIANTS
    )
    variant_rows = [
        {
            "persona_id": journey.persona_id,
            "persona": journey.persona,
            "variant": row["variant"],
            "paths": int(row["paths"]),
            "share": _ratio(int(row["paths"]), int(row["total"])),
        }
        for row in orders.to_dict("records")
    ]
    if segments is not None:
        by_segment = measures.funnel_by_segment(reached, count, segments).to_pandas()
        rows.segments += _segment_rows(journey, by_segment, segment_names)
    rows.funnel += _funnel_rows(journey, figures, reach)
    rows.variants += variant_rows
    if extras.targets:
        _impact_rows(journey, reached, keep, log, extras, rows)
    if extras.variants is not None:
        _ab_rows(journey, reached, keep, extras, rows)


def monitor(
    workshop: Workshop,
    events: Events,
    *,
    persona: str | None = None,
    engine: str = "duckdb",
    spark_master: str = "local[*]",
    path_col: str | None = None,
    time_col: str | None = None,
    event_col: str | None = None,
    segment_col: str | None = None,
    variant_col: str | None = None,
    control: str | None = None,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> MonitorResult:
    """Measure each persona's journey (or ``persona``'s, by id or name) on ``events``.

    ``events``: CSV or Parquet files or globs, a pandas DataFrame, an Ibis table or a
    DuckDB relation. ``start``/``end`` keep the paths whose first event falls between
    them. Ideas with ``launched_on`` get before/after figures (``impact``); with
    ``variant_col`` each variant is compared with ``control`` (default: the first value
    in sort order) in ``ab``. Raises CjmError (naming the column, value or file, and the
    fix) on bad input; warns (CjmWarning) about launched ideas it cannot measure.
    """
    journeys = journeys_to_measure(workshop, persona)
    if start is not None and end is not None and start > end:
        raise CjmError(translate("monitor.bad_period", start=start, end=end))
    options = LogOptions(
        path_col, time_col, event_col, segment_col, variant_col, start=start, end=end
    )
    targets = _launched_targets(workshop, journeys if persona is None else None)
    try:
        return _measure_all(
            workshop, journeys, events, engine, spark_master, options, progress, targets, control
        )
    except CjmError:
        raise
    except Exception as error:  # the engine's own errors (a broken file, a cluster down)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CjmError(translate("monitor.engine_failed", engine=engine, reason=reason)) from None


def _backend_of(events: Events) -> Any:
    """The engine an Ibis table already lives on (its measures run there), or None."""
    if isinstance(events, ir.Table):
        try:
            return events.get_backend()
        except Exception:  # an in-memory table with no engine yet: use the chosen one
            return None
    return None


def _launched_targets(ws: Workshop, journeys: list[Journey] | None) -> list[tuple[Idea, list[str]]]:
    """Each launched idea with the touchpoints it targets (those of its pain points);
    warns about a launched idea with none, or none whose step conversion any journey of
    the workshop measures (``journeys``: every persona's, None to build them)."""
    pains = ws.by_id("pain_points")
    journeys = journeys_to_measure(ws) if journeys is None else journeys
    measured = {
        step.touchpoint_id for journey in journeys for step in journey.measured if step.index
    }
    targets = []
    for idea in ws.ideas:
        if idea.launched_on is None:
            continue
        touchpoints = list(
            dict.fromkeys(tp for pain in idea.pain_points for tp in pains[pain].touchpoints)
        )
        if not touchpoints:
            warnings.warn(
                CjmWarning(translate("monitor.launched_no_touchpoint", idea=idea.id)),
                stacklevel=3,
            )
        elif not measured.intersection(touchpoints):
            warnings.warn(
                CjmWarning(
                    translate(
                        "monitor.launched_not_measured", idea=idea.id,
                        touchpoints=", ".join(touchpoints),
                    )
                ),
                stacklevel=3,
            )  # fmt: skip
        else:
            targets.append((idea, touchpoints))
    return targets


def _variant_extras(
    log: EventLog, column: str, control: str | None, targets: list[tuple[Idea, list[str]]]
) -> _Extras:
    """The paths' variants, checked: at least two, and the control among them."""
    variants = measures.path_segments(log, "variant").cache()
    names = tuple(sorted(str(v) for v in measures.segment_values(variants).to_pandas()["segment"]))
    if len(names) < 2:
        raise CjmError(
            translate(
                "monitor.one_variant", column=column,
                values=", ".join(names) or "-",
            )
        )  # fmt: skip
    chosen = names[0] if control is None else control
    if chosen not in names:
        choices = ", ".join(names)
        raise CjmError(
            translate("monitor.unknown_control", value=chosen, column=column, choices=choices)
        )
    return _Extras(targets, variants, chosen, names)


def _measure_all(
    workshop: Workshop,
    journeys: list[Journey],
    events: Events,
    engine: str,
    spark_master: str,
    options: LogOptions,
    progress: Progress | None,
    targets: list[tuple[Idea, list[str]]],
    control: str | None,
) -> MonitorResult:
    backend = _backend_of(events) or connect(engine, spark_master)
    log = open_log(events, backend, options)
    extras = _Extras(targets)
    if options.variant_col is not None:
        extras = _variant_extras(log, options.variant_col, control, targets)
    elif control is not None:
        raise CjmError(translate("monitor.control_without_variant"))
    rows = _Rows()
    segments: list[str] = []
    per_path: ir.Table | None = None
    if log.has_segment:
        per_path = measures.path_segments(log).cache()
        found_segments = measures.segment_values(per_path).to_pandas()
        segments = sorted(str(value) for value in found_segments["segment"])
    for number, journey in enumerate(journeys, start=1):
        if progress is not None:
            name = journey.persona or journey.persona_id or "-"
            progress(
                translate("monitor.progress", persona=name, number=number, total=len(journeys))
            )
        _measure_journey(log, journey, per_path, segments, extras, rows)
    unmapped = measures.unmapped(log, all_signals(workshop)).to_pandas()
    counts = {"paths": "Int64", "reach": "Int64", "repeat_paths": "Int64"}
    funnel = pd.DataFrame(rows.funnel, columns=FUNNEL_COLUMNS).astype(counts)
    when = measures.period(log).to_pandas().iloc[0]
    first, last = when["first"], when["last"]
    return MonitorResult(
        funnel=funnel,
        unmapped=unmapped[UNMAPPED_COLUMNS].reset_index(drop=True),
        variants=pd.DataFrame(rows.variants, columns=VARIANT_COLUMNS),
        segments=_segment_table(rows.segments, segments) if log.has_segment else None,
        engine=engine,
        felt_vs_measured=felt_vs_measured(workshop, funnel),
        impact=_impact_table(rows, targets) if targets else None,
        ab=_ab_table(rows) if extras.variants is not None else None,
        period=None if pd.isna(first) else (_moment(first), _moment(last)),
    )


def _moment(value: Any) -> datetime:
    """An engine's timestamp as a plain datetime, to the second (as durations are)."""
    moment = pd.Timestamp(value).to_pydatetime()
    return moment.replace(microsecond=0, tzinfo=None)


def _impact_table(rows: _Rows, targets: list[tuple[Idea, list[str]]]) -> pd.DataFrame:
    """Impact rows in the order of the ideas and their touchpoints."""
    ordered = [
        rows.impact[(idea.id, tp)]
        for idea, touchpoints in targets
        for tp in touchpoints
        if (idea.id, tp) in rows.impact
    ]
    table = pd.DataFrame(ordered, columns=[*IMPACT_COLUMNS, "small_sample"])
    return table.astype({"paths_before": "Int64", "paths_after": "Int64", "small_sample": bool})


def _ab_table(rows: _Rows) -> pd.DataFrame:
    table = pd.DataFrame(rows.ab, columns=[*AB_COLUMNS, "small_sample"])
    return table.astype({"paths": "Int64", "small_sample": bool})
