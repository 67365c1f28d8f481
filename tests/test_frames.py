"""pandas views an analyst works with, and CSV/Excel files of them."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets import StoreError, Workshop, WorkshopError
from cjm_widgets.frames import FRAME_NAMES
from cjm_widgets.references import ENTITY_LISTS
from cjm_widgets.table_files import export_csv, export_excel, read_excel


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
    frames = small.to_frames()
    stages = frames["stages"].set_index("id")
    assert stages.loc["st-1", "touchpoint_count"] == 1
    assert stages.loc["st-1", "mean_emotion"] == 3.0
    personas = frames["personas"].set_index("id")
    assert personas.loc["pe-a", "touchpoint_count"] == 2  # its own and the shared one


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
    with pytest.raises(WorkshopError, match="touchpoint: is not a known frame"):
        Workshop.from_frames({**frames, "touchpoint": frames["touchpoints"]})
    del frames["workshop"]
    with pytest.raises(WorkshopError, match="workshop: needs exactly one row"):
        Workshop.from_frames(frames)


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
    with pytest.raises(StoreError, match="cannot write"):
        export_csv(sample, blocker / "tables")
    with pytest.raises(StoreError, match="does not exist"):
        read_excel(tmp_path / "missing.xlsx")
