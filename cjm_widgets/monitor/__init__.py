"""Journey monitoring: the mapped journeys measured on the organisation's event logs.

``monitor(workshop, events)`` measures each persona's journey (reach, the sequential
funnel, repeats, time to the next touchpoint), the events the map forgot, the orders
paths really take, and the funnel per segment, as Ibis expressions run by DuckDB
(embedded, the default) or PySpark. ``cjm monitor`` writes the same as CSV files.
"""

from .run import MonitorResult, monitor

__all__ = ["MonitorResult", "monitor"]
