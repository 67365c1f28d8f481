"""How the benchmarks time an action: the median of a few runs, which one slow run
(another process taking the core) does not move, and the best for comparison."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")


def runs(action: Callable[[], Result], repeat: int) -> tuple[list[float], Result]:
    """Seconds of each of ``repeat`` runs of ``action``, and what its last run returned."""
    times: list[float] = []
    result: Result | None = None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return times, result  # type: ignore[return-value]


def median_ms(action: Callable[[], Result], repeat: int) -> tuple[float, Result]:
    """The median milliseconds of ``repeat`` runs, and what the last run returned."""
    times, result = runs(action, repeat)
    return statistics.median(times) * 1000, result


def timed(label: str, action: Callable[[], object], repeat: int) -> float:
    """Run ``action`` ``repeat`` times; print the median and best, return the median seconds."""
    times, _ = runs(action, repeat)
    median = statistics.median(times)
    print(f"{label:<46} median {median * 1000:8.1f} ms   best {min(times) * 1000:8.1f} ms")
    return median
