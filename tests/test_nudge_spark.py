"""Spark finds the same due messages, holdout and backtest as DuckDB on one log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets.orchestrate import backtest, due
from tests.monitor_logs import local_spark
from tests.nudge_logs import log, workshop

MASTER = "local[2]"


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    pytest.importorskip("pyspark")
    session = local_spark("cjm-nudge-tests", tmp_path_factory.mktemp("spark-warehouse"), MASTER)
    yield session
    session.stop()


def _events(folder: Path) -> Path:
    """A log of 600 customers with every rule at work, as Parquet (times in ns)."""
    rows = []
    for i in range(600):
        opened = pd.Timestamp("2026-03-01 08:00") + pd.Timedelta(minutes=37 * i)
        rows.append((f"c{i}", str(opened), "bill_opened"))
        if i % 3 == 0:
            rows.append((f"c{i}", str(opened + pd.Timedelta(hours=20 + i % 50)), "bill_paid"))
        if i % 5 == 0:
            rows.append((f"c{i}", str(opened + pd.Timedelta(hours=5)), "support_call"))
        if i % 7 == 0:
            rows.append((f"c{i}", str(opened - pd.Timedelta(hours=1)), "bill_opened"))
    segments = {f"c{i}": ("App" if i % 2 else " paper ") for i in range(600)}
    path = folder / "events.parquet"
    log(rows, segments).to_parquet(path, index=False)
    return path


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("entered_at", "due_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    return frame.sort_values("key").reset_index(drop=True)


@pytest.mark.slow
def test_spark_finds_duckdbs_due_set_and_backtest(spark: Any, tmp_path: Path) -> None:
    events = str(_events(tmp_path))
    ws = workshop(
        persona="pe-app", holdout=0.3, wait_hours=30, expire_hours=400, quiet_hours="21-08",
        only_if_event="support_call", timezone="Europe/Helsinki",
    )  # fmt: skip
    as_of = datetime(2026, 3, 12, 12)
    on_duckdb = _sorted(due(ws, events, as_of=as_of))
    on_spark = _sorted(due(ws, events, as_of=as_of, engine="spark", spark_master=MASTER))
    assert len(on_duckdb) > 20 and (on_duckdb["group"] == "holdout").any()
    pd.testing.assert_frame_equal(on_spark, on_duckdb, check_dtype=False)
    replay = backtest(ws, events, every_hours=12)
    replay_spark = backtest(ws, events, every_hours=12, engine="spark", spark_master=MASTER)
    pd.testing.assert_frame_equal(replay_spark.runs, replay.runs, check_dtype=False)
    pd.testing.assert_frame_equal(replay_spark.summary, replay.summary, check_dtype=False)
