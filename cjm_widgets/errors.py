"""The errors a user can meet, each worded so it names the field and the fix.

Errors keep their messages as catalog keys with parameters (``i18n.Message``) and are
translated when shown: ``error.translated("fi")`` in any language, ``str(error)`` in the
language the error was raised for (a workshop's own language when it was known, else
the process's default language).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .i18n import Message, default_language, localize, translate


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a workshop: where it is and what to do about it.

    ``message`` is a catalog message (its ``key`` and ``params`` are kept, so the problem
    can be shown in any language) or, for pydantic's own errors without a catalog entry,
    plain English text.
    """

    path: str
    message: str

    @classmethod
    def of(cls, path: str, key: str, /, **params: Any) -> Problem:
        """The problem at ``path`` described by the catalog message ``key``."""
        return cls(path, translate(key, **params))

    @property
    def key(self) -> str | None:
        """The catalog key of the message, None for plain text."""
        return (self.message.key or None) if isinstance(self.message, Message) else None

    @property
    def params(self) -> dict[str, Any]:
        """The parameters the message is filled in with."""
        return dict(self.message.params) if isinstance(self.message, Message) else {}

    def text(self, lang: str | None = None) -> str:
        """What is wrong and the fix, in ``lang`` (default: the language it was made in)."""
        return localize(self.message, lang)

    def translated(self, lang: str | None = None) -> str:
        """``path: text`` in ``lang``."""
        path = localize(self.path, lang)
        text = self.text(lang)
        return f"{path}: {text}" if path else text

    def __str__(self) -> str:
        return self.translated()


def _restore(cls: type[CjmError], args: tuple[Any, ...], state: dict[str, Any]) -> CjmError:
    """Rebuild a pickled error (errors cross into report worker processes) without its
    ``__init__``, whose arguments differ per class."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class CjmError(Exception):
    """Base of every error cjm-widgets raises for a user's input or files.

    ``lang`` is the language the error was raised for; ``str(error)`` shows it in that
    language (or the process's default language when it is None), ``translated(lang)``
    in any other.
    """

    def __init__(self, *args: Any, lang: str | None = None) -> None:
        super().__init__(*args)
        self.lang = lang

    def translated(self, lang: str | None = None) -> str:
        """The error's message in ``lang`` (default: the language it was raised for)."""
        chosen = lang or self.lang or default_language()
        if len(self.args) == 1:
            return localize(self.args[0], chosen)
        return super().__str__()

    def __str__(self) -> str:
        return self.translated()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, self.__dict__))

    def _render_traceback_(self) -> list[str]:
        """In a notebook, show the message alone: it names the problem and the fix."""
        return [f"{type(self).__name__}: {self}"]


class CjmWarning(UserWarning):
    """Something a user should know about an export that still went ahead."""


class WorkshopError(CjmError, ValueError):
    """A workshop document (or a file or table feeding one) has problems; all are listed."""

    def __init__(
        self, problems: Sequence[Problem], source: str | None = None, *, lang: str | None = None
    ) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(lang=lang)
        self.args = (self.translated(),)

    def translated(self, lang: str | None = None) -> str:
        chosen = lang or self.lang or default_language()
        header: str = translate("error.header", chosen, count=len(self.problems))
        if self.source:
            header = f"{self.source}: {header}"
        lines = [header, *(f"  {problem.translated(chosen)}" for problem in self.problems)]
        return "\n".join(lines)

    @classmethod
    def single(
        cls, path: str, message: str, source: str | None = None, *, lang: str | None = None
    ) -> WorkshopError:
        return cls([Problem(path, message)], source=source, lang=lang)


class StoreError(CjmError, OSError):
    """A workshop file could not be read or written; nothing was lost."""

    def __init__(self, message: str, path: Path | None = None, *, lang: str | None = None) -> None:
        self.path = path
        super().__init__(message, lang=lang)

    @classmethod
    def reading(cls, path: Path, error: OSError, *, lang: str | None = None) -> StoreError:
        """``path`` could not be read, with the system's reason."""
        reason = error.strerror or error
        return cls(translate("store.cannot_read", path=path, reason=reason), path, lang=lang)

    @classmethod
    def writing(cls, path: Path, error: OSError, *, lang: str | None = None) -> StoreError:
        """``path`` could not be written; the message says nothing on disk changed."""
        reason = error.strerror or error
        return cls(translate("store.cannot_write", path=path, reason=reason), path, lang=lang)


class ConflictError(StoreError):
    """The file moved on since this copy was loaded: saving would overwrite someone's work."""

    def __init__(
        self, path: Path, ours: int | None, theirs: int, *, lang: str | None = None
    ) -> None:
        self.ours = ours
        self.theirs = theirs
        if ours is None:
            message = translate("store.conflict_new", path=path, theirs=theirs)
        elif ours == theirs:
            message = translate("store.conflict_edited", path=path, ours=ours)
        else:
            message = translate("store.conflict", path=path, ours=ours, theirs=theirs)
        super().__init__(message, path, lang=lang)


def join_path(parts: Iterable[str | int]) -> str:
    """``('touchpoints', 3, 'emotion')`` -> ``'touchpoints[3].emotion'``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
