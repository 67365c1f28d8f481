"""predictive.csv: how early a journey's outcome can be told, per measured touchpoint.

Hand-made journeys of three steps (opened the bill, got a reminder, paid) on DuckDB: one
whose outcome is a coin toss, one where phoning the call centre before the reminder
decides it. Each has an event after the reminder that only payers get, which the model
must not see at the reminder (it counts events at or before the step's moment).
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pytest

from cjm_widgets.csv_files import csv_text
from cjm_widgets.errors import CjmError
from cjm_widgets.i18n import using_language
from cjm_widgets.monitor import features
from cjm_widgets.monitor import predictive as predictive_module
from cjm_widgets.monitor.predictive import PREDICTIVE_COLUMNS, StepInfo, predictive, rank_auc

START = pd.Timestamp("2026-03-02 08:00")
STEPS = [
    StepInfo(0, "pe-maija", "Maija", "tp-opens-bill", "Opens the bill"),
    StepInfo(1, "pe-maija", "Maija", "tp-reminder", "Gets a reminder"),
    StepInfo(2, "pe-maija", "Maija", "tp-pays", "Pays"),
]


def journey(
    customers: int, *, decided: bool, seed: int = 7, segments: bool = True
) -> tuple[ir.Table, ir.Table]:
    """``cuts`` and ``events`` of ``customers`` who all open the bill and get a reminder;
    40% phone the call centre 30 minutes after opening it, everyone reads the FAQ 0-3
    times in the first 60 hours, and payers get a thank-you letter after the reminder.
    ``decided``: callers never pay, the others always; else paying is a coin toss."""
    rng = np.random.default_rng(seed)
    path = np.arange(customers)
    first = START + pd.to_timedelta(path, unit="min")
    reminder = first + pd.to_timedelta(rng.integers(1, 48, customers), unit="h")
    called = rng.random(customers) < 0.4
    paid = ~called if decided else rng.random(customers) < 0.6
    segment = rng.choice(np.array(["private", "business", None], dtype=object), customers)
    faq_owner = np.repeat(path, rng.integers(0, 4, customers))
    events = pd.concat(
        [
            pd.DataFrame({"path": path, "time": first, "event": "open bill"}),
            pd.DataFrame({"path": path, "time": reminder, "event": "reminder"}),
            pd.DataFrame(
                {
                    "path": path[called],
                    "time": first[called] + pd.Timedelta("30min"),
                    "event": "call centre",
                }
            ),
            pd.DataFrame(
                {
                    "path": faq_owner,
                    "time": first[faq_owner]
                    + pd.to_timedelta(rng.integers(1, 3600, faq_owner.size), unit="min"),
                    "event": "faq",
                }
            ),
            pd.DataFrame(
                {
                    "path": path[paid],
                    "time": reminder[paid] + pd.Timedelta("30min"),
                    "event": "thank-you letter",
                }
            ),
            pd.DataFrame(
                {"path": path[paid], "time": reminder[paid] + pd.Timedelta("1h"), "event": "paid"}
            ),
        ]
    )
    reached = [
        (0, first, path),
        (1, reminder, path),
        (2, reminder[paid] + pd.Timedelta("1h"), path[paid]),
    ]
    cuts = pd.concat(
        [
            pd.DataFrame(
                {
                    "path": who,
                    "step": step,
                    "cut": when,
                    "first": first[who],
                    "success": paid[who],
                    "segment": segment[who],
                }
            )
            for step, when, who in reached
        ]
    )
    if not segments:
        cuts = cuts.drop(columns="segment")
    return ibis.memtable(cuts), ibis.memtable(events)


def step_rows(table: pd.DataFrame, touchpoint_id: str) -> pd.DataFrame:
    return table[table.touchpoint_id == touchpoint_id].reset_index(drop=True)


def test_a_coin_toss_outcome_cannot_be_told_and_later_events_are_not_seen() -> None:
    cuts, events = journey(2000, decided=False)

    table = predictive(cuts, events, STEPS)

    assert tuple(table.columns) == PREDICTIVE_COLUMNS
    assert set(table.touchpoint_id) == {"tp-opens-bill", "tp-reminder"}  # the last is known
    reminder = step_rows(table, "tp-reminder")
    assert 0.4 <= reminder.roc_auc[0] <= 0.6
    # the thank-you letter comes after the reminder: at the reminder nobody has it yet
    assert "count of thank-you letter" not in set(reminder.feature)
    assert reminder.customers[0] == 2000 and reminder.sampled[0] == 2000
    assert reminder.success_rate[0] == pytest.approx(table.success_rate[0])
    assert 0.5 < reminder.success_rate[0] < 0.7


def test_an_event_before_the_step_that_decides_the_outcome_is_found_first() -> None:
    cuts, events = journey(2000, decided=True)

    table = predictive(cuts, events, STEPS)

    reminder = step_rows(table, "tp-reminder")
    assert reminder.roc_auc[0] > 0.9
    assert reminder.feature[0] == "count of call centre"
    assert list(reminder["rank"]) == list(range(1, len(reminder) + 1))
    assert len(reminder) <= 10
    assert reminder.importance.is_monotonic_decreasing
    assert (reminder.importance > 0).all()
    # at the bill's opening the call is 30 minutes away: the outcome cannot be told yet
    opening = step_rows(table, "tp-opens-bill")
    assert opening.roc_auc[0] < 0.6
    assert "count of call centre" not in set(opening.feature)


def test_a_sample_is_the_same_customers_every_time_and_the_table_is_the_same() -> None:
    cuts, events = journey(3000, decided=True)

    first = predictive(cuts, events, STEPS, sample=1000, seed=3)
    again = predictive(cuts, events, STEPS, sample=1000, seed=3)

    assert set(first.sampled) == {1000}
    assert set(first.customers) == {3000}
    pd.testing.assert_frame_equal(first, again)
    # the sample is the 1000 customers with the smallest MD5 of "seed|path", made by the
    # engine (DuckDB's and Spark's md5 agree with Python's)
    keys = sorted(hashlib.md5(f"3|{path}".encode()).hexdigest() for path in range(3000))
    frame = features.step_features(cuts, events, 1, ["faq"], sample=1000, seed=3)
    assert list(frame[features.KEY]) == keys[:1000]
    other = features.step_features(cuts, events, 1, ["faq"], sample=1000, seed=4)
    assert set(other[features.KEY]).isdisjoint(frame[features.KEY])  # new seed, new keys


@pytest.mark.parametrize("counted", [3000, 30_000], ids=["true count", "count too high"])
def test_keys_narrowed_before_sampling_give_the_same_customers(counted: int) -> None:
    """With each step's count of customers, the keys are first narrowed to a little
    more than the sample's share; a count that narrows too far (here ten times the
    true one, as if the engine had miscounted) falls back to all keys: the same rows."""
    cuts, events = journey(3000, decided=True)
    keys = sorted(hashlib.md5(f"3|{path}".encode()).hexdigest() for path in range(3000))
    sample = 200
    narrowed_to = features.key_below(
        (sample * features.NARROWING_MARGIN + features.NARROWING_EXTRA) / counted
    )
    beyond = sum(key >= narrowed_to for key in keys[:sample])
    assert (beyond > 0) == (counted > 3000)  # the second case really narrows too far
    plain = features.steps_features(cuts, events, {1: sample}, ["faq"], seed=3)
    narrowed = features.steps_features(
        cuts, events, {1: sample}, ["faq"], seed=3, reached={1: counted}
    )
    assert list(narrowed[1][features.KEY]) == keys[:sample]
    pd.testing.assert_frame_equal(narrowed[1], plain[1])


def test_the_key_prefix_splits_evenly_spread_keys_by_share() -> None:
    assert features.key_below(0.5) == "80000000"
    assert features.key_below(1 / 16) == "10000000"
    assert features.key_below(2.0) == "ffffffff"


def test_steps_fetched_in_several_batches_give_the_same_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cuts, events = journey(3000, decided=True)
    at_once = predictive(cuts, events, STEPS, sample=1000, seed=3)
    fetched: list[dict[int, int | None]] = []
    fetch = features.steps_features

    def counted(*args: Any, **options: Any) -> dict[int, pd.DataFrame]:
        fetched.append(dict(args[2]))
        return fetch(*args, **options)

    monkeypatch.setattr(predictive_module, "FEATURE_ROWS", 1000)
    monkeypatch.setattr(features, "steps_features", counted)
    in_batches = predictive(cuts, events, STEPS, sample=1000, seed=3)

    assert fetched == [{0: 1000}, {1: 1000}]  # one step a batch: each fills FEATURE_ROWS
    pd.testing.assert_frame_equal(at_once, in_batches)


def test_events_at_the_moment_of_the_step_count_and_later_ones_do_not() -> None:
    cut = START + pd.Timedelta("2h")
    cuts = ibis.memtable(
        pd.DataFrame(
            {"path": ["a"], "step": [1], "cut": [cut], "first": [START], "success": [True]}
        )
    )
    times = [cut - pd.Timedelta("1s"), cut, cut + pd.Timedelta("1s"), cut]
    events = ibis.memtable(
        pd.DataFrame({"path": ["a"] * 4, "time": times, "event": ["faq", "faq", "faq", "chat"]})
    )

    frame = features.step_features(cuts, events, 1, ["faq", "chat", "never"], sample=None, seed=0)

    assert frame.loc[0, features.count_column(0)] == 2
    assert frame.loc[0, features.count_column(1)] == 1
    assert frame.loc[0, features.count_column(2)] == 0
    assert frame.loc[0, features.SECONDS] == 7200
    assert features.top_events(events, 1) == ["faq"]


def test_seconds_since_the_first_step_count_whole_seconds_of_sub_second_times() -> None:
    # exports keep milliseconds or microseconds: DuckDB's epoch keeps the fraction,
    # Spark's drops it; both count from the first moment's second to the cut's
    first = START + pd.Timedelta("250ms")
    cut = START + pd.Timedelta("2h") + pd.Timedelta("900123us")
    cuts = ibis.memtable(
        pd.DataFrame(
            {"path": ["a"], "step": [1], "cut": [cut], "first": [first], "success": [True]}
        )
    )
    events = ibis.memtable(
        pd.DataFrame({"path": ["a"], "time": [START + pd.Timedelta("1500us")], "event": ["faq"]})
    )

    frame = features.step_features(cuts, events, 1, ["faq"], sample=None, seed=0)

    assert frame.loc[0, features.SECONDS] == 7200
    assert frame.loc[0, features.count_column(0)] == 1


def test_a_step_with_one_outcome_only_gets_one_row_without_a_model() -> None:
    cuts, events = journey(400, decided=False)
    everyone_paid = cuts.mutate(success=True)

    table = predictive(everyone_paid, events, STEPS)

    assert len(table) == 2
    row = table.iloc[1]
    assert row.touchpoint == "Gets a reminder"
    assert row.customers == 400 and row.success_rate == 1.0
    assert pd.isna(row.sampled) and math.isnan(row.roc_auc) and math.isnan(row.roc_auc_sd)
    assert pd.isna(row["rank"]) and row.feature is None and math.isnan(row.importance)
    # in the CSV the model's figures are empty cells
    assert (
        csv_text(table).splitlines()[2]
        == "pe-maija,Maija,tp-reminder,Gets a reminder,400,,1.0,,,,,"
    )


def test_too_few_customers_or_a_step_nobody_reached_get_one_row_each() -> None:
    cuts, events = journey(9, decided=True)
    nobody_reminded = cuts.filter(cuts.step != 1)

    table = predictive(nobody_reminded, events, STEPS)

    assert list(table.touchpoint_id) == ["tp-opens-bill", "tp-reminder"]
    assert list(table.customers) == [9, 0]
    assert table.roc_auc.isna().all() and table.sampled.isna().all()
    assert 0 < table.success_rate[0] < 1 and math.isnan(table.success_rate[1])


def test_without_a_segment_column_the_model_uses_the_events_and_hours() -> None:
    cuts, events = journey(1500, decided=True, segments=False)

    table = predictive(cuts, events, STEPS[1:], top_events=10, folds=3)

    assert len(table) > 0 and table.roc_auc[0] > 0.9
    assert not any(str(name).startswith(("segment", "no segment")) for name in table.feature)


def test_feature_names_are_in_the_language_of_the_run() -> None:
    cuts, events = journey(1500, decided=True)

    with using_language("fi"):
        table = predictive(cuts, events, STEPS[1:], top_events=10, folds=3)

    assert table.feature[0] == "call centre: lukumäärä"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("sample", 0, "sample is 0; use a whole number of at least 1"),
        ("folds", 1, "folds is 1; use a whole number of at least 2"),
        ("top_events", -1, "top_events is -1; use a whole number of at least 0"),
        ("seed", -5, "seed is -5; use a whole number of at least 0"),
        (
            "sample",
            200_001,
            "sample is 200001; use a whole number from 1 to 200000 (customers modelled per step)",
        ),
    ],
)
def test_a_bad_option_is_refused_by_name(option: str, value: int, message: str) -> None:
    cuts, events = journey(20, decided=True)

    with pytest.raises(CjmError) as refused:
        predictive(cuts, events, STEPS, **{option: value})

    assert str(refused.value) == message


def test_the_auc_is_scikit_learns_with_ties_counted_half() -> None:
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(5)
    success = rng.random(500) < 0.3
    scores = np.round(rng.random(500) + success * 0.3, 1)  # many ties

    assert rank_auc(success, scores) == pytest.approx(roc_auc_score(success, scores), abs=1e-12)
    assert rank_auc(np.array([False, True]), np.array([0.1, 0.9])) == 1.0


@pytest.mark.parametrize("segment", [None, "private"])
def test_each_steps_customers_come_from_the_paths_step_times(segment: str | None) -> None:
    """``cuts``: one row per path and step reached, with the step's time, the first
    step's, success (the last step reached), the path's segment and its MD5 key; the same
    rows as the reached rows joined with each path's outcome. ``segment``: the persona's,
    when it picked the paths (every path then has it)."""
    from cjm_widgets.monitor.associations import step_times
    from cjm_widgets.monitor.signal_run import cuts, keyed

    at = [START + pd.Timedelta(hours=hours) for hours in range(6)]
    reached = pd.DataFrame(
        {
            "path": ["a", "a", "a", "b", "b", "c", "d", "d"],
            "step": [0, 1, 2, 0, 1, 0, 0, 1],
            "t": [at[0], at[2], at[5], at[1], at[3], at[4], at[0], at[1]],
            "segment": ["private"] * 8 if segment else ["private"] * 3 + ["business"] * 5,
        }
    )
    carry = [] if segment else ["segment"]
    times = keyed(step_times(ibis.memtable(reached), 3, carry), seed=4)
    by_step = cuts(times, 3, segment)
    found = pd.concat([table.to_pandas() for table in by_step.values()], ignore_index=True)
    found = found.sort_values(["step", "path"], ignore_index=True)
    first = reached[reached.step == 0].set_index("path").t
    succeeded = set(reached[reached.step == 2].path)
    expected = pd.DataFrame(
        {
            "path": reached.path,
            "step": reached.step,
            "cut": reached.t,
            "first": reached.path.map(first),
            "success": reached.path.isin(succeeded),
            "segment": reached.segment,
            features.KEY: [hashlib.md5(f"4|{path}".encode()).hexdigest() for path in reached.path],
        }
    ).sort_values(["step", "path"], ignore_index=True)
    assert set(by_step) == {0, 1, 2}
    pd.testing.assert_frame_equal(
        found[list(expected.columns)], expected, check_dtype=False, check_index_type=False
    )
    assert features.step_totals(by_step) == {0: (4, 1), 1: (3, 1), 2: (1, 1)}
