"""Comparing two step conversions (before/after a launch, a variant against control).

The counts come from the engine; the statistics come from statsmodels and SciPy, not
from formulas of our own:

- the 95% interval of one step conversion: Wilson's score interval
  (``statsmodels.stats.proportion.proportion_confint``, ``method="wilson"``);
- the 95% interval of a difference of two: Newcomb's hybrid score interval
  (``confint_proportions_2indep``, ``method="newcomb"``), which stays inside -1..1 and
  behaves with small counts;
- the p-value: the two-sided two-proportion z-test with pooled variance
  (``proportions_ztest``) when both groups are large enough for it, otherwise Fisher's
  exact test (``scipy.stats.fisher_exact``).

"Large enough" is at least :data:`MIN_PATHS` paths in each group and at least
:data:`MIN_EXPECTED` expected conversions and drop-offs in each (the usual condition for
the normal approximation). Smaller groups are marked ``small_sample``: their p-value is
exact, but reports never call them significant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# SciPy and statsmodels are imported where a comparison is made: most runs compare
# nothing, and loading them costs a second of every ``cjm monitor``.

CONFIDENCE = 0.95
MIN_PATHS = 30
MIN_EXPECTED = 5
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Rate:
    """One step conversion: ``passed`` of ``entered`` paths, with its 95% interval."""

    passed: int
    entered: int

    @property
    def value(self) -> float:
        return self.passed / self.entered if self.entered else math.nan

    def interval(self) -> tuple[float, float]:
        if not self.entered:
            return math.nan, math.nan
        from statsmodels.stats.proportion import proportion_confint

        low, high = proportion_confint(
            self.passed, self.entered, alpha=1 - CONFIDENCE, method="wilson"
        )
        return float(low), float(high)


@dataclass(frozen=True)
class Difference:
    """``treated`` minus ``baseline``: the difference, its 95% interval and p-value."""

    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    small_sample: bool

    @property
    def significant(self) -> bool:
        """Worth reporting as an effect: a large enough sample and p below 0.05."""
        return not self.small_sample and self.p_value < SIGNIFICANCE


def is_small(baseline: Rate, treated: Rate) -> bool:
    """Too few paths for the z-test's normal approximation (see the module's docstring)."""
    if min(baseline.entered, treated.entered) < MIN_PATHS:
        return True
    pooled = (baseline.passed + treated.passed) / (baseline.entered + treated.entered)
    expected = [
        n * share for n in (baseline.entered, treated.entered) for share in (pooled, 1 - pooled)
    ]
    return min(expected) < MIN_EXPECTED


def compare(baseline: Rate, treated: Rate) -> Difference:
    """How ``treated`` (after a launch, a variant) differs from ``baseline``."""
    if not baseline.entered or not treated.entered:
        return Difference(math.nan, math.nan, math.nan, math.nan, True)
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    small = is_small(baseline, treated)
    low, high = confint_proportions_2indep(
        treated.passed, treated.entered, baseline.passed, baseline.entered,
        method="newcomb", compare="diff", alpha=1 - CONFIDENCE,
    )  # fmt: skip
    if small:
        table = [
            [treated.passed, treated.entered - treated.passed],
            [baseline.passed, baseline.entered - baseline.passed],
        ]
        p_value = float(fisher_exact(table).pvalue)
    elif treated.value == baseline.value:
        p_value = 1.0
    else:
        pooled = (baseline.passed + treated.passed) / (baseline.entered + treated.entered)
        if pooled in (0.0, 1.0):  # every path passed (or none did) in both: no difference
            p_value = 1.0
        else:
            _, p = proportions_ztest(
                [treated.passed, baseline.passed], [treated.entered, baseline.entered]
            )
            p_value = float(p)
    return Difference(treated.value - baseline.value, float(low), float(high), p_value, small)
