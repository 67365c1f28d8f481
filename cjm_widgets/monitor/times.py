"""The time column of an event log as timestamps, whatever the log holds: timestamps,
dates, ISO 8601 text, or epoch numbers in seconds, milliseconds, microseconds or
nanoseconds (with a fraction or not), the unit named or read from each number's size.

Every conversion is one Ibis expression on the column, run by the engine (DuckDB or
Spark) over the whole log; a value that is no time is refused by name with the fix.
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from ..errors import CjmError
from ..i18n import translate

EPOCH_RANGE = (datetime(1900, 1, 1), datetime(2262, 1, 1))
"""Epoch numbers are times from the first to before the second (pandas' nanosecond
timestamps end in 2262); a number outside is refused as a likely wrong unit."""

TIME_UNITS = {"s": 1_000_000.0, "ms": 1_000.0, "us": 1.0, "ns": 0.001}
"""The units of epoch numbers (time since 1970-01-01 UTC), as microseconds per unit."""

_UNIT_BELOW = (("s", 1e11), ("ms", 1e14), ("us", 1e17))
"""An epoch number below each bound is read in that unit, a larger one in nanoseconds:
today is about 1.8e9 seconds, 1.8e12 ms, 1.8e15 us, 1.8e18 ns, and 1e11 is the year 5138
in seconds but 1973 in milliseconds."""

_EPOCH = datetime(1970, 1, 1)
_READABLE_US = tuple((moment - _EPOCH).total_seconds() * 1e6 for moment in EPOCH_RANGE)


def epoch_unit(number: float) -> str:
    """The unit a plain epoch number is read in, from its magnitude."""
    return next((unit for unit, bound in _UNIT_BELOW if abs(number) < bound), "ns")


def _epoch(value: ir.NumericValue, unit: str | None) -> ir.TimestampValue:
    """Epoch numbers (with a fraction or not) as timestamps to the microsecond: in ``unit``,
    or in the unit each number's magnitude gives; null outside ``EPOCH_RANGE``. One
    expression on every engine: the epoch plus an interval in microseconds, which DuckDB
    and Spark both compute (Ibis builds timestamps from microseconds on neither)."""
    number = value.cast("float64")
    if unit is None:
        size = number.abs()
        factor: ir.FloatingValue = ibis.cases(
            *((size < bound, TIME_UNITS[name]) for name, bound in _UNIT_BELOW),
            else_=TIME_UNITS["ns"],
        )
    else:
        factor = ibis.literal(TIME_UNITS[unit])
    micros = number * factor
    earliest, latest = _READABLE_US
    moment = ibis.timestamp(_EPOCH) + micros.round().cast("int64").as_interval("us")
    return ibis.cases((micros.between(earliest, latest), moment), else_=ibis.null("timestamp"))


def timestamps(table: ir.Table, column: str, unit: str | None = None) -> ir.TimestampValue:
    """The time column as timestamps: parsed from text, from epoch numbers, or as it is."""
    value = table[column]
    dtype = value.type()
    if dtype.is_timestamp():
        return value.cast("timestamp")
    if dtype.is_date():
        return value.cast("timestamp")
    if dtype.is_integer() or dtype.is_floating() or dtype.is_decimal():
        return _epoch(value, unit)
    if dtype.is_string():
        return value.try_cast("timestamp")
    raise CjmError(translate("monitor.bad_time_type", column=column, type=str(dtype)))


def check_times(raw: ir.Table, column: str, parsed: ir.TimestampValue, unit: str | None) -> None:
    """Refuse a time column with values that are not times, naming one of them."""
    value = raw[column]
    dtype = value.type()
    if dtype.is_string():
        bad = raw.filter(value.notnull() & value.re_search(r"\S") & parsed.isnull())
    elif dtype.is_numeric():
        unreadable = value.notnull() & parsed.isnull()
        if dtype.is_floating():  # pandas' NaN is a missing time, as an empty cell is
            unreadable &= ~value.isnan()
        bad = raw.filter(unreadable)
    else:
        return
    example = bad.select(value=bad[column]).limit(1).to_pandas()
    if not len(example):
        return
    found = example["value"].iloc[0]
    if dtype.is_string():
        raise CjmError(translate("monitor.bad_time", column=column, value=str(found)))
    text = str(int(found)) if dtype.is_integer() else repr(float(found))
    first, last = EPOCH_RANGE
    raise CjmError(
        translate(
            "monitor.bad_epoch", column=column, value=text,
            unit=translate(f"monitor.unit.{unit or epoch_unit(float(found))}"),
            first=first.year, last=last.year - 1,
        )
    )  # fmt: skip


def check_time_unit(unit: str | None) -> str | None:
    """``unit`` if it is one of ``TIME_UNITS`` (or None: guess), else a CjmError."""
    if unit is not None and unit not in TIME_UNITS:
        raise CjmError(
            translate("monitor.bad_time_unit", value=unit, choices=", ".join(TIME_UNITS))
        )
    return unit
