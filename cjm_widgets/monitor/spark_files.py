"""Log files read by Spark: partition folders as columns, Parquet times in nanoseconds
(pandas' default) as timestamps, and files whose columns differ read apart.

Spark 4 refuses Parquet's nanosecond timestamps ("Illegal Parquet type: INT64
(TIMESTAMP(NANOS,false))"). With ``spark.sql.legacy.parquet.nanosAsLong`` it reads them
as whole nanoseconds, which this module turns back into timestamps (to the microsecond,
Spark's own precision). Spark also reads every file of one read with the first file's
columns and types: a column only later files have is lost, and an int32 file read as
int64, or microseconds read as nanoseconds, fails or goes wrong. So the local files'
footers are read here first, the files are read in one go per distinct schema (usually
one), and the reads are put together by column name.
"""

from __future__ import annotations

import uuid
from functools import reduce
from typing import Any

import ibis.expr.types as ir

from ..errors import CjmError
from ..i18n import translate
from .log_files import CSV, FileGroup

NANOS_AS_LONG = "spark.sql.legacy.parquet.nanosAsLong"


def _kind(dtype: Any) -> str:
    """What a Parquet column holds, as far as putting files together goes."""
    import pyarrow as pa

    if pa.types.is_dictionary(dtype):
        dtype = dtype.value_type
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return "text"
    if pa.types.is_integer(dtype) or pa.types.is_floating(dtype) or pa.types.is_decimal(dtype):
        return "numbers"
    if pa.types.is_timestamp(dtype) or pa.types.is_date(dtype):
        return "times"
    return str(dtype)


def _schema(name: str) -> Any:
    """A local Parquet file's schema, or a CjmError naming a file that is none (cut short)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_schema(name)
    except (OSError, pa.ArrowException) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "-"
        message = translate("monitor.unreadable_parquet", path=name, reason=reason)
        raise CjmError(message) from None


def parquet_reads(files: tuple[str, ...]) -> list[tuple[list[str], list[str]]]:
    """The files in reads of one schema each (first seen first), each with its columns
    in nanoseconds. Raises a CjmError naming a column that is text in one file and
    numbers or times in another."""
    import pyarrow as pa

    reads: dict[tuple[tuple[str, str], ...], tuple[list[str], list[str]]] = {}
    seen: dict[str, tuple[Any, str]] = {}  # column: its type in the first file that has it
    for name in files:
        schema = _schema(name)
        for field in schema:
            first, where = seen.setdefault(field.name, (field.type, name))
            if _kind(first) != _kind(field.type):
                raise CjmError(
                    translate(
                        "monitor.mixed_types", column=field.name, first=str(first), path=where,
                        other=str(field.type), other_path=name,
                    )
                )  # fmt: skip
        signature = tuple((field.name, str(field.type)) for field in schema)
        nanos = [
            field.name
            for field in schema
            if pa.types.is_timestamp(field.type) and field.type.unit == "ns"
        ]
        reads.setdefault(signature, ([], nanos))[0].append(name)
    return list(reads.values())


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _parquet(session: Any, reader: Any, files: list[str], nanos: list[str]) -> Any:
    if nanos:  # a session setting read when the query runs, so it stays on for the session
        session.conf.set(NANOS_AS_LONG, "true")
    frame = reader.parquet(*files)
    if nanos:
        from pyspark.sql import functions as F  # noqa: N812 - PySpark's own convention

        for name in nanos:
            frame = frame.withColumn(name, F.expr(f"timestamp_micros({_quoted(name)} DIV 1000)"))
    return frame


def _frame(session: Any, group: FileGroup) -> Any:
    """The group as a Spark DataFrame, read lazily (only the footers are looked at now)."""
    reader = session.read
    if group.keys:  # partition folders below root become columns, as DuckDB's hive_partitioning
        reader = reader.option("basePath", group.root)
    if group.kind == CSV:
        return reader.csv(list(group.files), header=True, inferSchema=True)
    if group.remote:  # no footers to read here: Spark reads the files as they are
        try:
            return reader.parquet(*group.files)
        except Exception as error:
            if "TIMESTAMP(NANOS" in str(error):
                message = translate("monitor.spark_remote_nanos", path=group.files[0])
                raise CjmError(message) from None
            raise
    frames = [
        _parquet(session, reader, files, nanos) for files, nanos in parquet_reads(group.files)
    ]
    return reduce(lambda left, right: left.unionByName(right, allowMissingColumns=True), frames)


def read_group(backend: Any, group: FileGroup) -> ir.Table:
    """The group as an Ibis table on the PySpark ``backend`` (a temporary view)."""
    session = backend._session  # the SparkSession Ibis's PySpark backend was connected with
    name = f"cjm_files_{uuid.uuid4().hex}"
    _frame(session, group).createOrReplaceTempView(name)
    table: ir.Table = backend.table(name)
    return table
