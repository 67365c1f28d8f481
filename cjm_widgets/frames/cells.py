"""How one kind of value becomes a table cell and back: the cell types the schema uses.

A frame cell holds what an analyst wants (a list, a Timestamp, NA for "not scored");
a CSV or Excel cell holds text or a number. Every ``back`` takes any of these (a cell
from a frame, from ``pandas.read_csv`` or from ``pandas.read_excel``) and gives the
value the model validates, so one declaration serves the frames and both file formats.
List cells come back from text one item per line, or as a JSON list of strings when an
item could not be told apart that way (``list_cell`` writes that form only then, so a
hand-typed cell stays one item per line).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class CellError(ValueError):
    """A cell that cannot become a value; ``key`` is the catalog message saying the fix."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Cell:
    """A column's type: ``out`` turns the model's value into a frame cell, ``back`` turns
    a frame, CSV or Excel cell into what the model validates; ``dtype`` is the pandas
    type of the column ("datetime" converts dates and times, None lets pandas infer)."""

    out: Callable[[Any], Any]
    back: Callable[[Any], Any]
    dtype: str | None = None


def plain_value(value: Any) -> Any:
    """A frame cell as plain Python: missing values become None, numpy scalars Python ones."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None:
        return None
    pandas = sys.modules.get("pandas")  # no pandas value can exist before pandas is imported
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return None
    timestamp = pandas is not None and isinstance(value, pandas.Timestamp)
    if hasattr(value, "item") and not timestamp:  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def list_cell(items: list[Any]) -> str:
    """A list as one text cell: one item per line, or a JSON list when reading it back line
    by line would change it (an item holding a line break or surrounding spaces, or a
    first line that looks like JSON)."""
    texts = [str(item) for item in items]
    joined = "\n".join(texts)
    ambiguous = any(
        "\n" in text or "\r" in text or text != text.strip() or not text for text in texts
    )
    if ambiguous or joined.lstrip().startswith("["):
        return json.dumps(texts, ensure_ascii=False)
    return joined


def _json_list(text: str) -> list[str] | None:
    """The items of a cell ``list_cell`` wrote as JSON, or None for any other text."""
    if not text.lstrip().startswith("["):
        return None
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return [item for item in items if item.strip()]
    return None


def text_list(value: Any) -> list[Any]:
    """A list cell: a Python list, or text one item per line (or ``list_cell``'s JSON)."""
    value = plain_value(value)
    if value is None:
        return []
    if isinstance(value, str):
        as_json = _json_list(value)
        if as_json is not None:
            return as_json
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value if isinstance(value, list) else [value]


def text(value: Any) -> str:
    """A text cell; an empty one is the empty text."""
    value = plain_value(value)
    return "" if value is None else str(value)


def optional_id(value: Any) -> Any:
    """A reference that may be empty (a shared touchpoint has no persona)."""
    value = plain_value(value)
    return None if value == "" else value


def flag(value: Any) -> Any:
    """A yes/no cell; empty is no, and text (``True`` from a CSV) is left to the model."""
    value = plain_value(value)
    return False if value is None or value == "" else value


def count(value: Any) -> Any:
    """A count that defaults to 0 when the cell is empty."""
    value = plain_value(value)
    return 0 if value is None or value == "" else value


def day(value: Any) -> Any:
    """A date cell (a Timestamp from pandas, a date, or ISO text) as the file's ISO date."""
    value = plain_value(value)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    written = str(value).strip()
    return written[:10] if written[10:11] in (" ", "T") else written  # "2026-10-15 00:00:00"


def moment(value: Any) -> Any:
    """A date-and-time cell as ISO text (a CSV's text is left to the model to read)."""
    value = plain_value(value)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # pandas' Timestamp too
        return value.isoformat()
    return value


def json_object(value: Any) -> dict[str, Any]:
    """A JSON object cell (plugins' extensions); empty is {}."""
    written = text(value).strip()
    if not written:
        return {}
    try:
        found = json.loads(written)
    except json.JSONDecodeError:
        raise CellError("frames.extensions_json") from None
    if not isinstance(found, dict):
        raise CellError("frames.extensions_json")
    return found


def json_value(value: Any) -> Any:
    """A cell holding any JSON value (a merge conflict's sides); empty is null."""
    written = text(value).strip()
    if not written:
        return None
    try:
        return json.loads(written)
    except json.JSONDecodeError:
        raise CellError("frames.json_cell") from None


def datetime_column(column: pd.Series) -> pd.Series:
    """Dates and times as a datetime column: in UTC when they carry a time zone; left as
    they are when naive and zoned times are mixed (pandas cannot hold both in one column)."""
    present = [value for value in column if plain_value(value) is not None]
    zoned = {isinstance(value, datetime) and value.tzinfo is not None for value in present}
    if len(zoned) > 1:
        return column
    import pandas

    return pandas.to_datetime(column, utc=zoned == {True})


def _same(value: Any) -> Any:
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def feelings(valence: str) -> Cell:
    """A persona's feelings of one valence as a list of their texts."""

    def out(items: list[Any]) -> list[str]:
        return [item.text for item in items if item.valence == valence]

    def back(value: Any) -> list[dict[str, str]]:
        return [{"text": item, "valence": valence} for item in text_list(value)]

    return Cell(out, back)


def or_default(default: str) -> Cell:
    """A choice whose empty cell means the model's default (a scope is the whole journey)."""
    return Cell(_same, lambda value: plain_value(value) or default)


VALUE = Cell(_same, plain_value)
"""Names, choices, ids and whole numbers: an empty cell is None, and the model says why."""
INTEGER = Cell(_same, plain_value, "int64")
"""A whole number every row has (an order, a revision, a rating's value)."""
TEXT = Cell(_same, text)
OPTIONAL_ID = Cell(_same, optional_id)
SCORE = Cell(_same, plain_value, "Int64")
"""A whole number that may be missing (a score 1-5, a count not measured)."""
NUMBER = Cell(_same, plain_value, "float64")
FLAG = Cell(_same, flag, "bool")
COUNT = Cell(_same, count, "Int64")
TEXTS = Cell(list, text_list)
DATES = Cell(lambda days: [item.isoformat() for item in days], text_list)
DAY = Cell(_same, day, "datetime")
MOMENT = Cell(_same, moment, "datetime")
JSON_OBJECT = Cell(_json, json_object)
JSON_VALUE = Cell(_json, json_value)
DERIVED = Cell(_same, _same)
"""A column computed for analysis; the way back ignores it."""
DERIVED_SCORE = Cell(_same, _same, "Int64")
DERIVED_NUMBER = Cell(_same, _same, "float64")
