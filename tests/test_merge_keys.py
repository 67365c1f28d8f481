"""Every top-level list merges by the key that tells its items apart: ratings by participant,
target and field, snapshots and entities by id, open conflicts and dates by the whole item.
A merge never loses an item one side added; a list it cannot match item by item is refused;
both sides reordering a list is a conflict; and ``cjm diff`` names who rated what."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.frames.schema import top_level_lists
from cjm_widgets.versions import diff_documents, merge_documents, resolve
from cjm_widgets.versions.text import diff_text
from tests.conftest import small_document
from tests.messages import said, saying
from tests.strategies import Ids, full_workshops

MERGES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rating(participant: str, target: str, field: str, value: int, day: int = 1) -> dict[str, Any]:
    return {"participant": participant, "target": target, "field": field, "value": value,
            "at": f"2025-03-{day:02d}T10:00:00Z"}  # fmt: skip


def item(doc: dict[str, Any], name: str, item_id: str) -> dict[str, Any]:
    return next(i for i in doc[name] if i["id"] == item_id)


def plain(document: dict[str, Any]) -> dict[str, Any]:
    """A document as its file holds it (validated, JSON-ready)."""
    return Workshop.from_dict(document).to_dict()


def three(base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = plain(base)
    return base, copy.deepcopy(base), copy.deepcopy(base)


def room_document() -> dict[str, Any]:
    """The small workshop with two participants of a room."""
    doc = small_document()
    doc["participants"] = [{"id": "pa-anna", "name": "Anna"}, {"id": "pa-ben", "name": "Ben"}]
    return doc


# -- ratings -------------------------------------------------------------------------------


def test_ratings_one_side_added_survive_an_emotion_changed_on_the_other() -> None:
    base, ours, theirs = three(room_document())
    ours["ratings"] = [rating("pa-anna", "tp-1", "emotion", 2), rating("pa-ben", "idea-1",
                                                                        "impact", 4)]  # fmt: skip
    item(theirs, "touchpoints", "tp-2")["emotion"] = 1
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    merged = Workshop.from_dict(result.document)
    assert merged.model_dump(mode="json")["ratings"] == ours["ratings"]
    assert merged.by_id("touchpoints")["tp-2"].emotion == 1


def test_ratings_both_sides_added_are_all_kept() -> None:
    base, ours, theirs = three({**room_document(), "ratings": [rating("pa-anna", "tp-2",
                                                                      "emotion", 5)]})  # fmt: skip
    ours["ratings"].append(rating("pa-anna", "tp-1", "emotion", 2))
    theirs["ratings"].append(rating("pa-ben", "tp-1", "emotion", 4))
    theirs["ratings"].append(rating("pa-ben", "idea-1", "vote", 3))
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    rows = [(r["participant"], r["target"], r["field"], r["value"])
            for r in result.document["ratings"]]  # fmt: skip
    assert rows == [("pa-anna", "tp-2", "emotion", 5), ("pa-ben", "tp-1", "emotion", 4),
                    ("pa-ben", "idea-1", "vote", 3), ("pa-anna", "tp-1", "emotion", 2)]  # fmt: skip


def test_ratings_removed_on_one_side_go_and_changed_ones_are_taken() -> None:
    base, ours, theirs = three({**room_document(), "ratings": [
        rating("pa-anna", "tp-1", "emotion", 2), rating("pa-ben", "tp-1", "emotion", 4),
    ]})  # fmt: skip
    ours["ratings"] = ours["ratings"][1:]  # a vote taken back, say
    theirs["ratings"][1] = rating("pa-ben", "tp-1", "emotion", 1, day=2)  # Ben's last word
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    assert result.document["ratings"] == [rating("pa-ben", "tp-1", "emotion", 1, day=2)]


def test_a_rating_given_twice_is_matched_by_its_content_so_nothing_added_is_lost() -> None:
    """Anna rated tp-1's emotion twice (a hand-edited file, say). Ours drops the first;
    theirs puts a third rating of the same thing in front. Counted by position, their new
    rating would meet our kept one and be lost; matched by content, it stays."""
    first, second = rating("pa-anna", "tp-1", "emotion", 2), rating("pa-anna", "tp-1",
                                                                    "emotion", 3, day=2)  # fmt: skip
    newest = rating("pa-anna", "tp-1", "emotion", 5, day=3)
    base, ours, theirs = three({**room_document(), "ratings": [first, second]})
    ours["ratings"] = [second]
    theirs["ratings"] = [newest, first, second]
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    assert result.document["ratings"] == [newest, second]


def test_the_same_rating_given_differently_is_a_conflict_naming_who_rated_what() -> None:
    base, ours, theirs = three(room_document())
    ours["ratings"] = [rating("pa-anna", "tp-1", "emotion", 2, day=1)]
    theirs["ratings"] = [rating("pa-anna", "tp-1", "emotion", 4, day=2)]
    ws = Workshop.from_dict(merge_documents(base, ours, theirs).document)
    assert [(c.kind, c.list_name, c.id, c.title, c.field) for c in ws.conflicts] == [
        ("both", "ratings", "pa-anna/tp-1/emotion", "Anna rated Finds the form (emotion)", "")
    ]
    assert [r.value for r in ws.ratings] == [2]  # ours stays until someone decides
    from cjm_widgets.versions.text import conflict_line

    line = conflict_line(1, ws.conflicts[0], "en")
    assert line == (
        "1. Ratings: Anna rated Finds the form (emotion) [pa-anna/tp-1/emotion]: "
        'ours value 2, at "2025-03-01T10:00:00Z"; theirs value 4, at "2025-03-02T10:00:00Z"'
    )
    resolve(ws, 0, "theirs")
    assert [(r.participant, r.value) for r in ws.ratings] == [("pa-anna", 4)]
    assert ws.conflicts == []


def test_taking_their_removal_of_a_rating_removes_it() -> None:
    base, ours, theirs = three({**room_document(), "ratings": [
        rating("pa-anna", "tp-1", "emotion", 2), rating("pa-ben", "tp-1", "emotion", 4),
    ]})  # fmt: skip
    ours["ratings"][0]["value"] = 3
    theirs["ratings"] = theirs["ratings"][1:]
    ws = Workshop.from_dict(merge_documents(base, ours, theirs).document)
    assert [(c.kind, c.id) for c in ws.conflicts] == [("theirs_removed", "pa-anna/tp-1/emotion")]
    resolve(ws, 0, "theirs")
    assert [r.participant for r in ws.ratings] == ["pa-ben"]


# -- the other lists ----------------------------------------------------------------------------


def test_a_conflict_settled_on_one_side_stays_settled() -> None:
    base, ours, theirs = three(small_document())
    base["conflicts"] = [{"kind": "both", "list_name": "touchpoints", "id": "tp-1",
                          "title": "Finds the form", "field": "emotion", "base": 3, "ours": 1,
                          "theirs": 5}]  # fmt: skip
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["conflicts"] = []  # we settled it
    item(theirs, "stages", "st-2")["name"] = "Moving day"
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == [] and "conflicts" not in result.document


def test_snapshots_and_dates_both_sides_added_are_all_kept() -> None:
    base, ours, theirs = three({**small_document(), "dates": ["2025-03-01"]})
    snapshot = {"period_start": "2025-01-01T00:00:00Z", "period_end": "2025-02-01T00:00:00Z"}
    ours["measurements"] = [{"id": "m-jan", **snapshot}]
    theirs["measurements"] = [{"id": "m-feb", **snapshot, "source": "events.csv"}]
    ours["dates"] = ["2025-03-01", "2025-03-15"]
    theirs["dates"] = ["2025-02-20", "2025-03-01"]
    merged = Workshop.from_dict(merge_documents(base, ours, theirs).document)
    assert [m.id for m in merged.measurements] == ["m-feb", "m-jan"]
    assert [d.isoformat() for d in merged.dates] == ["2025-02-20", "2025-03-01", "2025-03-15"]


def test_a_list_without_a_key_both_sides_changed_is_refused() -> None:
    from cjm_widgets.versions.merge import UnmergeableListError

    base = {**small_document(), "notes": [{"text": "Call the bank"}]}
    ours = {**copy.deepcopy(base), "notes": [{"text": "Call the bank"}, {"text": "Ask Ben"}]}
    theirs = {**copy.deepcopy(base), "notes": [{"text": "Write to the bank"}]}
    with pytest.raises(UnmergeableListError, match="'notes'") as raised:
        merge_documents(base, ours, theirs)
    assert raised.value.list_name == "notes"
    # one side alone changed it: that side's list, whole
    assert merge_documents(base, ours, base).document["notes"] == ours["notes"]
    assert merge_documents(base, base, theirs).document["notes"] == theirs["notes"]


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def test_merge_driver_refuses_a_list_it_cannot_match_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cjm_widgets.versions import keys

    monkeypatch.delitem(keys.NATURAL_KEYS, "ratings")  # as a list added later without a key
    base, ours, theirs = three(room_document())
    ours["ratings"] = [rating("pa-anna", "tp-1", "emotion", 2)]
    theirs["ratings"] = [rating("pa-ben", "tp-1", "emotion", 4)]
    paths = [write(tmp_path / f"{name}.cjm.json", doc) for name, doc in
             (("base", base), ("ours", ours), ("theirs", theirs))]  # fmt: skip
    before = paths[1].read_bytes()
    assert main(["merge-driver", *map(str, paths), "journey.cjm.json"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    unmergeable = said("versions.merge.unmergeable", name="ratings")
    assert re.search(saying("versions.merge.refused", reason=unmergeable), err)
    assert paths[1].read_bytes() == before


# -- order ---------------------------------------------------------------------------------


def test_both_sides_reordering_stages_differently_is_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small_document()
    doc["stages"].append({"id": "st-3", "name": "Settle"})
    base, ours, theirs = three(doc)
    ours["stages"] = [ours["stages"][i] for i in (1, 0, 2)]  # Move, Plan, Settle
    theirs["stages"] = [theirs["stages"][i] for i in (0, 2, 1)]  # Plan, Settle, Move
    result = merge_documents(base, ours, theirs)
    ws = Workshop.from_dict(result.document)
    assert [s.id for s in ws.stages] == ["st-2", "st-1", "st-3"]  # ours, until decided
    assert [(c.kind, c.list_name, c.id, c.field, c.ours, c.theirs) for c in ws.conflicts] == [
        ("both", "stages", "", "order", ["st-2", "st-1", "st-3"], ["st-1", "st-3", "st-2"])
    ]
    resolve(ws, 0, "theirs")
    assert [s.id for s in ws.stages] == ["st-1", "st-3", "st-2"] and ws.conflicts == []
    # the same move on both sides, or a move on one side only, is no conflict
    assert merge_documents(base, ours, copy.deepcopy(ours)).conflicts == []
    assert merge_documents(base, base, theirs).conflicts == []
    paths = [write(tmp_path / f"{name}.cjm.json", doc) for name, doc in
             (("base", base), ("ours", ours), ("theirs", theirs))]  # fmt: skip
    assert main(["merge-driver", *map(str, paths), "journey.cjm.json"]) == 1
    err = capsys.readouterr().err
    order = said(
        "versions.conflict.order",
        item=said("versions.list.stages"),
        ours='["st-2", "st-1", "st-3"]',
        theirs='["st-1", "st-3", "st-2"]',
    )
    assert f"1. {order}" in err


# -- diff ----------------------------------------------------------------------------------


def test_diff_reports_ratings_by_who_rated_what() -> None:
    old = {**room_document(), "ratings": [rating("pa-anna", "tp-1", "emotion", 2),
                                          rating("pa-ben", "idea-1", "vote", 2)]}  # fmt: skip
    new = copy.deepcopy(old)
    new["ratings"][0] = rating("pa-anna", "tp-1", "emotion", 4, day=2)
    new["ratings"][1:] = [rating("pa-ben", "idea-1", "effort", 3)]
    diff = diff_documents(old, new)
    assert [(c.list, c.id, c.title, c.change, c.field, c.before, c.after)
            for c in diff.changes if c.change == "changed"] == [
        ("ratings", "pa-anna/tp-1/emotion", "Anna rated Finds the form (emotion)", "changed",
         "value", 2, 4),
        ("ratings", "pa-anna/tp-1/emotion", "Anna rated Finds the form (emotion)", "changed",
         "at", "2025-03-01T10:00:00Z", "2025-03-02T10:00:00Z"),
    ]  # fmt: skip
    text = diff_text(diff)
    assert "  Ratings\n" in text
    assert "    ~ Anna rated Finds the form (emotion) [pa-anna/tp-1/emotion]\n" in text
    assert "        value: 2 \u2192 4\n" in text
    assert "    + Ben rated Shorter form (effort) [pa-ben/idea-1/effort]\n" in text
    assert "    - Ben rated Shorter form (vote) [pa-ben/idea-1/vote]\n" in text
    fi = diff_text(diff_documents({**old, "language": "fi"}, {**new, "language": "fi"}))
    assert "Arviot" in fi and "Anna arvioi: Finds the form (emotion)" in fi


def test_diff_for_one_persona_keeps_the_ratings_of_its_journey() -> None:
    old = room_document()
    old["personas"].append({"id": "pe-b", "name": "Bo"})
    old["touchpoints"][1]["persona"] = "pe-b"
    new = copy.deepcopy(old)
    new["ratings"] = [rating("pa-anna", "tp-1", "emotion", 2),
                      rating("pa-anna", "tp-2", "emotion", 4)]  # fmt: skip
    ids = [c.id for c in diff_documents(old, new, "pe-a").changes if c.list == "ratings"]
    assert ids == ["pa-anna/tp-1/emotion"]


# -- properties over every list of the model ------------------------------------------------------


def _edited(item: Any, fresh: list[Any], index: int) -> Any:
    """Another version of ``item``: a generated item of the same list, keeping its id."""
    other = copy.deepcopy(fresh[index % len(fresh)])
    if isinstance(item, dict) and isinstance(other, dict) and "id" in item:
        other["id"] = item["id"]
    return other


def _new(item: Any, tag: str, known: set[str]) -> Any:
    """``item`` as a new item only this side has: its id, or the ids it is named by, renamed."""
    if not isinstance(item, dict):
        return item
    if "id" in item:
        return {**item, "id": f"{item['id']}-{tag}"}
    return {k: f"{v}-{tag}" if isinstance(v, str) and v in known else v for k, v in item.items()}


def _side(
    draw: st.DrawFn, items: list[Any], fresh: list[Any], tag: str, known: set[str]
) -> tuple[list[Any], set[int], list[Any]]:
    """A side's version of one list: base items kept, edited or removed, new ones added, maybe
    in another order; with the base places it left unchanged and the items it added."""
    kept: set[int] = set()
    version = []
    for index, entry in enumerate(items):
        fate = draw(st.sampled_from(["keep", "keep", "edit", "remove"]))
        if fate == "keep":
            kept.add(index)
            version.append(entry)
        elif fate == "edit":
            # theirs edits an item into another generated value than ours does
            version.append(_edited(entry, fresh, index + (tag == "t")))
    added = [_new(entry, tag, known) for entry in fresh] if draw(st.booleans()) else []
    version += added
    if draw(st.booleans()):
        version = list(draw(st.permutations(version)))
    return version, kept, added


@st.composite
def three_versions(draw: st.DrawFn) -> dict[str, Any]:
    """A base with every list of the model (some emptied), and two sides that each changed
    every list: ``added``/``kept`` say per side and list what it added and left alone."""
    ids = Ids(draw)
    known = {value for values in vars(ids).values() for value in values}
    base = plain(draw(full_workshops(ids)))
    for name in top_level_lists():
        if draw(st.integers(0, 3)) == 0:
            base[name] = []  # as before the first room, the first merge, the first snapshot
    found: dict[str, Any] = {"base": base, "added": {}, "kept": {}}
    fresh = plain(draw(full_workshops(ids)))  # the other values and new items both sides use
    for side, tag in (("ours", "o"), ("theirs", "t")):
        version = copy.deepcopy(base)
        for name in top_level_lists():
            version[name], kept, added = _side(draw, base[name], fresh[name], tag, known)
            found["added"][side, name] = added
            found["kept"][side, name] = kept
        found[side] = version
    return found


def _count(items: list[Any]) -> Counter[str]:
    return Counter(json.dumps(entry, sort_keys=True) for entry in items)


@MERGES
@given(three_versions())
def test_a_merge_never_loses_an_item_a_side_added_or_both_left_alone(
    versions: dict[str, Any],
) -> None:
    base = versions["base"]
    merged = merge_documents(base, versions["ours"], versions["theirs"]).document
    for name in top_level_lists():
        found = _count(merged.get(name) or [])
        for side in ("ours", "theirs"):
            # a side that dropped a base item and added its equal (a date, say) looks as if it
            # kept it: only what it has more of than the base can count as added
            more = _count(versions[side][name]) - _count(base[name])
            added = _count(versions["added"][side, name]) & more
            assert added <= found, f"{name}: {side} added {added - found}, the merge lost it"
        both = versions["kept"]["ours", name] & versions["kept"]["theirs", name]
        untouched = _count([base[name][index] for index in both])
        assert untouched <= found, f"{name}: no one touched {untouched - found}, yet it went"


@MERGES
@given(three_versions())
def test_a_merge_with_one_sides_changes_alone_gives_that_side(versions: dict[str, Any]) -> None:
    base = versions["base"]
    for side in ("ours", "theirs"):
        changed = versions[side]
        result = merge_documents(base, changed, base)
        assert result.conflicts == []
        for name in top_level_lists():
            assert (result.document.get(name) or []) == changed[name], name
        result = merge_documents(base, base, changed)
        for name in top_level_lists():
            assert (result.document.get(name) or []) == changed[name], name
