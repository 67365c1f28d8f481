"""The workshop file: what is on disk after saves, conflicts, failures and old formats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjm_widgets import ConflictError, StoreError, Workshop, WorkshopError, migrations, model
from cjm_widgets.store import backup_path
from tests.conftest import small_document
from tests.messages import keys, said, saying


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_saved_file_is_readable_json_in_model_order(tmp_path: Path, sample: Workshop) -> None:
    path = sample.save(tmp_path / "w.cjm.json")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": 2,\n  "revision": 2,\n  "title": "E-invoice')
    assert "Elina Mäkelä" in text  # non-ASCII kept readable, not \u-escaped
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data)[:4] == ["schema_version", "revision", "title", "organisation"]
    assert list(data["touchpoints"][0])[:4] == ["id", "persona", "stage", "channel"]


def test_load_gives_back_what_was_saved(tmp_path: Path, sample: Workshop) -> None:
    path = sample.save(tmp_path / "w.cjm.json")
    loaded = Workshop.load(path)
    assert loaded.to_dict() == sample.to_dict()
    assert loaded.path == path


def test_every_save_bumps_the_revision_and_keeps_a_backup(tmp_path: Path, small: Workshop) -> None:
    path = tmp_path / "w.cjm.json"
    small.save(path)
    assert json.loads(path.read_text())["revision"] == 1
    assert not backup_path(path).exists()
    small.title = "Second title"
    small.save()
    small.title = "Third title"
    small.save()
    assert json.loads(path.read_text())["revision"] == 3
    assert small.revision == 3
    backup = json.loads(backup_path(path).read_text())
    assert (backup["revision"], backup["title"]) == (2, "Second title")
    assert leftovers(tmp_path) == []


def test_two_copies_saving_in_turn_the_second_gets_the_conflict(
    tmp_path: Path, small: Workshop
) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    mine, theirs = Workshop.load(path), Workshop.load(path)
    theirs.title = "Their title"
    theirs.save()
    mine.title = "My title"
    with pytest.raises(ConflictError) as caught:
        mine.save()
    assert str(caught.value) == said("store.conflict", path=path, theirs=2, ours=1)
    assert json.loads(path.read_text())["title"] == "Their title"
    assert mine.revision == 1 and mine.title == "My title"  # my edits are still here
    mine.save(force=True)
    on_disk = json.loads(path.read_text())
    assert (on_disk["title"], on_disk["revision"]) == ("My title", 3)
    assert json.loads(backup_path(path).read_text())["title"] == "Their title"


def test_two_processes_saving_in_turn(tmp_path: Path, small: Workshop) -> None:
    """Two kernels: the second writer, with a stale copy, is refused."""
    path = small.save(tmp_path / "w.cjm.json")
    script = (
        "import sys; from cjm_widgets import Workshop\n"
        "ws = Workshop.load(sys.argv[1]); ws.title = 'From the other kernel'; ws.save()\n"
    )
    stale = Workshop.load(path)
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    stale.title = "Stale"
    with pytest.raises(ConflictError):
        stale.save()
    assert Workshop.load(path).title == "From the other kernel"


def test_a_new_workshop_does_not_replace_an_existing_file(tmp_path: Path, small: Workshop) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    stranger = Workshop(title="Another workshop")
    with pytest.raises(ConflictError) as caught:
        stranger.save(path)
    assert str(caught.value) == said("store.conflict_new", path=path, theirs=1)
    assert Workshop.load(path).title == "Moving house"


def test_interrupted_save_leaves_the_old_file_intact(
    tmp_path: Path, small: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    before = path.read_bytes()
    real_replace = os.replace

    def failing_replace(source: str, target: str) -> None:
        if Path(target) == path:
            raise RuntimeError("power cut")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    small.title = "Half written"
    with pytest.raises(RuntimeError):
        small.save()
    assert path.read_bytes() == before
    assert Workshop.load(path).title == "Moving house"
    assert leftovers(tmp_path) == []
    assert small.revision == 1  # the failed save did not count


def test_killed_process_mid_write_leaves_the_old_file_loadable(
    tmp_path: Path, small: Workshop
) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    before = path.read_bytes()
    script = (
        "import os, signal, sys\n"
        "from cjm_widgets import Workshop\n"
        "ws = Workshop.load(sys.argv[1]); ws.title = 'Never lands'\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "ws.save()\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], check=False)
    assert result.returncode == -9
    assert path.read_bytes() == before
    assert Workshop.load(path).title == "Moving house"


def test_failed_write_is_a_clear_error_and_keeps_edits(
    tmp_path: Path, small: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small.save(tmp_path / "w.cjm.json")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    small.title = "Unsaved edit"
    with pytest.raises(StoreError) as caught:
        small.save()
    message = str(caught.value)
    assert message == said("store.cannot_write", path=path, reason="No space left on device")
    assert small.title == "Unsaved edit"
    monkeypatch.undo()
    small.save()
    assert Workshop.load(path).title == "Unsaved edit"


def test_saving_into_a_missing_folder_says_so(tmp_path: Path, small: Workshop) -> None:
    path = tmp_path / "nowhere" / "w.cjm.json"
    with pytest.raises(StoreError) as caught:
        small.save(path)
    assert str(caught.value) == said("store.no_folder", path=path, folder=path.parent)


def test_a_new_workshop_needs_a_path(small: Workshop) -> None:
    with pytest.raises(StoreError) as caught:
        small.save()
    assert keys(caught.value) == ["store.no_path"]


def test_an_invalid_document_is_never_written(tmp_path: Path, small: Workshop) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    before = path.read_bytes()
    small.touchpoints[0].__dict__["stage"] = "st-gone"  # bypasses assignment checks
    with pytest.raises(WorkshopError) as caught:
        small.save()
    (problem,) = caught.value.problems
    assert (problem.path, problem.key) == ("touchpoints[0].stage", "error.reference")
    assert problem.params["value"] == "st-gone"
    assert path.read_bytes() == before


def test_broken_json_is_reported_with_its_place_and_never_overwritten(
    tmp_path: Path, small: Workshop
) -> None:
    path = tmp_path / "w.cjm.json"
    path.write_text('{"schema_version": 1,\n  "title": "x",,\n}', encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Workshop.load(path)
    assert re.match(
        saying("store.not_json", path=path, line=2, backup=backup_path(path)), str(caught.value)
    )
    for force in (False, True):
        with pytest.raises(StoreError) as caught:
            small.save(path, force=force)
        assert keys(caught.value) == ["store.not_json"]
    assert path.read_text(encoding="utf-8").endswith(",,\n}")


@pytest.mark.parametrize(
    ("content", "key", "params"),
    [
        (b"[1, 2]", "store.not_workshop", {}),
        (b'{"title": "no version"}', "store.not_workshop", {}),
        (b'{"schema_version": "one"}', "store.bad_schema_version", {"value": "'one'"}),
        (b"\xff\xfe{}", "store.not_utf8", {"position": 0}),
        (b'{"schema_version": 99, "title": "x"}', "store.newer_schema", {"value": 99}),
    ],
)
def test_files_that_cannot_be_read_say_why(
    tmp_path: Path, content: bytes, key: str, params: dict[str, object]
) -> None:
    path = tmp_path / "w.cjm.json"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Workshop.load(path)
    assert re.fullmatch(saying(key, path=path, **params), str(caught.value))


def test_missing_file_suggests_creating_one(tmp_path: Path) -> None:
    path = tmp_path / "nope.cjm.json"
    with pytest.raises(StoreError) as caught:
        Workshop.load(path)
    assert str(caught.value) == said("store.not_found", path=path)


def test_invalid_content_names_the_file_and_every_problem(tmp_path: Path) -> None:
    document = small_document()
    document["schema_version"] = 1
    document["touchpoints"][0]["emotion"] = 8
    document["ideas"][0]["pain_points"] = ["pp-9"]
    path = tmp_path / "w.cjm.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(WorkshopError) as caught:
        Workshop.load(path)
    assert str(caught.value).startswith(f"{path}: {said('error.header', count=2)}\n")
    assert [(problem.path, problem.key) for problem in caught.value.problems] == [
        ("touchpoints[0].emotion", "error.out_of_range"),
        ("ideas[0].pain_points", "error.reference"),
    ]


def test_older_schema_is_migrated_on_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of schema 1 read by a release whose schema 2 renamed a field."""
    document = small_document()
    document["schema_version"] = 1
    document["organization"] = "Nordvik"  # the 'old' spelling
    path = tmp_path / "old.cjm.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    def rename_organization(data: dict[str, object]) -> dict[str, object]:
        data["organisation"] = data.pop("organization")
        return data

    monkeypatch.setattr(model, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, rename_organization)
    ws = Workshop.load(path)
    assert (ws.schema_version, ws.organisation) == (2, "Nordvik")
    ws.save()
    assert json.loads(path.read_text())["schema_version"] == 2


def test_schema_without_migration_path_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.cjm.json"
    path.write_text(json.dumps({**small_document(), "schema_version": 1}), encoding="utf-8")
    monkeypatch.setattr(model, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda data: data)
    with pytest.raises(StoreError) as caught:
        Workshop.load(path)
    assert str(caught.value) == said("store.no_migration", path=path, value=2, current=3)
