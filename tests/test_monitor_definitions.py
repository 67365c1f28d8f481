"""Journey monitoring gives the contract's numbers: hand-worked logs, a generated log, Spark, the CLI.

Three witnesses must agree: the answers worked out by hand (tests/monitor_logs.py), a slow
plain-pandas oracle written from the definitions (tests/monitor_reference.py) and the engine
(cjm_widgets.monitor) on DuckDB and, in the slow tests, on Spark in local mode.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pandas.testing as pdt
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.samples import sample_workshop
from tests.conftest import small_document
from tests.monitor_logs import (
    DATED_LOG,
    NO_PERSONAS,
    SEGMENTED,
    SEGMENTED_LOG,
    SIGN_UP,
    SIGN_UP_LOG,
    Case,
    all_cases,
    dated_between,
    local_spark,
    segmented,
    sign_up,
)
from tests.monitor_reference import (
    FUNNEL_COLUMNS,
    FUNNEL_NUMBERS,
    UNMAPPED_COLUMNS,
    VARIANT_COLUMNS,
    Reference,
    reference,
)

NUMBER_COLUMNS = {*FUNNEL_NUMBERS, "paths", "events", "share"}
TABLES = ("funnel", "unmapped", "variants", "segments")


# -- comparing tables -----------------------------------------------------------------


def is_number_column(name: str) -> bool:
    return name in NUMBER_COLUMNS or name.startswith(("paths[", "conversion_rate["))


def normal(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as floats (NaN = empty), text as str ("" = empty), a fresh index."""
    frame = frame.reset_index(drop=True).copy()
    frame.columns = pd.Index([str(name) for name in frame.columns])
    for name in frame.columns:
        if is_number_column(name):
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
        else:
            frame[name] = [
                "" if value is None or pd.isna(value) else str(value) for value in frame[name]
            ]
    return frame


def assert_same_table(
    got: pd.DataFrame | None,
    expected: pd.DataFrame | None,
    what: str,
    *,
    rtol: float = 1e-9,
    atol: float = 0,
) -> None:
    if expected is None:
        assert got is None, f"{what}: expected no table, got one with columns {list(got.columns)}"
        return
    assert got is not None, f"{what}: expected a table, got None"
    assert list(got.columns) == list(expected.columns), what
    pdt.assert_frame_equal(
        normal(got),
        normal(expected),
        check_dtype=False,
        check_exact=False,
        rtol=rtol,
        atol=atol,
        obj=what,
    )


def assert_same_written(got: pd.DataFrame, expected: pd.DataFrame | None, what: str) -> None:
    """A table as its CSV file holds it: rates to 4 decimals, p-values to 4 significant
    digits, counts and seconds whole (the file's rounding, not the engine's figures)."""
    assert_same_table(got, expected, what, rtol=5e-4, atol=5e-5)


def assert_same_result(got: Any, expected: Any, what: str) -> None:
    for table in TABLES:
        assert_same_table(getattr(got, table), getattr(expected, table), f"{what}: {table}")


# -- running the witnesses -------------------------------------------------------------


def reference_of(case: Case) -> Reference:
    options = dict(case.options)
    columns = {"path_col": "user_id", "time_col": "timestamp", "event_col": "event"}
    for name in [name for name in options if name.endswith("_col")]:
        columns[name] = options.pop(name)
    if "segment" in case.events.columns:
        columns.setdefault("segment_col", "segment")
    return reference(case.workshop, case.events, **columns, **options)


def engine_of(case: Case, engine: str = "duckdb", **extra: Any) -> Any:
    from cjm_widgets.monitor import monitor

    return monitor(case.workshop, case.events.copy(), engine=engine, **case.options, **extra)


CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_reference_gives_the_hand_worked_answers(case: Case) -> None:
    assert_same_result(reference_of(case), case, f"reference on {case.name}")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_engine_gives_the_hand_worked_answers(case: Case) -> None:
    assert_same_result(engine_of(case), case, f"duckdb on {case.name}")


def test_shuffling_the_rows_changes_nothing() -> None:
    case = sign_up()
    case.events = case.events.sample(frac=1.0, random_state=7).reset_index(drop=True)
    assert_same_result(engine_of(case), case, "duckdb on the shuffled sign-up log")


