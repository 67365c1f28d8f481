"""Event logs as files: a file, a glob, a directory, a hive-partitioned directory, CSV and
a mix all measure the hand-worked answers on DuckDB, and a source with no events in it
is one line naming it. (Spark reads the same layouts in tests/test_monitor_spark.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.monitor import monitor
from cjm_widgets.monitor.log_files import file_groups
from tests.monitor_files import LAYOUTS, nanosecond_case, write_layout
from tests.monitor_logs import SEGMENTED, SEGMENTED_LOG
from tests.test_monitor_definitions import assert_one_line_error, assert_same_result, run


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_measures_the_hand_worked_answers(tmp_path: Path, layout: str) -> None:
    case = nanosecond_case()
    sources = write_layout(case.events, layout, tmp_path / "log")
    got = monitor(case.workshop, sources, engine="duckdb", **case.options)
    assert_same_result(got, case, f"duckdb on a {layout}")


def test_a_directory_reads_every_event_file_below_it_and_nothing_else(tmp_path: Path) -> None:
    write_layout(SEGMENTED_LOG, "directory", tmp_path / "log")
    write_layout(SEGMENTED_LOG, "hive", tmp_path / "log" / "hive")
    groups = file_groups([tmp_path / "log"])
    names = sorted(
        str(Path(name).relative_to(tmp_path / "log")) for g in groups for name in g.files
    )
    assert names == [
        "2024-04/part-00000.snappy.parquet",
        "2024-05/late/part-00000.snappy.parquet",
        *[f"hive/user_id=p{n}/part-0.parquet" for n in range(1, 8)],
    ]
    hive = [group for group in groups if group.keys]
    assert [(group.root, group.keys) for group in hive] == [
        (str(tmp_path / "log" / "hive"), ("user_id",))
    ]


def test_partition_folders_become_columns(tmp_path: Path) -> None:
    """The hive layout's files hold no user_id: without the folders' column nothing is measured."""
    case = nanosecond_case()
    [folder] = write_layout(case.events, "hive", tmp_path / "log")
    got = monitor(case.workshop, Path(folder) / "user_id=p1", engine="duckdb")
    assert got.funnel["paths"].max() == 1  # only p1, and the path column found in the folder name


def sources_without_events(root: Path) -> dict[str, tuple[Path, str]]:
    """Each way a source can hold no events, and what the message must name."""
    (root / "empty").mkdir()
    (root / "notes").mkdir()
    (root / "notes" / "README.md").write_text("the export comes on Monday\n", encoding="utf-8")
    (root / "notes" / "_SUCCESS").write_text("", encoding="utf-8")
    return {
        "an empty directory": (root / "empty", "empty"),
        "a directory without event files": (root / "notes", "notes"),
        "a glob matching nothing": (root / "day=*" / "*.parquet", "day=*"),
    }


@pytest.mark.parametrize(
    "kind", ["an empty directory", "a directory without event files", "a glob matching nothing"]
)
def test_a_source_without_events_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SEGMENTED).save(workshop)
    source, named = sources_without_events(tmp_path)[kind]
    code, _, err = run(
        capsys, "monitor", str(workshop), str(source), "--out", str(tmp_path / "out")
    )
    assert code == 1
    assert_one_line_error(err, named)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("command", "flag"),
    [(("monitor",), "--from"), (("monitor",), "--to"), (("nudge", "backtest"), "--from")],
)
def test_a_date_that_is_no_date_is_one_line_naming_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...], flag: str
) -> None:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SEGMENTED).save(workshop)
    events = tmp_path / "events.csv"
    events.write_text("path,time,event\na,2026-03-01 10:00:00,x\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(
        capsys, *command, str(workshop), str(events), "--out", str(out), flag, "2026-13-01"
    )
    assert code == 1
    assert err.strip().endswith(f"{flag} 2026-13-01 is not a date; write it as YYYY-MM-DD")
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
