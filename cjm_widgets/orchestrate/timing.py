"""When a nudge's message is due: entry plus the wait, moved out of quiet hours in the
workshop's time zone.

These rules work on the engine's small result (one row per customer entered in the
window a run looks at), as whole pandas columns: no loop per customer. Quiet hours are
wall-clock times in the workshop's zone, so daylight saving is honoured: "21-08" ends at
08:00 local time in winter and in summer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import quiet_minutes

DAY = pd.Timedelta(days=1)

QUIET_SHIFT_BOUND = DAY
"""The most quiet hours can move a due time: less than a day."""


def _local(moments: pd.Series, zone: str) -> pd.Series:
    """UTC moments (naive) as naive wall-clock times in ``zone``."""
    local: pd.Series = moments.dt.tz_localize("UTC").dt.tz_convert(zone).dt.tz_localize(None)
    return local


def _utc(wall: pd.Series, zone: str) -> pd.Series:
    """Naive wall-clock times in ``zone`` as naive UTC moments. A time that does not
    exist (the hour skipped in spring) moves forward; an ambiguous one (the hour repeated
    in autumn) is its first occurrence."""
    first = np.ones(len(wall), dtype=bool)
    aware = wall.dt.tz_localize(zone, ambiguous=first, nonexistent="shift_forward")
    utc: pd.Series = aware.dt.tz_convert("UTC").dt.tz_localize(None)
    return utc


def out_of_quiet(moments: pd.Series, quiet: str | None, zone: str) -> pd.Series:
    """Each moment (naive UTC), or the end of the quiet hours it falls in."""
    if quiet is None or moments.empty:
        return moments
    start, end = (pd.Timedelta(minutes=value) for value in quiet_minutes(quiet))
    wall = _local(moments, zone)
    midnight = wall.dt.normalize()
    into_day = wall - midnight
    if start < end:
        inside = (into_day >= start) & (into_day < end)
        ends = midnight + end
    else:  # over midnight: 21-08
        late = into_day >= start
        inside = late | (into_day < end)
        ends = midnight + end + late.astype("int64") * DAY
    if not inside.any():
        return moments
    moved = _utc(ends[inside], zone)
    result = moments.copy()
    result[inside] = moved
    return result


def due_times(entered: pd.Series, wait_hours: int, quiet: str | None, zone: str) -> pd.Series:
    """Entry + wait, out of quiet hours."""
    return out_of_quiet(entered + pd.Timedelta(hours=wait_hours), quiet, zone)


__all__ = ["QUIET_SHIFT_BOUND", "due_times", "out_of_quiet"]
