"""The comparisons' closed forms agree with statsmodels (the reference implementation)
on a grid of counts, from tiny samples to a million paths."""

from __future__ import annotations

import itertools
import math

import pytest

from cjm_widgets.monitor.stats import Rate, compare, is_small, wilson

statsmodels_proportion = pytest.importorskip("statsmodels.stats.proportion")

COUNTS = [
    (0, 1),
    (1, 1),
    (3, 7),
    (12, 40),
    (250, 1000),
    (999, 1000),
    (0, 500),
    (412_345, 1_000_000),
]


@pytest.mark.parametrize(("passed", "entered"), COUNTS)
def test_wilson_interval_is_statsmodels(passed: int, entered: int) -> None:
    expected = statsmodels_proportion.proportion_confint(passed, entered, 0.05, "wilson")
    assert wilson(passed, entered) == pytest.approx(expected, abs=1e-12)
    assert Rate(passed, entered).interval() == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("treated", "baseline"), list(itertools.product(COUNTS, COUNTS)))
def test_difference_interval_and_p_value_are_statsmodels(
    treated: tuple[int, int], baseline: tuple[int, int]
) -> None:
    after, before = Rate(*treated), Rate(*baseline)
    found = compare(before, after)
    low, high = statsmodels_proportion.confint_proportions_2indep(
        *treated, *baseline, method="newcomb", compare="diff", alpha=0.05
    )
    assert (found.ci_low, found.ci_high) == pytest.approx((low, high), abs=1e-12)
    assert found.difference == pytest.approx(after.value - before.value, abs=1e-15)
    pooled = (treated[0] + baseline[0]) / (treated[1] + baseline[1])
    if is_small(before, after) or after.value == before.value or pooled in (0.0, 1.0):
        return  # Fisher's exact test or no difference: checked in test_monitor_impact
    _, p_value = statsmodels_proportion.proportions_ztest(
        [treated[0], baseline[0]], [treated[1], baseline[1]]
    )
    assert found.p_value == pytest.approx(float(p_value), rel=1e-9, abs=1e-300)
    assert not math.isnan(found.p_value)
