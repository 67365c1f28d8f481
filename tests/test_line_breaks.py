"""List items holding line breaks survive the CSV and Excel tables and the sticky-note import."""

from __future__ import annotations

from pathlib import Path

from cjm_widgets import Workshop
from cjm_widgets.frames import list_cell
from cjm_widgets.table_files import export_csv, export_excel, read_csv_tables, read_excel
from tests.conftest import small_document

GOALS = ["Pay on time\nwithout reminders", "Know the amount\r\nbefore the due date", "Plain"]


def workshop_with_broken_lines() -> Workshop:
    document = small_document()
    document["personas"][0]["goals"] = GOALS
    document["personas"][0]["feelings"] = [{"text": "Calm\nat last", "valence": "positive"}]
    document["touchpoints"][0]["backoffice"] = {
        "processes": ["Billing run\n(nightly)", "Dunning"],
        "systems": ["[SAP] IS-U"],
        "department": "Billing",
    }
    return Workshop.from_dict(document)


def test_csv_tables_keep_items_with_line_breaks(tmp_path: Path) -> None:
    ws = workshop_with_broken_lines()
    export_csv(ws, tmp_path)
    back = read_csv_tables(tmp_path)
    assert back.personas[0].goals == [
        "Pay on time\nwithout reminders",
        "Know the amount\nbefore the due date",
        "Plain",
    ]
    assert [f.text for f in back.personas[0].feelings] == ["Calm\nat last"]
    assert back.touchpoints[0].backoffice.processes == ["Billing run\n(nightly)", "Dunning"]
    assert back.touchpoints[0].backoffice.systems == ["[SAP] IS-U"]
    assert back.to_dict() == ws.to_dict()


def test_workbook_keeps_items_with_line_breaks(tmp_path: Path) -> None:
    ws = workshop_with_broken_lines()
    back = read_excel(export_excel(ws, tmp_path / "w.xlsx"))
    assert back.to_dict() == ws.to_dict()


def test_lists_without_line_breaks_stay_one_item_per_line() -> None:
    assert list_cell(["Pay on time", "Save paper"]) == "Pay on time\nSave paper"
    assert list_cell(["Pay\non time"]) == '["Pay\\non time"]'
    assert list_cell(["[draft] plan"]) == '["[draft] plan"]'
    # a hand-typed cell that starts with "[" but is not a JSON list stays text
    ws = Workshop.from_dict(small_document())
    frames = ws.to_frames()
    frames["personas"].at[0, "goals"] = "[draft] plan\nSave paper"
    assert Workshop.from_frames(frames).personas[0].goals == ["[draft] plan", "Save paper"]


def test_sticky_notes_keep_a_pain_point_with_a_line_break(tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text(
        'stage,channel,touchpoint,pain_points\nPlan,Web,Finds the form,"Form is long\nand asks twice; Slow"\n',
        encoding="utf-8",
    )
    ws = Workshop.from_dict(small_document()).import_csv(notes)
    texts = [p.text for p in ws.pain_points]
    assert "Form is long\nand asks twice" in texts
    assert "Slow" in texts