def test_engine_reads_csv_and_parquet_files_and_lists_of_them(tmp_path: Path) -> None:
    from cjm_widgets.monitor import monitor

    case = sign_up()
    parquet = tmp_path / "events.parquet"
    case.events.to_parquet(parquet, index=False)
    halves = [tmp_path / "first.csv", tmp_path / "second.csv"]
    case.events.iloc[::2].to_csv(halves[0], index=False)
    case.events.iloc[1::2].to_csv(halves[1], index=False)
    for source in (parquet, str(parquet), halves, str(tmp_path / "*.csv")):
        got = monitor(case.workshop, source, engine="duckdb", **case.options)
        assert_same_result(got, case, f"duckdb on {source}")


# -- a generated log on the sample workshop --------------------------------------------

NOISE = ["page_view", "login", "app_opened", "help_opened", "cookie_banner_closed"]
SPELLINGS = {
    "digital first": ["digital first", "Digital First", "DIGITAL FIRST", "Digital first"],
    "moving from paper": ["moving from paper", "Moving From Paper", "MOVING FROM PAPER"],
    "business": ["business", "Business"],
}


def generated_log(seed: int = 20240301, customers: int = 450) -> pd.DataFrame:
    """Customers walking the sample's signalled touchpoints: skips, repeats, steps out of
    order, other personas' events, noise, ties in time, duplicates, nulls, shuffled rows."""
    rng = random.Random(seed)
    ws = sample_workshop()
    walks = {
        persona.segment.lower(): [tp for tp in ws.journey(persona.id, "current") if tp.signals]
        for persona in ws.personas
    }
    every_signal = sorted({signal for tp in ws.touchpoints for signal in tp.signals})
    rows: list[tuple[Any, ...]] = []
    for number in range(customers):
        path = f"c{number:04d}"
        segment = rng.choices([*SPELLINGS, None], weights=[45, 35, 12, 8])[0]
        walk = walks.get(segment or "", walks[rng.choice(sorted(walks))])
        spelling = rng.choice(SPELLINGS[segment]) if segment else None
        time = pd.Timestamp("2024-03-01") + pd.Timedelta(seconds=rng.randrange(14 * 86400))
        events: list[tuple[pd.Timestamp, str]] = []
        for step in walk:
            luck = rng.random()
            if luck < 0.06:
                break  # leaves the journey
            if luck < 0.16:
                continue  # skips a step
            events.append((time, rng.choice(step.signals)))
            if rng.random() < 0.12:  # comes back to the same touchpoint
                events.append(
                    (time + pd.Timedelta(seconds=rng.randrange(1, 4000)), rng.choice(step.signals))
                )
            if rng.random() < 0.06:  # a later step's event turns up early
                events.append((time, rng.choice(rng.choice(walk).signals)))
            if rng.random() < 0.25:
                events.append(
                    (time + pd.Timedelta(seconds=rng.randrange(0, 600)), rng.choice(NOISE))
                )
            if rng.random() < 0.04:
                events.append((time, rng.choice(every_signal)))
            time += pd.Timedelta(
                seconds=rng.choice([0, 1, 30, 61, 300, 3599, 86400, rng.randrange(1, 200000)])
            )
        for index, (moment, event) in enumerate(sorted(events)):
            # the first event sometimes carries no segment: the next one decides
            carried = None if index == 0 and rng.random() < 0.2 else spelling
            rows.append((path, moment, event, carried))
    rows += [rng.choice(rows) for _ in range(len(rows) // 30)]  # exact duplicates
    rows += [
        (None, pd.Timestamp("2024-03-02"), "einvoice_paid", "digital first"),
        ("c0001", None, "einvoice_paid", "digital first"),
        ("c0002", pd.Timestamp("2024-03-03"), None, "digital first"),
    ]
    rng.shuffle(rows)
    return pd.DataFrame(rows, columns=["user_id", "timestamp", "event", "segment"])


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    return generated_log()


def test_generated_log_is_the_size_it_claims(generated: pd.DataFrame) -> None:
    assert 2000 <= len(generated) <= 8000
    assert generated.duplicated().any()
    assert generated["segment"].dropna().str.strip().str.lower().nunique() == 3


GENERATED_OPTIONS = [
    pytest.param({}, id="every persona"),
    pytest.param({"persona": "pe-aino"}, id="one persona by id"),
    pytest.param({"start": date(2024, 3, 4), "end": date(2024, 3, 9)}, id="4-9 March"),
]


@pytest.mark.parametrize("options", GENERATED_OPTIONS)
def test_engine_agrees_with_the_reference_on_a_generated_log(
    generated: pd.DataFrame, options: dict[str, Any]
) -> None:
    from cjm_widgets.monitor import monitor

    ws = sample_workshop()
    expected = reference(ws, generated, segment_col="segment", **options)
    assert expected.funnel["paths"].max() > 50  # the log exercises the definitions
    assert expected.funnel["repeat_paths"].max() > 0
    assert len(expected.unmapped) >= len(NOISE)
    assert expected.variants.groupby("persona_id").size().max() == 20  # more were cut off
    got = monitor(ws, generated.copy(), engine="duckdb", **options)
    assert_same_result(got, expected, f"generated log, {options}")


def test_log_without_segments_measures_every_path_for_every_persona(
    generated: pd.DataFrame,
) -> None:
    """The contract does not say what a persona's segment filters when the log has no
    segment column; the reference takes every path (else such a log would measure nothing)."""
    from cjm_widgets.monitor import monitor

    ws = sample_workshop()
    events = generated.drop(columns="segment")
    expected = reference(ws, events)
    assert expected.segments is None
    assert_same_result(monitor(ws, events, engine="duckdb"), expected, "log without segments")


# -- Spark in local mode ----------------------------------------------------------------


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local Spark for the module; the engine's getOrCreate() finds it. Its warehouse
    is a temporary folder, so no test leaves tables in the working tree."""
    pytest.importorskip("pyspark")
    session = local_spark(
        "cjm-monitor-tests", tmp_path_factory.mktemp("spark-warehouse"), "local[2]"
    )
    yield session
    session.stop()


@pytest.mark.slow
@pytest.mark.parametrize("make", [sign_up, segmented], ids=["sign-up", "two personas"])
def test_spark_gives_the_same_numbers_as_duckdb(spark: Any, make: Any) -> None:
    case = make()
    on_spark = engine_of(case, "spark", spark_master="local[2]")
    assert_same_result(on_spark, engine_of(case), f"spark against duckdb on {case.name}")
    assert_same_result(on_spark, case, f"spark on {case.name}")


# -- the cjm monitor command -------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def files(
    tmp_path: Path, document: dict[str, Any], events: pd.DataFrame, name: str = "journey"
) -> tuple[str, str]:
    workshop = tmp_path / f"{name}.cjm.json"
    Workshop.from_dict(document).save(workshop)
    log = tmp_path / f"{name}-events.csv"
    events.to_csv(log, index=False)
    return str(workshop), str(log)


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def assert_one_line_error(err: str, *names: str, command: str = "monitor") -> None:
    """One line, in the kit's 'problem; fix' form, naming what is wrong; no traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"cjm {command}: "), err
    assert "; " in lines[0], f"no fix after the problem: {err}"
    for name in names:
        assert name in lines[0], f"{name!r} not named in: {err}"


def test_cli_writes_the_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop, log = files(tmp_path, SEGMENTED, SEGMENTED_LOG)
    out = tmp_path / "out"
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out))
    assert code == 0, err
    case = segmented()
    assert sorted(path.name for path in out.iterdir()) == [
        "felt_vs_measured.csv",
        "funnel.csv",
        "segments.csv",
        "unmapped.csv",
        "variants.csv",
    ]
    for table in TABLES:
        assert_same_written(read_table(out / f"{table}.csv"), getattr(case, table), table)


