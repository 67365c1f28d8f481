"""pandas views of a workshop, and the way back from (edited) frames to a workshop.

Each entity list becomes one DataFrame in list order. Reference columns come in
pairs: ``stage_id`` holds the id the file stores, ``stage`` the name a reader wants.
Derived columns (counts, gaps, names) are there for analysis and are ignored on the
way back, which reads only the model's own fields. List cells hold Python lists;
on the way back a text cell is also accepted, one item per line (as CSV and Excel
exports write them), or a JSON list of strings when an item holds a line break itself
(``list_cell`` writes that form only then, so a hand-typed cell stays one item per line).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd

from .errors import Problem, WorkshopError
from .i18n import translate
from .measurements import impact_frame, measurements_frame, measurements_from_rows
from .model import Workshop
from .quadrants import quadrant_of
from .references import ENTITY_LISTS

W = TypeVar("W", bound=Workshop)

WORKSHOP_FRAME = "workshop"
MEASUREMENTS_FRAME = "measurements"
IMPACT_FRAME = "measured_impact"
RATINGS_FRAME = "ratings"
FRAME_NAMES = (WORKSHOP_FRAME, *ENTITY_LISTS, MEASUREMENTS_FRAME, IMPACT_FRAME, RATINGS_FRAME)

_NULLABLE_INT_COLUMNS = ("emotion", "severity", "max_severity", "effort", "impact")


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in _NULLABLE_INT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in ("baseline", "target", "actual", "gap", "mean_emotion"):
        if column in frame:
            frame[column] = frame[column].astype("float64")
    return frame


def workshop_frame(ws: Workshop) -> pd.DataFrame:
    """One row of workshop metadata: title, scope, language, dates, vision."""
    row = {
        "title": ws.title,
        "organisation": ws.organisation,
        "language": ws.language,
        "scope_journey": ws.scope.journey,
        "scope_part": ws.scope.part,
        "scope_note": ws.scope.note,
        "dates": [day.isoformat() for day in ws.dates],
        "vision_overall": ws.vision.overall,
        "vision_competitive_angle": ws.vision.competitive_angle,
        "revision": ws.revision,
        "extensions": json.dumps(ws.extensions, ensure_ascii=False, sort_keys=True),
    }
    return _frame([row], list(row))


def participants_frame(ws: Workshop) -> pd.DataFrame:
    rows = [item.model_dump() for item in ws.participants]
    return _frame(rows, ["id", "name", "department", "role"])


def personas_frame(ws: Workshop) -> pd.DataFrame:
    """Personas with their feelings split by valence and how many touchpoints they have."""
    rows = []
    for persona in ws.personas:
        rows.append(
            {
                **persona.model_dump(exclude={"feelings"}),
                "feelings_positive": [f.text for f in persona.feelings if f.valence == "positive"],
                "feelings_negative": [f.text for f in persona.feelings if f.valence == "negative"],
                "touchpoint_count": len(ws.journey(persona.id)),
            }
        )
    columns = [
        "id", "name", "segment", "description", "job_to_be_done", "goals", "needs",
        "challenges", "feelings_positive", "feelings_negative", "touchpoint_count",
    ]  # fmt: skip
    return _frame(rows, columns)


def stages_frame(ws: Workshop) -> pd.DataFrame:
    """Stages in journey order with their touchpoint count and mean emotion score."""
    rows = []
    for position, stage in enumerate(ws.stages):
        scores = [tp.emotion for tp in ws.touchpoints if tp.stage == stage.id and tp.emotion]
        rows.append(
            {
                **stage.model_dump(),
                "position": position,
                "touchpoint_count": sum(tp.stage == stage.id for tp in ws.touchpoints),
                "mean_emotion": sum(scores) / len(scores) if scores else math.nan,
            }
        )
    columns = [
        "id", "position", "name", "description", "contact", "vision",
        "touchpoint_count", "mean_emotion",
    ]  # fmt: skip
    return _frame(rows, columns)


def channels_frame(ws: Workshop) -> pd.DataFrame:
    uses = Counter(tp.channel for tp in ws.touchpoints)
    rows = [{**item.model_dump(), "touchpoint_count": uses[item.id]} for item in ws.channels]
    return _frame(rows, ["id", "name", "kind", "touchpoint_count"])


def touchpoints_frame(ws: Workshop) -> pd.DataFrame:
    """Touchpoints with persona, stage and channel names, pain points and metrics counted."""
    personas = ws.by_id("personas")
    stages = ws.by_id("stages")
    stage_position = {stage_id: index for index, stage_id in enumerate(stages)}
    channels = ws.by_id("channels")
    pains: dict[str, list[int]] = {}
    for pain in ws.pain_points:
        for tp_id in pain.touchpoints:
            pains.setdefault(tp_id, []).append(pain.severity or 0)
    metric_count = Counter(metric.touchpoint for metric in ws.metrics)
    rows = []
    for tp in ws.touchpoints:
        severities = pains.get(tp.id, [])
        channel = channels.get(tp.channel)
        rows.append(
            {
                "id": tp.id,
                "persona_id": tp.persona,
                "persona": personas[tp.persona].name if tp.persona in personas else None,
                "stage_id": tp.stage,
                "stage": stages[tp.stage].name if tp.stage in stages else None,
                "stage_position": stage_position.get(tp.stage),
                "channel_id": tp.channel,
                "channel": channel.name if channel else None,
                "channel_kind": channel.kind if channel else None,
                "order": tp.order,
                "title": tp.title,
                "action": tp.action,
                "thought": tp.thought,
                "emotion": tp.emotion,
                "feeling": tp.feeling,
                "moment_of_truth": tp.moment_of_truth,
                "journey": tp.journey,
                "backoffice_processes": list(tp.backoffice.processes),
                "backoffice_systems": list(tp.backoffice.systems),
                "backoffice_department": tp.backoffice.department,
                "signals": list(tp.signals),
                "pain_point_count": len(severities),
                "max_severity": (max(severities) or None) if severities else None,
                "metric_count": metric_count[tp.id],
            }
        )
    columns = [
        "id", "persona_id", "persona", "stage_id", "stage", "stage_position", "channel_id",
        "channel", "channel_kind", "order", "title", "action", "thought", "emotion", "feeling",
        "moment_of_truth", "journey", "backoffice_processes", "backoffice_systems",
        "backoffice_department", "signals", "pain_point_count", "max_severity", "metric_count",
    ]  # fmt: skip
    return _frame(rows, columns)


def pain_points_frame(ws: Workshop) -> pd.DataFrame:
    """Pain points with the titles of the touchpoints they hurt and how many ideas answer them."""
    touchpoints = ws.by_id("touchpoints")
    answered = Counter(pp_id for idea in ws.ideas for pp_id in idea.pain_points)
    rows = [
        {
            "id": pain.id,
            "touchpoint_ids": list(pain.touchpoints),
            "touchpoints": [touchpoints[t].title for t in pain.touchpoints if t in touchpoints],
            "touchpoint_count": len(pain.touchpoints),
            "text": pain.text,
            "severity": pain.severity,
            "source": pain.source,
            "idea_count": answered[pain.id],
        }
        for pain in ws.pain_points
    ]
    columns = [
        "id", "touchpoint_ids", "touchpoints", "touchpoint_count", "text", "severity",
        "source", "idea_count",
    ]  # fmt: skip
    return _frame(rows, columns)


def ideas_frame(ws: Workshop) -> pd.DataFrame:
    """Ideas with their pain points named and the matrix quadrant their scores put them in."""
    pains = ws.by_id("pain_points")
    rows = [
        {
            **idea.model_dump(exclude={"pain_points"}),
            "pain_point_ids": list(idea.pain_points),
            "pain_points": [pains[p].text for p in idea.pain_points if p in pains],
            "quadrant": quadrant_of(idea.effort, idea.impact),
        }
        for idea in ws.ideas
    ]
    columns = [
        "id", "text", "pain_point_ids", "pain_points", "effort", "impact", "quadrant",
        "status", "owner", "decision_note", "launched_on",
    ]  # fmt: skip
    frame = _frame(rows, columns)
    frame["launched_on"] = pd.to_datetime(frame["launched_on"])
    return frame


def metrics_frame(ws: Workshop) -> pd.DataFrame:
    """Metrics with their touchpoint and stage named and the gap to target computed."""
    touchpoints = ws.by_id("touchpoints")
    stages = ws.by_id("stages")
    rows = []
    for metric in ws.metrics:
        tp = touchpoints.get(metric.touchpoint) if metric.touchpoint else None
        gap = metric.gap()
        rows.append(
            {
                **metric.model_dump(exclude={"touchpoint"}),
                "touchpoint_id": metric.touchpoint,
                "touchpoint": tp.title if tp else None,
                "stage": stages[tp.stage].name if tp and tp.stage in stages else None,
                "gap": math.nan if gap is None else gap,
            }
        )
    columns = [
        "id", "touchpoint_id", "touchpoint", "stage", "name", "kind", "unit", "better",
        "baseline", "target", "actual", "gap", "source",
    ]  # fmt: skip
    return _frame(rows, columns)


def ratings_frame(ws: Workshop) -> pd.DataFrame:
    """The room's ratings and dot votes, one row per participant, target and field, with
    the participant's and the target's names beside the ids."""
    names = {p.id: p.name for p in ws.participants}
    targets = {tp.id: tp.title for tp in ws.touchpoints} | {i.id: i.text for i in ws.ideas}
    rows = [
        {
            **rating.model_dump(),
            "participant_name": names.get(rating.participant),
            "target_name": targets.get(rating.target),
        }
        for rating in ws.ratings
    ]
    columns = ["participant", "target", "field", "value", "at", "participant_name", "target_name"]
    frame = pd.DataFrame(rows, columns=columns)  # not _frame: "target" is an id here
    frame["value"] = frame["value"].astype("int64")
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame


FRAME_BUILDERS: dict[str, Callable[[Workshop], pd.DataFrame]] = {
    WORKSHOP_FRAME: workshop_frame,
    "participants": participants_frame,
    "personas": personas_frame,
    "stages": stages_frame,
    "channels": channels_frame,
    "touchpoints": touchpoints_frame,
    "pain_points": pain_points_frame,
    "ideas": ideas_frame,
    "metrics": metrics_frame,
    MEASUREMENTS_FRAME: measurements_frame,
    IMPACT_FRAME: impact_frame,
    RATINGS_FRAME: ratings_frame,
}


def workshop_frames(ws: Workshop) -> dict[str, pd.DataFrame]:
    """Every frame, keyed ``workshop``, ``participants``, ``personas``, ... ``metrics``."""
    return {name: build(ws) for name, build in FRAME_BUILDERS.items()}


class WorkshopFrames(Mapping[str, pd.DataFrame]):
    """``workshop.frames``: each frame as an attribute or key, built when it is read, so
    analysts type ``ws.frames.touchpoints`` and always see the workshop as it is now."""

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws

    def __getitem__(self, name: str) -> pd.DataFrame:
        return FRAME_BUILDERS[name](self._ws)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in FRAME_BUILDERS:
            return FRAME_BUILDERS[name](self._ws)
        raise AttributeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(FRAME_BUILDERS)

    def __len__(self) -> int:
        return len(FRAME_BUILDERS)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *FRAME_BUILDERS]


# -- the way back ------------------------------------------------------------------


def plain_value(value: Any) -> Any:
    """A frame cell as plain Python: missing values become None, numpy scalars Python ones."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def list_cell(items: list[Any]) -> str:
    """A list as one text cell: one item per line, or a JSON list when that would be
    ambiguous (an item holding a line break, or a first line that looks like JSON)."""
    texts = [str(item) for item in items]
    joined = "\n".join(texts)
    if any("\n" in text or "\r" in text for text in texts) or joined.lstrip().startswith("["):
        return json.dumps(texts, ensure_ascii=False)
    return joined


