"""Saving never loses anyone's version: content checks, symlinks, backups, "keep mine"."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.errors import ConflictError, StoreError, WorkshopError
from cjm_widgets.limits import MAX_FILE_BYTES, MAX_LIST_ITEMS, MAX_NESTING
from cjm_widgets.store import backup_path
from cjm_widgets.widgets.session import WorkshopSession
from tests.conftest import small_document
from tests.messages import keys, said
from tests.test_csv_import import EXAMPLE


def _immediate(delay: float, callback: object) -> object:
    class Handle:
        def cancel(self) -> None:
            pass

    return Handle()


def test_a_hand_edit_that_keeps_the_revision_is_a_conflict(tmp_path: Path, small: Workshop) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = "Edited by hand in a text editor"  # revision left as it was
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    small.touchpoints[0].emotion = 1
    with pytest.raises(ConflictError) as caught:
        small.save()
    assert str(caught.value) == said("store.conflict_edited", path=path, ours=1)
    assert Workshop.load(path).title == "Edited by hand in a text editor"


def test_saving_through_a_symlink_saves_the_file_it_points_to(
    tmp_path: Path, small: Workshop
) -> None:
    real = small.save(tmp_path / "real.cjm.json")
    link = tmp_path / "link.cjm.json"
    link.symlink_to(real)
    ws = Workshop.load(link)
    ws.title = "Saved through the link"
    ws.save()
    assert link.is_symlink()
    assert Workshop.load(real).title == "Saved through the link"
    assert backup_path(real).exists()  # the backup sits beside the real file


def test_three_backup_generations_are_kept(tmp_path: Path, small: Workshop) -> None:
    path = tmp_path / "w.cjm.json"
    for title in ("First", "Second", "Third", "Fourth", "Fifth"):
        small.title = title
        small.save(path)
    titles = {
        name: Workshop.load(tmp_path / name).title
        for name in ("w.cjm.json", "w.cjm.json.bak", "w.cjm.json.bak.1", "w.cjm.json.bak.2")
    }
    assert titles == {
        "w.cjm.json": "Fifth",
        "w.cjm.json.bak": "Fourth",
        "w.cjm.json.bak.1": "Third",
        "w.cjm.json.bak.2": "Second",
    }
    assert not (tmp_path / "w.cjm.json.bak.3").exists()


def _conflict(tmp_path: Path, small: Workshop) -> tuple[Path, WorkshopSession]:
    """A session whose save met someone else's newer save of the same file."""
    path = small.save(tmp_path / "w.cjm.json")
    mine = WorkshopSession(Workshop.load(path), schedule=_immediate)
    theirs = Workshop.load(path)
    theirs.title = "Their title"
    theirs.save()
    mine.workshop.title = "My title"
    assert not mine.save()
    assert mine.state == "conflict"
    return path, mine


def test_keep_mine_keeps_their_version_in_a_named_file(tmp_path: Path, small: Workshop) -> None:
    path, mine = _conflict(tmp_path, small)
    assert mine.keep_mine()
    for number in range(4):  # later saves rotate every backup: their version must survive
        mine.workshop.vision.overall = f"edit {number}"
        assert mine.save()
    kept = tmp_path / "w.theirs-r2.cjm.json"
    assert Workshop.load(kept).title == "Their title"
    assert Workshop.load(path).title == "My title"
    backups = [tmp_path / f"w.cjm.json{suffix}" for suffix in (".bak", ".bak.1", ".bak.2")]
    assert "Their title" not in [Workshop.load(backup).title for backup in backups]


def test_keep_mine_status_names_the_file(tmp_path: Path, small: Workshop) -> None:
    _, mine = _conflict(tmp_path, small)
    assert mine.keep_mine()
    kept = tmp_path / "w.theirs-r2.cjm.json"
    assert mine.status == said("session.kept_mine", revision=3, theirs=kept)


def test_temp_files_of_a_killed_save_are_removed_by_the_next_save(
    tmp_path: Path, small: Workshop
) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    leftovers = [
        tmp_path / ".w.cjm.json.0a1b2c3d.tmp",
        tmp_path / ".w.cjm.json.bak.deadbeef.tmp",
        tmp_path / ".w.cjm.json.bak.1.01234567.tmp",
    ]
    other = tmp_path / ".other.cjm.json.0a1b2c3d.tmp"  # another workshop's: not ours to remove
    for leftover in [*leftovers, other]:
        leftover.write_bytes(b"{half a file")
    small.title = "Next save"
    small.save()
    assert [p for p in leftovers if p.exists()] == []
    assert other.exists()
    assert Workshop.load(path).title == "Next save"


