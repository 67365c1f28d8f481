"""Suggestions as a table: the rows of ``cjm library suggest --to csv``, a DataFrame, a file.

The columns are fixed (``CSV_COLUMNS``), tags joined with ``;``; text cells are guarded
against spreadsheet formulas like every other CSV the kit writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .matcher import Suggestion

if TYPE_CHECKING:
    import pandas as pd

CSV_COLUMNS = (
    "pain_point_id",
    "pain_point",
    "rank",
    "solution_id",
    "title",
    "tags",
    "score",
    "evidence",
)
"""The columns of the suggestions table, in order."""


def suggestion_rows(suggestions: Iterable[Suggestion]) -> list[dict[str, Any]]:
    """One plain row per suggestion, with the table's columns."""
    return [
        {
            "pain_point_id": item.pain_point_id,
            "pain_point": item.pain_point,
            "rank": item.rank,
            "solution_id": item.solution_id,
            "title": item.title,
            "tags": ";".join(item.tags),
            "score": item.score,
            "evidence": item.evidence,
        }
        for item in suggestions
    ]


def suggestions_frame(suggestions: Iterable[Suggestion]) -> pd.DataFrame:
    """The suggestions as a DataFrame with the table's columns (empty but typed if none)."""
    import pandas as pd

    return pd.DataFrame(suggestion_rows(suggestions), columns=list(CSV_COLUMNS))


def suggestions_csv(suggestions: Iterable[Suggestion]) -> str:
    """The suggestions as CSV text, with a header row."""
    from ..csv_files import csv_text

    return csv_text(suggestions_frame(suggestions))


def write_suggestions_csv(suggestions: Iterable[Suggestion], path: str | Path) -> Path:
    """Write the suggestions' CSV to ``path`` atomically, UTF-8 with the byte order mark
    Excel needs (as the kit's other CSVs)."""
    from ..csv_files import write_csv

    return write_csv(Path(path), suggestions_frame(suggestions))
