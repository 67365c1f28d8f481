"""CSV and Excel files of every entity frame, for spreadsheets and BI tools.

List cells are written one item per line, which spreadsheets show as a multi-line
cell and which ``workshop_from_frames`` reads back; a list whose items hold line breaks
themselves is written as a JSON list of strings instead, so no item is ever split.
Files are replaced atomically, so an export interrupted half-way never leaves a
truncated table behind.

Text typed in a workshop never runs as a formula where the tables are opened: CSV
cells that start with a formula trigger get a leading apostrophe (OWASP's CSV
injection guidance; ``csv_files`` writes every CSV of the kit so), which
``read_csv_tables`` and the sticky-note import remove again, and XLSX cells holding
text are always stored as text, never as formulas.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .csv_files import write_csv
from .errors import CjmWarning, StoreError
from .formula_guard import FORMULA_TRIGGERS, guard_formula, unguard_formula
from .frames import FRAME_NAMES, list_cell, plain_value, workshop_frames, workshop_from_frames
from .i18n import translate
from .limits import EXCEL_CELL_LIMIT, xml_safe
from .model import Workshop
from .store import make_folder, read_file, write_file


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells as one text each (``list_cell``), for file formats that hold only scalars."""

    def join(value: Any) -> Any:
        return list_cell(value) if isinstance(value, list) else value

    flat = frame.copy()
    for column in flat.columns:
        if flat[column].dtype == object:
            flat[column] = flat[column].map(join)
    return flat


def export_csv(ws: Workshop, folder: str | Path) -> list[Path]:
    """One UTF-8 CSV per frame (``touchpoints.csv`` ...) in ``folder``; returns the paths."""
    target = Path(folder)
    frames = workshop_frames(ws)
    make_folder(target)
    written = []
    for name, frame in frames.items():
        written.append(write_csv(target / csv_name(name), _flat(frame), tidy=False))
    return written


def csv_name(frame_name: str) -> str:
    """The file ``export_csv`` writes a frame to."""
    return f"{frame_name}.csv"


def csv_paths(folder: Path) -> list[Path]:
    """Every file ``export_csv`` writes into ``folder``."""
    return [folder / csv_name(name) for name in FRAME_NAMES]


def read_csv_tables(folder: str | Path) -> Workshop:
    """A workshop from the CSV files ``export_csv`` wrote (and a spreadsheet may have edited)."""
    source = Path(folder)
    frames = {}
    for name in FRAME_NAMES:
        path = source / csv_name(name)
        if not path.exists():
            continue
        raw = read_file(path)
        try:
            frame = pd.read_csv(
                io.BytesIO(raw), dtype=object, keep_default_na=False, na_values=[""],
                encoding="utf-8-sig",
            )  # fmt: skip
        except (ValueError, UnicodeDecodeError) as error:
            reason = translate("store.cannot_read", path=path, reason=error)
            raise StoreError(reason, path) from None
        for column in frame.columns:
            frame[column] = frame[column].map(
                lambda value: unguard_formula(value) if isinstance(value, str) else value
            )
        frames[name] = frame
    if not frames:
        raise StoreError(translate("store.no_tables", path=source), source)
    return workshop_from_frames(frames)


class SpreadsheetCellWarning(CjmWarning):
    """A text was longer than a spreadsheet cell holds; the workbook has it cut."""


def _cell_value(value: Any, where: tuple[str, int, str]) -> Any:
    """A frame value as a workbook value: text stays text, missing values stay empty."""
    value = plain_value(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    text = xml_safe(str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        sheet, row, column = where
        warnings.warn(
            SpreadsheetCellWarning(
                translate(
                    "export.cell_too_long", sheet=sheet, row=row, column=column,
                    length=len(text), limit=EXCEL_CELL_LIMIT,
                )
            ),
            stacklevel=4,
        )  # fmt: skip
        text = text[:EXCEL_CELL_LIMIT]
    return text


def _sheet_rows(sheet: Any, name: str, frame: pd.DataFrame) -> Iterable[list[WriteOnlyCell | None]]:
    columns = [str(column) for column in frame.columns]
    yield [_text_cell(sheet, column) for column in columns]
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        row = []
        for column, value in zip(columns, values, strict=True):
            converted = _cell_value(value, (name, number, column))
            if isinstance(converted, str):
                row.append(_text_cell(sheet, converted))
            elif isinstance(converted, int | float) and not isinstance(converted, bool):
                row.append(_number_cell(sheet, converted))
            else:
                row.append(converted)
        yield row


def _text_cell(sheet: Any, text: str) -> WriteOnlyCell:
    """A cell that holds ``text`` as text, even when it starts with '='."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _number_cell(sheet: Any, number: float) -> WriteOnlyCell:
    """A number cell holding every digit of ``number`` (openpyxl itself writes 16
    significant digits, which changes some floats and overflows the largest)."""
    cell = WriteOnlyCell(sheet, value=repr(number))
    cell.data_type = "n"
    return cell


def export_excel(ws: Workshop, path: str | Path) -> Path:
    """One workbook with a sheet per frame, ``workshop`` first; text cells are never formulas."""
    target = Path(path)
    frames = workshop_frames(ws)
    make_folder(target.parent)
    book = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(title=name)
        for row in _sheet_rows(sheet, name, _flat(frame)):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    write_file(target, buffer.getvalue())
    return target


def read_excel(path: str | Path) -> Workshop:
    """A workshop from a workbook written by ``export_excel`` (and edited in a spreadsheet)."""
    source = Path(path)
    raw = read_file(source)
    try:
        sheets = pd.read_excel(
            io.BytesIO(raw), sheet_name=None, dtype=object, keep_default_na=False, na_values=[""]
        )
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise StoreError(
            translate("store.cannot_read", path=source, reason=error), source
        ) from None
    frames = {name: sheet for name, sheet in sheets.items() if name in FRAME_NAMES}
    return workshop_from_frames(frames)


__all__ = [
    "FORMULA_TRIGGERS",
    "SpreadsheetCellWarning",
    "csv_paths",
    "export_csv",
    "export_excel",
    "guard_formula",
    "read_csv_tables",
    "read_excel",
    "unguard_formula",
]