def test_cli_reads_named_columns_and_writes_no_segments_without_a_segment_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, log = files(tmp_path, SIGN_UP, SIGN_UP_LOG)
    out = tmp_path / "out"
    columns = ("--path-col", "visitor", "--time-col", "ts", "--event-col", "name")
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out), *columns)
    assert code == 0, err
    assert sorted(path.name for path in out.iterdir()) == [
        "felt_vs_measured.csv",
        "funnel.csv",
        "unmapped.csv",
        "variants.csv",
    ]
    case = sign_up()
    for table in ("funnel", "unmapped", "variants"):
        assert_same_written(read_table(out / f"{table}.csv"), getattr(case, table), table)


def test_cli_date_range_and_persona(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop, log = files(tmp_path, NO_PERSONAS, DATED_LOG)
    out = tmp_path / "dated"
    dates = ("--from", "2024-03-02", "--to", "2024-03-04")
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out), *dates)
    assert code == 0, err
    assert_same_written(read_table(out / "funnel.csv"), dated_between().funnel, "funnel")

    workshop, log = files(tmp_path, SEGMENTED, SEGMENTED_LOG, "segmented")
    out = tmp_path / "yrjo"
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out), "--persona", "pe-y")
    assert code == 0, err
    assert list(read_table(out / "funnel.csv")["persona_id"].unique()) == ["pe-y"]


