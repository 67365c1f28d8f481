"""Every CSV the kit writes is safe to open in a spreadsheet: text that would run as a
formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``) gets an apostrophe in front,
numbers stay numbers, and no module writes a CSV except through ``csv_files``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.csv_files import csv_text, write_csv
from cjm_widgets.formula_guard import FORMULA_TRIGGERS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cjm_widgets"
WRITER = PACKAGE / "csv_files.py"

# ways to write a CSV without the guard: pandas, the csv module, or a file named *.csv
CSV_WRITING = re.compile(r"\.to_csv\(|csv\.(writer|DictWriter)\(|\bwriterows?\(")

TITLE_A = '=HYPERLINK("http://evil.example","Open the form")'
TITLE_B = "+cmd|' /C calc'!A0"
OPENED = "@SUM(1+1)*cmd|' /C calc'!A0"
SENT = "-2+3+cmd|' /C calc'!A0"
NOISE = ["=1+1", "\tcmd", "\rcmd", "@import", "+danger", "-danger"]
PERSONA = "=Pia"


def hostile_document() -> dict[str, Any]:
    """Touchpoint titles, signals (event names), persona and idea texts that a spreadsheet
    would run as formulas."""
    return {
        "title": "+Orders",
        "personas": [{"id": "pe-p", "name": PERSONA, "segment": ""}],
        "stages": [{"id": "st-1", "name": "\t@Order"}],
        "channels": [{"id": "ch-web", "name": "-Web"}],
        "touchpoints": [
            {"id": "tp-a", "persona": None, "stage": "st-1", "channel": "ch-web", "order": 1,
             "title": TITLE_A, "emotion": 4, "signals": [OPENED]},
            {"id": "tp-b", "persona": None, "stage": "st-1", "channel": "ch-web", "order": 2,
             "title": TITLE_B, "emotion": 5, "signals": [SENT]},
        ],
        "pain_points": [{"id": "pp-number", "touchpoints": ["tp-b"], "text": "=Asks"}],
        "ideas": [{"id": "idea-prefill", "text": "@Pre-fill", "pain_points": ["pp-number"],
                   "launched_on": "2026-10-15"}],
    }  # fmt: skip


def hostile_log() -> pd.DataFrame:
    """Paths before and after the launch (fewer send the form after it: a negative
    difference), in two arms and two segments whose values are formulas too."""
    rows = []
    for n in range(80):
        after = n >= 40
        start = pd.Timestamp("2026-10-20" if after else "2026-10-01") + pd.Timedelta(hours=n)
        arm = "=control" if n % 2 else "+test"
        segment = "@vip" if n % 3 else "-basic"
        user = f"u{n}"
        rows.append((user, start, OPENED, arm, segment))
        if n % 4 != 0 and not (after and n % 2):
            rows.append((user, start + pd.Timedelta(minutes=5), SENT, arm, segment))
        rows.append((user, start + pd.Timedelta(minutes=9), NOISE[n % len(NOISE)], arm, segment))
    return pd.DataFrame(rows, columns=["user_id", "timestamp", "event", "arm", "segment"])


def hostile_files(tmp_path: Path) -> tuple[Path, Path]:
    workshop = Workshop.from_dict(hostile_document()).save(tmp_path / "=w.cjm.json")
    events = tmp_path / "events.parquet"
    hostile_log().to_parquet(events, index=False)
    return workshop, events


def cells(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_guarded(folder: Path, expected: set[str]) -> str:
    """Every cell of every CSV in ``folder`` is safe: none starts with a formula trigger,
    unless it is a number. Returns all the text, to look for the guarded cells in."""
    written = {path.name for path in folder.glob("*.csv")}
    assert written == expected
    everything = []
    for name in sorted(written):
        for number, row in enumerate(cells(folder / name), start=1):
            for cell in row:
                assert not cell.startswith(FORMULA_TRIGGERS) or is_number(cell), (
                    f"{name} row {number}: {cell!r} would run as a formula"
                )
            everything.append("\n".join(row))
    return "\n".join(everything)


def test_every_csv_of_cjm_monitor_is_guarded_and_keeps_negative_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop, events = hostile_files(tmp_path)
    out = tmp_path / "m"
    code = main(
        ["monitor", str(workshop), str(events), "--out", str(out), "--variant-col", "arm",
         "--control", "=control"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    text = assert_guarded(
        out,
        {"funnel.csv", "unmapped.csv", "variants.csv", "segments.csv", "felt_vs_measured.csv",
         "impact.csv", "ab.csv"},
    )  # fmt: skip
    for hostile in (TITLE_A, TITLE_B, OPENED, SENT, PERSONA, "=control", "+test", "\t@Order"):
        assert "'" + hostile in text, hostile
    unmapped = {row[0] for row in cells(out / "unmapped.csv")[1:]}
    assert {"'=1+1", "'@import", "'+danger", "'-danger"} <= unmapped  # tabs and CRs: trimmed
    impact = pd.read_csv(out / "impact.csv")
    assert impact.loc[0, "difference"] < 0  # a number, not the text "'-0.2..."
    assert cells(out / "impact.csv")[1][4].startswith("-")


def test_cjm_portfolio_csv_is_guarded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop, events = hostile_files(tmp_path)
    out = tmp_path / "p"
    code = main(["portfolio", str(workshop), "--events", str(events), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = assert_guarded(out, {"portfolio.csv"})
    assert "'=w" in text and "'" + PERSONA in text


def test_text_cells_are_guarded_and_numbers_dates_and_gaps_kept(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "=name": ["=1+1", "plain", None, "'=already"],
            "change": [-0.5, 1.0, float("nan"), -2.0],
            "count": pd.array([-3, 0, None, 4], dtype="Int64"),
            "when": pd.to_datetime(["2026-01-01", "2026-01-02", None, "2026-01-03"]),
            "kind": pd.Categorical(["+a", "b", None, "@c"]),
            "label": pd.array(["\tx", "-y", None, "z"], dtype="string"),
        }
    )
    rows = list(csv.reader(io.StringIO(csv_text(frame), newline="")))
    assert rows == [
        ["'=name", "change", "count", "when", "kind", "label"],
        ["'=1+1", "-0.5", "-3", "2026-01-01", "'+a", "'\tx"],
        ["plain", "1.0", "0", "2026-01-02", "b", "'-y"],
        ["", "", "", "", "", ""],
        ["''=already", "-2.0", "4", "2026-01-03", "'@c", "z"],
    ]
    path = write_csv(tmp_path / "t.csv", frame)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf'=name,")
    assert write_csv(tmp_path / "log.csv", frame, bom=False).read_bytes().startswith(b"'=name")


def _writers(path: Path, text: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if CSV_WRITING.search(line)
    ]


def _sources() -> list[tuple[Path, str]]:
    """Every module of the package but the writer, and the code of the report templates."""
    found = [
        (path, path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != WRITER
    ]
    for notebook in sorted((ROOT / "templates" / "notebooks").glob("*.ipynb")):
        code = json.loads(notebook.read_text(encoding="utf-8"))
        source = "\n".join("".join(cell["source"]) for cell in code["cells"])
        found.append((notebook, source))
    return found


def test_no_module_writes_a_csv_but_the_one_writer() -> None:
    """A new CSV output cannot bypass the guard: DataFrame.to_csv and csv.writer appear in
    the package (and its report templates) only in ``csv_files.py``."""
    bypasses = [line for path, text in _sources() for line in _writers(path, text)]
    assert bypasses == []
    assert _writers(WRITER, WRITER.read_text(encoding="utf-8"))  # the pattern does find them
