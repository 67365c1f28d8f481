"""Each path's step times made from its row of first events and, for the paths whose
order that row cannot tell, from their chain of signalled events: the same table as
grouping every reached row by path, and the same funnel."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from cjm_widgets.monitor import measures
from cjm_widgets.monitor.associations import reached_rows, step_times, told_times

START = pd.Timestamp("2026-04-01 09:00")
NOT_YET = pd.NaT


def at(hours: float) -> pd.Timestamp:
    return START + pd.Timedelta(hours=hours)


def ordered() -> pd.DataFrame:
    """``measures.in_order``'s rows: a path through all three steps, one whose second
    step came before its first (it reached step 0 only), one that stopped after step 1,
    and two ambiguous ones left to their chain."""
    return pd.DataFrame(
        {
            "path": ["all", "back", "stopped", "unclear", "unclear-2"],
            "segment": ["private", "business", "private", "private", "business"],
            "t0": [at(0), at(5), at(1), at(2), at(3)],
            "t1": [at(2), at(4), at(3.5), at(1), at(2)],
            "t2": [at(7), NOT_YET, NOT_YET, at(9), at(1)],
            "depth": [3, 1, 2, 1, 1],
            "ambiguous": [False, False, False, True, True],
        }
    )


def chain() -> list[pd.DataFrame]:
    """The ambiguous paths' steps from their events: both reached step 0, one went on."""
    rows = [
        {"path": ["unclear", "unclear-2"], "t": [at(2), at(3)], "previous": [NOT_YET, NOT_YET]},
        {"path": ["unclear"], "t": [at(4)], "previous": [at(2)]},
        {"path": ["unclear"], "t": [at(9)], "previous": [at(4)]},
    ]
    segments = [["private", "business"], ["private"], ["private"]]
    return [
        pd.DataFrame({**columns, "segment": segment})
        for columns, segment in zip(rows, segments, strict=True)
    ]


def as_tables() -> tuple[ibis.Table, list[ibis.Table]]:
    steps = [ibis.memtable(frame) for frame in chain()]
    return ibis.memtable(ordered()), steps


def by_path(table: ibis.Table) -> pd.DataFrame:
    return table.to_pandas().sort_values("path", ignore_index=True)


@pytest.mark.parametrize("carry", [(), ("segment",)])
def test_step_times_from_the_paths_rows_are_those_of_the_reached_rows(
    carry: tuple[str, ...],
) -> None:
    rows, steps = as_tables()
    reached = measures.reached(measures.told(rows, 3, ("segment",)), steps)
    expected = by_path(step_times(reached, 3, carry))
    found = by_path(told_times(rows, steps, 3, carry))
    pd.testing.assert_frame_equal(found[list(expected.columns)], expected, check_dtype=False)
    assert found.set_index("path").loc["unclear", "t1"] == at(4)  # from its chain
    assert pd.isna(found.set_index("path").loc["back", "t1"])  # out of order: not reached


def test_without_ambiguous_paths_no_chain_is_needed() -> None:
    rows = ibis.memtable(ordered().iloc[:3])
    expected = by_path(step_times(measures.reached(measures.told(rows, 3, ())), 3))
    pd.testing.assert_frame_equal(by_path(told_times(rows, [], 3)), expected, check_dtype=False)


def test_the_funnel_of_the_rows_made_again_from_the_times_is_the_same() -> None:
    rows, steps = as_tables()
    reached = measures.reached(measures.told(rows, 3, ("segment",)), steps)
    expected = measures.funnel(reached).to_pandas().sort_values("step", ignore_index=True)
    again = reached_rows(told_times(rows, steps, 3), 3)
    found = measures.funnel(again).to_pandas().sort_values("step", ignore_index=True)
    pd.testing.assert_frame_equal(found, expected)
    assert found.paths.tolist() == [5, 3, 2]
