"""The errors a user can meet, each worded so it names the field and the fix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .i18n import translate


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a workshop: where it is and what to do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CjmError(Exception):
    """Base of every error cjm-widgets raises for a user's input or files."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook, show the message alone: it names the problem and the fix."""
        return [f"{type(self).__name__}: {self}"]


class CjmWarning(UserWarning):
    """Something a user should know about an export that still went ahead."""


class WorkshopError(CjmError, ValueError):
    """A workshop document (or a file or table feeding one) has problems; all are listed."""

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        header = translate("error.header", count=len(self.problems))
        if source:
            header = f"{source}: {header}"
        lines = [header, *(f"  {problem}" for problem in self.problems)]
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, path: str, message: str, source: str | None = None) -> WorkshopError:
        return cls([Problem(path, message)], source=source)


class StoreError(CjmError, OSError):
    """A workshop file could not be read or written; nothing was lost."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        self.path = path
        super().__init__(message)

    @classmethod
    def reading(cls, path: Path, error: OSError) -> StoreError:
        """``path`` could not be read, with the system's reason."""
        return cls(translate("store.cannot_read", path=path, reason=error.strerror or error), path)

    @classmethod
    def writing(cls, path: Path, error: OSError) -> StoreError:
        """``path`` could not be written; the message says nothing on disk changed."""
        return cls(translate("store.cannot_write", path=path, reason=error.strerror or error), path)


class ConflictError(StoreError):
    """The file moved on since this copy was loaded: saving would overwrite someone's work."""

    def __init__(self, path: Path, ours: int | None, theirs: int) -> None:
        self.ours = ours
        self.theirs = theirs
        if ours is None:
            message = translate("store.conflict_new", path=path, theirs=theirs)
        elif ours == theirs:
            message = translate("store.conflict_edited", path=path, ours=ours)
        else:
            message = translate("store.conflict", path=path, ours=ours, theirs=theirs)
        super().__init__(message, path)


def join_path(parts: Iterable[str | int]) -> str:
    """``('touchpoints', 3, 'emotion')`` -> ``'touchpoints[3].emotion'``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
