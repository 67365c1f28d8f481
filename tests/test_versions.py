"""Versions of a workshop: diffs of hand-made pairs, three-way merges, conflicts and their
settling (in Python, in the app's panel, with cjm), and the text forms git shows."""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.errors import CjmError, WorkshopError
from cjm_widgets.frames.schema import item_fields, workshop_fields
from cjm_widgets.versions import (
    DifferentWorkshopsError,
    diff_documents,
    merge_documents,
    resolve,
)
from cjm_widgets.versions.files import merge_files
from cjm_widgets.versions.text import diff_text, workshop_text
from tests.conftest import small_document
from tests.messages import keys, said
from tests.test_widgets import Timers


@pytest.fixture
def timers() -> Timers:
    return Timers()


def item(doc: dict[str, Any], name: str, item_id: str) -> dict[str, Any]:
    return next(i for i in doc[name] if i["id"] == item_id)


def rows(diff: Any) -> list[tuple[str, str, str, str | None, Any, Any]]:
    return [(c.list, c.id, c.change, c.field, c.before, c.after) for c in diff.changes]


def conflict(list_name: str, item: str, kind: str = "both", /, **params: Any) -> str:
    """A conflict as a user reads it: the list's name, the item, and what each side did."""
    where = f"{said(f'versions.list.{list_name}')}: {item}"
    return said(f"versions.conflict.{kind}", item=where, **params)


