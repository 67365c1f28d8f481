"""Every table of a workshop, declared once: its columns, their types and the fields they hold.

A column has a language-neutral header key (the frame's column, the CSV and Excel
header), the model field it holds (dotted when nested: ``backoffice.systems``; none for a
column derived for analysis) and a cell type saying how a value becomes a cell and back.
The frames, their way back, the CSV and Excel files, the sticky-note import's columns and
the field names ``cjm diff`` reports are all read from here, so they cannot drift apart.

Every top-level list of the workshop has a table (``undeclared_lists`` names any that has
not, and the exports refuse to lose it). A table whose items hold a list of their own
(a snapshot's steps) has a row per entry of it; a second table can add entries of
another inner list (a snapshot's impact) to the items the first one holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_origin

from ..model import Workshop
from . import derived
from .cells import (
    COUNT,
    DATES,
    DAY,
    DERIVED,
    DERIVED_NUMBER,
    DERIVED_SCORE,
    FLAG,
    INTEGER,
    JSON_OBJECT,
    JSON_VALUE,
    MOMENT,
    NUMBER,
    OPTIONAL_ID,
    SCORE,
    TEXT,
    TEXTS,
    VALUE,
    Cell,
    feelings,
    or_default,
)


@dataclass(frozen=True)
class Column:
    """One column: its header key, the model field it holds (None: derived) and its type."""

    header: str
    field: str | None
    cell: Cell


def stored(header: str, cell: Cell = VALUE, field: str | None = None) -> Column:
    """A column holding a model field (named like the header unless ``field`` says)."""
    return Column(header, field or header, cell)


def computed(header: str, cell: Cell = DERIVED) -> Column:
    """A column computed for analysis and ignored on the way back."""
    return Column(header, None, cell)


@dataclass(frozen=True)
class Table:
    """One frame, CSV file and Excel sheet.

    ``list_name`` is the workshop list its rows come from ("" for the workshop's own row);
    ``key`` the field that tells its items apart (``id``; none for ratings). With
    ``nested``, a row per entry of that list inside each item; an ``owner`` table
    also has a row for an item whose list is empty, and holds the items' own fields, while
    a table that is not the owner adds entries to the items another table holds, matched
    by ``id``. ``extras`` gives each row's derived columns.
    """

    name: str
    list_name: str
    columns: tuple[Column, ...]
    key: str = ""
    nested: str = ""
    owner: bool = True
    extras: Callable[[Workshop], derived.Row] | None = None

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def stored(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.field is not None)


WORKSHOP_TABLE = Table("workshop", "", (
    stored("title"), stored("organisation", TEXT), stored("language"), stored("timezone"),
    stored("scope_journey", or_default("whole"), "scope.journey"),
    stored("scope_part", TEXT, "scope.part"), stored("scope_note", TEXT, "scope.note"),
    stored("dates", DATES),
    stored("vision_overall", TEXT, "vision.overall"),
    stored("vision_competitive_angle", TEXT, "vision.competitive_angle"),
    stored("revision", INTEGER), stored("extensions", JSON_OBJECT),
))  # fmt: skip

TABLES: tuple[Table, ...] = (
    WORKSHOP_TABLE,
    Table("participants", "participants", key="id", columns=(
        stored("id"), stored("name", TEXT), stored("department", TEXT), stored("role", TEXT),
    )),
    Table("personas", "personas", key="id", columns=(
        stored("id"), stored("name", TEXT), stored("segment", TEXT),
        stored("description", TEXT), stored("job_to_be_done", TEXT), stored("goals", TEXTS),
        stored("needs", TEXTS), stored("challenges", TEXTS),
        stored("feelings_positive", feelings("positive"), "feelings"),
        stored("feelings_negative", feelings("negative"), "feelings"),
        computed("touchpoint_count"),
    ), extras=derived.persona_extras),
    Table("stages", "stages", key="id", columns=(
        stored("id"), computed("position"), stored("name", TEXT), stored("description", TEXT),
        stored("contact"), stored("vision", TEXT), computed("touchpoint_count"),
        computed("mean_emotion", DERIVED_NUMBER),
    ), extras=derived.stage_extras),
    Table("channels", "channels", key="id", columns=(
        stored("id"), stored("name"), stored("kind"), computed("touchpoint_count"),
    ), extras=derived.channel_extras),
    Table("touchpoints", "touchpoints", key="id", columns=(
        stored("id"), stored("persona_id", OPTIONAL_ID, "persona"), computed("persona"),
        stored("stage_id", VALUE, "stage"), computed("stage"), computed("stage_position"),
        stored("channel_id", VALUE, "channel"), computed("channel"), computed("channel_kind"),
        stored("order", INTEGER), stored("title"), stored("action", TEXT),
        stored("thought", TEXT), stored("emotion", SCORE), stored("feeling", TEXT),
        stored("moment_of_truth", FLAG), stored("journey"),
        stored("backoffice_processes", TEXTS, "backoffice.processes"),
        stored("backoffice_systems", TEXTS, "backoffice.systems"),
        stored("backoffice_department", TEXT, "backoffice.department"),
        stored("signals", TEXTS), computed("pain_point_count"),
        computed("max_severity", DERIVED_SCORE), computed("metric_count"),
    ), extras=derived.touchpoint_extras),
    Table("pain_points", "pain_points", key="id", columns=(
        stored("id"), stored("touchpoint_ids", TEXTS, "touchpoints"), computed("touchpoints"),
        computed("touchpoint_count"), stored("text"), stored("severity", SCORE),
        stored("source"), computed("idea_count"),
    ), extras=derived.pain_point_extras),
    Table("ideas", "ideas", key="id", columns=(
        stored("id"), stored("text"), stored("pain_point_ids", TEXTS, "pain_points"),
        computed("pain_points"), stored("effort", SCORE), stored("impact", SCORE),
        computed("quadrant"), stored("status"), stored("owner", TEXT),
        stored("decision_note", TEXT), stored("launched_on", DAY),
    ), extras=derived.idea_extras),
    Table("metrics", "metrics", key="id", columns=(
        stored("id"), stored("touchpoint_id", OPTIONAL_ID, "touchpoint"), computed("touchpoint"),
        computed("stage"), stored("name"), stored("kind"), stored("unit", TEXT),
        stored("better"), stored("baseline", NUMBER), stored("target", NUMBER),
        stored("actual", NUMBER), computed("gap", DERIVED_NUMBER), stored("source", TEXT),
    ), extras=derived.metric_extras),
    Table("nudges", "nudges", key="id", columns=(
        stored("id"), stored("title"), stored("persona_id", OPTIONAL_ID, "persona"),
        computed("persona"), stored("idea_id", OPTIONAL_ID, "idea"), computed("idea"),
        stored("owner", TEXT), stored("after_id", VALUE, "after"), computed("after_touchpoint"),
        stored("until_id", VALUE, "until"), computed("until_touchpoint"),
        stored("wait_hours", INTEGER), stored("expire_hours", INTEGER),
        stored("channel"), stored("message"), stored("holdout", NUMBER),
        stored("quiet_hours", OPTIONAL_ID), stored("active", FLAG),
        stored("start", DAY), stored("end", DAY),
        stored("only_if_event", OPTIONAL_ID), stored("unless_event", OPTIONAL_ID),
    ), extras=derived.nudge_extras),
    Table("measurements", "measurements", key="id", columns=(
        stored("snapshot_id", VALUE, "id"), computed("current"),
        stored("period_start", MOMENT), stored("period_end", MOMENT), stored("source", TEXT),
        stored("engine", TEXT), stored("measured_at", MOMENT),
        stored("persona_id", OPTIONAL_ID, "steps.persona"),
        stored("touchpoint_id", VALUE, "steps.touchpoint"),
        stored("touchpoint", TEXT, "steps.title"),
        stored("paths", SCORE, "steps.paths"),
        stored("conversion_rate", NUMBER, "steps.conversion_rate"),
        stored("step_conversion_rate", NUMBER, "steps.step_conversion_rate"),
        stored("reach", SCORE, "steps.reach"),
        stored("repeat_paths", SCORE, "steps.repeat_paths"),
        stored("median_seconds_to_next", NUMBER, "steps.median_seconds_to_next"),
        stored("p90_seconds_to_next", NUMBER, "steps.p90_seconds_to_next"),
    ), nested="steps", extras=derived.measurement_extras),
    Table("measured_impact", "measurements", key="id", columns=(
        stored("snapshot_id", VALUE, "id"),
        stored("idea_id", VALUE, "impact.idea"),
        stored("touchpoint_id", VALUE, "impact.touchpoint"),
        *(stored(name, NUMBER, f"impact.{name}")
          for name in ("before", "after", "difference", "ci_low", "ci_high", "p_value")),
        stored("paths_before", COUNT, "impact.paths_before"),
        stored("paths_after", COUNT, "impact.paths_after"),
        stored("small_sample", FLAG, "impact.small_sample"),
    ), nested="impact", owner=False),
    Table("measured_nudges", "measurements", key="id", columns=(
        stored("snapshot_id", VALUE, "id"),
        stored("nudge_id", VALUE, "nudges.nudge"),
        stored("touchpoint_id", VALUE, "nudges.touchpoint"),
        stored("customers_treatment", COUNT, "nudges.customers_treatment"),
        stored("customers_holdout", COUNT, "nudges.customers_holdout"),
        *(stored(name, NUMBER, f"nudges.{name}")
          for name in ("treatment_rate", "holdout_rate", "difference", "ci_low", "ci_high",
                       "p_value")),
        stored("small_sample", FLAG, "nudges.small_sample"),
    ), nested="nudges", owner=False),
    Table("measured_signals", "measurements", key="id", columns=(
        stored("snapshot_id", VALUE, "id"),
        stored("persona_id", OPTIONAL_ID, "signals.persona"),
        stored("touchpoint_id", VALUE, "signals.touchpoint"),
        stored("event", TEXT, "signals.event"),
        stored("customers_with", COUNT, "signals.customers_with"),
        stored("customers_without", COUNT, "signals.customers_without"),
        *(stored(name, NUMBER, f"signals.{name}")
          for name in ("success_with", "success_without", "difference", "ci_low", "ci_high",
                       "q_value")),
    ), nested="signals", owner=False),
    Table("ratings", "ratings", columns=(
        stored("participant"), stored("target"), stored("field"), stored("value", INTEGER),
        stored("at", MOMENT), computed("participant_name"), computed("target_name"),
    ), extras=derived.rating_extras),
    Table("conflicts", "conflicts", columns=(
        stored("kind"), stored("list_name", TEXT), stored("id", TEXT), stored("title", TEXT),
        stored("field", TEXT), stored("base", JSON_VALUE), stored("ours", JSON_VALUE),
        stored("theirs", JSON_VALUE),
    )),
)  # fmt: skip
"""Every table, in the order of the frames, the CSV files and the workbook's sheets."""


@dataclass(frozen=True)
class NoteColumn:
    """A column of the sticky-note CSV ``cjm import-csv`` reads, one touchpoint a row.

    ``field`` is the touchpoint field it fills (dotted when nested), or ``<list>.<field>``
    for the item of another list it names (found by that field, or created).
    """

    header: str
    field: str
    kind: Literal["text", "score", "yes_no", "items", "name"]
    required: bool = False


STICKY_NOTES = (
    NoteColumn("persona", "personas.name", "name"),
    NoteColumn("stage", "stages.name", "name", required=True),
    NoteColumn("channel", "channels.name", "name", required=True),
    NoteColumn("touchpoint", "title", "text", required=True),
    NoteColumn("action", "action", "text"),
    NoteColumn("thought", "thought", "text"),
    NoteColumn("emotion", "emotion", "score"),
    NoteColumn("feeling", "feeling", "text"),
    NoteColumn("moment_of_truth", "moment_of_truth", "yes_no"),
    NoteColumn("pain_points", "pain_points.text", "items"),
    NoteColumn("backoffice", "backoffice.processes", "items"),
    NoteColumn("owner", "backoffice.department", "text"),
    NoteColumn("signals", "signals", "items"),
    NoteColumn("segment", "personas.segment", "text"),
)
"""The sticky-note CSV's columns, in the order its documentation lists them."""

TABLE_BY_NAME = {table.name: table for table in TABLES}
FRAME_NAMES = tuple(TABLE_BY_NAME)


def top_level_lists(kind: type[Workshop] = Workshop) -> list[str]:
    """The workshop's list fields (``dates``, ``participants``, ... ``conflicts``)."""
    return [name for name, info in kind.model_fields.items() if get_origin(info.annotation) is list]


def declared_lists() -> set[str]:
    """The lists the tables carry: each table's list, and list fields of the workshop row."""
    return {table.list_name for table in TABLES if table.list_name} | {
        column.field for column in WORKSHOP_TABLE.stored if column.field
    }


def undeclared_lists(ws: Workshop) -> list[str]:
    """Lists of ``ws`` holding items that no table carries: exporting would lose them."""
    carried = declared_lists()
    return [name for name in top_level_lists(type(ws)) if name not in carried and getattr(ws, name)]


def item_fields(list_name: str) -> list[str]:
    """The fields of an item of ``list_name`` as the tables hold them, in column order: dotted
    when nested, an inner list (a snapshot's ``steps``) as one field; never the key."""
    fields: dict[str, None] = {}
    for table in TABLES:
        if table.list_name != list_name:
            continue
        for column in table.stored:
            field = str(column.field)
            if table.nested and field.startswith(f"{table.nested}."):
                fields[table.nested] = None
            elif table.owner and field != table.key:
                fields[field] = None
    return list(fields)


def workshop_fields() -> list[str]:
    """The workshop's own fields as its row holds them (``scope.part``, ``vision.overall``)."""
    return [column.field for column in WORKSHOP_TABLE.stored if column.field]


def listed_by_id() -> list[str]:
    """The lists whose items have ids, in table order (what a diff compares item by item)."""
    return [table.list_name for table in TABLES if table.owner and table.key]


def get_path(item: Any, field: str) -> Any:
    """The value of a dotted ``field`` of a model object."""
    value = item
    for part in field.split("."):
        value = getattr(value, part)
    return value


def put_field(target: dict[str, Any], field: str, value: Any) -> None:
    """Set a dotted ``field`` of plain data, making objects on the way; a second column of
    the same list field (a persona's negative feelings after the positive) adds to it."""
    *parents, last = field.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    if isinstance(target.get(last), list) and isinstance(value, list):
        target[last] = [*target[last], *value]
    else:
        target[last] = value
