"""Versions on disk: two workshop files compared, three files merged into "ours".

Every file is read, migrated and validated before anything is written; the merged
workshop is validated as a whole and written atomically, so a failed or refused merge
(a list both sides changed whose items cannot be told apart) leaves "ours" exactly as
it was (git then keeps its own conflict state).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CjmError, StoreError, WorkshopError
from ..i18n import translate
from ..model import Workshop
from ..store import read_document, read_file, serialise, write_file
from .diff import Diff, diff_documents
from .merge import UnmergeableListError, merge_documents
from .text import workshop_text


def read_valid(path: Path, side: str = "") -> dict[str, Any]:
    """A workshop file's data once it has passed the model's checks. The ``base`` of a merge
    is only read: it is history, and only the two sides' values reach the result (an empty
    file is {}, the base of a file both sides added)."""
    if side == "base" and path.is_file() and path.stat().st_size == 0:
        return {}
    try:
        document = read_document(path)
        if side != "base":
            Workshop.from_dict(document, source=str(path))
    except (StoreError, WorkshopError) as error:
        if not side:
            raise
        raise CjmError(
            translate("versions.merge.invalid", side=translate(f"versions.side.{side}"),
                      path=path, error=error)
        ) from None  # fmt: skip
    return document


def diff_files(old: Path, new: Path, persona: str | None = None) -> Diff:
    return diff_documents(read_valid(old), read_valid(new), persona)


@dataclass(frozen=True)
class MergeOutcome:
    revision: int
    conflicts: list[dict[str, Any]]


def merge_files(base: Path, ours: Path, theirs: Path) -> MergeOutcome:
    """Merge ``theirs`` into ``ours`` (the file git's merge driver gets as %A) by item and field."""
    documents = [read_valid(path, side) for path, side in
                 ((base, "base"), (ours, "ours"), (theirs, "theirs"))]  # fmt: skip
    try:
        result = merge_documents(*documents)
    except UnmergeableListError as error:
        raise CjmError(translate("versions.merge.refused", path=ours, reason=error)) from None
    try:
        merged = Workshop.from_dict(result.document)
    except WorkshopError as error:
        raise CjmError(translate("versions.merge.result_invalid", path=ours, error=error)) from None
    write_file(ours, serialise(merged))
    return MergeOutcome(merged.revision, result.conflicts)


def textconv(path: Path) -> str:
    """git's view of a workshop file (``cjm git textconv``); a file that is no workshop
    (half-merged, empty) is shown as it is, so ``git diff`` never fails on it."""
    try:
        return workshop_text(read_document(path))
    except StoreError:
        return read_file(path).decode("utf-8", errors="replace")
