"""Where a nudge's customers come from: the event log, read as ``cjm monitor`` reads it
(the same columns, options, time parsing, segment matching and engines)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..monitor import budget
from ..monitor.reading import backend_of, engine_errors
from ..monitor.source import EventLog, Events, LogOptions, connect, open_log
from ..monitor.spark import SparkConf


@dataclass(frozen=True)
class LogSource:
    """An event log and how to read it: ``monitor()``'s log options."""

    events: Events
    engine: str = "duckdb"
    spark_master: str = "local[*]"
    spark_conf: SparkConf = None
    path_col: str | None = None
    time_col: str | None = None
    time_unit: str | None = None
    event_col: str | None = None
    segment_col: str | None = None
    memory_limit: str | int | None = None


@contextmanager
def opened(source: LogSource) -> Iterator[EventLog]:
    """The cleaned log on its engine; the engine's own errors (out of memory, a broken
    file) come out as one line, as from ``cjm monitor``."""
    size = budget.budget(source.memory_limit)
    options = LogOptions(
        source.path_col, source.time_col, source.event_col, source.segment_col,
        time_unit=source.time_unit,
    )  # fmt: skip
    with engine_errors(source.engine, size):
        backend = backend_of(source.events) or connect(
            source.engine, source.spark_master, source.spark_conf, size
        )
        yield open_log(source.events, backend, options)


__all__ = ["LogSource", "opened"]
