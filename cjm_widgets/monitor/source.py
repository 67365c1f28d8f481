"""Event logs as one Ibis table with the columns the measures read: path, time, event, segment.

A log is CSV or Parquet files (globs and directories allowed: ``log_files``), a pandas
DataFrame, an Ibis table or a DuckDB relation. Files are read lazily by the engine
(DuckDB out-of-core, or Spark); column names are guessed from common spellings when not
given, and a guess that fails lists the log's columns. Rows with no path, time or event
are dropped, exact duplicates count once, and the order of the rows does not matter.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from . import budget
from .file_tables import read_groups
from .log_files import CSV, file_groups
from .spark import SparkConf, spark_backend
from .times import check_time_unit, check_times, timestamps

PATH_COLUMNS = ("user_id", "path_id", "session_id", "customer_id")
TIME_COLUMNS = ("timestamp", "time", "event_time")
EVENT_COLUMNS = ("event", "event_name")
SEGMENT_COLUMNS = ("segment",)

Events = Any
"""A path or glob (str or Path), a list of them, a pandas DataFrame, an Ibis table or a
DuckDB relation."""


@dataclass(frozen=True)
class EventLog:
    """The cleaned log: ``events`` has path, time, event (and segment, variant when the log
    has them)."""

    events: ir.Table
    has_segment: bool
    backend: Any
    has_variant: bool = False
    from_text: bool = False
    """Read from CSV files, which the engine parses again on every read of them."""


def connect(
    engine: str,
    spark_master: str = "local[*]",
    spark_conf: SparkConf = None,
    memory_limit: str | int | None = None,
) -> Any:
    """An Ibis backend: embedded DuckDB, or PySpark (local mode or a cluster's master URL,
    with ``spark_conf``'s settings).

    DuckDB gets a memory budget (``memory_limit``, else chosen from the machine, see
    ``budget``), a folder to spill to, the cores this process may use, and no promise to
    keep rows in insertion order (which would pin the rows of every operator in memory).
    """
    if engine == "duckdb":
        size = budget.budget(memory_limit)
        spill = Path(tempfile.gettempdir()) / f"cjm-duckdb-{os.getpid()}"
        return ibis.duckdb.connect(
            memory_limit=f"{size}B",
            temp_directory=str(spill),
            preserve_insertion_order=False,
            threads=budget.threads(),
        )
    if engine == "spark":
        return spark_backend(spark_master, spark_conf)
    raise CjmError(translate("monitor.unknown_engine", value=engine, choices="duckdb, spark"))


def _typed_frame(events: pd.DataFrame) -> tuple[pd.DataFrame, ibis.Schema]:
    """A copy whose text columns hold str or None, with a schema that calls them strings:
    missing text is null on every engine (Spark would otherwise receive NaN or pandas' NA
    objects), and an all-empty column still has a type the engines can store; nullable
    numbers with gaps hold None there too, keeping their type."""
    frame = events.copy()
    types = dict(ibis.memtable(frame.head(0)).schema().items())
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            frame[name] = column.astype(object).where(column.notna(), None)
            types[name] = "string"
        elif pd.api.types.is_extension_array_dtype(column) and column.hasnans:
            # pandas' nullable numbers (Int64) with a gap reach Spark as all NaN otherwise
            frame[name] = column.astype(object).where(column.notna(), None)
    return frame, ibis.schema(types)


def engine_table(backend: Any, data: Any, schema: ibis.Schema | None = None) -> ir.Table:
    """In-memory data (a DataFrame, an Arrow table) as a table of the engine itself: a
    temporary table in DuckDB, a temporary view in Spark (which has no temporary tables
    and does not register in-memory tables for cached queries)."""
    name = f"cjm_{uuid.uuid4().hex}"
    table = ibis.memtable(data, schema=schema)
    if backend.name == "pyspark":
        return backend.create_view(name, table)
    return backend.create_table(name, table, temp=True)


def _empty(backend: Any, options: LogOptions) -> ir.Table:
    """A log with no rows, in the columns the options name or the first guesses: what a
    header-only file gives, for a log whose files are all blank."""
    names = [
        options.path_col or PATH_COLUMNS[0],
        options.time_col or TIME_COLUMNS[0],
        options.event_col or EVENT_COLUMNS[0],
        *(name for name in (options.segment_col, options.variant_col) if name is not None),
    ]
    columns = list(dict.fromkeys(names))
    return engine_table(
        backend, pd.DataFrame(columns=columns), ibis.schema(dict.fromkeys(columns, "string"))
    )


def _read(events: Events, backend: Any, options: LogOptions) -> tuple[ir.Table, bool]:
    """The raw log as an Ibis table on ``backend`` (files read lazily where the engine can),
    and whether it was read from CSV files (which the engine parses again on every read)."""
    if isinstance(events, ir.Table):
        return events, False
    module = type(events).__module__
    if module.startswith("pandas"):
        return engine_table(backend, *_typed_frame(events)), False
    if "duckdb" in module and hasattr(events, "arrow"):  # a DuckDB relation (module _duckdb)
        arrow = events.to_arrow_table() if hasattr(events, "to_arrow_table") else events.arrow()
        return engine_table(backend, arrow), False
    sources = [events] if isinstance(events, str | Path) else list(events)
    groups = file_groups(sources)
    table = read_groups(groups, backend)
    from_text = any(group.kind == CSV for group in groups)
    return (_empty(backend, options) if table is None else table), from_text


def _column(table: ir.Table, given: str | None, guesses: Sequence[str], role: str) -> str | None:
    """The log's column for ``role``: the given name, or the first guess present (any case)."""
    by_lower = {name.lower(): name for name in table.columns}
    if given is not None:
        if given in table.columns:
            return given
        if given.lower() in by_lower:
            return str(by_lower[given.lower()])
        raise CjmError(
            translate(
                "monitor.missing_column", role=role, value=given,
                columns=", ".join(table.columns) or "-",
            )
        )  # fmt: skip
    for guess in guesses:
        if guess in by_lower:
            return str(by_lower[guess])
    return None


def _required(table: ir.Table, given: str | None, guesses: Sequence[str], role: str) -> str:
    found = _column(table, given, guesses, role)
    if found is None:
        raise CjmError(
            translate(
                "monitor.cannot_guess", role=role, guesses=", ".join(guesses),
                columns=", ".join(table.columns) or "-", option=f"--{role}-col",
            )
        )  # fmt: skip
    return found


def trimmed(value: ir.StringValue, backend: Any) -> ir.StringValue:
    """``value`` without surrounding white space: DuckDB's own trim (a regular expression
    costs it seconds on a big log). Ibis 12's ``strip()`` on PySpark also strips the
    letters f and v (its escaped \\f and \\v reach Spark's TRIM as letters: "form_sent"
    became "orm_sent"), so Spark gets a regular expression."""
    if backend.name == "duckdb":
        return value.strip()
    return value.re_replace(r"^\s+|\s+$", "")


@dataclass(frozen=True)
class LogOptions:
    """Which columns of the log to read (None: guess) and which paths to keep, by the date
    of their first event."""

    path_col: str | None = None
    time_col: str | None = None
    event_col: str | None = None
    segment_col: str | None = None
    variant_col: str | None = None
    """The A/B test's column: only read when named (no guessing)."""
    time_unit: str | None = None
    """The unit of epoch numbers in the time column (s, ms, us, ns); None: from each
    number's magnitude."""
    start: date | None = None
    end: date | None = None


def open_log(events: Events, backend: Any, options: LogOptions | None = None) -> EventLog:
    """The log cleaned (no row without path, time or event; the measures count each
    distinct (path, time, event) once). Still a lazy expression over the files: the one
    read of it (``scan``) keeps the paths of ``options``' period."""
    options = options or LogOptions()
    raw, from_text = _read(events, backend, options)
    path = _required(raw, options.path_col, PATH_COLUMNS, "path")
    time = _required(raw, options.time_col, TIME_COLUMNS, "time")
    event = _required(raw, options.event_col, EVENT_COLUMNS, "event")
    segment = _column(raw, options.segment_col, SEGMENT_COLUMNS, "segment")
    unit = check_time_unit(options.time_unit)
    parsed = timestamps(raw, time, unit)
    check_times(raw, time, parsed, unit)
    path_value = raw[path]
    if not (path_value.type().is_string() or path_value.type().is_integer()):
        path_value = path_value.cast("string")
    columns: dict[str, ir.Value] = {
        "path": path_value,
        "time": parsed,
        "event": trimmed(raw[event].cast("string"), backend),
    }
    if segment is not None:
        columns["segment"] = trimmed(raw[segment].cast("string"), backend).lower()
    if options.variant_col is not None:
        variant = _column(raw, options.variant_col, (), "variant")
        columns["variant"] = trimmed(raw[variant].cast("string"), backend)
    table = raw.select(**columns)
    table = table.filter(
        table.path.notnull() & table.time.notnull() & table.event.notnull() & (table.event != "")
    )
    has_variant = options.variant_col is not None
    return EventLog(table, segment is not None, backend, has_variant, from_text)
