"""Every CSV file the kit writes goes through here, its text cells safe to open.

A spreadsheet runs a cell that starts with ``= + - @`` TAB or CR as a formula (OWASP's
CSV injection). Event names, touchpoint titles and segments come from logs and
workshops that anyone may have written, so no CSV of the kit holds them as they are:
text cells get ``formula_guard``'s apostrophe, numbers (``-0.5`` too) stay numbers.
Files are UTF-8 with the byte order mark Excel needs to read them as UTF-8, and are
replaced atomically. ``tests/test_csv_files.py`` checks that no other module writes CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .formula_guard import guard_formula
from .store import write_file


def _guard_cell(value: Any) -> Any:
    return guard_formula(value) if isinstance(value, str) else value


def guarded_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell (and column name) guarded; number, date and
    missing cells as they were."""
    guarded = frame.copy()
    for column in guarded.columns:
        series = guarded[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
            guarded[column] = series.map(_guard_cell, na_action="ignore")
    guarded.columns = [_guard_cell(column) for column in guarded.columns]
    return guarded


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text with a header row, text cells guarded, no index."""
    text: str = guarded_frame(frame).to_csv(index=False, lineterminator="\n")
    return text


def write_csv(path: str | Path, frame: pd.DataFrame, *, bom: bool = True) -> Path:
    """Write ``frame`` to ``path`` as the kit's CSV: text cells guarded, UTF-8 (with the
    byte order mark unless ``bom`` is false, for logs meant for engines rather than
    spreadsheets), replaced atomically. Returns the path."""
    encoding = "utf-8-sig" if bom else "utf-8"
    return write_file(Path(path), csv_text(frame).encode(encoding))


__all__ = ["csv_text", "guarded_frame", "write_csv"]
