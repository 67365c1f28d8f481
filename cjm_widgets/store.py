"""Loading and saving ``*.cjm.json`` files without ever losing a facilitator's work.

A save validates first, takes a lock beside the file, refuses to overwrite a file
that changed on disk since this copy was loaded (another kernel, another laptop, a
hand edit: the check compares content, not only the revision), keeps the previous
versions as ``<name>.bak``, ``<name>.bak.1`` and ``<name>.bak.2``, and replaces the
file atomically (temp file in the same folder, fsync, ``os.replace``). A symlinked
workshop is saved into the file the link points to. A file that is not valid JSON is
never overwritten. Temp files left by a save that was killed are removed by the next
save of the same workshop.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from . import model
from .errors import ConflictError, StoreError, WorkshopError
from .i18n import translate
from .limits import MAX_FILE_BYTES, MAX_NESTING, nesting_depth
from .migrations import migrate

FILE_SUFFIX = ".cjm.json"
BACKUP_SUFFIX = ".bak"
BACKUP_GENERATIONS = 3
"""Previous versions kept: ``.bak`` (the last), then ``.bak.1``, ``.bak.2`` (older)."""
LOCK_TIMEOUT = 10.0
"""Seconds a save waits for another save of the same file before giving up."""


def stem_of(path: Path) -> str:
    """``journey`` for ``journey.cjm.json``: the base of the names written beside a workshop."""
    for suffix in (FILE_SUFFIX, ".json"):
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def backup_path(path: Path, generation: int = 0) -> Path:
    """Where the previous version of ``path`` is kept (``generation`` 1, 2: older ones)."""
    suffix = BACKUP_SUFFIX if generation == 0 else f"{BACKUP_SUFFIX}.{generation}"
    return path.with_name(path.name + suffix)


def backup_paths(path: Path) -> list[Path]:
    """Every backup generation of ``path``, newest first."""
    return [backup_path(path, generation) for generation in range(BACKUP_GENERATIONS)]


def digest(raw: bytes) -> str:
    """The content hash that tells whether a file changed since it was read."""
    return hashlib.sha256(raw).hexdigest()


def real_path(path: Path) -> Path:
    """``path`` with symlinks followed, so a save replaces the file the link points to."""
    return Path(os.path.realpath(path))


def is_workshop_or_backup(candidate: Path, workshop: Path) -> bool:
    """Whether writing ``candidate`` would replace ``workshop`` or one of its backups."""
    target = real_path(candidate)
    real = real_path(workshop)
    return any(target == real_path(path) for path in [real, workshop, *backup_paths(real)])


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def read_file(path: Path, missing: str = "store.not_found") -> bytes:
    """The bytes of ``path``; a StoreError (catalog key ``missing`` when absent) if unreadable
    or larger than ``MAX_FILE_BYTES``."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise StoreError(
                    translate("store.too_big", path=path, size=size, limit=MAX_FILE_BYTES), path
                )
            return handle.read(MAX_FILE_BYTES + 1)
    except StoreError:
        raise  # already says what is wrong with the file
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
    except RecursionError:
        raise StoreError(translate("store.too_deep", path=path, limit=MAX_NESTING), path) from None
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
    if nesting_depth(data) > MAX_NESTING:
        raise StoreError(translate("store.too_deep", path=path, limit=MAX_NESTING), path)
    return data


@dataclass(frozen=True)
class Document:
    """What the store knows of a workshop's file: where it is, and the revision and content
    this copy was loaded (or last saved) at, so a save can tell whether the file moved on.

    The store keeps one per workshop object it loaded or saved (``document_of``); the
    model itself holds no file state.
    """

    path: Path
    base_revision: int
    base_digest: str | None = None


_documents: dict[int, Document] = {}
"""id(workshop) -> its Document, for as long as the workshop object lives."""


def document_of(workshop: model.Workshop) -> Document | None:
    """The file ``workshop`` was loaded from or last saved to (None: never on disk)."""
    return _documents.get(id(workshop))


def path_of(workshop: model.Workshop) -> Path | None:
    """Where ``workshop`` was loaded from or last saved to."""
    document = document_of(workshop)
    return document.path if document is not None else None


def attach(workshop: model.Workshop, document: Document | None) -> None:
    """Make ``document`` the file of ``workshop`` (a copy that replaces the loaded one, as an
    import does, takes over the original's document)."""
    key = id(workshop)
    if document is None:
        _documents.pop(key, None)
        return
    if key not in _documents:
        weakref.finalize(workshop, _documents.pop, key, None)
    _documents[key] = document


W = TypeVar("W", bound=model.Workshop)


def read_document(path: str | Path) -> dict[str, Any]:
    """One workshop file as plain data, migrated but not validated: for comparing and
    merging files, whose lists the model of this version may not all know."""
    file_path = Path(path)
    return migrate(_parse(read_file(file_path), file_path), file_path)


def load_workshop(path: str | Path, kind: type[W] = model.Workshop) -> W:  # type: ignore[assignment]
    """Read, migrate and validate one workshop file, as an instance of ``kind``."""
    file_path = Path(path)
    raw = read_file(file_path)
    data = migrate(_parse(raw, file_path), file_path)
    workshop = kind.from_dict(data, source=str(file_path))
    attach(workshop, Document(file_path, workshop.revision, digest(raw)))
    return workshop


