"""Exports never write over a workshop or a user's files, and no typed text runs anywhere."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.formula_guard import FORMULA_TRIGGERS, guard_formula, unguard_formula
from cjm_widgets.frames import FRAME_NAMES
from cjm_widgets.launch import app_notebook
from cjm_widgets.layout.shapes import Text
from cjm_widgets.limits import EXCEL_CELL_LIMIT
from cjm_widgets.render.svg import to_png, to_svg
from cjm_widgets.render.views import VIEWS, layout_view
from cjm_widgets.reports import sections
from cjm_widgets.samples import sample_workshop
from cjm_widgets.table_files import (
    SpreadsheetCellWarning,
    export_csv,
    export_excel,
    read_csv_tables,
    read_excel,
)
from tests.messages import said, saying
from tests.payloads import PAYLOADS, fill_every_text_field

FORMATS = ("csv", "xlsx", "mermaid", "svg", "png")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _content(ws: Workshop) -> dict[str, object]:
    data = ws.to_dict()
    data.pop("revision")
    return data


# -- never over the workshop, never over someone's file ---------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("target", ["w.cjm.json", "w.cjm.json.bak", "w.cjm.json.bak.2"])
def test_export_refuses_to_write_over_the_workshop_or_its_backups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, target: str
) -> None:
    path = sample_workshop().save(tmp_path / "w.cjm.json")
    sample_workshop().save(path, force=True)
    sample_workshop().save(path, force=True)
    sample_workshop().save(path, force=True)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out, err = run(
        capsys, "export", str(path), "--to", fmt, "-o", str(tmp_path / target), "--force"
    )
    assert code == 1 and out == ""
    refusal = said("cli.output_is_workshop", path=tmp_path / target, workshop=path)
    assert err.strip() == f"cjm export: {refusal}"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_export_through_a_symlink_to_the_workshop_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sample_workshop().save(tmp_path / "w.cjm.json")
    link = tmp_path / "picture.svg"
    link.symlink_to(path)
    code, _, err = run(capsys, "export", str(path), "--to", "svg", "-o", str(link), "--force")
    assert code == 1
    assert re.search(saying("cli.output_is_workshop", path=link, workshop=path), err)
    assert Workshop.load(path).title == sample_workshop().title


def test_csv_export_into_a_folder_with_a_users_tables_changes_nothing_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_workshop().save(tmp_path / "w.cjm.json")
    own = tmp_path / "touchpoints.csv"
    own.write_text("my,own,numbers\n1,2,3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "export", str(path), "--to", "csv", "-o", ".")
    assert code == 1 and out == ""
    refusal = said("cli.output_exists", count=1, paths=Path("touchpoints.csv"))
    assert err.strip() == f"cjm export: {refusal}"
    assert own.read_text(encoding="utf-8") == "my,own,numbers\n1,2,3\n"
    assert not (tmp_path / "personas.csv").exists()  # all or nothing
    code, out, _ = run(capsys, "export", str(path), "--to", "csv", "-o", ".", "--force")
    assert code == 0
    assert out.splitlines() == [said("cli.wrote", path=Path(f"{name}.csv")) for name in FRAME_NAMES]
    assert own.read_text(encoding="utf-8").startswith("\ufeffid,")


@pytest.mark.parametrize("fmt", ["xlsx", "mermaid", "svg", "png"])
def test_a_second_export_to_the_same_file_needs_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = sample_workshop().save(tmp_path / "w.cjm.json")
    out_file = tmp_path / f"out.{fmt}"
    assert run(capsys, "export", str(path), "--to", fmt, "-o", str(out_file))[0] == 0
    first = out_file.read_bytes()
    out_file.write_bytes(b"a stakeholder's own edits")
    code, _, err = run(capsys, "export", str(path), "--to", fmt, "-o", str(out_file))
    assert code == 1
    assert err.strip() == f"cjm export: {said('cli.output_exists', count=1, paths=out_file)}"
    assert out_file.read_bytes() == b"a stakeholder's own edits"
    assert run(capsys, "export", str(path), "--to", fmt, "-o", str(out_file), "--force")[0] == 0
    if fmt == "xlsx":  # a workbook records when it was written: compare what it holds
        earlier = tmp_path / "first.xlsx"
        earlier.write_bytes(first)
        assert _content(read_excel(out_file)) == _content(read_excel(earlier))
    else:
        assert out_file.read_bytes() == first


def test_app_notebook_that_was_edited_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sample_workshop().save(tmp_path / "w.cjm.json")
    first = app_notebook(path, "en")
    assert first.name == "w-app.ipynb"
    assert app_notebook(path, "en") == first  # unchanged: reused quietly
    first.write_text('{"cells": [], "note": "my own analysis"}', encoding="utf-8")
    capsys.readouterr()
    second = app_notebook(path, "en")
    assert second.name == "w-app-2.ipynb"
    assert json.loads(first.read_text(encoding="utf-8"))["note"] == "my own analysis"
    assert "WorkshopApp" in second.read_text(encoding="utf-8")
    kept = said("launch.kept_app_notebook", path=first, new=second.name)
    assert kept in capsys.readouterr().out
    assert app_notebook(path, "en") == second
    forced = app_notebook(path, "en", force=True)
    assert forced == first and "WorkshopApp" in first.read_text(encoding="utf-8")


# -- formulas ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=1+1", "'=1+1"),
        ("+41 40 123", "'+41 40 123"),
        ("-minus", "'-minus"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("'=x", "''=x"),
        ("'til the end", "'til the end"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_formula_guard_and_its_exact_inverse(text: str, guarded: str) -> None:
    assert guard_formula(text) == guarded
    assert unguard_formula(guarded) == text


def test_csv_export_leaves_no_cell_a_spreadsheet_would_run_and_reads_back_exactly(
    tmp_path: Path,
) -> None:
    ws = sample_workshop()
    fill_every_text_field(ws)
    written = export_csv(ws, tmp_path / "tables")
    cells = 0
    for path in written:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")):
            for cell in row:
                cells += 1
                assert not cell.startswith(FORMULA_TRIGGERS), (path.name, cell)
    assert cells > 1000
    assert _content(read_csv_tables(tmp_path / "tables")) == _content(ws)


def test_xlsx_cells_are_text_never_formulas_and_read_back_exactly(tmp_path: Path) -> None:
    ws = sample_workshop()
    fill_every_text_field(ws)
    path = export_excel(ws, tmp_path / "w.xlsx")
    book = openpyxl.load_workbook(path)
    formula_like = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    formula_like += 1
    assert formula_like > 5  # the payloads are there, as text
    assert _content(read_excel(path)) == _content(ws)


def test_text_over_the_excel_cell_limit_is_a_warning_naming_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = sample_workshop()
    ws.touchpoints[2].thought = "x" * (EXCEL_CELL_LIMIT + 10)
    path = ws.save(tmp_path / "w.cjm.json")
    code, out, err = run(capsys, "export", str(path), "--to", "xlsx")
    assert code == 0 and out.strip() == said("cli.wrote", path=path.with_name("w.xlsx"))
    warning = said(
        "export.cell_too_long",
        sheet="touchpoints",
        row=4,
        column="thought",
        length=EXCEL_CELL_LIMIT + 10,
        limit=EXCEL_CELL_LIMIT,
    )
    assert err.strip() == said("cli.warning", command="export", message=warning)
    with pytest.warns(SpreadsheetCellWarning, match=re.escape(warning)):
        export_excel(ws, tmp_path / "again.xlsx")
    assert len(Workshop.load(path).touchpoints[2].thought) == EXCEL_CELL_LIMIT + 10


# -- every payload in every field, through every format -----------------------------------


def test_every_payload_in_every_text_field_survives_every_export(tmp_path: Path) -> None:
    ws = sample_workshop()
    filled = fill_every_text_field(ws)
    assert filled > 300
    checked = 0
    for view in VIEWS:
        for persona in [None, *(p.id for p in ws.personas)] if view == "map" else [None]:
            layout = layout_view(ws, view, persona)
            svg = to_svg(layout)
            root = ET.fromstring(svg)  # well-formed, whatever the text
            tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
            assert not tags & {"script", "foreignObject", "a", "iframe"}
            assert not any(name.startswith("on") for e in root.iter() for name in e.attrib)
            assert to_png(layout)[:8] == b"\x89PNG\r\n\x1a\n"
            checked += 2
    mermaid = ws.to_mermaid()
    for line in mermaid.splitlines():
        assert line.startswith(("journey", "    title", "    section", "      ")), line
    checked += 1
    for section in (
        sections.overview(ws), sections.persona_cards(ws), sections.vision(ws),
        sections.touchpoint_table(ws), sections.moments_of_truth(ws),
        sections.ranked_pain_points(ws), sections.approved_actions(ws),
        sections.metrics_table(ws), sections.open_questions(ws), sections.rating_sheet(ws),
    ):  # fmt: skip
        html = section._repr_html_()
        assert "<script" not in html and "<svg onload" not in html
        checked += 1
    assert "&lt;script&gt;" in sections.touchpoint_table(ws)._repr_html_()
    print(f"{filled} fields x {checked} renderings, {len(PAYLOADS)} payloads")


def test_svg_stays_well_formed_even_if_a_control_character_reaches_the_layout() -> None:
    ws = sample_workshop()
    layout = layout_view(ws, "map", ws.personas[0].id)
    index = next(
        i for i, shape in enumerate(layout.shapes) if isinstance(shape, Text) and shape.lines
    )
    shapes = list(layout.shapes)
    shapes[index] = shapes[index]._replace(lines=("bell\x07 escape\x1b nul\x00 end",))
    layout = replace(layout, shapes=tuple(shapes), title="title\x00")
    svg = to_svg(layout)
    ET.fromstring(svg)
    assert "bell escape nul end" in svg
    assert to_png(layout)[:4] == b"\x89PNG"
