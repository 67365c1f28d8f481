"""The events that go with success: planted signals found with honest intervals, neutral
events not, small samples left out; ``cjm signals`` and ``cjm monitor`` show them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets.cli import main
from cjm_widgets.monitor import monitor
from cjm_widgets.monitor.signal_run import signals
from cjm_widgets.monitor.signal_stats import SIGNAL_COLUMNS, q_values
from tests.messages import said
from tests.signal_logs import journey, planted


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return planted()


@pytest.fixture(scope="module")
def table(events: pd.DataFrame) -> pd.DataFrame:
    return signals(journey(), events, predict=False).signals


def _row(table: pd.DataFrame, event: str, touchpoint: str = "tp-cart") -> pd.Series:
    found = table[(table["event"] == event) & (table["touchpoint_id"] == touchpoint)]
    assert len(found) == 1, f"{event} at {touchpoint}: {len(found)} rows"
    return found.iloc[0]


def test_planted_signals_are_found_with_intervals_that_exclude_zero(table: pd.DataFrame) -> None:
    assert list(table.columns) == SIGNAL_COLUMNS
    chat, error = _row(table, "chat_opened"), _row(table, "error_shown")
    assert chat["difference"] > 0.15 and chat["ci_low"] > 0 and chat["q_value"] < 0.05
    assert error["difference"] < -0.2 and error["ci_high"] < 0 and error["q_value"] < 0.05
    assert chat["difference"] == pytest.approx(chat["success_with"] - chat["success_without"])
    # the strongest come first
    assert set(table["event"].head(2)) == {"chat_opened", "error_shown"}


@pytest.mark.parametrize("event", ["page_browsed", "faq_viewed", "logged_in"])
def test_neutral_events_are_not_called_signals(table: pd.DataFrame, event: str) -> None:
    rows = table[table["event"] == event]
    assert len(rows) >= 1
    assert (rows["q_value"] >= 0.05).all(), rows


def test_the_journeys_own_signals_are_never_compared(table: pd.DataFrame) -> None:
    assert not set(table["event"]) & {"cart_filled", "checkout_started", "order_paid"}
    assert set(table["touchpoint_id"]) <= {"tp-cart", "tp-checkout"}  # not the last step


def test_customers_compared_are_those_still_waiting_after_the_steps_median(
    table: pd.DataFrame, events: pd.DataFrame
) -> None:
    row = _row(table, "chat_opened")
    carts = events[events["event"] == "cart_filled"]["user_id"].nunique()
    compared = row["customers_with"] + row["customers_without"]
    assert 0.4 * carts < compared < carts  # the fast half of those who moved on are out


def test_q_values_are_benjamini_hochberg() -> None:
    # by hand: ranks 1-4 are 0.01, 0.03, 0.04, 0.5; p x 4 / rank = 0.04, 0.06, 0.0533, 0.5;
    # then each the smallest of itself and those ranked after it
    assert list(q_values([0.01, 0.04, 0.03, 0.5])) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])


def test_small_samples_are_left_out_and_counted(events: pd.DataFrame) -> None:
    few = signals(journey(), events, min_customers=2000, predict=False)
    assert few.signals.empty and few.left_out > 0


def test_cjm_signals_writes_both_files_and_says_how_many(
    tmp_path: Path, events: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    path = journey().save(tmp_path / "orders.cjm.json")
    log = tmp_path / "events.parquet"
    events.to_parquet(log, index=False)
    out = tmp_path / "signals"
    assert main(["signals", str(path), str(log), "--out", str(out)]) == 0
    written = pd.read_csv(out / "signals.csv", encoding="utf-8-sig")
    assert list(written.columns) == SIGNAL_COLUMNS
    modelled = pd.read_csv(out / "predictive.csv", encoding="utf-8-sig")
    assert {"roc_auc", "sampled", "feature"} <= set(modelled.columns)
    again = signals(journey(), str(log), predict=False)
    significant = int((written["q_value"] < 0.05).sum())
    assert significant >= 2
    assert capsys.readouterr().out.splitlines()[-1] == said(
        "cli.signals.summary", count=significant, compared=len(written),
        left_out=again.left_out, least=30,
    )  # fmt: skip


def test_cjm_monitor_adds_the_strongest_signal_to_unmapped(events: pd.DataFrame) -> None:
    result = monitor(journey(), events)
    unmapped = result.unmapped.set_index("event")
    assert unmapped.loc["chat_opened", "difference"] > 0.15
    assert unmapped.loc["chat_opened", "q_value"] < 0.05
    assert pd.isna(unmapped.loc["logged_in", "q_value"])
