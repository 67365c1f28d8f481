"""The benchmarks' big event log (``benchmarks/event_log.py``, beside the package) is as
untidy as the sample's, exactly as big as asked, and the same for the same seed: what
``benchmarks/monitor.py`` times ``cjm monitor`` on must be a fair stand-in for a real log."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets.samples.events import COLUMNS, LOG_END, LOG_START, NOISE_EVENTS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the benchmarks are no part of the installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.event_log import Shape, benchmark_workshop, generate_log  # noqa: E402


def test_benchmark_workshop_is_one_persona_of_all_customers() -> None:
    ws = benchmark_workshop()
    assert [p.segment for p in ws.personas] == [""]
    journey = ws.journey(ws.personas[0].id, state="current")
    assert [tp.signals for tp in journey] == [[f"step_{k}"] for k in range(1, 9)]
    assert len(benchmark_workshop(3).touchpoints) == 3


def test_generate_log_writes_the_requested_rows_and_paths(tmp_path: Path) -> None:
    path = generate_log(tmp_path / "log.parquet", events=20_000, paths=3_000, seed=5)
    log = pd.read_parquet(path)
    assert tuple(log.columns) == COLUMNS
    assert len(log) == 20_000
    assert log["user_id"].nunique() == 3_000
    assert pd.api.types.is_datetime64_dtype(log["timestamp"])
    events = set(log["event"])
    assert {f"step_{k}" for k in range(1, 9)} <= events
    assert set(NOISE_EVENTS) <= events
    assert log.duplicated().any()
    assert not log["timestamp"].is_monotonic_increasing
    assert not log["user_id"].is_monotonic_increasing
    assert log["timestamp"].min() >= pd.Timestamp(LOG_START)
    assert log["timestamp"].max() < pd.Timestamp(LOG_END)
    # Times are unique on a path, apart from exact duplicates: funnels ordered by time or
    # by position agree.
    assert not log.drop_duplicates().duplicated(["user_id", "timestamp"]).any()
    reach = log.groupby("event")["user_id"].nunique()
    assert reach["step_1"] > reach["step_4"] > reach["step_8"] > 0
    again = generate_log(tmp_path / "again.parquet", events=20_000, paths=3_000, seed=5)
    pd.testing.assert_frame_equal(pd.read_parquet(again), log)
    assert list(tmp_path.glob(".*partial")) == []


def test_generate_log_refuses_fewer_events_than_paths(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one event per path"):
        generate_log(tmp_path / "log.parquet", events=10, paths=20)
    assert not (tmp_path / "log.parquet").exists()


def test_generate_log_with_few_events_keeps_every_path(tmp_path: Path) -> None:
    path = generate_log(tmp_path / "log.parquet", events=1_200, paths=1_000, chunk_paths=300)
    log = pd.read_parquet(path)
    assert len(log) == 1_200
    assert log["user_id"].nunique() == 1_000


def test_a_shuffled_log_has_the_same_rows_spread_over_the_whole_file(tmp_path: Path) -> None:
    kept = generate_log(
        tmp_path / "kept.parquet", events=30_000, paths=4_000, seed=5, chunk_paths=500
    )
    spread = generate_log(
        tmp_path / "spread.parquet", events=30_000, paths=4_000, seed=5, chunk_paths=500,
        shape=Shape(shuffled=True),
    )  # fmt: skip
    columns = list(COLUMNS)
    before, after = pd.read_parquet(kept), pd.read_parquet(spread)
    pd.testing.assert_frame_equal(
        after.sort_values(columns).reset_index(drop=True),
        before.sort_values(columns).reset_index(drop=True),
    )

    def spread_of_a_customer(frame: pd.DataFrame) -> float:
        """The median share of the file between a customer's first and last row."""
        rows = pd.Series(range(len(frame))).groupby(frame["user_id"].to_numpy())
        return float(((rows.max() - rows.min()) / len(frame)).median())

    # written 500 customers a row group, each customer's rows stay in their group
    assert spread_of_a_customer(before) < 500 / 4_000
    assert spread_of_a_customer(after) > 0.5
    for other in (Shape(sorted=True), Shape(time="ms"), Shape(dictionary=True)):
        with pytest.raises(ValueError, match="no order"):
            replace(other, shuffled=True).check()