def _json_list(text: str) -> list[str] | None:
    """The items of a cell ``list_cell`` wrote as JSON, or None for any other text."""
    if not text.lstrip().startswith("["):
        return None
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return [item.strip() for item in items if item.strip()]
    return None


def _text_list(value: Any) -> list[Any]:
    value = plain_value(value)
    if value is None:
        return []
    if isinstance(value, str):
        as_json = _json_list(value)
        if as_json is not None:
            return as_json
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    value = plain_value(value)
    return "" if value is None else str(value)


def _day(value: Any) -> Any:
    """A date cell (a Timestamp from pandas, a date, or ISO text) as the file's ISO date."""
    value = plain_value(value)
    if value is None or value == "":
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text[:10] if text[10:11] in (" ", "T") else text  # "2026-10-15 00:00:00" from CSV


def _optional_id(value: Any) -> Any:
    value = plain_value(value)
    return None if value == "" else value


def _rows(frames: Mapping[str, pd.DataFrame], name: str) -> list[dict[str, Any]]:
    frame = frames.get(name)
    if frame is None:
        return []
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def _pick(row: dict[str, Any], *fields: str) -> dict[str, Any]:
    """The model fields present in ``row``, as plain Python; absent columns keep defaults."""
    return {field: plain_value(row[field]) for field in fields if field in row}


