"""pandas views of a workshop, and the way back from (edited) frames to a workshop.

Each table of ``schema`` becomes one DataFrame in list order. Reference columns come in
pairs: ``stage_id`` holds the id the file stores, ``stage`` the name a reader wants.
Derived columns (counts, gaps, names) are there for analysis and are ignored on the
way back, which reads only the model's own fields. List cells hold Python lists; on the
way back a text cell is also accepted, one item per line (as CSV and Excel exports write
them), or a JSON list of strings where that would be ambiguous (see ``cells``).
"""

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
