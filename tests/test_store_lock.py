"""Saves take turns through filelock's lock beside the workshop, and give up clearly."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from cjm_widgets import Workshop, store
from cjm_widgets.errors import StoreError
from tests.messages import said

HOLD = (
    "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
    "print('held', flush=True); sys.stdin.read()"
)


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)


@pytest.fixture
def saved(tmp_path: Path, small: Workshop) -> Path:
    return small.save(tmp_path / "w.cjm.json")


@contextlib.contextmanager
def held_by_another_process(lock_file: Path) -> Iterator[None]:
    """``lock_file`` locked by another process (as another kernel's save would)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()


def test_the_lock_file_sits_beside_the_workshop(saved: Path) -> None:
    assert (saved.parent / ".w.cjm.json.lock").is_file()


def test_a_save_gives_up_when_someone_else_holds_the_lock(
    saved: Path, small: Workshop, short_wait: None
) -> None:
    before = saved.read_bytes()
    small.title = "Changed meanwhile"
    real = Path(os.path.realpath(saved))
    lock_file = saved.parent / ".w.cjm.json.lock"
    with held_by_another_process(lock_file), pytest.raises(StoreError) as caught:
        small.save()
    assert str(caught.value) == said("store.locked", path=real)
    assert caught.value.path == real
    assert caught.value.translated("fi") == said("store.locked", "fi", path=real)
    assert saved.read_bytes() == before
    assert not store.backup_path(saved).exists()
    small.save()  # the lock is free again
    assert Workshop.load(saved).title == "Changed meanwhile"


def test_the_lock_of_a_symlinked_workshop_is_beside_the_file_it_points_to(
    tmp_path: Path, small: Workshop, short_wait: None
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = small.save(tmp_path / "real" / "w.cjm.json")
    link = tmp_path / "links" / "journey.cjm.json"
    link.symlink_to(target)
    ws = Workshop.load(link)
    ws.title = "Through the link"
    with FileLock(tmp_path / "real" / ".w.cjm.json.lock"), pytest.raises(StoreError) as caught:
        ws.save()
    assert str(caught.value) == said("store.locked", path=target)
    ws.save()
    assert not (tmp_path / "links" / ".journey.cjm.json.lock").exists()
    assert Workshop.load(target).title == "Through the link"


def test_the_app_says_someone_else_is_saving_in_its_language(
    comms: object, saved: Path, short_wait: None
) -> None:
    from cjm_widgets.widgets import WorkshopSession

    session = WorkshopSession(Workshop.load(saved), lang="sv")
    session.workshop.title = "Edited"
    with FileLock(saved.parent / ".w.cjm.json.lock"):
        assert session.save() is False
    assert session.state == "error"
    locked = said("store.locked", "sv", path=saved)
    assert session.status == said("session.failed", "sv", reason=locked)
    assert session.save() is True
