"""Measurement snapshots in the workshop: saving, frames, metrics that read them, and the
felt-versus-measured rule, on hand-made figures and logs with known answers."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from filelock import FileLock

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.errors import CjmError, WorkshopError
from cjm_widgets.measurements import (
    AGREE,
    FELT_BETTER,
    MEASURED_BETTER,
    MIN_FLAG_PATHS,
    TOO_FEW_PATHS,
    felt_vs_measured,
    measured_value,
)
from cjm_widgets.table_files import export_csv, read_csv_tables
from tests.messages import said, saying
from tests.monitor_logs import at, log

# A five-step journey: emotions 5 4 3 2 1 in journey order.
FIVE = {
    "title": "Five steps",
    "personas": [{"id": "pe-p", "name": "Pia"}],
    "stages": [{"id": "st-1", "name": "All"}],
    "channels": [{"id": "ch-web", "name": "Web"}],
    "touchpoints": [
        {"id": f"tp-{n}", "persona": None, "stage": "st-1", "channel": "ch-web", "order": n,
         "title": f"Step {n}", "emotion": emotion, "signals": [f"e{n}"]}
        for n, emotion in zip(range(1, 6), (3, 5, 4, 2, 1), strict=True)
    ],
    "metrics": [
        {"id": "me-step", "touchpoint": "tp-2", "name": "Step 2 conversion", "unit": "%",
         "target": 90.0, "source": "monitor:step_conversion_rate"},
        {"id": "me-paths", "touchpoint": "tp-2", "name": "Paths at step 2",
         "source": "Monitor:Paths"},
        {"id": "me-hand", "touchpoint": "tp-2", "name": "Survey", "actual": 4.0,
         "source": "Survey"},
    ],
}  # fmt: skip


def funnel_of(
    rates: list[float | None], persona: str = "pe-p", first_paths: int = 10_000
) -> pd.DataFrame:
    """A funnel of ``first_paths`` paths at step 1 and the given step conversions."""
    paths = [first_paths]
    for rate in rates[1:]:
        paths.append(round(paths[-1] * (rate or 0.0)))
    return pd.DataFrame(
        {
            "persona_id": persona,
            "touchpoint_id": [f"tp-{n}" for n in range(1, len(rates) + 1)],
            "touchpoint": [f"Step {n}" for n in range(1, len(rates) + 1)],
            "paths": paths,
            "step_conversion_rate": [float("nan") if r is None else r for r in rates],
        }
    )


def flags(ws: Workshop, rates: list[float | None]) -> dict[str, str]:
    table = felt_vs_measured(ws, funnel_of(rates))
    return dict(zip(table["touchpoint_id"], table["flag"], strict=True))


def test_the_room_s_best_touchpoint_with_a_low_conversion_is_flagged() -> None:
    ws = Workshop.from_dict(FIVE)
    # emotions of tp-2..tp-5: 5 4 2 1; tp-2 (rated best) has the second-lowest conversion
    found = flags(ws, [None, 0.70, 0.60, 0.95, 0.90])
    assert found["tp-2"] == FELT_BETTER
    assert "tp-1" not in found  # the first step has no step conversion: nothing to compare
    # rated worst but with the highest conversion: the data is kinder than the room
    assert found["tp-5"] == MEASURED_BETTER or found["tp-4"] == MEASURED_BETTER


def test_when_feelings_and_conversions_rank_alike_nothing_is_flagged() -> None:
    ws = Workshop.from_dict(FIVE)
    assert set(flags(ws, [None, 0.95, 0.90, 0.80, 0.70]).values()) == {AGREE}


def test_the_rank_gap_rule_flags_a_middle_touchpoint_far_from_its_feeling() -> None:
    ws = Workshop.from_dict(FIVE)
    # tp-3 (emotion 4, second best) has the lowest conversion: ranks 0.67 vs 0.0
    found = flags(ws, [None, 0.90, 0.50, 0.85, 0.80])
    assert found["tp-3"] == FELT_BETTER
    table = felt_vs_measured(ws, funnel_of([None, 0.90, 0.50, 0.85, 0.80]))
    assert list(table.columns) == [
        "persona_id", "touchpoint_id", "touchpoint", "emotion", "step_conversion_rate",
        "paths_entered", "flag",
    ]  # fmt: skip
    assert table["paths_entered"].tolist() == [10_000, 9_000, 4_500, 3_825]


def test_a_conversion_on_too_few_paths_is_never_flagged_nor_ranked() -> None:
    ws = Workshop.from_dict(FIVE)
    # the same disagreeing rates as above, on a five-customer log: nothing to claim
    table = felt_vs_measured(ws, funnel_of([None, 0.70, 0.60, 0.95, 0.90], first_paths=5))
    assert set(table["flag"]) == {TOO_FEW_PATHS}
    # 70, 63, 25, 12 and 11 paths: tp-2 and tp-3 rest on enough, tp-4 and tp-5 on too few
    table = felt_vs_measured(ws, funnel_of([None, 0.9, 0.4, 0.5, 0.9], first_paths=70))
    found = table.set_index("touchpoint_id")
    assert found["paths_entered"].tolist() == [70, 63, 25, 12]
    assert found["flag"]["tp-4"] == found["flag"]["tp-5"] == TOO_FEW_PATHS
    assert TOO_FEW_PATHS not in {found["flag"]["tp-2"], found["flag"]["tp-3"]}
    assert 25 < MIN_FLAG_PATHS <= 63


def five_step_log() -> pd.DataFrame:
    """20 paths reach step 1, then 16, 12, 12, 6 (each path's steps a minute apart)."""
    reach = [20, 16, 12, 12, 6]
    rows = []
    for path in range(20):
        for step in range(5):
            if path < reach[step]:
                rows.append(
                    (f"u{path}", at("2026-10-05 09:00", path * 3600 + step * 60), f"e{step + 1}")
                )
    return log(["user_id", "timestamp", "event"], rows, "timestamp")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def five(tmp_path: Path) -> tuple[Path, Path]:
    workshop = Workshop.from_dict(FIVE).save(tmp_path / "five.cjm.json")
    events = tmp_path / "events.csv"
    five_step_log().to_csv(events, index=False)
    return workshop, events


def test_save_keeps_a_snapshot_and_fills_the_monitor_metrics(
    five: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, events = five
    code, out, err = run(
        capsys, "monitor", str(workshop), str(events), "--out", str(tmp_path / "m"), "--save"
    )
    assert code == 0, err
    snapshot_id = "m-2026-10-05-2026-10-06-events-csv"
    saved_line = saying("cli.monitor.snapshot_saved", id=snapshot_id, path=workshop, count=1)
    assert re.search(saved_line, out)
    saved = json.loads(workshop.read_text())
    (snapshot,) = saved["measurements"]
    assert snapshot["period_start"] == "2026-10-05T09:00:00"
    assert (
        snapshot["period_end"] == "2026-10-06T04:00:00"
    )  # path 19's fifth step (not reached: 4th)
    assert (snapshot["source"], snapshot["engine"]) == ("events.csv", "duckdb")
    assert [s["paths"] for s in snapshot["steps"]] == [20, 16, 12, 12, 6]
    assert "u19" not in workshop.read_text()  # figures, never the raw log (its paths)
    metrics = {m["id"]: m for m in saved["metrics"]}
    assert metrics["me-step"]["actual"] == 80.0  # 16 of 20, as a percentage (unit %)
    assert metrics["me-paths"]["actual"] == 16.0
    assert metrics["me-hand"]["actual"] == 4.0  # not fed by the monitor: left alone
    ws = Workshop.load(workshop)
    frame = ws.frames.measurements
    assert len(frame) == 5 and frame["current"].all()
    assert frame["step_conversion_rate"].round(3).tolist()[1:] == [0.8, 0.75, 1.0, 0.5]
    assert str(frame["paths"].dtype) == "Int64"


def test_a_second_period_adds_a_snapshot_and_the_newest_is_current(
    five: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, events = five
    out = str(tmp_path / "m")
    assert run(capsys, "monitor", str(workshop), str(events), "--out", out, "--save")[0] == 0
    # measuring the same period again replaces it, with no second copy
    code, text, _ = run(
        capsys, "monitor", str(workshop), str(events), "--out", out, "--save", "--force"
    )
    snapshot_id = "m-2026-10-05-2026-10-06-events-csv"
    replaced = saying("cli.monitor.snapshot_replaced", id=snapshot_id, path=workshop, count=1)
    assert code == 0 and re.search(replaced, text)
    assert len(Workshop.load(workshop).measurements) == 1
    code, text, _ = run(
        capsys, "monitor", str(workshop), str(events), "--out", out, "--save", "--force",
        "--from", "2026-10-05", "--to", "2026-10-05",
    )  # fmt: skip
    assert code == 0, text
    ws = Workshop.load(workshop)
    assert len(ws.measurements) == 2
    current = ws.current_measurement()
    assert current is not None and current.id == ws.measurements[0].id  # ends later
    frame = ws.frames.measurements
    assert len(frame) == 10
    assert frame.groupby("snapshot_id")["current"].first().sum() == 1


def test_snapshots_survive_the_csv_round_trip(
    five: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, events = five
    ws = Workshop.load(workshop)
    ws.by_id("ideas")  # the list exists even when empty
    assert (
        run(capsys, "monitor", str(workshop), str(events), "--out", str(tmp_path / "m"), "--save")[
            0
        ]
        == 0
    )
    ws = Workshop.load(workshop)
    folder = tmp_path / "tables"
    export_csv(ws, folder)
    back = read_csv_tables(folder)
    assert back.to_dict()["measurements"] == ws.to_dict()["measurements"]


@contextmanager
def _save_blocked(how: str, workshop: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The workshop's file on a read-only mount, or locked by someone else saving."""
    if how == "read_only":
        real_open = os.open

        def read_only(path: Any, *args: Any, **kwargs: Any) -> int:
            if workshop.name in str(path):  # the workshop's folder is on a read-only mount
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("cjm_widgets.store.os.open", read_only)  # as a read-only mount
        yield
        return
    from cjm_widgets import store

    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    with FileLock(str(store._lock_path(workshop))):
        yield


@pytest.mark.parametrize(
    ("how", "key"), [("read_only", "store.cannot_write"), ("locked", "store.locked")]
)
def test_a_refused_save_says_why_and_keeps_the_file_and_the_tables(
    how: str,
    key: str,
    five: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workshop, events = five
    before = workshop.read_bytes()
    with _save_blocked(how, workshop, monkeypatch):
        code, _, err = run(
            capsys, "monitor", str(workshop), str(events), "--out", str(tmp_path / "m"), "--save"
        )
    assert code == 1 and "Traceback" not in err, err
    last = err.splitlines()[-1]
    assert re.fullmatch("cjm monitor: " + saying(key, path=workshop), last), last
    assert workshop.read_bytes() == before
    assert (tmp_path / "m" / "funnel.csv").is_file()  # the measurement itself is not lost


def test_a_period_with_no_paths_has_nothing_to_save(
    five: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, events = five
    before = workshop.read_bytes()
    code, _, err = run(
        capsys, "monitor", str(workshop), str(events), "--out", str(tmp_path / "m"), "--save",
        "--from", "2027-01-01", "--to", "2027-01-31",
    )  # fmt: skip
    assert code == 1 and said("cli.monitor.nothing_to_save") in err
    assert workshop.read_bytes() == before


def test_an_unknown_monitor_figure_names_the_metric_and_the_choices() -> None:
    document: dict[str, Any] = json.loads(json.dumps(FIVE))
    document["metrics"][0]["source"] = "monitor:happiness"
    document["measurements"] = [
        {"id": "m-1", "period_start": "2026-10-01T00:00:00", "period_end": "2026-10-31T00:00:00",
         "steps": [{"persona": "pe-p", "touchpoint": "tp-2", "paths": 5}]}
    ]  # fmt: skip
    ws = Workshop.from_dict(document)
    with pytest.raises(CjmError) as caught:
        measured_value(ws, ws.metrics[0])
    (message,) = caught.value.args
    assert message.key == "measure.unknown_figure"
    assert (message.params["metric"], message.params["value"]) == ("me-step", "monitor:happiness")
    assert "monitor:step_conversion_rate" in message.params["choices"]


def test_snapshot_ids_are_unique_and_times_are_checked() -> None:
    document: dict[str, Any] = json.loads(json.dumps(FIVE))
    taken = {"id": "m-1", "period_start": "2026-10-01T00:00:00", "period_end": "2026-10-31"}
    document["measurements"] = [taken, {**taken, "period_start": "first of October"}]
    with pytest.raises(CjmError) as caught:
        Workshop.from_dict(document)
    assert isinstance(caught.value, WorkshopError)
    found = [(p.path, p.key, p.params.get("value")) for p in caught.value.problems]
    assert ("measurements[1].period_start", "error.datetime", "'first of October'") in found


def test_a_launch_date_is_in_the_ideas_frame_and_comes_back() -> None:
    document: dict[str, Any] = json.loads(json.dumps(FIVE))
    document["pain_points"] = [{"id": "pp-1", "touchpoints": ["tp-2"], "text": "Slow"}]
    document["ideas"] = [
        {"id": "idea-1", "text": "Faster", "pain_points": ["pp-1"], "launched_on": "2026-10-05"}
    ]
    ws = Workshop.from_dict(document)
    frame = ws.frames.ideas
    assert frame.loc[0, "launched_on"] == pd.Timestamp("2026-10-05")
    assert Workshop.from_frames(ws.to_frames()).ideas[0].launched_on == datetime(2026, 10, 5).date()


def test_a_month_without_paths_is_named_when_asked_for(five: tuple[Path, Path]) -> None:
    from datetime import date

    from cjm_widgets.monitor.periods import monthly_snapshots, months_in_log

    workshop, events = five
    assert months_in_log(str(events)) == [(date(2026, 10, 1), date(2026, 10, 31))]
    ws = Workshop.load(workshop)
    with pytest.raises(CjmError) as caught:
        monthly_snapshots(ws, str(events), date(2026, 12, 5))
    assert str(caught.value) == said("monitor.empty_period", start="2026-12-01", end="2026-12-31")
    (taken,) = monthly_snapshots(ws, str(events), date(2026, 10, 20))
    assert taken.period_start == datetime(2026, 10, 1) and ws.metrics[0].actual == 80.0
