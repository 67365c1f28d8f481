"""Impact of launched ideas and A/B variants, on hand-made logs with known effects.

Expected values are worked out independently: the rates by counting, the z-test from
its formula (pooled standard error, normal tail by ``math.erfc``), Newcomb's interval
from its definition with Wilson's score intervals; the kit's figures come from
statsmodels, so the two must agree.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.errors import CjmError, CjmWarning
from cjm_widgets.monitor import monitor
from tests.messages import said
from tests.monitor_logs import at, log

TWO = {
    "title": "Order",
    "personas": [{"id": "pe-p", "name": "Pia"}],
    "stages": [{"id": "st-1", "name": "Order"}],
    "channels": [{"id": "ch-web", "name": "Web"}],
    "touchpoints": [
        {"id": "tp-a", "persona": None, "stage": "st-1", "channel": "ch-web", "order": 1,
         "title": "Opens the form", "emotion": 4, "signals": ["form_opened"]},
        {"id": "tp-b", "persona": None, "stage": "st-1", "channel": "ch-web", "order": 2,
         "title": "Sends the form", "emotion": 2, "signals": ["form_sent"]},
    ],
    "pain_points": [{"id": "pp-number", "touchpoints": ["tp-b"], "text": "Asks for a number"}],
    "ideas": [{"id": "idea-prefill", "text": "Pre-fill the number",
               "pain_points": ["pp-number"], "launched_on": "2026-10-15"}],
}  # fmt: skip


def paths(
    count: int, passed: int, start: str, prefix: str, extra: dict[str, str] | None = None
) -> list[tuple[Any, ...]]:
    """``count`` paths opening the form from ``start`` on (an hour apart), ``passed`` sending it."""
    rows: list[tuple[Any, ...]] = []
    for n in range(count):
        first = at(start, n * 3600)
        rows.append((f"{prefix}{n}", first, "form_opened", *(extra or {}).values()))
        if n < passed:
            rows.append((f"{prefix}{n}", first + pd.Timedelta(minutes=5), "form_sent",
                         *(extra or {}).values()))  # fmt: skip
    return rows


def z_test(s1: int, n1: int, s2: int, n2: int) -> float:
    pooled = (s1 + s2) / (n1 + n2)
    error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return math.erfc(abs(s1 / n1 - s2 / n2) / error / math.sqrt(2))


def wilson(s: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = s / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def newcomb(s1: int, n1: int, s2: int, n2: int) -> tuple[float, float]:
    """Newcomb's hybrid score interval of p1 - p2 (his method 10)."""
    p1, p2 = s1 / n1, s2 / n2
    l1, u1 = wilson(s1, n1)
    l2, u2 = wilson(s2, n2)
    d = p1 - p2
    return (
        d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


def workshop(launched: str | None = "2026-10-15") -> Workshop:
    document: dict[str, Any] = json.loads(json.dumps(TWO))
    document["ideas"][0]["launched_on"] = launched
    return Workshop.from_dict(document)


def before_after(before: tuple[int, int], after: tuple[int, int]) -> pd.DataFrame:
    rows = paths(*before, "2026-10-01 00:00", "b") + paths(*after, "2026-10-15 00:00", "a")
    return log(["user_id", "timestamp", "event"], rows, "timestamp")


def test_a_launch_that_helped_shows_its_effect_interval_and_p_value() -> None:
    result = monitor(workshop(), before_after((200, 100), (200, 150)))
    assert result.impact is not None
    (row,) = result.impact.to_dict("records")
    assert (row["idea_id"], row["touchpoint_id"]) == ("idea-prefill", "tp-b")
    assert (row["before"], row["after"]) == (0.5, 0.75)
    assert row["difference"] == pytest.approx(0.25)
    assert (row["paths_before"], row["paths_after"]) == (200, 200)
    assert row["p_value"] == pytest.approx(z_test(150, 200, 100, 200), rel=1e-9)
    low, high = newcomb(150, 200, 100, 200)
    assert (row["ci_low"], row["ci_high"]) == (
        pytest.approx(low, abs=1e-9),
        pytest.approx(high, abs=1e-9),
    )
    assert 0 < row["ci_low"] < 0.25 < row["ci_high"] and not row["small_sample"]


def test_a_launch_that_changed_nothing_is_not_called_an_effect() -> None:
    result = monitor(workshop(), before_after((150, 90), (150, 90)))
    assert result.impact is not None
    (row,) = result.impact.to_dict("records")
    assert row["difference"] == 0 and row["p_value"] == 1.0
    assert row["ci_low"] < 0 < row["ci_high"]


def test_a_small_sample_is_reported_as_such_with_an_exact_p_value() -> None:
    from scipy.stats import fisher_exact

    result = monitor(workshop(), before_after((6, 1), (5, 5)))
    assert result.impact is not None
    (row,) = result.impact.to_dict("records")
    assert row["small_sample"]
    assert row["p_value"] == pytest.approx(fisher_exact([[5, 0], [1, 5]]).pvalue)
    assert result.small_samples() == 1
    assert "small_sample" not in result.tables()["impact.csv"].columns
    assert list(result.tables()["impact.csv"].columns) == [
        "idea_id", "touchpoint_id", "before", "after", "difference", "ci_low", "ci_high",
        "p_value", "paths_before", "paths_after",
    ]  # fmt: skip


def ab_log(control: tuple[int, int], test: tuple[int, int]) -> pd.DataFrame:
    rows = paths(*control, "2026-10-01 00:00", "c", {"arm": "control"}) + paths(
        *test, "2026-10-01 00:30", "t", {"arm": "test"}
    )
    return log(["user_id", "timestamp", "event", "arm"], rows, "timestamp")


def test_an_a_b_test_compares_each_variant_with_control() -> None:
    result = monitor(workshop(None), ab_log((300, 120), (300, 165)), variant_col="arm")
    assert result.ab is not None
    table = result.ab.set_index(["touchpoint_id", "variant"])
    test, control = table.loc[("tp-b", "test")], table.loc[("tp-b", "control")]
    assert (test["paths"], control["paths"]) == (165, 120)
    assert (test["step_conversion_rate"], control["step_conversion_rate"]) == (0.55, 0.4)
    low, high = wilson(165, 300)
    assert (test["ci_low"], test["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert test["difference"] == pytest.approx(0.15)
    assert test["p_value"] == pytest.approx(z_test(165, 300, 120, 300), rel=1e-9)
    d_low, d_high = newcomb(165, 300, 120, 300)
    assert (test["diff_ci_low"], test["diff_ci_high"]) == (
        pytest.approx(d_low),
        pytest.approx(d_high),
    )
    assert control["difference"] == 0 and math.isnan(control["p_value"])
    first = table.loc[("tp-a", "test")]
    assert first["paths"] == 300 and math.isnan(first["step_conversion_rate"])
    assert list(result.tables()["ab.csv"].columns) == [
        "persona_id", "touchpoint_id", "variant", "paths", "step_conversion_rate", "ci_low",
        "ci_high", "difference", "diff_ci_low", "diff_ci_high", "p_value",
    ]  # fmt: skip


def test_an_a_b_test_without_an_effect_and_a_chosen_control() -> None:
    result = monitor(
        workshop(None), ab_log((200, 100), (200, 100)), variant_col="arm", control="test"
    )
    assert result.ab is not None
    control = result.ab[
        (result.ab["variant"] == "control") & (result.ab["touchpoint_id"] == "tp-b")
    ]
    assert control["difference"].iloc[0] == 0 and control["p_value"].iloc[0] == 1.0


def test_a_variant_column_with_one_value_or_an_unknown_control_is_refused() -> None:
    one = ab_log((50, 20), (0, 0))
    with pytest.raises(CjmError) as caught:
        monitor(workshop(None), one, variant_col="arm")
    assert str(caught.value) == said("monitor.one_variant", column="arm", values="control")
    with pytest.raises(CjmError) as caught:
        monitor(workshop(None), ab_log((50, 20), (50, 30)), variant_col="arm", control="B")
    unknown = {"value": "B", "column": "arm", "choices": "control, test"}
    assert str(caught.value) == said("monitor.unknown_control", **unknown)


def test_a_launched_idea_with_no_touchpoint_is_named_in_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document: dict[str, Any] = json.loads(json.dumps(TWO))
    document["ideas"][0]["pain_points"] = []
    path = Workshop.from_dict(document).save(tmp_path / "w.cjm.json")
    events = tmp_path / "events.csv"
    before_after((40, 20), (40, 30)).to_csv(events, index=False)
    no_touchpoint = said("monitor.launched_no_touchpoint", idea="idea-prefill")
    with pytest.warns(CjmWarning) as warned:
        result = monitor(Workshop.load(path), str(events))
    told = [str(w.message) for w in warned if issubclass(w.category, CjmWarning)]
    assert told == [no_touchpoint]
    assert result.impact is None
    code = main(["monitor", str(path), str(events), "--out", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert said("cli.warning", command="monitor", message=no_touchpoint) in err.splitlines()
    assert not (tmp_path / "m" / "impact.csv").exists()


def test_the_cli_writes_impact_and_ab_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workshop().save(tmp_path / "w.cjm.json")
    events = tmp_path / "events.csv"
    frame = before_after((60, 30), (60, 50))
    frame["arm"] = [
        "control" if user.endswith(("0", "2", "4", "6", "8")) else "test"
        for user in frame["user_id"]
    ]
    frame.to_csv(events, index=False)
    code = main(
        ["monitor", str(path), str(events), "--out", str(tmp_path / "m"), "--variant-col", "arm"]
    )
    assert code == 0, capsys.readouterr().err
    impact = pd.read_csv(tmp_path / "m" / "impact.csv")
    assert impact.loc[0, "after"] == round(50 / 60, 4)  # rates to 4 decimals in the file
    ab = pd.read_csv(tmp_path / "m" / "ab.csv")
    assert set(ab["variant"]) == {"control", "test"}
    assert (
        main(["monitor", str(path), str(events), "--out", str(tmp_path / "n"), "--control", "x"])
        == 1
    )
    assert said("monitor.control_without_variant") in capsys.readouterr().err


@pytest.mark.slow
def test_spark_gives_the_same_impact_and_a_b_figures() -> None:
    pytest.importorskip("pyspark")
    events = before_after((120, 60), (120, 90))
    events["arm"] = ["control" if n % 2 else "test" for n in range(len(events))]
    on_duckdb = monitor(workshop(), events.copy(), variant_col="arm")
    on_spark = monitor(
        workshop(), events.copy(), variant_col="arm", engine="spark", spark_master="local[1]"
    )
    assert on_duckdb.impact is not None and on_spark.impact is not None
    assert on_duckdb.ab is not None and on_spark.ab is not None
    pd.testing.assert_frame_equal(on_duckdb.impact, on_spark.impact)
    pd.testing.assert_frame_equal(on_duckdb.ab, on_spark.ab)
    assert (
        on_duckdb.period
        == on_spark.period
        == (at("2026-10-01 00:00").to_pydatetime(), at("2026-10-19 23:00").to_pydatetime())
    )
    assert date(2026, 10, 15) == workshop().ideas[0].launched_on