@dataclass(frozen=True)
class _OnDisk:
    raw: bytes
    revision: int


def _file_on_disk(path: Path) -> _OnDisk | None:
    """The bytes and revision of the file now at ``path`` (None if there is none).

    A file that is not a readable workshop raises StoreError: it is never overwritten.
    """
    if not path.exists():
        return None
    raw = read_file(path)
    revision = _parse(raw, path).get("revision", 0)
    return _OnDisk(raw, revision if isinstance(revision, int) else 0)


@contextlib.contextmanager
def _locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` so check-then-replace is one step.

    The lock is ``filelock``'s (``flock`` on Unix, ``LockFileEx`` on Windows) on
    ``.<name>.lock``; after ``timeout`` seconds (default ``LOCK_TIMEOUT``) of someone
    else's save, a StoreError says so and nothing is written.
    """
    lock = FileLock(_lock_path(path), timeout=LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(translate("store.locked", path=path), path) from None
    try:
        yield
    finally:
        lock.release()


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


_TEMP_NAME = r"^\.{name}(\.bak(\.\d+)?)?\.[0-9a-f]{{8}}\.tmp$"


def _remove_stale_temp_files(path: Path) -> None:
    """Delete temp files a killed save of ``path`` left behind (the caller holds the lock)."""
    pattern = re.compile(_TEMP_NAME.format(name=re.escape(path.name)))
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            if pattern.match(entry.name):
                entry.unlink(missing_ok=True)


def _rotate_backups(path: Path, previous: bytes) -> None:
    """Shift ``.bak`` -> ``.bak.1`` -> ``.bak.2`` and keep ``previous`` as the new ``.bak``."""
    generations = backup_paths(path)
    for older, newer in zip(reversed(generations), reversed(generations[:-1]), strict=False):
        if newer.exists():
            newer.replace(older)
    write_atomically(generations[0], previous)


def theirs_path(path: Path, revision: int) -> Path:
    """A free file name beside ``path`` for the other person's version after "keep mine"."""
    stem = path.name.removesuffix(FILE_SUFFIX)
    candidate = path.with_name(f"{stem}.theirs-r{revision}{FILE_SUFFIX}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}.theirs-r{revision}-{number}{FILE_SUFFIX}")
        number += 1
    return candidate


@dataclass(frozen=True)
class SaveOutcome:
    """Where a save went, and where the other person's version was kept, if it was."""

    path: Path
    revision: int
    theirs: Path | None = None


def serialise(workshop: model.Workshop) -> bytes:
    """The file's bytes: UTF-8, fields in model order, indented for readable git diffs."""
    return workshop.model_dump_json(indent=2).encode("utf-8") + b"\n"


def save_workshop(
    workshop: model.Workshop, path: str | Path | None = None, *, force: bool = False
) -> Path:
    """Save ``workshop`` to ``path`` (default: where it came from); returns the path.

    Raises WorkshopError if the document is invalid, ConflictError if the file changed
    on disk since this copy was loaded (unless ``force``), StoreError if the file cannot
    be written. In every case the file on disk is left as it was.
    """
    return save_with_outcome(workshop, path, force=force).path


def save_with_outcome(
    workshop: model.Workshop,
    path: str | Path | None = None,
    *,
    force: bool = False,
    keep_theirs: bool = False,
) -> SaveOutcome:
    """``save_workshop``, telling also where the other version went.

    With ``keep_theirs`` (the facilitator chose "keep mine" after a conflict), a file
    that changed on disk is first copied to ``<name>.theirs-r<revision>.cjm.json``.
    """
    document = document_of(workshop)
    target = Path(path) if path is not None else (document.path if document else None)
    if target is None:
        raise StoreError(translate("store.no_path"))
    workshop.check()
    if target.is_dir():
        raise StoreError(translate("store.is_directory", path=target), target)
    real = real_path(target)
    if not real.parent.is_dir():
        raise StoreError(translate("store.no_folder", path=target, folder=real.parent), target)
    same_file = document is not None and real_path(document.path) == real
    kept: Path | None = None
    try:
        with _locked(real):
            _remove_stale_temp_files(real)
            on_disk = _file_on_disk(real)
            changed = on_disk is not None and not (
                same_file and document is not None and _unchanged(document, on_disk)
            )
            if on_disk is not None and changed and not force:
                ours = document.base_revision if same_file and document else None
                raise ConflictError(target, ours, on_disk.revision)
            theirs = on_disk.revision if on_disk is not None else 0
            new_revision = max(workshop.revision, theirs) + 1
            payload = serialise(workshop.model_copy(update={"revision": new_revision}))
            if on_disk is not None:
                if changed and keep_theirs:
                    kept = theirs_path(real, on_disk.revision)
                    write_atomically(kept, on_disk.raw)
                _rotate_backups(real, on_disk.raw)
            write_atomically(real, payload)
    except (StoreError, WorkshopError):
        raise
    except OSError as error:
        raise StoreError.writing(target, error) from None
    workshop.revision = new_revision
    attach(workshop, Document(target, new_revision, digest(payload)))
    return SaveOutcome(target, new_revision, kept)


def _unchanged(document: Document, on_disk: _OnDisk) -> bool:
    """Whether the file still holds exactly what this copy loaded or last saved."""
    if document.base_digest is not None:
        return digest(on_disk.raw) == document.base_digest
    return on_disk.revision == document.base_revision
