"""Numbers in the kit's CSVs read as people expect: counts whole, seconds whole, rates to
four decimals, never float noise such as ``918.0000000000002``; Python keeps the rest."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.csv_files import column_role, csv_text
from cjm_widgets.monitor import monitor
from cjm_widgets.samples import sample_workshop
from cjm_widgets.samples.events import sample_events, write_sample_events

AT_MOST_FOUR_DECIMALS = re.compile(r"^-?\d+(\.\d{1,4})?$")
WHOLE = re.compile(r"^-?\d+$")


def test_each_column_is_written_by_its_role() -> None:
    frame = pd.DataFrame(
        {
            "paths": [918.0000000000002, None],
            "median_seconds_to_next": [3599.6, 12.2],
            "step_conversion_rate": [0.123456789, 1 / 3],
            "paths[movers]": [3.0, 4.0],
            "p_value": [0.000012345678, 0.5],
            "title": ["a", "b"],
        }
    )
    rows = list(csv.reader(io.StringIO(csv_text(frame), newline="")))
    assert rows[1:] == [
        ["918", "3600", "0.1235", "3", "1.235e-05", "a"],
        ["", "12", "0.3333", "4", "0.5", "b"],
    ]
    assert frame.loc[0, "step_conversion_rate"] == 0.123456789  # the frame is untouched


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("completed_paths", "count"),
        ("felt_better_flags", "count"),
        ("paths_before", "count"),
        ("p90_seconds_to_next", "seconds"),
        ("repeat_rate", "fraction"),
        ("share", "fraction"),
        ("conversion_rate[Movers]", "fraction"),
    ],
)
def test_column_roles(name: str, role: str) -> None:
    assert column_role(name) == role


def _number_cells(path: Path) -> list[tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    found = []
    for row in rows[1:]:
        for name, cell in zip(rows[0], row, strict=True):
            try:
                float(cell)
            except ValueError:
                continue
            found.append((name, cell))
    return found


def _assert_tidy(path: Path) -> None:
    cells = _number_cells(path)
    assert cells, path
    for name, cell in cells:
        if column_role(name) in ("count", "seconds"):
            assert WHOLE.match(cell), f"{path.name} {name}: {cell}"
        elif column_role(name) == "fraction":
            assert AT_MOST_FOUR_DECIMALS.match(cell), f"{path.name} {name}: {cell}"


def sample_files(tmp_path: Path) -> tuple[Workshop, Path, Path]:
    """The sample workshop, saved, and its event log of 300 paths beside it."""
    ws = sample_workshop()
    workshop = ws.save(tmp_path / "journey.cjm.json")
    return ws, workshop, write_sample_events(tmp_path / "events.csv", ws, paths=300)


def test_the_monitor_csvs_carry_no_float_noise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws, workshop, events = sample_files(tmp_path)
    out = tmp_path / "measured"
    assert main(["monitor", str(workshop), str(events), "--out", str(out)]) == 0
    for name in ("funnel.csv", "variants.csv", "segments.csv", "unmapped.csv"):
        _assert_tidy(out / name)
    funnel = list(csv.DictReader(io.StringIO((out / "funnel.csv").read_text("utf-8-sig"))))
    assert any(row["median_seconds_to_next"] for row in funnel)
    raw = monitor(ws, sample_events(ws, paths=300)).funnel
    rates = raw["step_conversion_rate"].dropna()
    assert any(round(rate, 4) != rate for rate in rates)  # Python keeps the full precision


def test_the_portfolio_csv_carries_no_float_noise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, workshop, events = sample_files(tmp_path)
    out = tmp_path / "portfolio"
    assert main(["portfolio", str(workshop), "--events", str(events), "--out", str(out)]) == 0
    _assert_tidy(out / "portfolio.csv")
    names = {name for name, _ in _number_cells(out / "portfolio.csv")}
    assert {"paths", "end_to_end_conversion", "repeat_rate"} <= names
