"""Journey monitoring: the mapped journeys measured on the organisation's event logs.

``monitor(workshop, events)`` measures each persona's journey (reach, the sequential
funnel, repeats, time to the next touchpoint), the events the map forgot, the orders
paths really take, and the funnel per segment, as Ibis expressions run by DuckDB
(embedded, the default) or PySpark. ``cjm monitor`` writes the same as CSV files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import MonitorResult, monitor


def __getattr__(name: str) -> Any:
    """``monitor`` and ``MonitorResult`` on first use: the statistics (``monitor.stats``)
    that reports use import without Ibis."""
    if name in ("MonitorResult", "monitor"):
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MonitorResult", "monitor"]
