"""A nudge's lift, measured from the ledger against its holdout, and in ``cjm monitor``."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from cjm_widgets.cli import main
from cjm_widgets.orchestrate import run
from cjm_widgets.orchestrate.ledger import Ledger, ledger_path
from cjm_widgets.orchestrate.lift import nudge_lift
from tests.nudge_logs import log, workshop

RUN = datetime(2026, 3, 10, 12, 0)


def _history(customers: int) -> pd.DataFrame:
    return log([(f"c{i}", "2026-03-08 10:00", "bill_opened") for i in range(customers)])


def _with_goals(
    entries: pd.DataFrame, due: pd.DataFrame, treated: float, held: float
) -> pd.DataFrame:
    """The log plus a payment within the expiry after the due time for the first
    ``treated`` share of the treatment and ``held`` share of the holdout (in key order),
    and for a few more customers after the window (which must not count)."""
    rows = []
    for group, share in (("treatment", treated), ("holdout", held)):
        members = due[due["group"] == group].sort_values("key")
        paying = members.head(round(len(members) * share))
        late = members.tail(3)
        rows += [(c, "2026-03-11 09:00", "bill_paid") for c in paying["customer_id"]]
        rows += [(c, "2026-03-12 09:00", "bill_paid") for c in late["customer_id"]]
    rows.append(("zz", "2026-03-20 00:00", "other"))  # the log runs past every window
    more = log(rows)
    return pd.concat([entries, more], ignore_index=True)


def test_treated_customers_who_convert_more_show_a_significant_lift(tmp_path: Path) -> None:
    ws = workshop(holdout=0.5, expire_hours=24)  # due 03-10 10:00, window to 03-11 10:00
    entries = _history(1000)
    done = run(ws, entries, ledger=tmp_path / "w.nudges.sqlite", as_of=RUN, out=tmp_path / "d.csv")
    events = _with_goals(entries, done.due, treated=0.40, held=0.20)
    with Ledger(tmp_path / "w.nudges.sqlite") as book:
        lift = nudge_lift(ws, events, book.messages()).set_index("group")
    treated, held = lift.loc["treatment"], lift.loc["holdout"]
    assert treated["customers"] + held["customers"] == 1000
    assert treated["converted"] == round(treated["customers"] * 0.40)
    assert held["converted"] == round(held["customers"] * 0.20)
    assert treated["difference"] == pytest.approx(
        treated["conversion_rate"] - held["conversion_rate"]
    )
    assert 0 < treated["diff_ci_low"] < treated["difference"] < treated["diff_ci_high"]
    assert treated["p_value"] < 0.001 and not treated["small_sample"]
    assert math.isnan(held["difference"]) and held["touchpoint_id"] == "tp-pay"


def test_customers_whose_window_is_still_open_are_not_compared(tmp_path: Path) -> None:
    ws = workshop(holdout=0.5, expire_hours=24)
    entries = _history(100)
    run(ws, entries, ledger=tmp_path / "l.sqlite", as_of=RUN, out=tmp_path / "d.csv")
    with Ledger(tmp_path / "l.sqlite") as book:
        lift = nudge_lift(ws, entries, book.messages())  # the log ends before 03-11 10:00
    assert lift["customers"].tolist() == [0, 0]
    assert lift["small_sample"].all()


def test_cjm_monitor_writes_nudges_csv_and_keeps_the_lift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workshop(holdout=0.5, expire_hours=24)
    path = ws.save(tmp_path / "bills.cjm.json")
    entries = _history(400)
    done = run(ws, entries, ledger=ledger_path(path), as_of=RUN, out=tmp_path / "d.csv")
    events = _with_goals(entries, done.due, treated=0.5, held=0.25)
    log_file = tmp_path / "events.csv"
    events.to_csv(log_file, index=False)
    out = tmp_path / "measured"
    assert main(["monitor", str(path), str(log_file), "--out", str(out), "--save"]) == 0
    table = pd.read_csv(out / "nudges.csv", encoding="utf-8-sig")
    assert table.columns.tolist() == [
        "nudge_id", "touchpoint_id", "group", "customers", "converted", "conversion_rate",
        "ci_low", "ci_high", "difference", "diff_ci_low", "diff_ci_high", "p_value",
    ]  # fmt: skip
    assert table["group"].tolist() == ["treatment", "holdout"]
    saved = type(ws).load(path).current_measurement()
    assert saved is not None and saved.nudges[0].nudge == "nu-remind"
    assert saved.nudges[0].difference == pytest.approx(table.loc[0, "difference"], abs=1e-4)
    capsys.readouterr()


def test_without_a_ledger_cjm_monitor_writes_no_nudges_csv(tmp_path: Path) -> None:
    ws = workshop()
    path = ws.save(tmp_path / "bills.cjm.json")
    log_file = tmp_path / "events.csv"
    _history(10).to_csv(log_file, index=False)
    assert main(["monitor", str(path), str(log_file), "--out", str(tmp_path / "m")]) == 0
    assert not (tmp_path / "m" / "nudges.csv").exists()