def test_a_deeply_nested_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.cjm.json"
    path.write_text(
        '{"schema_version": 1, "title": "x", "extensions": {"a": ' + "[" * 1000 + "]" * 1000 + "}}"
    )
    with pytest.raises(StoreError) as caught:
        Workshop.load(path)
    assert str(caught.value) == said("store.too_deep", path=path, limit=MAX_NESTING)
    shallow_but_too_deep = tmp_path / "deep2.cjm.json"
    shallow_but_too_deep.write_text(
        '{"schema_version": 1, "title": "x", "extensions": {"a": ' + "[" * 40 + "]" * 40 + "}}"
    )
    with pytest.raises(StoreError) as caught:
        Workshop.load(shallow_but_too_deep)
    assert keys(caught.value) == ["store.too_deep"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.cjm.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no real disk used
    with pytest.raises(StoreError) as caught:
        Workshop.load(path)
    refusal = said("store.too_big", path=path, size=MAX_FILE_BYTES + 1, limit=MAX_FILE_BYTES)
    assert str(caught.value) == refusal  # said once, not inside "cannot read PATH: ..."


def test_a_list_over_the_limit_names_the_list_and_the_limit() -> None:
    document = small_document()
    document["personas"][0]["goals"] = ["goal"] * (MAX_LIST_ITEMS + 1)
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(document)
    (problem,) = caught.value.problems
    assert (problem.path, problem.key) == ("personas[0].goals", "error.too_many")
    limits = {"actual_length": MAX_LIST_ITEMS + 1, "max_length": MAX_LIST_ITEMS}
    assert limits.items() <= problem.params.items()
    assert str(caught.value).splitlines()[1] == f"  {problem}"


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x0b"])
def test_control_characters_are_refused_in_every_kind_of_text_field(character: str) -> None:
    for where, edit in [
        ("title", lambda d: d.__setitem__("title", f"A{character}B")),
        ("organisation", lambda d: d.__setitem__("organisation", f"A{character}")),
        ("touchpoints[0].thought", lambda d: d["touchpoints"][0].__setitem__("thought", character)),
        (
            "personas[0].goals[0]",
            lambda d: d["personas"][0].__setitem__("goals", [f"x{character}"]),
        ),
        ("metrics[0].unit", lambda d: d["metrics"][0].__setitem__("unit", character)),
    ]:
        document = small_document()
        edit(document)
        with pytest.raises(WorkshopError) as caught:
            Workshop.from_dict(document)
        code = f"U+{ord(character):04X}"
        found = [(problem.path, problem.key, problem.params) for problem in caught.value.problems]
        assert (where, "error.control_character", {"code": code}) in found


def test_control_characters_are_refused_on_assignment_and_in_extensions(small: Workshop) -> None:
    with pytest.raises(WorkshopError) as caught:
        small.touchpoints[0].action = "press \x1b[31m"
    (problem,) = caught.value.problems
    assert (problem.key, problem.params) == ("error.control_character", {"code": "U+001B"})
    assert small.touchpoints[0].action == ""
    document = small_document()
    document["extensions"] = {"plugin": {"note": "bell\x07"}}
    with pytest.raises(WorkshopError) as caught:
        Workshop.from_dict(document)
    (problem,) = caught.value.problems
    assert (problem.key, problem.params) == (
        "error.control_character_in",
        {"field": "extensions", "code": "U+0007"},
    )


def test_tabs_and_line_breaks_are_text_and_windows_line_endings_become_newlines() -> None:
    document = small_document()
    document["touchpoints"][0]["thought"] = "first\tline\r\nsecond\rthird"
    ws = Workshop.from_dict(document)
    assert ws.touchpoints[0].thought == "first\tline\nsecond\nthird"


def test_a_command_whose_save_fails_says_nothing_was_saved(
    tmp_path: Path,
    small: Workshop,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    before = path.read_bytes()

    def read_only(*args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    assert main(["import-csv", str(path), str(EXAMPLE)]) == 1
    err = capsys.readouterr().err
    refusal = said("store.cannot_write", path=path, reason="Read-only file system")
    assert err.strip() == f"cjm import-csv: {refusal}"
    assert path.read_bytes() == before


def test_the_store_keeps_the_file_state_not_the_model(tmp_path: Path, small: Workshop) -> None:
    from cjm_widgets import model
    from cjm_widgets.store import document_of, load_workshop

    path = small.save(tmp_path / "w.cjm.json")
    loaded = Workshop.load(path)
    document = document_of(loaded)
    assert document is not None
    assert (document.path, document.base_revision, loaded.path) == (path, 1, path)
    assert not any(
        "path" in name or "revision" in name for name in loaded.__pydantic_private__ or {}
    )
    assert document_of(loaded.model_copy()) is None  # a copy is a new, unsaved document
    plain = load_workshop(path)  # the model alone, without the doors
    assert type(plain) is model.Workshop and not hasattr(plain, "save")
    assert document_of(plain) == document
    imported = loaded.import_csv(EXAMPLE)
    assert isinstance(imported, Workshop) and imported.path == path  # an import saves over its file
    imported.save()
    assert Workshop.load(path).revision == 2
