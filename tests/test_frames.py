"""pandas views an analyst works with, and CSV/Excel files of them."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pandas as pd
import pytest
from pydantic import BaseModel, Field

from cjm_widgets import StoreError, Workshop, WorkshopError
from cjm_widgets.csv_import import COLUMNS, REQUIRED
from cjm_widgets.frames import FRAME_NAMES, TABLES, Table, UndeclaredListError
from cjm_widgets.frames.schema import (
    STICKY_NOTES,
    declared_lists,
    top_level_lists,
    workshop_fields,
)
from cjm_widgets.model import MergeConflict, Touchpoint
from cjm_widgets.references import ENTITY_LISTS
from cjm_widgets.table_files import export_csv, export_excel, read_csv_tables, read_excel
from tests.messages import keys


def test_every_entity_has_a_frame(sample: Workshop) -> None:
    frames = sample.to_frames()
    assert tuple(frames) == FRAME_NAMES
    for name in ENTITY_LISTS:
        assert len(frames[name]) == len(getattr(sample, name)), name
    assert frames["workshop"].loc[0, "title"] == "E-invoice and payment journey"


def test_touchpoints_frame_resolves_names_and_counts(sample: Workshop) -> None:
    frame = sample.to_frames()["touchpoints"].set_index("id")
    row = frame.loc["tp-aino-calls-bill"]
    assert (row["persona"], row["stage"], row["channel"], row["channel_kind"]) == (
        "Aino, careful senior",
        "Understands the bill",
        "Phone customer service",
        "human",
    )
    assert row["stage_position"] == 3
    assert row["pain_point_count"] == 2  # phone queue + unexplained amount
    assert row["max_severity"] == 4
    assert row["metric_count"] == 1
    assert row["emotion"] == 2
    shared = frame.loc["tp-einvoice-arrives"]
    assert pd.isna(shared["persona"]) and pd.isna(shared["persona_id"])
    assert str(frame["emotion"].dtype) == "Int64"


def test_stage_and_persona_frames_summarise_the_journey(small: Workshop) -> None:
    stage = small.frames.stages.set_index("id").loc["st-1"]
    assert (stage["touchpoint_count"], stage["mean_emotion"]) == (1, 3.0)
    persona = small.frames.personas.set_index("id").loc["pe-a"]
    assert persona["touchpoint_count"] == 2  # its own and the shared one


def test_metric_gap_follows_the_better_direction(sample: Workshop) -> None:
    metrics = sample.to_frames()["metrics"].set_index("id")
    assert metrics.loc["me-einvoice-share", "gap"] == pytest.approx(80.0 - 63.5)
    assert metrics.loc["me-signup-calls", "gap"] == pytest.approx(1250.0 - 600.0)
    assert pd.isna(metrics.loc["me-reminder-fees", "gap"])  # no actual yet
    assert metrics.loc["me-bill-csat", "stage"] == "Understands the bill"


def test_pain_points_and_ideas_show_what_they_link(sample: Workshop) -> None:
    frames = sample.to_frames()
    pains = frames["pain_points"].set_index("id")
    assert pains.loc["pp-phone-queue", "touchpoint_count"] == 3
    assert pains.loc["pp-late-matching", "idea_count"] == 2
    ideas = frames["ideas"].set_index("id")
    assert ideas.loc["idea-plain-bill-lines", "pain_points"] == [
        "The bill does not say why the amount changed",
        "Bill terms such as 'estimated reading' are jargon",
    ]


def test_edited_frames_build_a_changed_workshop(sample: Workshop) -> None:
    frames = sample.to_frames()
    frames["touchpoints"].loc[0, "emotion"] = 5
    frames["ideas"].loc[0, "status"] = "done"
    back = Workshop.from_frames(frames)
    assert back.touchpoints[0].emotion == 5
    assert back.ideas[0].status == "done"


def test_bad_frame_values_are_named_by_frame_and_row(sample: Workshop) -> None:
    frames = sample.to_frames()
    frames["touchpoints"].loc[4, "emotion"] = 9
    frames["touchpoints"].loc[6, "stage_id"] = "st-nowhere"
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_frames(frames)
    paths = {problem.path for problem in caught.value.problems}
    assert paths == {"touchpoints[4].emotion", "touchpoints[6].stage"}


def test_unknown_or_missing_frames_are_refused(sample: Workshop) -> None:
    frames = sample.to_frames()
    with pytest.raises(WorkshopError) as unknown:
        Workshop.from_frames({**frames, "touchpoint": frames["touchpoints"]})
    (problem,) = unknown.value.problems
    assert (problem.path, problem.key) == ("touchpoint", "frames.unknown_frame")
    assert problem.params["choices"] == ", ".join(FRAME_NAMES)
    del frames["workshop"]
    with pytest.raises(WorkshopError) as missing:
        Workshop.from_frames(frames)
    assert [(p.path, p.key) for p in missing.value.problems] == [
        ("workshop", "frames.workshop_row")
    ]


def test_csv_export_writes_a_table_per_entity(tmp_path: Path, sample: Workshop) -> None:
    written = export_csv(sample, tmp_path / "tables")
    assert [path.name for path in written] == [f"{name}.csv" for name in FRAME_NAMES]
    with (tmp_path / "tables" / "touchpoints.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(sample.touchpoints)
    first = rows[0]
    assert first["title"] == "Online bank suggests e-invoice"
    assert first["backoffice_systems"] == "E-invoice operator gateway"
    signup = next(row for row in rows if row["id"] == "tp-signup-bank")
    assert signup["backoffice_systems"] == "E-invoice operator gateway\nBilling system"


def test_excel_export_reads_back_to_the_same_workshop(tmp_path: Path, sample: Workshop) -> None:
    path = export_excel(sample, tmp_path / "w.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == list(FRAME_NAMES)
    assert len(sheets["touchpoints"]) == len(sample.touchpoints)
    assert read_excel(path).to_dict() == sample.to_dict()


def test_exports_to_an_unwritable_place_say_so(tmp_path: Path, sample: Workshop) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as unwritable:
        export_csv(sample, blocker / "tables")
    assert keys(unwritable.value) == ["store.cannot_write"]
    assert unwritable.value.path == blocker / "tables"
    with pytest.raises(StoreError) as missing:
        read_excel(tmp_path / "missing.xlsx")
    assert keys(missing.value) == ["store.not_found"]
    assert missing.value.path == tmp_path / "missing.xlsx"


# -- the declared schema -----------------------------------------------------------------


def _item_type(owner: type[BaseModel], name: str) -> Any:
    """The model class (or type) of field ``name`` of ``owner``; a list's item type."""
    annotation = owner.model_fields[name].annotation
    while get_origin(annotation) in (list, Annotated) or type(None) in get_args(annotation):
        arguments = [a for a in get_args(annotation) if a is not type(None)]
        annotation = arguments[0]
    return annotation


