"""Comparing two step conversions (before/after a launch, a variant against control).

The counts come from the engine; the statistics are the textbook ones, in closed form,
each checked in the tests against statsmodels on a grid of counts (the kit does not
load statsmodels: importing it cost every compared ``cjm monitor`` more than a second):

- the 95% interval of one step conversion: Wilson's score interval (statsmodels'
  ``proportion_confint(method="wilson")``);
- the 95% interval of a difference of two: Newcomb's hybrid score interval from the two
  Wilson intervals (``confint_proportions_2indep(method="newcomb")``), which stays
  inside -1..1 and behaves with small counts;
- the p-value: the two-sided two-proportion z-test with pooled variance
  (``proportions_ztest``) when both groups are large enough for it, otherwise Fisher's
  exact test (``scipy.stats.fisher_exact``, imported only then).

"Large enough" is at least :data:`MIN_PATHS` paths in each group and at least
:data:`MIN_EXPECTED` expected conversions and drop-offs in each (the usual condition for
the normal approximation). Smaller groups are marked ``small_sample``: their p-value is
exact, but reports never call them significant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_PATHS = 30
MIN_EXPECTED = 5
SIGNIFICANCE = 0.05
Z = 1.959963984540054
"""The standard normal's 97.5th percentile: every interval here is a 95% one, the
estimate +- Z errors."""


def wilson(passed: int, entered: int) -> tuple[float, float]:
    """Wilson's 95% score interval of ``passed`` out of ``entered`` (entered > 0)."""
    share = passed / entered
    squared = Z * Z
    scale = 1 + squared / entered
    centre = (share + squared / (2 * entered)) / scale
    spread = Z * math.sqrt(share * (1 - share) / entered + squared / (4 * entered**2)) / scale
    return centre - spread, centre + spread


def newcomb(treated: Rate, baseline: Rate) -> tuple[float, float]:
    """Newcomb's hybrid score 95% interval of ``treated.value - baseline.value``."""
    low1, high1 = wilson(treated.passed, treated.entered)
    low2, high2 = wilson(baseline.passed, baseline.entered)
    first, second = treated.value, baseline.value
    difference = first - second
    below = math.sqrt((first - low1) ** 2 + (high2 - second) ** 2)
    above = math.sqrt((second - low2) ** 2 + (high1 - first) ** 2)
    return difference - below, difference + above


def z_test(treated: Rate, baseline: Rate) -> float:
    """The two-sided p-value of the pooled two-proportion z-test."""
    pooled = (baseline.passed + treated.passed) / (baseline.entered + treated.entered)
    error = math.sqrt(pooled * (1 - pooled) * (1 / treated.entered + 1 / baseline.entered))
    z = (treated.value - baseline.value) / error
    return math.erfc(abs(z) / math.sqrt(2))


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
        return wilson(self.passed, self.entered)


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
    small = is_small(baseline, treated)
    low, high = newcomb(treated, baseline)
    if small:
        from scipy.stats import fisher_exact  # a second to import: only for small samples

        table = [
            [treated.passed, treated.entered - treated.passed],
            [baseline.passed, baseline.entered - baseline.passed],
        ]
        p_value = float(fisher_exact(table).pvalue)
    elif treated.value == baseline.value:
        p_value = 1.0
    else:
        pooled = (baseline.passed + treated.passed) / (baseline.entered + treated.entered)
        # every path passed (or none did) in both: no difference
        p_value = 1.0 if pooled in (0.0, 1.0) else z_test(treated, baseline)
    return Difference(treated.value - baseline.value, float(low), float(high), p_value, small)