def emotions_apart() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A base and two versions of it that gave touchpoint tp-1 different emotions (1 and 5)."""
    base = small_document()
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    item(ours, "touchpoints", "tp-1")["emotion"] = 1
    item(theirs, "touchpoints", "tp-1")["emotion"] = 5
    return base, ours, theirs


# -- diff ----------------------------------------------------------------------------------


def test_diff_reports_each_kind_of_change_field_by_field() -> None:
    old = small_document()
    new = copy.deepcopy(old)
    item(new, "touchpoints", "tp-1")["emotion"] = 1
    item(new, "touchpoints", "tp-1")["backoffice"] = {"systems": ["CRM"]}
    item(new, "stages", "st-1")["name"] = "Planning"
    new["pain_points"].append({"id": "pp-2", "touchpoints": ["tp-2"], "text": "Keys are late"})
    new["channels"] = []
    old["channels"].append({"id": "ch-phone", "name": "Phone"})
    new["channels"] = [{"id": "ch-web", "name": "Web"}]
    new["vision"] = {"overall": "Moving is easy"}
    new["stages"].reverse()
    found = rows(diff_documents(old, new))
    assert ("touchpoints", "tp-1", "changed", "emotion", 3, 1) in found
    # both versions are validated first: a field the old file leaves out is its default
    assert ("touchpoints", "tp-1", "changed", "backoffice.systems", [], ["CRM"]) in found
    assert ("stages", "st-1", "changed", "name", "Plan", "Planning") in found
    assert ("workshop", "", "changed", "vision.overall", "", "Moving is easy") in found
    fields = {(r[0], r[1], r[3]) for r in found if r[2] == "changed"}
    assert ("touchpoints", "tp-1", "backoffice.processes") not in fields
    assert ("workshop", "", "vision.competitive_angle") not in fields
    added = [r for r in found if r[2] == "added"]
    removed = [r for r in found if r[2] == "removed"]
    assert [(r[0], r[1]) for r in added] == [("pain_points", "pp-2")]
    assert [(r[0], r[1]) for r in removed] == [("channels", "ch-phone")]
    moves = [r for r in found if r[3] == "position"]
    assert len(moves) == 1 and moves[0][0] == "stages"
    assert not [r for r in found if r[0] == "ideas"]  # unchanged items are not listed


def test_summary_emotions_pain_points_decisions_metrics_and_measured_conversion() -> None:
    old = small_document()
    old["measurements"] = [
        {"id": "ms-1", "period_start": "2026-09-01T00:00:00", "period_end": "2026-10-01T00:00:00",
         "source": "events.csv", "engine": "duckdb",
         "steps": [{"persona": "pe-a", "touchpoint": "tp-2", "step_conversion_rate": 0.5}]},
    ]  # fmt: skip
    new = copy.deepcopy(old)
    item(new, "touchpoints", "tp-1")["emotion"] = 4
    item(new, "ideas", "idea-1")["status"] = "approved"
    item(new, "metrics", "me-1")["actual"] = 80
    new["pain_points"].append(
        {"id": "pp-2", "touchpoints": ["tp-2"], "text": "Keys are late", "severity": 3}
    )
    new["measurements"].append(
        {"id": "ms-2", "period_start": "2026-11-01T00:00:00", "period_end": "2026-12-01T00:00:00",
         "source": "events.csv", "engine": "duckdb",
         "steps": [{"persona": "pe-a", "touchpoint": "tp-2", "step_conversion_rate": 0.75}]},
    )  # fmt: skip
    Workshop.from_dict(old), Workshop.from_dict(new)  # snapshots as cjm monitor --save keeps them
    diff = diff_documents(old, new)
    s = diff.summary
    assert [(e.id, e.before, e.after) for e in s.emotions] == [("tp-1", 3, 4)]
    assert (s.average_before, s.average_after) == (4.0, 4.5)
    assert [(r.id, r.how, r.idea) for r in s.resolved] == [("pp-1", "idea", "Shorter form")]
    assert [(p.id, p.after) for p in s.new_pain_points] == [("pp-2", 3)]
    assert [(i.id, i.before, i.after) for i in s.ideas] == [("idea-1", "proposed", "approved")]
    assert [(m.before, m.after, m.trend) for m in s.metrics] == [(70, 80, "toward")]
    assert [(c.id, c.before, c.after) for c in s.conversions] == [("tp-2", 0.5, 0.75)]
    # the new snapshot is a change of the measurements list, like any item
    added = Workshop.from_dict(new).measurements[1].model_dump(mode="json")
    assert ("measurements", "ms-2", "added", None, None, added) in rows(diff)
    text = diff_text(diff)
    assert said("versions.average", change="4 → 4.5 (+0.5)") in text
    assert "Finds the form: 3 → 4 (+1)" in text
    assert said("versions.resolved_by.idea", title="Form is long", idea="Shorter form") in text
    assert f"Keys are late {said('versions.severity', value=3)}" in text
    assert f"Shorter form: {said('status.proposed')} → {said('status.approved')}" in text
    toward = said("versions.target", target=90, trend=said("versions.trend.toward"))
    assert f"Completion: 70 → 80 {toward}" in text
    assert "Finds the form: 0.5 → 0.75" not in text and "Gets the keys: 0.5 → 0.75" in text
    payload = diff.to_json()
    json.dumps(payload)
    assert payload["changes"][0].keys() == {
        "list", "id", "title", "change", "field", "before", "after"
    }  # fmt: skip


def test_changed_fields_are_named_as_the_tables_name_them() -> None:
    old = small_document()
    old["measurements"] = [
        {"id": "ms-1", "period_start": "2026-11-01T00:00:00", "period_end": "2026-11-30T00:00:00",
         "steps": [{"touchpoint": "tp-2", "step_conversion_rate": 0.5}]},
    ]  # fmt: skip
    new = copy.deepcopy(old)
    item(new, "personas", "pe-a")["feelings"] = [{"text": "Relief", "valence": "positive"}]
    new["measurements"][0]["steps"][0]["step_conversion_rate"] = 0.6
    new["scope"] = {"journey": "part", "part": "Moving day"}
    found = {(r[0], r[3]) for r in rows(diff_documents(old, new))}
    assert found == {
        ("personas", "feelings"), ("measurements", "steps"),
        ("workshop", "scope.journey"), ("workshop", "scope.part"),
    }  # fmt: skip
    for name, field in found - {("workshop", "scope.journey"), ("workshop", "scope.part")}:
        assert field in item_fields(name)
    assert {"scope.journey", "scope.part"} <= set(workshop_fields())


def test_the_current_snapshot_is_the_newest_in_time_not_in_text() -> None:
    """1:00 at +02:00 on 1 December is 23:00 UTC on 30 November: before 23:30 UTC."""
    old = small_document()
    old["measurements"] = [
        {"id": "ms-1", "period_start": "2026-11-01T00:00:00+00:00",
         "period_end": "2026-11-30T23:30:00+00:00",
         "steps": [{"touchpoint": "tp-2", "step_conversion_rate": 0.5}]},
    ]  # fmt: skip
    new = copy.deepcopy(old)
    new["measurements"].append(
        {"id": "ms-2", "period_start": "2026-11-01T00:00:00+02:00",
         "period_end": "2026-12-01T01:00:00+02:00",
         "steps": [{"touchpoint": "tp-2", "step_conversion_rate": 0.9}]},
    )  # fmt: skip
    assert diff_documents(old, new).summary.conversions == []
    new["measurements"][1]["period_end"] = "2026-12-01T02:00:00+02:00"  # 00:00 UTC
    conversions = diff_documents(old, new).summary.conversions
    assert [(c.id, c.before, c.after) for c in conversions] == [("tp-2", 0.5, 0.9)]


def test_launched_idea_resolves_its_pain_point() -> None:
    old = small_document()
    new = copy.deepcopy(old)
    item(new, "ideas", "idea-1")["launched_on"] = "2026-11-02"
    Workshop.from_dict(new)
    resolved = diff_documents(old, new).summary.resolved
    assert [(r.id, r.how, r.idea) for r in resolved] == [("pp-1", "idea", "Shorter form")]


def test_removed_pain_point_counts_as_resolved_and_metric_moving_away() -> None:
    old = small_document()
    new = copy.deepcopy(old)
    new["pain_points"] = []
    new["ideas"][0]["pain_points"] = []
    item(new, "metrics", "me-1")["actual"] = 60
    s = diff_documents(old, new).summary
    assert [(r.id, r.how) for r in s.resolved] == [("pp-1", "removed")]
    assert [m.trend for m in s.metrics] == ["away"]


def test_persona_narrows_the_diff_to_that_journey() -> None:
    old = small_document()
    old["personas"].append({"id": "pe-b", "name": "Bo"})
    old["touchpoints"].append(
        {"id": "tp-b", "persona": "pe-b", "stage": "st-1", "channel": "ch-web", "title": "Calls"}
    )
    new = copy.deepcopy(old)
    item(new, "touchpoints", "tp-b")["emotion"] = 2
    item(new, "touchpoints", "tp-1")["emotion"] = 1
    anna = {(r[1], r[3]) for r in rows(diff_documents(old, new, "Anna"))}
    assert ("tp-1", "emotion") in anna and ("tp-b", "emotion") not in anna
    bo = diff_documents(old, new, "pe-b")
    assert [e.id for e in bo.summary.emotions] == ["tp-b"]
    assert diff_text(bo).splitlines()[1] == said("versions.persona", value="Bo")
    with pytest.raises(CjmError) as caught:
        diff_documents(old, new, "Cecilia")
    (message,) = caught.value.args
    assert (message.key, message.params["value"]) == ("persona.unknown", "Cecilia")
    assert "pe-a (Anna)" in message.params["choices"]


def test_different_workshops_are_named_as_such() -> None:
    old = small_document()
    other = {"title": "Something else", "stages": [{"id": "st-x", "name": "X"}]}
    with pytest.raises(DifferentWorkshopsError) as caught:
        diff_documents(old, other)
    assert keys(caught.value) == ["versions.different_workshops"]


def test_same_files_give_no_changes_and_stable_text() -> None:
    doc = small_document()
    diff = diff_documents(doc, copy.deepcopy(doc))
    assert diff.empty
    assert diff_text(diff).splitlines()[-1] == said("versions.no_changes")
    assert workshop_text(doc) == workshop_text(copy.deepcopy(doc))


def test_diff_speaks_the_workshops_language() -> None:
    old = {**small_document(), "language": "fi"}
    new = copy.deepcopy(old)
    item(new, "touchpoints", "tp-1")["emotion"] = 4
    text = diff_text(diff_documents(old, new))
    assert said("versions.list.touchpoints", "fi") in text
    assert said("versions.emotions", "fi", count=1) in text


# -- merge ---------------------------------------------------------------------------------


def test_non_overlapping_edits_all_merge_and_validate() -> None:
    base = {**small_document(), "revision": 4}
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    item(ours, "touchpoints", "tp-1")["emotion"] = 1
    ours["revision"] = 5
    theirs["pain_points"].append({"id": "pp-2", "touchpoints": ["tp-2"], "text": "Keys late"})
    item(theirs, "stages", "st-2")["name"] = "Moving day"
    item(theirs, "touchpoints", "tp-1")["thought"] = "Why so long?"
    theirs["revision"] = 7
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    merged = Workshop.from_dict(result.document)
    assert merged.by_id("touchpoints")["tp-1"].emotion == 1
    assert merged.by_id("touchpoints")["tp-1"].thought == "Why so long?"
    assert merged.by_id("stages")["st-2"].name == "Moving day"
    assert [p.id for p in merged.pain_points] == ["pp-1", "pp-2"]
    assert merged.revision == 8
    assert merged.conflicts == []


def test_lists_of_text_merge_what_each_side_added_and_removed() -> None:
    base = small_document()
    base["personas"][0]["goals"] = ["Move fast", "Keep the number"]
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    ours["personas"][0]["goals"] = ["Move fast", "Keep the number", "Pay once"]
    theirs["personas"][0]["goals"] = ["Save money", "Move fast"]  # added one, removed one
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    assert result.document["personas"][0]["goals"] == ["Save money", "Move fast", "Pay once"]


def test_journey_order_merges_with_additions_on_the_other_side() -> None:
    base = small_document()
    base["touchpoints"].append(
        {"id": "tp-3", "stage": "st-2", "channel": "ch-web", "title": "Unpacks"}
    )
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    ours["touchpoints"] = [ours["touchpoints"][i] for i in (2, 0, 1)]  # ours moved tp-3 first
    theirs["touchpoints"].insert(
        2, {"id": "tp-new", "stage": "st-2", "channel": "ch-web", "title": "Signs"}
    )  # theirs added one after tp-2
    merged = merge_documents(base, ours, theirs).document
    assert [tp["id"] for tp in merged["touchpoints"]] == ["tp-3", "tp-1", "tp-2", "tp-new"]
    # and the other way round: their move wins when ours kept the order
    merged = merge_documents(base, theirs, ours).document
    assert [tp["id"] for tp in merged["touchpoints"]] == ["tp-3", "tp-1", "tp-2", "tp-new"]


def test_conflicting_edits_keep_ours_record_the_conflict_and_still_load() -> None:
    base, ours, theirs = emotions_apart()
    ours["title"] = "Moving home"
    theirs["title"] = "Moving flat"
    theirs["metrics"] = []  # theirs removed a metric ours changed
    item(ours, "metrics", "me-1")["actual"] = 75
    result = merge_documents(base, ours, theirs)
    merged = Workshop.from_dict(result.document)
    assert merged.title == "Moving home"
    assert merged.by_id("touchpoints")["tp-1"].emotion == 1
    assert merged.by_id("metrics")["me-1"].actual == 75
    kinds = [(c.kind, c.list_name, c.id, c.field, c.ours, c.theirs) for c in merged.conflicts]
    assert kinds == [
        ("both", "", "", "title", "Moving home", "Moving flat"),
        ("both", "touchpoints", "tp-1", "emotion", 1, 5),
        ("theirs_removed", "metrics", "me-1", "", item(ours, "metrics", "me-1"), None),
    ]
    assert merged.conflicts[1].title == "Finds the form"


def test_settling_conflicts_takes_a_side_and_clears_them() -> None:
    base, ours, theirs = emotions_apart()
    ours["touchpoints"] = [tp for tp in ours["touchpoints"] if tp["id"] != "tp-2"]
    item(theirs, "touchpoints", "tp-2")["title"] = "Gets the keys at last"
    ws = Workshop.from_dict(merge_documents(base, ours, theirs).document)
    assert [c.kind for c in ws.conflicts] == ["both", "ours_removed"]
    resolve(ws, 0, "theirs")
    assert ws.by_id("touchpoints")["tp-1"].emotion == 5
    resolve(ws, 0, "theirs")  # their changed touchpoint comes back
    assert ws.by_id("touchpoints")["tp-2"].title == "Gets the keys at last"
    assert ws.conflicts == [] and "conflicts" not in ws.to_dict()
    with pytest.raises(CjmError) as caught:
        resolve(ws, 0, "ours")
    assert str(caught.value) == said("versions.no_such_conflict", value=1, count=0)


def test_taking_their_removal_takes_what_belongs_to_it() -> None:
    base = small_document()
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    item(ours, "touchpoints", "tp-1")["emotion"] = 2
    theirs["touchpoints"] = [tp for tp in theirs["touchpoints"] if tp["id"] != "tp-1"]
    theirs["pain_points"], theirs["metrics"] = [], []
    theirs["ideas"][0]["pain_points"] = []
    ws = Workshop.from_dict(merge_documents(base, ours, theirs).document)
    assert [(c.kind, c.id) for c in ws.conflicts] == [("theirs_removed", "tp-1")]
    resolve(ws, 0, "theirs")
    assert [tp.id for tp in ws.touchpoints] == ["tp-2"] and ws.pain_points == []


def test_a_side_that_no_longer_fits_is_refused_and_nothing_changes() -> None:
    base = small_document()
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    item(ours, "touchpoints", "tp-1")["stage"] = "st-2"
    item(theirs, "touchpoints", "tp-1")["stage"] = "st-3"
    theirs["stages"].append({"id": "st-3", "name": "Settle"})
    ours["stages"] = ours["stages"]  # ours keeps two stages
    result = merge_documents(base, ours, theirs)
    ws = Workshop.from_dict(result.document)  # st-3 came in from theirs, so this fits
    ws.stages.pop()  # until someone removes the stage
    ws.__dict__["stages"] = ws.stages
    with pytest.raises(WorkshopError, match="st-3"):
        resolve(ws, 0, "theirs")
    assert ws.by_id("touchpoints")["tp-1"].stage == "st-2" and len(ws.conflicts) == 1


def test_merge_files_writes_ours_only_when_the_result_is_valid(tmp_path: Path) -> None:
    base = small_document()
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    ours["touchpoints"] = [tp for tp in ours["touchpoints"] if tp["id"] != "tp-2"]
    theirs["pain_points"].append({"id": "pp-2", "touchpoints": ["tp-2"], "text": "Keys late"})
    paths = [write(tmp_path / f"{name}.cjm.json", doc) for name, doc in
             (("base", base), ("ours", ours), ("theirs", theirs))]  # fmt: skip
    before = paths[1].read_bytes()
    with pytest.raises(CjmError) as caught:
        merge_files(*paths)
    (message,) = caught.value.args
    assert message.key == "versions.merge.result_invalid"
    problems = message.params["error"].problems
    assert [(p.key, p.params["value"]) for p in problems] == [("error.reference", "tp-2")]
    assert problems[0].path.startswith("pain_points")
    assert paths[1].read_bytes() == before
    empty = tmp_path / "empty"
    empty.write_bytes(b"")  # a file both sides added has no common ancestor
    outcome = merge_files(empty, paths[1], paths[1])
    assert outcome.conflicts == [] and Workshop.load(paths[1]).revision == 2


# -- the app's conflict panel ----------------------------------------------------------------


def test_app_shows_conflicts_and_a_click_settles_one(
    comms: Any, tmp_path: Path, timers: Timers
) -> None:
    from cjm_widgets.widgets import WorkshopApp

    base, ours, theirs = emotions_apart()
    ours["title"], theirs["title"] = "Ours", "Theirs"
    path = Workshop.from_dict(merge_documents(base, ours, theirs).document).save(
        tmp_path / "merged.cjm.json"
    )
    app = WorkshopApp(path, schedule=timers, watch=None)
    panel = app.conflicts
    assert panel.layout.display is None
    assert html.escape(said("versions.app.heading", count=2)) in panel.heading.value
    line, keep, take = panel.rows[1].children
    emotions = conflict("touchpoints", "Finds the form [tp-1]", field="emotion", ours=1, theirs=5)
    assert html.escape(emotions) in line.value
    buttons = (said("versions.app.keep_ours"), said("versions.app.take_theirs"))
    assert (keep.description, take.description) == buttons
    take.click()
    assert app.workshop.by_id("touchpoints")["tp-1"].emotion == 5
    assert len(panel.rows) == 1
    panel.rows[0].children[1].click()  # keep our title
    assert panel.layout.display == "none"
    timers.run()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert "conflicts" not in saved and saved["title"] == "Ours"
    assert item(saved, "touchpoints", "tp-1")["emotion"] == 5


def test_app_says_why_their_side_no_longer_fits(comms: Any, tmp_path: Path, timers: Timers) -> None:
    from cjm_widgets.widgets import WorkshopApp

    base = small_document()
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    ours["touchpoints"] = [tp for tp in ours["touchpoints"] if tp["id"] != "tp-2"]
    ours["stages"] = [st for st in ours["stages"] if st["id"] != "st-2"]
    item(theirs, "touchpoints", "tp-2")["title"] = "Gets the keys at last"
    path = write(tmp_path / "merged.cjm.json", merge_documents(base, ours, theirs).document)
    app = WorkshopApp(path, schedule=timers, watch=None)
    line, keep, take = app.conflicts.rows[0].children
    removed = conflict("touchpoints", "Gets the keys at last [tp-2]", "ours_removed")
    assert html.escape(removed) in line.value
    take.click()
    refusal = said("error.reference", value="st-2", target="stages")
    assert html.escape(f"touchpoints[1].stage: {refusal}") in app.conflicts.message.value
    assert len(app.workshop.conflicts) == 1 and "tp-2" not in app.workshop.by_id("touchpoints")
    keep.click()
    assert app.conflicts.layout.display == "none" and app.conflicts.message.value == ""


# -- cjm diff and cjm conflicts ----------------------------------------------------------------


def write(path: Path, doc: dict[str, Any]) -> Path:
    Workshop.from_dict(doc).save(path)
    return path


def test_cjm_diff_text_json_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_doc = small_document()
    new_doc = copy.deepcopy(old_doc)
    item(new_doc, "touchpoints", "tp-1")["emotion"] = 2
    item(new_doc, "touchpoints", "tp-1")["title"] = "Finds the <b>form</b>"
    old, new = write(tmp_path / "a.cjm.json", old_doc), write(tmp_path / "b.cjm.json", new_doc)
    assert main(["diff", str(old), str(new)]) == 0
    text = capsys.readouterr().out
    assert "~ Finds the <b>form</b> [tp-1]" in text and "emotion: 3 → 2" in text
    assert main(["diff", str(old), str(new), "--to", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"list": "touchpoints", "id": "tp-1", "title": "Finds the <b>form</b>",
            "change": "changed", "field": "emotion", "before": 3, "after": 2} in payload["changes"]  # fmt: skip
    out = tmp_path / "diff.html"
    assert main(["diff", str(old), str(new), "--to", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Finds the &lt;b&gt;form&lt;/b&gt;" in page
    assert "<script" not in page and "http" not in page.split("</style>")[1]
    assert main(["diff", str(old), str(new), "--to", "html", "-o", str(out)]) == 1
    assert said("cli.output_exists", count=1, paths=out) in capsys.readouterr().err


def test_cjm_diff_of_different_workshops_and_broken_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "a.cjm.json", small_document())
    other = write(
        tmp_path / "b.cjm.json", {"title": "Other", "stages": [{"id": "st-z", "name": "Z"}]}
    )
    assert main(["diff", str(old), str(other)]) == 1
    err = capsys.readouterr().err
    apart = said("versions.different_workshops", old="Moving house", new="Other")
    assert err.strip() == f"cjm diff: {apart}"
    broken = tmp_path / "c.cjm.json"
    broken.write_text('{"schema_version": 2, "title": ""}', encoding="utf-8")
    assert main(["diff", str(old), str(broken)]) == 1
    assert "title" in capsys.readouterr().err


def test_textconv_shows_a_file_that_is_no_workshop_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "w.cjm.json", small_document())
    assert main(["git", "textconv", str(path)]) == 0
    shown = capsys.readouterr().out
    heading = said("versions.file_heading", title="Moving house", revision=1)
    assert shown.startswith(f"{heading}\n\n{said('versions.list.workshop')}\n")
    assert '  [tp-1] Finds the form\n      persona: "pe-a"\n' in shown
    half_merged = tmp_path / "half.cjm.json"
    half_merged.write_text("<<<<<<< ours\n{}\n", encoding="utf-8")
    assert main(["git", "textconv", str(half_merged)]) == 0
    assert capsys.readouterr().out == "<<<<<<< ours\n{}\n"


def test_cjm_conflicts_lists_and_settles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = emotions_apart()
    item(ours, "stages", "st-1")["name"] = "Ours"
    item(theirs, "stages", "st-1")["name"] = "Theirs"
    path = write(tmp_path / "w.cjm.json", merge_documents(base, ours, theirs).document)
    assert main(["conflicts", str(path)]) == 0
    out = capsys.readouterr().out
    assert said("versions.open_conflicts", count=2) in out
    names = conflict("stages", "Ours [st-1]", field="name", ours='"Ours"', theirs='"Theirs"')
    assert f"1. {names}" in out
    emotions = conflict("touchpoints", "Finds the form [tp-1]", field="emotion", ours=1, theirs=5)
    assert f"2. {emotions}" in out
    assert main(["conflicts", str(path), "--take", "theirs", "--only", "2"]) == 0
    theirs = said("versions.side.theirs")
    settled = said("versions.resolved_count", count=1, side=theirs, revision=3)
    assert settled in capsys.readouterr().out
    ws = Workshop.load(path)
    assert ws.by_id("touchpoints")["tp-1"].emotion == 5 and len(ws.conflicts) == 1
    assert main(["conflicts", str(path), "--take", "ours"]) == 0
    assert Workshop.load(path).conflicts == []
    assert main(["conflicts", str(path)]) == 0
    assert said("versions.no_conflicts", path=path) in capsys.readouterr().out
