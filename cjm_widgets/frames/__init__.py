"""pandas views of a workshop, and the way back from (edited) frames to a workshop.

Each table of ``schema`` becomes one DataFrame in list order. Reference columns come in
pairs: ``stage_id`` holds the id the file stores, ``stage`` the name a reader wants.
Derived columns (counts, gaps, names) are there for analysis and are ignored on the
way back, which reads only the model's own fields. List cells hold Python lists; on the
way back a text cell is also accepted, one item per line (as CSV and Excel exports write
them), or a JSON list of strings where that would be ambiguous (see ``cells``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .back import workshop_from_frames
    from .cells import list_cell, plain_value
    from .out import (
        UndeclaredListError,
        WorkshopFrames,
        entries_frame,
        frame_of,
        table_frame,
        workshop_frames,
    )
    from .schema import FRAME_NAMES, TABLE_BY_NAME, TABLES, Column, Table

_HOMES = {
    "workshop_from_frames": "back",
    "list_cell": "cells",
    "plain_value": "cells",
    "UndeclaredListError": "out",
    "WorkshopFrames": "out",
    "entries_frame": "out",
    "frame_of": "out",
    "table_frame": "out",
    "workshop_frames": "out",
    "FRAME_NAMES": "schema",
    "TABLE_BY_NAME": "schema",
    "TABLES": "schema",
    "Column": "schema",
    "Table": "schema",
}
"""Where each name lives: imported on first use, so reading the schema (a report, a
merge) does not import pandas."""


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FRAME_NAMES",
    "TABLES",
    "TABLE_BY_NAME",
    "Column",
    "Table",
    "UndeclaredListError",
    "WorkshopFrames",
    "entries_frame",
    "frame_of",
    "list_cell",
    "plain_value",
    "table_frame",
    "workshop_frames",
    "workshop_from_frames",
]
