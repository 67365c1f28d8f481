"""The sample event logs behave like real ones: what people try `cjm monitor` on must be untidy
in the ways real logs are, and the same every time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.samples import sample_workshop
from cjm_widgets.samples.events import (
    COLUMNS,
    LOG_END,
    LOG_START,
    NOISE_EVENTS,
    sample_events,
    write_sample_events,
)


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return sample_events()


@pytest.fixture(scope="module")
def workshop() -> Workshop:
    return sample_workshop()


def _of_segment(log: pd.DataFrame, segment: str) -> pd.DataFrame:
    """The rows of the paths whose (first known) segment is ``segment``, any spelling."""
    known = log.dropna(subset=["segment"]).sort_values("timestamp")
    first = known.groupby("user_id")["segment"].first().str.strip().str.lower()
    return log[log["user_id"].isin(first.index[first == segment])]


def test_same_seed_gives_the_same_log_and_another_seed_another(log: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(sample_events(), log)
    assert not sample_events(seed=8).equals(log)


def test_columns_and_types(log: pd.DataFrame) -> None:
    assert tuple(log.columns) == COLUMNS
    assert pd.api.types.is_datetime64_dtype(log["timestamp"])
    for column in ("user_id", "event", "segment"):
        assert pd.api.types.is_string_dtype(log[column])
    assert log[["user_id", "timestamp", "event"]].notna().all().all()
    assert log["user_id"].nunique() == 2000
    assert log["timestamp"].min() >= pd.Timestamp(LOG_START)
    assert log["timestamp"].max() < pd.Timestamp(LOG_END)
    assert {t.month for t in log["timestamp"]} == {9, 10, 11}


def test_every_signalled_touchpoint_of_each_persona_occurs_in_its_segment(
    log: pd.DataFrame, workshop: Workshop
) -> None:
    for persona in workshop.personas:
        signals = {s for tp in workshop.journey(persona.id, state="current") for s in tp.signals}
        events = set(_of_segment(log, persona.segment)["event"])
        assert signals <= events, persona.id


def test_segments_are_spelled_in_varied_case_and_sometimes_missing(log: pd.DataFrame) -> None:
    spelled = set(log["segment"].dropna())
    assert {s.strip().lower() for s in spelled} == {"digital first", "moving from paper"}
    assert {"digital first", "Digital First", "DIGITAL FIRST"} <= spelled
    assert log["segment"].isna().any()


def test_noise_events_that_no_touchpoint_signals(log: pd.DataFrame, workshop: Workshop) -> None:
    signalled = {s for tp in workshop.touchpoints for s in tp.signals}
    assert set(NOISE_EVENTS) <= set(log["event"])
    assert not set(NOISE_EVENTS) & signalled
    assert 0.05 < (~log["event"].isin(signalled)).mean() < 0.4


def test_some_rows_come_twice(log: pd.DataFrame) -> None:
    assert 0 < log.duplicated().sum() < 0.02 * len(log)


def test_rows_are_not_sorted(log: pd.DataFrame) -> None:
    assert not log["timestamp"].is_monotonic_increasing
    assert not log["user_id"].is_monotonic_increasing
    assert not log.sort_values(["user_id", "timestamp"]).index.equals(log.index)


def test_customers_drop_off_most_where_it_hurts(log: pd.DataFrame, workshop: Workshop) -> None:
    maija = _of_segment(log, "digital first")
    reach = maija.groupby("event")["user_id"].nunique()
    assert reach["bank_einvoice_offer_shown"] > reach["einvoice_order_submitted"]
    assert reach["einvoice_order_submitted"] > reach["einvoice_paid"]
    # Sign-up asks for a hard-to-find customer number: a bigger loss than a painless step.
    lost_at_order = 1 - reach["einvoice_order_submitted"] / reach["bank_einvoice_offer_shown"]
    lost_at_delivery = 1 - reach["einvoice_delivered"] / reach["einvoice_confirmation_sent"]
    assert lost_at_order > lost_at_delivery


def test_some_customers_repeat_a_step(log: pd.DataFrame) -> None:
    once = log.drop_duplicates()
    per_path = once.groupby(["user_id", "event"]).size()
    repeated = set(per_path[per_path > 1].index.get_level_values("event"))
    assert {"bill_image_opened", "support_call_bill_amount"} <= repeated


def test_some_customers_do_steps_out_of_order(log: pd.DataFrame, workshop: Workshop) -> None:
    maija = workshop.personas[0]
    position = {
        signal: index
        for index, tp in enumerate(workshop.journey(maija.id, state="current"))
        for signal in tp.signals
    }
    rows = _of_segment(log, maija.segment)
    rows = rows[rows["event"].isin(position)].sort_values("timestamp")
    first_seen = rows.drop_duplicates(["user_id", "event"])
    steps = first_seen.assign(step=first_seen["event"].map(position)).groupby("user_id")["step"]
    in_order = steps.apply(lambda s: s.is_monotonic_increasing)
    assert 0 < (~in_order).sum() < 0.2 * len(in_order)


def test_write_sample_events_by_suffix(tmp_path: Path) -> None:
    frame = sample_events(paths=50)
    parquet = write_sample_events(tmp_path / "events.parquet", paths=50)
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), frame, check_dtype=False)
    csv = write_sample_events(tmp_path / "events.csv", paths=50)
    read = pd.read_csv(csv, parse_dates=["timestamp"])
    assert tuple(read.columns) == COLUMNS
    assert len(read) == len(frame)
    assert list(read["timestamp"]) == list(frame["timestamp"])