def _texts(row: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {field: _text(row[field]) for field in fields if field in row}


def _lists(row: dict[str, Any], **columns: str) -> dict[str, Any]:
    return {field: _text_list(row[column]) for field, column in columns.items() if column in row}


def _document(frames: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    meta_rows = _rows(frames, WORKSHOP_FRAME)
    if len(meta_rows) != 1:
        raise WorkshopError.single(WORKSHOP_FRAME, translate("frames.workshop_row"))
    meta = meta_rows[0]
    extensions = _text(meta.get("extensions")) or "{}"
    document: dict[str, Any] = {
        **_pick(meta, "title", "language", "revision"),
        **_texts(meta, "organisation"),
        "scope": {
            "journey": plain_value(meta.get("scope_journey")) or "whole",
            "part": _text(meta.get("scope_part")),
            "note": _text(meta.get("scope_note")),
        },
        "dates": _text_list(meta.get("dates")),
        "vision": {
            "overall": _text(meta.get("vision_overall")),
            "competitive_angle": _text(meta.get("vision_competitive_angle")),
        },
    }
    try:
        document["extensions"] = json.loads(extensions)
    except json.JSONDecodeError:
        raise WorkshopError.single(
            f"{WORKSHOP_FRAME}.extensions", translate("frames.extensions_json")
        ) from None
    document["participants"] = [
        {**_pick(r, "id"), **_texts(r, "name", "department", "role")}
        for r in _rows(frames, "participants")
    ]
    document["personas"] = [
        {
            **_pick(r, "id"),
            **_texts(r, "name", "segment", "description", "job_to_be_done"),
            **_lists(r, goals="goals", needs="needs", challenges="challenges"),
            "feelings": [
                {"text": text, "valence": valence}
                for valence in ("positive", "negative")
                for text in _text_list(r.get(f"feelings_{valence}"))
            ],
        }
        for r in _rows(frames, "personas")
    ]
    document["stages"] = [
        {**_pick(r, "id", "contact"), **_texts(r, "name", "description", "vision")}
        for r in _rows(frames, "stages")
    ]
    document["channels"] = [_pick(r, "id", "name", "kind") for r in _rows(frames, "channels")]
    document["touchpoints"] = [
        {
            **_pick(r, "id", "order", "emotion", "moment_of_truth", "journey", "title"),
            "persona": _optional_id(r.get("persona_id")),
            "stage": plain_value(r.get("stage_id")),
            "channel": plain_value(r.get("channel_id")),
            **_texts(r, "action", "thought", "feeling"),
            "backoffice": {
                **_lists(r, processes="backoffice_processes", systems="backoffice_systems"),
                "department": _text(r.get("backoffice_department")),
            },
            **_lists(r, signals="signals"),
        }
        for r in _rows(frames, "touchpoints")
    ]
    document["pain_points"] = [
        {
            **_pick(r, "id", "text", "severity", "source"),
            **_lists(r, touchpoints="touchpoint_ids"),
        }
        for r in _rows(frames, "pain_points")
    ]
    document["ideas"] = [
        {
            **_pick(r, "id", "text", "effort", "impact", "status"),
            **_texts(r, "owner", "decision_note"),
            "launched_on": _day(r.get("launched_on")),
            **_lists(r, pain_points="pain_point_ids"),
        }
        for r in _rows(frames, "ideas")
    ]
    document["metrics"] = [
        {
            **_pick(r, "id", "name", "kind", "better", "baseline", "target", "actual"),
            **_texts(r, "unit", "source"),
            "touchpoint": _optional_id(r.get("touchpoint_id")),
        }
        for r in _rows(frames, "metrics")
    ]
    document["measurements"] = measurements_from_rows(
        _rows(frames, MEASUREMENTS_FRAME), _rows(frames, IMPACT_FRAME)
    )
    document["ratings"] = [
        _pick(r, "participant", "target", "field", "value", "at")
        for r in _rows(frames, RATINGS_FRAME)
    ]
    return document


def workshop_from_frames(
    frames: Mapping[str, pd.DataFrame],
    kind: type[W] = Workshop,  # type: ignore[assignment]
) -> W:
    """A validated workshop (an instance of ``kind``) from frames shaped like
    ``workshop_frames``' output.

    Problems are reported as ``<frame>[<row>].<field>``, matching the frame's rows.
    """
    unknown = sorted(set(frames) - set(FRAME_NAMES))
    if unknown:
        raise WorkshopError(
            [
                Problem(name, translate("frames.unknown_frame", choices=", ".join(FRAME_NAMES)))
                for name in unknown
            ]
        )
    return kind.from_dict(_document(frames))
