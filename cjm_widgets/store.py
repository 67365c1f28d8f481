"""Loading and saving ``*.cjm.json`` files without ever losing a facilitator's work.

A save validates first, takes a lock beside the file, refuses to overwrite a file
whose revision moved on since this copy was loaded (two kernels, two laptops),
keeps the previous version as ``<name>.bak``, and replaces the file atomically
(temp file in the same folder, fsync, ``os.replace``). A file that is not valid
JSON is never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import model
from .errors import ConflictError, StoreError, WorkshopError
from .i18n import translate
from .migrations import migrate

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; saves are then unlocked
    fcntl = None  # type: ignore[assignment]

FILE_SUFFIX = ".cjm.json"
BACKUP_SUFFIX = ".bak"


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def read_file(path: Path, missing: str = "store.not_found") -> bytes:
    """The bytes of ``path``; a StoreError (catalog key ``missing`` when absent) if unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(translate(missing, path=path), path) from None
    except IsADirectoryError:
        raise StoreError(translate("store.is_directory", path=path), path) from None
    except OSError as error:
        raise StoreError.reading(path, error) from None


def make_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) for output, or say why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError.writing(folder, error) from None
    return folder


def write_file(path: Path, payload: bytes) -> Path:
    """Write an output file atomically; a StoreError says why if it cannot be written."""
    try:
        write_atomically(path, payload)
    except OSError as error:
        raise StoreError.writing(path, error) from None
    return path


def _parse(raw: bytes, path: Path) -> dict[str, Any]:
    """The JSON object in ``raw``, or a StoreError saying where the file is broken."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoreError(
            translate("store.not_utf8", path=path, position=error.start), path
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(
            translate(
                "store.not_json",
                path=path,
                line=error.lineno,
                column=error.colno,
                reason=error.msg,
                backup=backup_path(path),
            ),
            path,
        ) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise StoreError(translate("store.not_workshop", path=path), path)
    return data


def load_workshop(path: str | Path) -> model.Workshop:
    """Read, migrate and validate one workshop file."""
    file_path = Path(path)
    data = migrate(_parse(read_file(file_path), file_path), file_path)
    workshop = model.Workshop.from_dict(data, source=str(file_path))
    workshop._path = file_path
    workshop._base_revision = workshop.revision
    return workshop


def _file_on_disk(path: Path) -> tuple[bytes, int] | None:
    """The bytes and revision of the file now at ``path`` (None if there is none).

    A file that is not a readable workshop raises StoreError: it is never overwritten.
    """
    if not path.exists():
        return None
    raw = read_file(path)
    revision = _parse(raw, path).get("revision", 0)
    return raw, revision if isinstance(revision, int) else 0


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` so check-then-replace is one step."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    with _lock_path(path).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so readers see the old or the new file, never half.

    The temporary file is created with the usual permissions (the umask applies), and
    takes the permissions of the file it replaces.
    """
    temp_path = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            temp_path.chmod(path.stat().st_mode & 0o777)
        temp_path.replace(path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def serialise(workshop: model.Workshop) -> bytes:
    """The file's bytes: UTF-8, fields in model order, indented for readable git diffs."""
    return workshop.model_dump_json(indent=2).encode("utf-8") + b"\n"


def save_workshop(
    workshop: model.Workshop, path: str | Path | None = None, *, force: bool = False
) -> Path:
    """Save ``workshop`` to ``path`` (default: where it came from); returns the path.

    Raises WorkshopError if the document is invalid, ConflictError if the file was
    saved by someone else since this copy was loaded (unless ``force``), StoreError
    if the file cannot be written. In every case the file on disk is left as it was.
    """
    target = Path(path) if path is not None else workshop.path
    if target is None:
        raise StoreError(translate("store.no_path"))
    workshop.check()
    if target.is_dir():
        raise StoreError(translate("store.is_directory", path=target), target)
    if not target.parent.is_dir():
        raise StoreError(translate("store.no_folder", path=target, folder=target.parent), target)
    same_file = workshop.path is not None and _same(workshop.path, target)
    try:
        with _locked(target):
            on_disk = _file_on_disk(target)
            theirs = on_disk[1] if on_disk else None
            ours = workshop._base_revision if same_file else None
            if on_disk is not None and theirs != ours and not force:
                raise ConflictError(target, ours, on_disk[1])
            new_revision = max(workshop.revision, theirs or 0) + 1
            payload = serialise(workshop.model_copy(update={"revision": new_revision}))
            if on_disk is not None:
                write_atomically(backup_path(target), on_disk[0])
            write_atomically(target, payload)
    except (StoreError, WorkshopError):
        raise
    except OSError as error:
        raise StoreError.writing(target, error) from None
    workshop.revision = new_revision
    workshop._path = target
    workshop._base_revision = new_revision
    return target


def _same(first: Path, second: Path) -> bool:
    return first.resolve() == second.resolve()
