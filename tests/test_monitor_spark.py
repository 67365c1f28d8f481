"""Spark in local mode reads every layout of log files as DuckDB does and measures the
same figures; bad files, empty sources and unparseable times are one line on Spark too.

One local Spark serves the module (each start costs seconds); the engine's getOrCreate()
finds it. The standalone cluster is in tests/test_monitor_spark_cluster.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.errors import CjmError
from cjm_widgets.monitor import monitor
from cjm_widgets.monitor.source import connect, open_log
from cjm_widgets.monitor.spark import on_this_machine, spark_settings
from tests.monitor_files import LAYOUTS, nanosecond_case, write_layout
from tests.monitor_logs import SEGMENTED, local_spark
from tests.test_monitor_definitions import (
    assert_one_line_error,
    assert_same_result,
    assert_same_table,
    read_table,
    run,
)

MASTER = "local[2]"


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local Spark for the module, its warehouse in a temporary folder."""
    pytest.importorskip("pyspark")
    session = local_spark(
        "cjm-monitor-file-tests", tmp_path_factory.mktemp("spark-warehouse"), MASTER
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The nanosecond log written in every layout, once for the module."""
    root = tmp_path_factory.mktemp("layouts")
    events = nanosecond_case().events
    return {
        layout: write_layout(events, layout, root / layout.replace(" ", "-")) for layout in LAYOUTS
    }


def cleaned(sources: list[str], engine: str) -> pd.DataFrame:
    """The log as the measures see it, rows sorted, times in UTC to the microsecond
    (Spark's precision; DuckDB keeps nanoseconds)."""
    log = open_log(sources, connect(engine, MASTER))
    frame = log.events.to_pandas()
    frame["time"] = pd.to_datetime(frame["time"], utc=True).dt.floor("us")
    frame["path"] = frame["path"].astype(str)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_spark_reads_each_layout_as_duckdb_does(
    spark: Any, layouts: dict[str, list[str]], layout: str
) -> None:
    on_spark = cleaned(layouts[layout], "spark")
    on_duckdb = cleaned(layouts[layout], "duckdb")
    assert len(on_duckdb) == 13  # every row of the log, none twice
    assert on_duckdb["time"].dt.microsecond.max() >= 999_000  # the fractions kept (ms or finer)
    pd.testing.assert_frame_equal(on_spark, on_duckdb, check_dtype=False)


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["parquet file", "hive", "csv"])
def test_spark_measures_the_hand_worked_answers_as_duckdb_does(
    spark: Any, layouts: dict[str, list[str]], layout: str
) -> None:
    case = nanosecond_case()
    on_spark = monitor(case.workshop, layouts[layout], engine="spark", spark_master=MASTER)
    assert_same_result(on_spark, case, f"spark on a {layout}")
    assert_same_result(
        on_spark, monitor(case.workshop, layouts[layout]), f"spark against duckdb on a {layout}"
    )


@pytest.mark.slow
def test_spark_command_writes_duckdbs_figures_for_a_parquet_and_csv_mix(
    spark: Any, layouts: dict[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SEGMENTED).save(workshop)
    outs = {}
    for engine in ("spark", "duckdb"):
        outs[engine] = tmp_path / engine
        code, _, err = run(
            capsys, "monitor", str(workshop), *layouts["parquet and csv"], "--out", str(outs[engine]),
            "--engine", engine, "--spark-master", MASTER, "--spark-conf", "spark.sql.shuffle.partitions=2",
        )  # fmt: skip
        assert code == 0, err
    names = sorted(path.name for path in outs["duckdb"].iterdir())
    assert names == sorted(path.name for path in outs["spark"].iterdir())
    assert "funnel.csv" in names and "segments.csv" in names
    for name in names:
        assert_same_table(read_table(outs["spark"] / name), read_table(outs["duckdb"] / name), name)


def bad_sources(root: Path) -> dict[str, tuple[str, str]]:
    """Each bad source, and what its message must name."""
    root.mkdir()
    events = nanosecond_case().events
    events.to_parquet(root / "whole.parquet", index=False)
    data = (root / "whole.parquet").read_bytes()
    (root / "cut.parquet").write_bytes(data[: len(data) // 2])  # a copy that stopped halfway
    (root / "empty").mkdir()
    texts = events.assign(timestamp=events["timestamp"].astype(str))
    texts.loc[3, "timestamp"] = "yesterday afternoon"
    texts.to_parquet(root / "text-times.parquet", index=False)
    (root / "mixed").mkdir()
    events.iloc[::2].to_parquet(root / "mixed" / "part-0.parquet", index=False)
    numbered = events.iloc[1::2].assign(user_id=range(100, 100 + len(events.iloc[1::2])))
    numbered.to_parquet(root / "mixed" / "part-1.parquet", index=False)  # ids as numbers here
    return {
        "a truncated parquet file": (str(root / "cut.parquet"), "cut.parquet"),
        "an empty directory": (str(root / "empty"), "empty"),
        "a glob matching nothing": (str(root / "2023-*.parquet"), "2023-*.parquet"),
        "a column of mixed types": (str(root / "mixed"), "'user_id'"),
        "a text time that does not parse": (
            str(root / "text-times.parquet"),
            "yesterday afternoon",
        ),
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind",
    [
        "a truncated parquet file", "an empty directory", "a glob matching nothing",
        "a column of mixed types", "a text time that does not parse",
    ],
)  # fmt: skip
def test_bad_sources_are_one_line_on_spark(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SEGMENTED).save(workshop)
    source, named = bad_sources(tmp_path / "log")[kind]
    out = tmp_path / "out"
    code, _, err = run(
        capsys, "monitor", str(workshop), source, "--out", str(out), "--engine", "spark",
        "--spark-master", MASTER,
    )  # fmt: skip
    assert code == 1
    assert_one_line_error(err, named)
    assert not out.exists()


# -- Spark settings (no Spark needed) ---------------------------------------------------


def test_spark_settings_are_key_value_texts_or_a_mapping() -> None:
    assert spark_settings(["spark.executor.memory=4g", " spark.pyspark.python = /opt/py "]) == {
        "spark.executor.memory": "4g",
        "spark.pyspark.python": "/opt/py",
    }
    assert spark_settings("spark.a=b=c") == {"spark.a": "b=c"}
    assert spark_settings({"spark.executor.cores": 2}) == {"spark.executor.cores": "2"}  # type: ignore[dict-item]
    assert spark_settings(None) == {}
    for bad in ("spark.executor.memory", "=4g", "spark.executor.memory="):
        with pytest.raises(CjmError, match="KEY=VALUE"):
            spark_settings([bad])


def test_a_bad_spark_setting_is_one_line_before_spark_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SEGMENTED).save(workshop)
    events = tmp_path / "events.csv"
    nanosecond_case().events.to_csv(events, index=False)
    code, _, err = run(
        capsys, "monitor", str(workshop), str(events), "--out", str(tmp_path / "out"),
        "--engine", "spark", "--spark-conf", "spark.executor.memory",
    )  # fmt: skip
    assert code == 1
    assert_one_line_error(err, "spark.executor.memory", "--spark-conf")


@pytest.mark.parametrize(
    ("master", "here"),
    [
        ("local[*]", True),
        ("spark://127.0.0.1:7077", True),
        ("spark://localhost:7077", True),
        ("spark://[::1]:7077", True),
        ("spark://spark-master.internal:7077", False),
        ("spark://10.0.0.5:7077", False),
        ("yarn", False),
    ],
)
def test_the_driver_stays_on_loopback_only_for_spark_on_this_machine(
    master: str, here: bool
) -> None:
    assert on_this_machine(master) is here


@pytest.mark.slow
def test_spark_finds_duckdbs_signals_and_models(spark: Any) -> None:
    from cjm_widgets.monitor.signal_run import signals
    from tests.signal_logs import journey, planted

    events = planted(customers=1500)
    # exports keep fractions of a second (DuckDB's epoch keeps them, Spark's drops them)
    fractions = np.random.default_rng(1).integers(0, 1_000_000, len(events))
    events["timestamp"] += pd.to_timedelta(fractions, unit="us")
    # each customer's segment, a model input (the journey's persona picks none)
    business = events.user_id.str.removeprefix("c").astype(int) % 3 == 0
    events["segment"] = np.where(business, "business", "private")
    # a sample smaller than the steps: each engine picks the same customers by its md5
    on_duckdb = signals(journey(), events, sample=900)
    on_spark = signals(journey(), events, engine="spark", spark_master=MASTER, sample=900)
    assert (on_duckdb.signals["q_value"] < 0.05).sum() >= 2
    pd.testing.assert_frame_equal(on_spark.signals, on_duckdb.signals, check_dtype=False)
    assert on_duckdb.predictive is not None and on_spark.predictive is not None
    assert set(on_duckdb.predictive["sampled"].dropna()) == {900}
    assert on_duckdb.predictive["roc_auc"].notna().all()
    assert on_duckdb.predictive["feature"].str.contains("business|private").any()
    pd.testing.assert_frame_equal(on_spark.predictive, on_duckdb.predictive)


@pytest.mark.slow
def test_a_step_nobody_reached_counts_no_customers_on_either_engine(spark: Any) -> None:
    from cjm_widgets.monitor.features import step_totals
    from cjm_widgets.monitor.source import engine_table

    reached = pd.DataFrame({"path": ["a", "b", "c"], "success": [True, False, True]})
    for engine in ("duckdb", "spark"):
        backend = connect(engine, MASTER)
        cuts = {0: engine_table(backend, reached), 1: engine_table(backend, reached.iloc[:0])}
        # a sum over no rows is null: Spark hands it over as NaN
        assert step_totals(cuts) == {0: (3, 2), 1: (0, 0)}, engine


@pytest.mark.slow
def test_signals_of_a_log_of_days_only_on_spark_are_duckdbs(spark: Any, tmp_path: Path) -> None:
    # day-only times tie most steps, so most paths' order is told from their events: the
    # plans of their step times nest stored tables, and the text Spark made of them
    # filled the driver's heap
    from benchmarks.event_log import benchmark_workshop, generate_log
    from cjm_widgets.monitor.signal_run import signals

    written = generate_log(tmp_path / "log.parquet", events=40_000, paths=6_000, seed=3)
    events = pd.read_parquet(written)
    events["timestamp"] = events["timestamp"].dt.floor("D")
    workshop = benchmark_workshop()

    on_duckdb = signals(workshop, events, min_customers=10)
    on_spark = signals(workshop, events, engine="spark", spark_master=MASTER, min_customers=10)

    assert len(on_duckdb.signals) > 0
    pd.testing.assert_frame_equal(on_spark.signals, on_duckdb.signals, check_dtype=False)
    assert on_duckdb.predictive is not None and on_spark.predictive is not None
    pd.testing.assert_frame_equal(on_spark.predictive, on_duckdb.predictive)
