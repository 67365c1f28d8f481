"""The frames back in: (edited) frames, CSV tables or sheets to a validated workshop.

Only the columns holding model fields are read, each through its cell type; derived
columns are ignored and an absent column leaves the field to its default. Rows of a table
with a nested list are grouped by the item's key in order of first appearance, and a
table that adds entries to another's items finds them by that key (an entry of an item
no longer there goes with it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import pandas as pd

from ..errors import Problem, WorkshopError
from ..i18n import translate
from ..model import Workshop
from .cells import CellError, plain_value
from .schema import FRAME_NAMES, TABLES, WORKSHOP_TABLE, Column, Table, put_field

W = TypeVar("W", bound=Workshop)


def _records(frames: Mapping[str, pd.DataFrame], name: str) -> list[dict[str, Any]]:
    frame = frames.get(name)
    if frame is None:
        return []
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


class _Reader:
    """Reads rows into the document's items, collecting every bad cell as a problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def item(
        self, row: dict[str, Any], columns: list[tuple[Column, str]], where: str
    ) -> dict[str, Any]:
        """The fields ``columns`` (column, field inside the item) hold in ``row``."""
        item: dict[str, Any] = {}
        for column, field in columns:
            if column.header not in row:
                continue
            try:
                put_field(item, field, column.cell.back(row[column.header]))
            except CellError as error:
                self.problems.append(Problem(f"{where}.{column.header}", translate(error.key)))
        return item

    def table(self, table: Table, rows: list[dict[str, Any]], document: dict[str, Any]) -> None:
        """The items of ``table``'s rows, put into (or onto the items of) ``document``."""
        if not table.nested:
            own = [(column, str(column.field)) for column in table.stored]
            document[table.list_name] = [
                self.item(row, own, f"{table.name}[{index}]") for index, row in enumerate(rows)
            ]
            return
        inner = f"{table.nested}."
        outer = [(c, str(c.field)) for c in table.stored if not str(c.field).startswith(inner)]
        entry = [
            (c, str(c.field)[len(inner) :]) for c in table.stored if str(c.field).startswith(inner)
        ]
        items = {str(item.get(table.key)): item for item in document.get(table.list_name, [])}
        for index, row in enumerate(rows):
            where = f"{table.name}[{index}]"
            key = str(plain_value(row.get(_header(table, table.key))))
            if key not in items:
                if not table.owner:
                    continue
                items[key] = self.item(row, outer, where)
                document.setdefault(table.list_name, []).append(items[key])
            if any(plain_value(row.get(column.header)) not in (None, "") for column, _ in entry):
                items[key].setdefault(table.nested, []).append(self.item(row, entry, where))


def _header(table: Table, field: str) -> str:
    return next(column.header for column in table.stored if column.field == field)


def _document(frames: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    meta = _records(frames, WORKSHOP_TABLE.name)
    if len(meta) != 1:
        raise WorkshopError.single(WORKSHOP_TABLE.name, translate("frames.workshop_row"))
    reader = _Reader()
    own = [(column, str(column.field)) for column in WORKSHOP_TABLE.stored]
    document = reader.item(meta[0], own, WORKSHOP_TABLE.name)
    for table in TABLES:
        if table is not WORKSHOP_TABLE:
            reader.table(table, _records(frames, table.name), document)
    if reader.problems:
        raise WorkshopError(reader.problems)
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
