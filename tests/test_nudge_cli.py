"""``cjm nudge backtest|run|status`` as a user runs them: files written, lines said, and
one-line refusals for bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets.cli import main
from cjm_widgets.orchestrate.ledger import ledger_path
from tests.messages import said
from tests.nudge_logs import log, workshop

HISTORY = [
    ("a", "2026-03-08 10:00", "bill_opened"),  # due 03-10 10:00, never pays
    ("b", "2026-03-08 10:00", "bill_opened"),
    ("b", "2026-03-11 10:00", "bill_paid"),  # due at the 03-10 run, pays later
    ("c", "2026-03-08 10:00", "bill_opened"),
    ("c", "2026-03-09 10:00", "bill_paid"),  # pays before the due time
    ("d", "2026-03-09 15:00", "bill_opened"),  # due 03-11 15:00: the 03-12 run
    ("e", "2026-03-14 09:00", "bill_opened"),  # due after the log ends: not counted entered
    ("z", "2026-03-14 10:00", "other"),
]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    path = workshop(expire_hours=72).save(tmp_path / "bills.cjm.json")
    events = tmp_path / "events.csv"
    log(HISTORY).to_csv(events, index=False)
    return path, events


def test_backtest_writes_both_tables(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, events = files
    code, out, _ = cli(
        capsys, "nudge", "backtest", str(path), str(events), "--out", str(tmp_path / "bt")
    )
    assert code == 0
    runs = pd.read_csv(tmp_path / "bt" / "backtest.csv", encoding="utf-8-sig")
    assert runs.columns.tolist() == ["nudge_id", "run_at", "due", "treatment", "holdout", "expired"]
    assert len(runs) == 7  # 03-08 10:00 .. 03-14 10:00, daily
    assert runs.loc[runs["due"] > 0, ["run_at", "due"]].values.tolist() == [
        ["2026-03-10 10:00:00", 2], ["2026-03-12 10:00:00", 1],
    ]  # fmt: skip
    summary = pd.read_csv(tmp_path / "bt" / "backtest_summary.csv", encoding="utf-8-sig")
    assert summary.to_dict("records") == [{
        "nudge_id": "nu-remind", "customers_entered": 4, "customers_due": 3, "share_due": 0.75,
        "recovered_without_nudge": 1, "median_hours_stuck": 115.0,
    }]  # fmt: skip
    assert said("cli.nudge.backtest_line", nudge="nu-remind", due=3, entered=4, per_day=0.4,
                recovered=1) in out  # fmt: skip


def test_run_hands_over_once_and_status_counts(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, events = files
    first = tmp_path / "due-1.csv"
    code, out, _ = cli(
        capsys,
        "nudge",
        "run",
        str(path),
        str(events),
        "--as-of",
        "2026-03-10T12:00",
        "--out",
        str(first),
    )
    assert code == 0
    rows = pd.read_csv(first, encoding="utf-8-sig")
    assert rows.columns.tolist() == [
        "nudge_id", "customer_id", "touchpoint_id", "channel", "message", "entered_at", "due_at",
        "group", "key",
    ]  # fmt: skip
    assert sorted(rows["customer_id"]) == ["a", "b"]
    assert said("cli.nudge.run_line", due=2, treatment=2, holdout=0, expired=0) in out
    again = tmp_path / "due-2.csv"
    assert cli(capsys, "nudge", "run", str(path), str(events), "--as-of", "2026-03-10T13:00",
               "--out", str(again))[0] == 0  # fmt: skip
    assert pd.read_csv(again, encoding="utf-8-sig").empty  # nothing twice
    code, out, _ = cli(capsys, "nudge", "status", str(path))
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split() == ["nudge_id", "sent", "pending", "failed", "expired", "holdout"]
    assert row.split() == ["nu-remind", "2", "0", "0", "0", "0"]
    assert ledger_path(path).stat().st_mode & 0o777 == 0o600


def test_a_dry_run_prints_and_records_nothing(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path, events = files
    code, out, _ = cli(capsys, "nudge", "run", str(path), str(events), "--as-of",
                       "2026-03-10T14:00+02:00", "--dry-run")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].startswith("nudge_id,customer_id,")
    assert len([line for line in out.splitlines() if line.startswith("nu-remind,")]) == 2
    assert said("cli.nudge.dry_run") in out
    assert not ledger_path(path).exists()


def test_a_parquet_output(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, events = files
    out = tmp_path / "due.parquet"
    assert cli(capsys, "nudge", "run", str(path), str(events), "--as-of", "2026-03-10T12:00",
               "--out", str(out))[0] == 0  # fmt: skip
    frame = pd.read_parquet(out)
    assert sorted(frame["customer_id"]) == ["a", "b"]
    assert str(frame["due_at"].dtype).startswith("datetime64")


@pytest.mark.parametrize(
    ("args", "key", "params"),
    [
        (["--as-of", "2026-03-10T12:00"], "nudge.no_target", {}),
        (["--as-of", "yesterday", "--dry-run"], "nudge.bad_as_of", {"value": "yesterday"}),
        (["--out", "due.xlsx"], "nudge.bad_output", {"path": Path("due.xlsx")}),
        (
            ["--dry-run", "--nudge", "nu-nope"],
            "nudge.unknown",
            {"value": "nu-nope", "choices": "nu-remind"},
        ),
    ],
)
def test_bad_input_is_one_line(
    files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    key: str,
    params: dict[str, object],
) -> None:
    path, events = files
    code, _, err = cli(capsys, "nudge", "run", str(path), str(events), *args)
    assert code == 1
    assert err.strip() == f"cjm nudge: {said(key, **params)}"


def test_a_nudge_whose_goal_signals_nothing_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workshop(until="tp-note").save(tmp_path / "bills.cjm.json")
    events = tmp_path / "events.csv"
    log(HISTORY).to_csv(events, index=False)
    code, _, err = cli(
        capsys, "nudge", "backtest", str(path), str(events), "--out", str(tmp_path / "o")
    )
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "Reads a note" in err and not (tmp_path / "o").exists()


def test_status_before_any_run(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = files
    code, out, _ = cli(capsys, "nudge", "status", str(path))
    assert code == 0 and out.strip() == said("cli.nudge.no_ledger", path=ledger_path(path))


@pytest.mark.parametrize(
    ("args", "key", "params"),
    [
        (["--webhook", "http://example.com/x"], "nudge.webhook_plain_http", {"host": "example.com"}),
        (["--webhook", "http://127.0.0.1:9/", "--timeout", "0"], "nudge.timeout", {"value": 0.0}),
        (["--webhook", "http://127.0.0.1:9/", "--rate", "0"], "nudge.rate", {"value": 0.0}),
        (["--webhook", "http://example.com/x", "--dry-run"], "nudge.webhook_plain_http",
         {"host": "example.com"}),
    ],
)  # fmt: skip
def test_a_refused_delivery_records_nothing(
    files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    key: str,
    params: dict[str, object],
) -> None:
    path, events = files
    code, _, err = cli(capsys, "nudge", "run", str(path), str(events), "--as-of",
                       "2026-03-10T12:00", *args)  # fmt: skip
    assert code == 1
    assert err.strip() == f"cjm nudge: {said(key, **params)}"
    assert not ledger_path(path).exists()


def test_a_file_named_after_the_run_is_never_written_over(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, events = files
    name = str(tmp_path / "due-{as_of}.csv")
    for moment in ("2026-03-10T12:00", "2026-03-12T12:00"):
        assert cli(capsys, "nudge", "run", str(path), str(events), "--as-of", moment,
                   "--out", name)[0] == 0  # fmt: skip
    first = pd.read_csv(tmp_path / "due-2026-03-10T1200.csv", encoding="utf-8-sig")
    second = pd.read_csv(tmp_path / "due-2026-03-12T1200.csv", encoding="utf-8-sig")
    assert sorted(first["customer_id"]) == ["a", "b"] and list(second["customer_id"]) == ["d"]
