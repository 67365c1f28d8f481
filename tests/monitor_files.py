"""One event log laid out as files the ways warehouses, pandas and Spark write them.

The two-persona log of tests/monitor_logs.py (whose answers were worked out by hand)
gets times in nanoseconds with a fraction just under a second on every other row: cut
to the second they are the hand-worked times, so the answers hold; a reader that
rounded instead of cutting, or took nanoseconds for seconds, would change them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.monitor_logs import Case, segmented

LAYOUTS = ("parquet file", "glob", "directory", "hive", "csv", "parquet and csv", "two units")


def nanosecond_case() -> Case:
    """The two-persona case with times in nanoseconds, every other one 0.999999999 s late."""
    case = segmented()
    times = case.events["timestamp"].astype("datetime64[ns]")
    late = pd.Series([pd.Timedelta(nanoseconds=999_999_999 * (n % 2)) for n in range(len(times))])
    case.events["timestamp"] = times + late.to_numpy()
    return case


def write_layout(events: pd.DataFrame, layout: str, folder: Path) -> list[str]:
    """``events`` written to ``folder`` as ``layout``; the sources that name the files."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = events.iloc[::2], events.iloc[1::2]
    if layout == "parquet file":  # pandas' default: times in nanoseconds
        events.to_parquet(folder / "events.parquet", index=False)
        return [str(folder / "events.parquet")]
    if layout == "glob":  # times in milliseconds, as warehouses often write them
        for number, part in enumerate((first, second)):
            part.to_parquet(folder / f"part-{number}.parquet", index=False, coerce_timestamps="ms",
                            allow_truncated_timestamps=True)  # fmt: skip
        return [str(folder / "part-*.parquet")]
    if layout == "directory":  # plain folders, with the files Spark writes beside the data
        for name, part in (("2024-04", first), ("2024-05/late", second)):
            (folder / name).mkdir(parents=True)
            part.to_parquet(folder / name / "part-00000.snappy.parquet", index=False)
        (folder / "_SUCCESS").write_text("", encoding="utf-8")
        (folder / "2024-04" / ".part-00000.snappy.parquet.crc").write_bytes(b"crc")
        (folder / "README.md").write_text("exported from the warehouse\n", encoding="utf-8")
        return [str(folder)]
    if layout == "hive":  # partitioned by the path: the column is only in the folder names
        for user, part in events.groupby("user_id"):
            (folder / f"user_id={user}").mkdir()
            part.drop(columns="user_id").to_parquet(
                folder / f"user_id={user}" / "part-0.parquet", index=False
            )
        (folder / "_SUCCESS").write_text("", encoding="utf-8")
        return [str(folder)]
    if layout == "csv":
        events.to_csv(folder / "events.csv", index=False)
        return [str(folder / "events.csv")]
    if layout == "parquet and csv":
        first.to_parquet(folder / "first.parquet", index=False)
        second.to_csv(folder / "second.csv", index=False)
        return [str(folder / "first.parquet"), str(folder / "second.csv")]
    if layout == "two units":  # one file in nanoseconds, a later one in microseconds
        first.to_parquet(folder / "part-0.parquet", index=False)
        second.to_parquet(folder / "part-1.parquet", index=False, coerce_timestamps="us",
                          allow_truncated_timestamps=True)  # fmt: skip
        return [str(folder)]
    raise ValueError(layout)
