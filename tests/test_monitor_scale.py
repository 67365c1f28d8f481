"""Monitoring a log of any size: the memory budget, running out of it, monthly snapshots in
one run, and bad files as one line each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import ibis
import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.errors import CjmError
from cjm_widgets.monitor import budget, monitor, scan
from cjm_widgets.monitor.reading import engine_errors
from cjm_widgets.monitor.run import monthly
from cjm_widgets.monitor.source import EventLog
from cjm_widgets.samples import sample_workshop
from cjm_widgets.samples.events import write_sample_events
from tests.monitor_logs import SIGN_UP, SIGN_UP_LOG, sign_up
from tests.test_monitor_definitions import (
    assert_one_line_error,
    assert_same_result,
    assert_same_written,
    read_table,
    run,
)

# -- the memory budget -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [("2GB", 2 * 1000**3), ("512MB", 512 * 1000**2), ("1.5GiB", int(1.5 * 1024**3)),
     ("768 mb", 768 * 1000**2), (" 3gb ", 3 * 1000**3), ("4096MiB", 4 * 1024**3)],
)  # fmt: skip
def test_memory_limit_reads_sizes_as_people_write_them(text: str, size: int) -> None:
    assert budget.parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "2XB", "GB", "-1GB", "0", "10KB", ""])
def test_memory_limit_refuses_what_is_no_size_naming_the_option(text: str) -> None:
    with pytest.raises(CjmError) as caught:
        budget.parse_size(text)
    message = str(caught.value)
    assert "--memory-limit" in message and f"'{text}'" in message and "2GB" in message


def test_default_budget_is_a_share_of_free_memory_within_its_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget, "available_memory", lambda: 2 * 1024**3)
    assert budget.default_budget() == int(2 * 1024**3 * budget.FREE_SHARE)
    monkeypatch.setattr(budget, "available_memory", lambda: 300 * 1024**2)
    assert budget.default_budget() == budget.SPILL_FLOOR  # spilling needs some memory
    monkeypatch.setattr(budget, "available_memory", lambda: 64 * 1024**3)
    assert budget.default_budget() == budget.DEFAULT_CEILING
    monkeypatch.setattr(budget, "available_memory", lambda: None)
    assert budget.default_budget() == budget.SPILL_FLOOR


def files(tmp_path: Path) -> tuple[str, str]:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SIGN_UP).save(workshop)
    log = tmp_path / "events.parquet"
    SIGN_UP_LOG.to_parquet(log, index=False)
    return str(workshop), str(log)


NAMED = ["--path-col", "visitor", "--time-col", "ts", "--event-col", "name"]


def test_cli_memory_limit_gives_the_same_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, log = files(tmp_path)
    out = tmp_path / "out"
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out), *NAMED,
                       "--memory-limit", "64MB")  # fmt: skip
    assert code == 0, err
    assert_same_written(read_table(out / "funnel.csv"), sign_up().funnel, "funnel")


@pytest.mark.parametrize(
    ("limit", "named"),
    [
        ("plenty", ("--memory-limit", "plenty")),  # not a size
        ("1MB", ("out of memory", "1MB", "--memory-limit")),  # less than any query needs
    ],
)
def test_a_memory_limit_refused_or_run_out_of_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str, named: tuple[str, ...]
) -> None:
    workshop, log = files(tmp_path)
    out = tmp_path / "out"
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out), *NAMED,
                       "--memory-limit", limit)  # fmt: skip
    assert code == 1
    assert_one_line_error(err, *named)
    assert not out.exists()
    with pytest.raises(CjmError, match="budget of 1MB"):
        monitor(sign_up().workshop, SIGN_UP_LOG, **sign_up().options, memory_limit="1MB")


def test_a_spark_error_is_its_java_exception_and_running_out_names_the_setting() -> None:
    def said(text: str) -> str:
        with pytest.raises(CjmError) as caught, engine_errors("spark", budget.SPILL_FLOOR):
            raise RuntimeError(text)
        return str(caught.value)

    heap = said(
        "An error occurred while calling o154.collectToPython.\n"
        ": java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.lang.String"
    )
    assert heap.startswith("Spark ran out of memory (java.lang.OutOfMemoryError: Java heap")
    assert "--spark-conf spark.driver.memory=4g" in heap and "\n" not in heap
    missing = said(
        "An error occurred while calling o12.parquet.\n"
        ": org.apache.spark.SparkFileNotFoundException: File does not exist\n\tat org.apache"
    )
    assert "org.apache.spark.SparkFileNotFoundException: File does not exist" in missing
    assert "o12" not in missing and "\n" not in missing
    aborted = said(
        "An error occurred while calling o9.collectToPython.\n"
        ": org.apache.spark.SparkException: Job aborted due to stage failure\n\tat org.apache\n"
        "Caused by: java.lang.OutOfMemoryError: Java heap space"
    )
    assert aborted.startswith("Spark ran out of memory (org.apache.spark.SparkException: Job")
    assert "Failed to pin" in said("Failed to pin a block")


# -- one read of the log -----------------------------------------------------------------


def test_the_unmapped_events_are_counted_from_the_stored_events_not_the_files_again() -> None:
    def table(rows: list[tuple[str, str, str]]) -> ibis.Table:
        frame = pd.DataFrame(rows, columns=["path", "time", "event"])
        return ibis.memtable(frame.assign(time=pd.to_datetime(frame.time)))

    files = table([("a", "2026-10-01 09:00", "faq"), ("a", "2026-10-01 09:01", "paid")])
    stored = table(
        [("a", "2026-10-01 09:00", "faq"), ("b", "2026-10-01 09:05", "faq"),
         ("b", "2026-10-01 09:05", "faq"), ("b", "2026-10-01 09:06", "chat")]
    )  # fmt: skip
    log = EventLog(files, has_segment=False, backend=None)

    counted = scan.unmapped(log, {"paid"}, events=stored).to_pandas()

    # exact duplicates count once; the files alone have no chat and one faq
    assert counted.to_dict("records") == [
        {"event": "faq", "paths": 2, "events": 2},
        {"event": "chat", "paths": 1, "events": 1},
    ]


# -- monthly snapshots in one run --------------------------------------------------------


def test_one_grouped_run_gives_each_months_figures_as_a_run_per_month(tmp_path: Path) -> None:
    ws = sample_workshop()
    events = write_sample_events(tmp_path / "events.csv", ws, paths=400, seed=3)
    found = monthly(ws, str(events), date(2026, 11, 30))
    assert list(found) == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    for start, figures in found.items():
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        alone = monitor(ws, str(events), start=start, end=end)
        assert alone.funnel["paths"].sum() > 0
        pd.testing.assert_frame_equal(figures.funnel, alone.funnel, check_exact=False, rtol=1e-12)
    until_october = monthly(ws, str(events), date(2026, 10, 15))
    assert list(until_october) == [date(2026, 9, 1), date(2026, 10, 1)]


def test_monthly_reads_the_log_with_monitors_options(tmp_path: Path) -> None:
    ws = sample_workshop()
    events = write_sample_events(tmp_path / "events.csv", ws, paths=300, seed=4)
    plain = monthly(ws, str(events), date(2026, 11, 30))
    frame = pd.read_csv(events, parse_dates=["timestamp"])
    renamed = frame.rename(columns={"user_id": "household", "event": "what"})
    renamed["ms"] = renamed.pop("timestamp").astype("datetime64[ms]").astype("int64")
    other = tmp_path / "export.parquet"
    renamed.to_parquet(other, index=False)
    found = monthly(
        ws, str(other), date(2026, 11, 30), path_col="household", event_col="what",
        time_col="ms", time_unit="ms",
    )  # fmt: skip
    assert list(found) == list(plain)
    for start, figures in found.items():
        pd.testing.assert_frame_equal(figures.funnel, plain[start].funnel, check_exact=False)


# -- bad input: one line each -------------------------------------------------------------


def bad_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *log: str) -> str:
    workshop, _ = files(tmp_path)
    out = tmp_path / "out"
    code, _, err = run(capsys, "monitor", workshop, *log, "--out", str(out), *NAMED)
    assert code == 1
    assert not out.exists()
    return err


def test_truncated_parquet_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole.parquet"
    SIGN_UP_LOG.to_parquet(whole, index=False)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert_one_line_error(bad_run(tmp_path, capsys, str(cut)), "cut.parquet")


def test_directory_without_event_files_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "exports"
    empty.mkdir()
    (empty / "README.md").write_text("nothing here yet", encoding="utf-8")
    assert_one_line_error(bad_run(tmp_path, capsys, str(empty)), "exports")


def test_glob_matching_nothing_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pattern = str(tmp_path / "2027-*.parquet")
    assert_one_line_error(bad_run(tmp_path, capsys, pattern), "2027-*.parquet")


def test_parquet_time_column_of_unreadable_text_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = SIGN_UP_LOG.copy()
    log["ts"] = log["ts"].astype(str)
    log.loc[3, "ts"] = "yesterday afternoon"
    path = tmp_path / "text-times.parquet"
    log.to_parquet(path, index=False)
    assert_one_line_error(bad_run(tmp_path, capsys, str(path)), "ts", "yesterday afternoon")


def test_column_of_mixed_types_is_one_line_naming_it() -> None:
    case = sign_up()
    events = case.events.copy()
    events["visitor"] = events["visitor"].astype(object)
    events.loc[0, "visitor"] = 17  # a number among the text ids
    with pytest.raises(CjmError) as caught:
        monitor(case.workshop, events, **case.options)
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and "visitor" in message and "; " in message


def test_mixed_parquet_and_csv_files_with_other_types_measure_alike(tmp_path: Path) -> None:
    """One file's ids are numbers, the other's text: the engine reads both as one log."""
    case = sign_up()
    numbered = case.events.copy()
    numbered["visitor"] = pd.to_numeric(numbered["visitor"].str.removeprefix("u")).astype("Int64")
    half = len(numbered) // 2
    numbered.iloc[:half].to_parquet(tmp_path / "a.parquet", index=False)
    numbered.iloc[half:].to_csv(tmp_path / "b.csv", index=False)
    got = monitor(case.workshop, [tmp_path / "a.parquet", tmp_path / "b.csv"], **case.options)
    assert_same_result(got, case, "numbered ids in Parquet and CSV")


@pytest.mark.parametrize(
    ("limit", "named"),
    [
        ("plenty", ("--memory-limit", "plenty")),
        ("1MB", ("out of memory", "1MB", "--memory-limit")),
    ],
)
def test_portfolio_takes_the_memory_limit_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str, named: tuple[str, ...]
) -> None:
    workshop, _ = files(tmp_path)
    log = tmp_path / "guessed.parquet"  # the columns cjm guesses: no options needed
    SIGN_UP_LOG.rename(
        columns={"visitor": "user_id", "ts": "timestamp", "name": "event"}
    ).to_parquet(log, index=False)
    out = tmp_path / "out"
    code, _, err = run(capsys, "portfolio", workshop, "--events", str(log), "--out", str(out),
                       "--memory-limit", limit)  # fmt: skip
    assert code == 1
    assert_one_line_error(err, *named, command="portfolio")
    assert not out.exists()
    code, _, err = run(capsys, "portfolio", workshop, "--events", str(log), "--out", str(out),
                       "--memory-limit", "64MB")  # fmt: skip
    assert code == 0, err
    assert out.exists()
