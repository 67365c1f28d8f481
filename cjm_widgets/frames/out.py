"""The frames out: each declared table of a workshop as a pandas DataFrame.

Rows come in list order; a table with a nested list has a row per entry of it. Each
column's cell type turns the model's value into the cell an analyst wants (lists stay
lists, dates become Timestamps, scores nullable integers) and gives the column its dtype.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from .cells import datetime_column
from .schema import TABLE_BY_NAME, TABLES, Column, Table, get_path, undeclared_lists


class UndeclaredListError(CjmError):
    """The workshop holds a list no table carries: exporting it as tables would lose it."""


def _rows(ws: Workshop, table: Table) -> Iterator[tuple[Any, Any]]:
    """(item, nested entry or None) for each row of ``table``."""
    if not table.list_name:
        yield ws, None
        return
    for item in getattr(ws, table.list_name):
        entries = getattr(item, table.nested) if table.nested else []
        if entries:
            for entry in entries:
                yield item, entry
        elif table.owner:
            yield item, None


def _cells(table: Table, item: Any, entry: Any) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    inner = f"{table.nested}." if table.nested else None
    for column in table.stored:
        field = str(column.field)
        if inner and field.startswith(inner):
            value = None if entry is None else get_path(entry, field[len(inner) :])
            cells[column.header] = None if entry is None else column.cell.out(value)
        else:
            cells[column.header] = column.cell.out(get_path(item, field))
    return cells


def _frame(rows: list[dict[str, Any]], columns: tuple[Column, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[column.header for column in columns])
    for column in columns:
        dtype: Any = column.cell.dtype  # one of the names pandas' astype takes
        if dtype == "datetime":
            frame[column.header] = datetime_column(frame[column.header])
        elif dtype is not None:
            frame[column.header] = frame[column.header].astype(dtype)
    return frame


def table_frame(ws: Workshop, table: Table) -> pd.DataFrame:
    """One table of ``ws`` as a DataFrame with the table's columns and dtypes."""
    extras = table.extras(ws) if table.extras else None
    rows = [
        {**_cells(table, item, entry), **(extras(item, entry) if extras else {})}
        for item, entry in _rows(ws, table)
    ]
    return _frame(rows, table.columns)


def entries_frame(table: Table, item: Any) -> pd.DataFrame:
    """The entries of one item's nested list in ``table``'s columns for them (a snapshot's
    steps as the measurements frame shows them)."""
    inner = f"{table.nested}."
    columns = tuple(c for c in table.stored if str(c.field).startswith(inner))
    rows = [
        {c.header: c.cell.out(get_path(entry, str(c.field)[len(inner) :])) for c in columns}
        for entry in getattr(item, table.nested)
    ]
    return _frame(rows, columns)


def frame_of(ws: Workshop, name: str) -> pd.DataFrame:
    """The frame called ``name`` (``touchpoints``, ``measurements``, ...)."""
    return table_frame(ws, TABLE_BY_NAME[name])


def workshop_frames(ws: Workshop) -> dict[str, pd.DataFrame]:
    """Every frame, keyed ``workshop``, ``participants``, ... ``conflicts``.

    Refuses (naming the list) a workshop holding items of a list no table carries, so an
    export never loses them silently.
    """
    missing = undeclared_lists(ws)
    if missing:
        raise UndeclaredListError(translate("frames.no_table", name=", ".join(missing)))
    return {table.name: table_frame(ws, table) for table in TABLES}


class WorkshopFrames(Mapping[str, pd.DataFrame]):
    """``workshop.frames``: each frame as an attribute or key, built when it is read, so
    analysts type ``ws.frames.touchpoints`` and always see the workshop as it is now."""

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws

    def __getitem__(self, name: str) -> pd.DataFrame:
        return frame_of(self._ws, name)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLE_BY_NAME:
            return frame_of(self._ws, name)
        raise AttributeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(TABLE_BY_NAME)

    def __len__(self) -> int:
        return len(TABLE_BY_NAME)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *TABLE_BY_NAME]
