"""Every CSV file the kit writes goes through here, its text cells safe to open.

A spreadsheet runs a cell that starts with ``= + - @`` TAB or CR as a formula (OWASP's
CSV injection). Event names, touchpoint titles and segments come from logs and
workshops that anyone may have written, so no CSV of the kit holds them as they are:
text cells get ``formula_guard``'s apostrophe, numbers (``-0.5`` too) stay numbers.
Files are UTF-8 with the byte order mark Excel needs to read them as UTF-8, and are
replaced atomically. ``tests/test_csv_files.py`` checks that no other module writes CSV.

Numbers are written as people read them, by the column's role (its name, without a
``[segment]`` tail): counts as whole numbers, seconds as whole seconds, p-values to four
significant digits and every other fraction (rates, shares, differences) to four
decimals, so no cell shows float noise such as ``918.0000000000002``. The frames
themselves keep their full precision for Python. The workshop's own tables
(``cjm export --to csv``) are data that must read back unchanged, so they are written
with every digit (``tidy=False``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .formula_guard import guard_formula
from .store import write_file

COUNT_NAMES = frozenset({"paths", "events", "reach", "count", "rank", "journeys"})
COUNT_ENDINGS = ("_paths", "_flags", "_count", "_events")
COUNT_STARTS = ("paths_", "count_")
DECIMALS = 4
"""Decimals of a rate, share or other fraction in a CSV."""
SIGNIFICANT = 4
"""Significant digits of a p-value, which may be far below 0.0001."""


def column_role(name: object) -> str:
    """How a number column is written: ``count``, ``seconds``, ``p_value`` or ``fraction``."""
    base = str(name).split("[", 1)[0].strip().casefold()
    if base in COUNT_NAMES or base.endswith(COUNT_ENDINGS) or base.startswith(COUNT_STARTS):
        return "count"
    if "seconds" in base.split("_"):
        return "seconds"
    if base == "p_value" or base.endswith("_p_value"):
        return "p_value"
    return "fraction"


def _significant(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT}g}")


def tidy_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its float columns rounded as their role says (see the module)."""
    tidy = frame.copy()
    for column in tidy.columns:
        series = tidy[column]
        if not pd.api.types.is_float_dtype(series.dtype):
            continue
        role = column_role(column)
        if role in ("count", "seconds"):
            tidy[column] = series.round().astype("Int64")
        elif role == "p_value":
            tidy[column] = series.map(_significant, na_action="ignore")
        else:
            tidy[column] = series.round(DECIMALS)
    return tidy


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


def csv_text(frame: pd.DataFrame, *, tidy: bool = True) -> str:
    """``frame`` as CSV text with a header row, text cells guarded, no index; numbers
    tidied unless ``tidy`` is false (see ``write_csv``)."""
    chosen = tidy_numbers(frame) if tidy else frame
    text: str = guarded_frame(chosen).to_csv(index=False, lineterminator="\n")
    return text


def write_csv(
    path: str | Path, frame: pd.DataFrame, *, bom: bool = True, tidy: bool = True
) -> Path:
    """Write ``frame`` to ``path`` as the kit's CSV: text cells guarded, UTF-8 (with the
    byte order mark unless ``bom`` is false, for logs meant for engines rather than
    spreadsheets), replaced atomically. Returns the path. ``tidy=False`` keeps every
    digit: for the workshop's own tables, which must read back as they were."""
    encoding = "utf-8-sig" if bom else "utf-8"
    return write_file(Path(path), csv_text(frame, tidy=tidy).encode(encoding))


__all__ = ["column_role", "csv_text", "guarded_frame", "tidy_numbers", "write_csv"]