def test_cli_empty_log_gives_zeros(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop, log = files(
        tmp_path, SIGN_UP, pd.DataFrame(columns=["user_id", "timestamp", "event"])
    )
    out = tmp_path / "out"
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(out))
    assert code == 0, err
    funnel = read_table(out / "funnel.csv")
    assert list(funnel.columns) == FUNNEL_COLUMNS
    measured = funnel[funnel["signals"].notna()]
    assert measured[["paths", "reach", "repeat_paths"]].to_numpy().tolist() == [[0, 0, 0]] * 3
    assert measured["conversion_rate"].isna().all()
    assert list(read_table(out / "unmapped.csv").columns) == UNMAPPED_COLUMNS
    assert read_table(out / "unmapped.csv").empty
    assert list(read_table(out / "variants.csv").columns) == VARIANT_COLUMNS
    assert read_table(out / "variants.csv").empty


def test_cli_missing_column_lists_the_logs_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = pd.DataFrame({"who": ["u1"], "when": ["2024-03-01 10:00:00"], "what": ["offer_seen"]})
    workshop, log = files(tmp_path, SIGN_UP, events)
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(tmp_path / "out"))
    assert code == 1
    assert_one_line_error(err, "who", "when", "what")


def test_cli_unparseable_timestamp_names_the_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = pd.DataFrame(
        {
            "user_id": ["u1", "u2"],
            "happened_at": ["2024-03-01 10:00:00", "the day after tomorrow"],
            "event": ["offer_seen", "offer_seen"],
        }
    )
    workshop, log = files(tmp_path, SIGN_UP, events)
    code, _, err = run(
        capsys,
        "monitor",
        workshop,
        log,
        "--out",
        str(tmp_path / "out"),
        "--time-col",
        "happened_at",
    )
    assert code == 1
    assert_one_line_error(err, "happened_at")


def test_cli_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop, log = files(tmp_path, SIGN_UP, SIGN_UP_LOG)
    missing = str(tmp_path / "no-such-events.csv")
    code, _, err = run(capsys, "monitor", workshop, missing, "--out", str(tmp_path / "out"))
    assert code == 1
    assert_one_line_error(err, "no-such-events.csv")

    missing = str(tmp_path / "no-such-workshop.cjm.json")
    code, _, err = run(capsys, "monitor", missing, log, "--out", str(tmp_path / "out"))
    assert code == 1
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert "no-such-workshop.cjm.json" in err


def test_cli_unknown_persona(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop, log = files(tmp_path, SEGMENTED, SEGMENTED_LOG)
    code, _, err = run(
        capsys, "monitor", workshop, log, "--out", str(tmp_path / "out"), "--persona", "Nobody"
    )
    assert code == 1
    assert_one_line_error(err, "Nobody")


def test_cli_workshop_without_signals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = pd.DataFrame(
        {"user_id": ["u1"], "timestamp": ["2024-03-01 10:00:00"], "event": ["offer_seen"]}
    )
    workshop, log = files(tmp_path, small_document(), events)
    code, _, err = run(capsys, "monitor", workshop, log, "--out", str(tmp_path / "out"))
    assert code == 1
    assert_one_line_error(err, "signals")
