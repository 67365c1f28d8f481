"""Time columns of every kind: epoch numbers in s, ms, us or ns (fractions too), the unit
guessed from their size or named, values that are no time refused by name, blank files.

Each log here is the hand-worked sign-up log (tests/monitor_logs.py) with its times
written another way, so the answers must be that case's, on DuckDB and on Spark.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets.errors import CjmError
from cjm_widgets.monitor import monitor
from cjm_widgets.monitor.source import LogOptions, connect, open_log
from tests.messages import read_back, said
from tests.monitor_logs import SIGN_UP, Case, sign_up
from tests.test_monitor_definitions import (
    assert_one_line_error,
    assert_same_result,
    files,
    read_table,
    run,
    spark,  # noqa: F401 - the module's local Spark, a fixture
)

PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.slow)]


def epochs(case: Case, unit: str, fraction: float = 0.0) -> Case:
    """``case`` with its times as epoch numbers in ``unit``: whole numbers (nullable
    integers, as a missing time leaves them), or seconds with ``fraction`` added."""
    times = case.events["ts"]
    nanos = (times - pd.Timestamp("1970-01-01")) // pd.Timedelta(nanoseconds=1)
    if fraction:
        case.events["ts"] = nanos / 1e9 + fraction
    else:
        case.events["ts"] = (nanos // (1_000_000_000 // PER_SECOND[unit])).astype("Int64")
    return case


def measured(case: Case, engine: str, **options: Any) -> Any:
    extra = {"spark_master": "local[2]"} if engine == "spark" else {}
    return monitor(case.workshop, case.events, engine=engine, **case.options, **options, **extra)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("unit", list(PER_SECOND))
def test_epoch_numbers_in_each_unit_give_the_hand_worked_answers(
    request: pytest.FixtureRequest, engine: str, unit: str
) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")
    case = epochs(sign_up(), unit)
    assert_same_result(measured(case, engine), case, f"{engine}, epoch {unit} guessed")
    assert_same_result(measured(case, engine, time_unit=unit), case, f"{engine}, {unit} named")


@pytest.mark.parametrize("engine", ENGINES)
def test_epoch_seconds_with_a_fraction_are_read_to_the_microsecond(
    request: pytest.FixtureRequest, engine: str
) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")
    case = epochs(sign_up(), "s", fraction=0.25)
    assert_same_result(measured(case, engine), case, f"{engine}, fractional seconds")
    frame = pd.DataFrame(
        {"user_id": ["u1", "u1"], "timestamp": [1790000000.5, 1790000000.123456], "event": "a"}
    )
    backend = connect(engine, "local[2]")
    got = open_log(frame, backend, LogOptions()).events.to_pandas().sort_values("time")
    assert list(got["time"]) == [
        pd.Timestamp("2026-09-21 14:13:20.123456"),
        pd.Timestamp("2026-09-21 14:13:20.500000"),
    ]


def test_a_time_in_the_wrong_unit_is_refused_naming_the_column_and_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = epochs(sign_up(), "ms")
    workshop, log = files(tmp_path, SIGN_UP, case.events)
    out = str(tmp_path / "out")
    args = ["monitor", workshop, log, "--out", out, "--path-col", "visitor", "--event-col", "name"]
    code, _, err = run(capsys, *args, "--time-col", "ts", "--time-unit", "s")
    assert code == 1
    assert_one_line_error(err, "'ts'", "--time-unit", "seconds")
    line = err.strip().removeprefix("cjm monitor: ")
    shown = read_back("monitor.bad_epoch", line, column="ts", unit=said("monitor.unit.s"))
    assert shown is not None and re.fullmatch(r"17092\d{8}", shown["value"]), err  # a time in ms
    code, _, err = run(capsys, *args, "--time-col", "ts", "--time-unit", "ms")
    assert code == 0, err
    assert read_table(tmp_path / "out" / "funnel.csv")["paths"].tolist()[0] == 9


def test_a_number_too_large_for_any_unit_is_refused() -> None:
    case = sign_up()
    case.events["ts"] = [1e30] + [1709258400.0] * (len(case.events) - 1)
    with pytest.raises(CjmError) as refused:
        monitor(case.workshop, case.events, **case.options)
    message = str(refused.value)
    assert "'ts'" in message and "1e+30" in message and "nanoseconds" in message
    assert "--time-unit" in message


def test_an_unknown_time_unit_is_refused() -> None:
    case = sign_up()
    with pytest.raises(CjmError) as caught:
        monitor(case.workshop, case.events, time_unit="hours", **case.options)
    (message,) = caught.value.args
    assert (message.key, message.params["value"]) == ("monitor.bad_time_unit", "hours")
    assert message.params["choices"].startswith("s, ms")


def test_a_0_byte_log_gives_the_zeros_of_a_header_only_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header_only = pd.DataFrame(columns=["user_id", "timestamp", "event"])
    workshop, log = files(tmp_path, SIGN_UP, header_only)
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(tmp_path / "header"))
    assert code == 0, err
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"")
    code, _, err = run(capsys, "monitor", workshop, str(blank), "--out", str(tmp_path / "blank"))
    assert code == 0, err
    for name in ("funnel.csv", "unmapped.csv", "variants.csv", "felt_vs_measured.csv"):
        expected = (tmp_path / "header" / name).read_text(encoding="utf-8")
        assert (tmp_path / "blank" / name).read_text(encoding="utf-8") == expected, name
    funnel = read_table(tmp_path / "blank" / "funnel.csv")
    assert funnel["paths"].dropna().tolist() == [0, 0, 0]


def test_a_blank_file_among_others_is_left_out(tmp_path: Path) -> None:
    case = sign_up()
    log = tmp_path / "events.csv"
    case.events.to_csv(log, index=False)
    (tmp_path / "empty.csv").write_bytes(b"\n")
    got = monitor(case.workshop, str(tmp_path / "*.csv"), **case.options)
    assert_same_result(got, case, "a log beside a blank file")
