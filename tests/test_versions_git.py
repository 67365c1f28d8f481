"""Workshops kept in git: the drivers `cjm git install` writes, used by a real `git merge`
and `git diff` in a temporary repository, with the installed `cjm` command.

GIT_CONFIG_GLOBAL and HOME point into the test's own folder, so the user's git config
is never read or touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.room.service import Room
from cjm_widgets.samples import sample_workshop
from tests.messages import said, saying
from tests.test_versions import conflict

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CJM = Path(sys.executable).parent / "cjm"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "global.gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "LANG": "C",
        "LC_ALL": "C",
    }


def run(
    args: list[str], cwd: Path, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    run(["git", "init", "-q", "-b", "main"], folder, env)
    run(["git", "config", "user.name", "Test Facilitator"], folder, env)
    run(["git", "config", "user.email", "facilitator@example.org"], folder, env)
    done = run([str(CJM), "git", "install"], folder, env)
    assert re.search(saying("versions.git.installed", config=".git/config"), done.stdout)
    sample_workshop().save(folder / "journey.cjm.json")
    run(["git", "add", ".gitattributes", "journey.cjm.json"], folder, env)
    run(["git", "commit", "-q", "-m", "The first workshop"], folder, env)
    return folder


def edit(path: Path, change: str) -> None:
    ws = Workshop.load(path)
    if change == "emotion":
        ws.by_id("touchpoints")["tp-signup-bank"].emotion = 1
    elif change == "emotion-5":
        ws.by_id("touchpoints")["tp-signup-bank"].emotion = 5
    elif change == "stage":
        ws.by_id("stages")["st-discover"].name = "Learns about e-invoices"
    elif change == "pain":
        data = ws.to_dict()
        data["pain_points"].append(
            {"id": "pp-new", "touchpoints": ["tp-signup-confirm-email"], "text": "No paper copy"}
        )
        ws = Workshop.from_dict(data)
        ws.save(path, force=True)
        return
    ws.save()


def commit(repo: Path, env: dict[str, str], message: str) -> None:
    run(["git", "commit", "-q", "-am", message], repo, env)


def on_their_branch(repo: Path, env: dict[str, str], message: str, *changes: str) -> None:
    """Their side: a branch ``theirs`` with ``changes`` committed; back on main after."""
    run(["git", "checkout", "-q", "-b", "theirs"], repo, env)
    for change in changes:
        edit(repo / "journey.cjm.json", change)
    commit(repo, env, message)
    run(["git", "checkout", "-q", "main"], repo, env)


def test_install_writes_attributes_and_drivers(repo: Path, env: dict[str, str]) -> None:
    assert "*.cjm.json diff=cjm merge=cjm" in (repo / ".gitattributes").read_text()
    driver = run(["git", "config", "--local", "merge.cjm.driver"], repo, env).stdout.strip()
    assert driver == f"{CJM} merge-driver %O %A %B %P"
    textconv = run(["git", "config", "--local", "diff.cjm.textconv"], repo, env).stdout.strip()
    assert textconv == f"{CJM} git textconv"
    run([str(CJM), "git", "install"], repo, env)  # again: nothing doubled
    assert (repo / ".gitattributes").read_text().count("cjm.json") == 1
    assert not Path(env["GIT_CONFIG_GLOBAL"]).exists()


def test_install_global_and_outside_a_repository(tmp_path: Path, env: dict[str, str]) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    done = run([str(CJM), "git", "install"], outside, env, check=False)
    assert done.returncode == 1 and re.search(saying("versions.git.not_a_repo"), done.stderr)
    done = run([str(CJM), "git", "install", "--global"], outside, env)
    installed = saying("versions.git.installed", config=env["GIT_CONFIG_GLOBAL"])
    assert re.search(installed, done.stdout)
    config = Path(env["GIT_CONFIG_GLOBAL"]).read_text()
    assert "merge-driver %O %A %B %P" in config and "git textconv" in config
    attributes = Path(env["XDG_CONFIG_HOME"]) / "git" / "attributes"
    assert attributes.read_text() == "*.cjm.json diff=cjm merge=cjm\n"


def test_git_merge_of_edits_to_different_items(repo: Path, env: dict[str, str]) -> None:
    path = repo / "journey.cjm.json"
    run(["git", "checkout", "-q", "-b", "theirs"], repo, env)
    edit(path, "stage")
    edit(path, "pain")
    commit(repo, env, "Their stage name and pain point")
    theirs_revision = Workshop.load(path).revision
    run(["git", "checkout", "-q", "main"], repo, env)
    edit(path, "emotion")
    commit(repo, env, "Our emotion")
    ours_revision = Workshop.load(path).revision
    done = run(["git", "merge", "-q", "--no-edit", "theirs"], repo, env)
    assert re.search(saying("versions.merge.clean", path="journey.cjm.json"), done.stderr)
    merged = Workshop.load(path)
    assert merged.by_id("touchpoints")["tp-signup-bank"].emotion == 1
    assert merged.by_id("stages")["st-discover"].name == "Learns about e-invoices"
    assert "pp-new" in merged.by_id("pain_points")
    assert merged.revision == max(ours_revision, theirs_revision) + 1
    assert run(["git", "diff", "--name-only", "HEAD"], repo, env).stdout == ""  # committed
    # git shows the change the way a facilitator reads it, not as JSON
    shown = run(["git", "log", "-p", "-1", "HEAD^2", "--", "journey.cjm.json"], repo, env).stdout
    assert '-      name: "Hears about e-invoicing"' in shown
    assert '+      name: "Learns about e-invoices"' in shown
    assert "+  [pp-new] No paper copy" in shown


def test_git_merge_with_a_conflict_leaves_a_file_that_loads(
    repo: Path, env: dict[str, str]
) -> None:
    path = repo / "journey.cjm.json"
    on_their_branch(repo, env, "Their emotion", "emotion-5")
    edit(path, "emotion")
    commit(repo, env, "Our emotion")
    done = run(["git", "merge", "--no-edit", "theirs"], repo, env, check=False)
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    offer = "Accepts the e-invoice offer [tp-signup-bank]"
    emotions = conflict("touchpoints", offer, field="emotion", ours=1, theirs=5)
    assert emotions in done.stderr
    ws = Workshop.load(path)
    assert ws.by_id("touchpoints")["tp-signup-bank"].emotion == 1
    assert [(c.id, c.field, c.ours, c.theirs) for c in ws.conflicts] == [
        ("tp-signup-bank", "emotion", 1, 5)
    ]
    listed = run([str(CJM), "conflicts", str(path)], repo, env).stdout
    assert said("versions.open_conflicts", count=1) in listed
    run([str(CJM), "conflicts", str(path), "--take", "theirs"], repo, env)
    settled = Workshop.load(path)
    assert settled.conflicts == [] and settled.by_id("touchpoints")["tp-signup-bank"].emotion == 5


def test_git_merge_with_a_broken_side_writes_nothing(repo: Path, env: dict[str, str]) -> None:
    path = repo / "journey.cjm.json"
    run(["git", "checkout", "-q", "-b", "theirs"], repo, env)
    data = json.loads(path.read_text())
    data["touchpoints"][0]["emotion"] = 9
    path.write_text(json.dumps(data, indent=2))
    commit(repo, env, "A hand edit gone wrong")
    run(["git", "checkout", "-q", "main"], repo, env)
    edit(path, "emotion")
    commit(repo, env, "Our emotion")
    ours = path.read_bytes()
    done = run(["git", "merge", "--no-edit", "theirs"], repo, env, check=False)
    assert done.returncode != 0
    invalid = saying("versions.merge.invalid", side=said("versions.side.theirs"))
    assert re.search(invalid, done.stderr, re.DOTALL)
    assert "touchpoints[0].emotion" in done.stderr
    assert path.read_bytes() == ours
    assert "UU journey.cjm.json" in run(["git", "status", "--porcelain"], repo, env).stdout


def test_git_merge_keeps_the_rooms_ratings_when_theirs_changed_an_emotion(
    repo: Path, env: dict[str, str]
) -> None:
    path = repo / "journey.cjm.json"
    on_their_branch(repo, env, "Their emotion", "emotion")
    room = Room(path)
    try:
        anna = room.member(room.join({"name": "Anna"})["token"])
        room.rate(anna, {"target_id": "tp-paper-insert", "field": "emotion", "value": 2})
        room.rate(anna, {"target_id": "idea-plain-bill-lines", "field": "impact",
                         "value": 4})  # fmt: skip
    finally:
        room.log.close()
    run([str(CJM), "room", "merge", str(path)], repo, env)
    commit(repo, env, "The room's ratings")
    rated = Workshop.load(path).ratings
    assert len(rated) == 2
    done = run(["git", "merge", "-q", "--no-edit", "theirs"], repo, env)
    assert re.search(saying("versions.merge.clean", path="journey.cjm.json"), done.stderr)
    merged = Workshop.load(path)
    assert merged.ratings == rated
    assert merged.by_id("touchpoints")["tp-signup-bank"].emotion == 1
    assert merged.conflicts == []
    # and git shows who rated what
    shown = run(["git", "log", "-p", "-1", "HEAD^1", "--", "journey.cjm.json"], repo, env).stdout
    assert "+  [pa-room-" in shown and "Anna rated Leaflet in the paper bill (emotion)" in shown
