"""Log files as one Ibis table: each group of files read by its engine (DuckDB or Spark),
the groups put together by column name.

Groups differ in columns when only some files sit in partition folders, and in types
when CSV meets Parquet (text times beside timestamps): a column a group lacks is empty
there, and a column whose types differ is read as text, which the time parser handles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from .log_files import CSV, FileGroup


def _read_group(backend: Any, group: FileGroup) -> ir.Table:
    if backend.name == "pyspark":
        from .spark_files import read_group

        return read_group(backend, group)
    options: dict[str, Any] = {} if group.remote else {"hive_partitioning": bool(group.keys)}
    if group.kind == CSV:
        return backend.read_csv(list(group.files), **options)
    return backend.read_parquet(list(group.files), **options)


def _common(types: list[dt.DataType]) -> dt.DataType:
    """One type for a column the groups read differently."""
    if all(t == types[0] for t in types):
        return types[0]
    if all(t.is_timestamp() for t in types):
        return dt.Timestamp()
    if all(t.is_integer() for t in types):
        return dt.int64
    if all(t.is_numeric() for t in types):
        return dt.float64
    return dt.string


def union_by_name(tables: list[ir.Table]) -> ir.Table:
    """The tables' rows one after another, columns matched by name (first seen first)."""
    if len(tables) == 1:
        return tables[0]
    seen: dict[str, list[dt.DataType]] = {}
    for table in tables:
        for name, dtype in table.schema().items():
            seen.setdefault(name, []).append(dtype)
    types = {name: _common(found) for name, found in seen.items()}
    aligned = []
    for table in tables:
        columns = {
            name: (
                table[name].cast(dtype) if table[name].type() != dtype else table[name]
            ) if name in table.columns else ibis.null().cast(dtype)
            for name, dtype in types.items()
        }  # fmt: skip
        aligned.append(table.select(**columns))
    return ibis.union(*aligned)


def read_groups(groups: Sequence[FileGroup], backend: Any) -> ir.Table | None:
    """The groups of files (``log_files.file_groups``) as one table on ``backend``; None
    when there are none (every file blank: no header, no rows, nothing to read)."""
    if not groups:
        return None
    return union_by_name([_read_group(backend, group) for group in groups])