def _fields_of(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of ``model``, dotted into nested records (not into lists of them)."""
    found = set()
    for name in model.model_fields:
        kind = _item_type(model, name)
        is_list = get_origin(model.model_fields[name].annotation) is list
        if isinstance(kind, type) and issubclass(kind, BaseModel) and not is_list:
            found |= _fields_of(kind, f"{prefix}{name}.")
        else:
            found.add(f"{prefix}{name}")
    return found


def test_every_list_of_the_model_has_a_table() -> None:
    assert set(top_level_lists()) <= declared_lists()
    assert {"ratings", "measurements", "conflicts", "dates"} <= set(top_level_lists())


@pytest.mark.parametrize("table", [t for t in TABLES if t.list_name], ids=lambda t: t.name)
def test_each_table_holds_every_field_of_its_items(table: Table) -> None:
    """A field added to the model without a column would be lost by the exports."""
    item = _item_type(Workshop, table.list_name)
    inner_lists = {t.nested for t in TABLES if t.list_name == table.list_name and t.nested}
    wanted = _fields_of(item) - inner_lists if table.owner else {table.key}
    if table.nested:
        inner = _item_type(item, table.nested)
        wanted |= {f"{table.nested}.{name}" for name in _fields_of(inner)}
    assert {str(column.field) for column in table.stored} == wanted


def test_the_workshop_row_holds_the_workshop_s_own_fields() -> None:
    lists = {t.list_name for t in TABLES} | {"schema_version"}
    wanted = {f for f in _fields_of(Workshop) if f.split(".")[0] not in lists}
    assert set(workshop_fields()) == wanted


def test_the_sticky_note_columns_fill_touchpoint_fields() -> None:
    assert COLUMNS[:4] == ("persona", "stage", "channel", "touchpoint")
    assert REQUIRED == ("stage", "channel", "touchpoint")
    touchpoint = _fields_of(Touchpoint)
    for note in STICKY_NOTES:
        head, _, rest = note.field.partition(".")
        if head in top_level_lists():  # an item of another list, named by one field
            assert rest in _item_type(Workshop, head).model_fields, note.header
        else:
            assert note.field in touchpoint, note.header


def test_an_open_conflict_survives_frames_csv_and_excel(tmp_path: Path, small: Workshop) -> None:
    conflict = MergeConflict(
        list_name="touchpoints", id="tp-1", title="Finds the form", field="emotion",
        base=3, ours=1, theirs={"scores": [5, None], "note": "=SUM(A1)"},
    )  # fmt: skip
    small.conflicts = [conflict]
    frame = small.to_frames()["conflicts"]
    assert frame.loc[0, "theirs"] == '{"note": "=SUM(A1)", "scores": [5, null]}'
    export_csv(small, tmp_path / "tables")
    export_excel(small, tmp_path / "w.xlsx")
    with (tmp_path / "tables" / "conflicts.csv").open(encoding="utf-8-sig") as handle:
        assert [row["field"] for row in csv.DictReader(handle)] == ["emotion"]
    for back in (
        Workshop.from_frames(small.to_frames()),
        read_csv_tables(tmp_path / "tables"),
        read_excel(tmp_path / "w.xlsx"),
    ):
        assert back.conflicts == [conflict]


def test_a_bad_json_cell_is_named_by_frame_row_and_column(small: Workshop) -> None:
    small.conflicts = [MergeConflict(field="title", ours="A", theirs="B")]
    frames = small.to_frames()
    frames["conflicts"].loc[0, "ours"] = "{not json"
    frames["workshop"].loc[0, "extensions"] = "[1, 2]"
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_frames(frames)
    problems = {p.path: p.key for p in caught.value.problems}
    assert problems == {
        "conflicts[0].ours": "frames.json_cell",
        "workshop.extensions": "frames.extensions_json",
    }


class Reminder(BaseModel):
    text: str


class LaterWorkshop(Workshop):
    """A workshop as a later version might have it: with a list no table carries yet."""

    reminders: list[Reminder] = Field(default_factory=list)


def test_a_list_without_a_table_is_refused_by_the_exports_by_name(
    tmp_path: Path, small: Workshop
) -> None:
    later = LaterWorkshop.from_dict({**small.to_dict(), "reminders": [{"text": "Pay by Friday"}]})
    for export in (
        lambda: later.to_frames(),
        lambda: export_csv(later, tmp_path / "tables"),
        lambda: export_excel(later, tmp_path / "w.xlsx"),
    ):
        with pytest.raises(UndeclaredListError) as caught:
            export()
        assert caught.value.args[0].key == "frames.no_table"
        assert "reminders" in str(caught.value)
    assert not (tmp_path / "tables").exists() and not (tmp_path / "w.xlsx").exists()
    empty = LaterWorkshop.from_dict(small.to_dict())  # nothing in it to lose
    assert "workshop" in empty.to_frames()
