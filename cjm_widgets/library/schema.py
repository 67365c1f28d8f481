"""The shapes of the library's data files, checked by pydantic, and how they are read.

A solution pattern and a problem kind (tag) are written in all five library languages;
``read_json`` and ``parse`` turn a broken file into one LibraryError that names the
file, the field and the fix, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from ..i18n import translate
from ..model_types import ChannelKind, ContactPhase, EntityId, Name, Score
from ..store import read_file
from ..validation import problems_from_validation
from .messages import LIBRARY_LANGUAGES, LibraryError

Evidence = Literal["measured", "reported", "idea"]
"""How we know a solution works: measured (figures from a named source), reported
(widely reported practice in the field), idea (a pattern worth testing)."""

EVIDENCE_KINDS: tuple[Evidence, ...] = ("measured", "reported", "idea")


LANGUAGES_ERROR = "library_languages"
"""The pydantic error type of a text missing in a language (or in one the library lacks)."""


def _all_languages(value: dict[str, Any]) -> dict[str, Any]:
    """Every library language present, and no other: the five stay interchangeable."""
    missing = [lang for lang in LIBRARY_LANGUAGES if lang not in value]
    unknown = sorted(set(value) - set(LIBRARY_LANGUAGES))
    if missing or unknown:
        raise PydanticCustomError(
            LANGUAGES_ERROR,
            "texts missing in: {missing}; in no library language: {unknown}",
            {"missing": ", ".join(missing), "unknown": ", ".join(unknown)},
        )
    return value


class LibraryRecord(BaseModel):
    """Base of the library's data: unknown fields refused, nothing changed after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SolutionText(LibraryRecord):
    """A solution in one language: a title to put on an idea, a sentence or two to explain."""

    title: Name
    description: Name


class Solution(LibraryRecord):
    """A solution pattern: what others do about a kind of pain, and where it fits."""

    id: EntityId
    tags: tuple[EntityId, ...] = Field(min_length=1)
    channels: tuple[ChannelKind, ...] = Field(min_length=1)
    stages: tuple[ContactPhase, ...] = Field(min_length=1)
    effort: Score
    impact: Score
    evidence: Evidence
    texts: Annotated[dict[str, SolutionText], AfterValidator(_all_languages)]
    source: str = Field(default="", exclude=True)
    """The file or plugin it came from (set by the loader, not written in the file)."""

    def text(self, lang: str) -> SolutionText:
        """The solution's title and description in ``lang``."""
        return self.texts[lang]


class SolutionFile(LibraryRecord):
    """A file of solutions: ``{"solutions": [...]}``."""

    solutions: list[Solution]


class Tag(LibraryRecord):
    """A problem kind: its label and the words that reveal it in a pain point's text.

    ``keywords`` per language are words or short phrases; a phrase matches when all its
    words occur in the text (stemmed, compounds allowed)."""

    id: EntityId
    label: Annotated[dict[str, Name], AfterValidator(_all_languages)]
    keywords: Annotated[dict[str, list[Name]], AfterValidator(_all_languages)]


class TagFile(LibraryRecord):
    """The vocabulary of problem kinds: ``{"tags": [...]}``."""

    tags: list[Tag] = Field(min_length=1)


Parsed = TypeVar("Parsed", bound=BaseModel)


def read_json(path: Path) -> Any:
    """The JSON in ``path``; a LibraryError (or the store's error) says what is wrong."""
    return loads_json(read_file(path).decode("utf-8-sig", errors="replace"), str(path))


def loads_json(text: str, source: str) -> Any:
    """The JSON in ``text`` read from ``source``; a LibraryError points at the broken spot."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LibraryError.of(
            "library.not_json",
            source=source,
            line=error.lineno,
            column=error.colno,
            reason=error.msg,
        ) from None


def parse(kind: type[Parsed], data: Any, source: str) -> Parsed:
    """``data`` checked as ``kind``; the error names the first problem, its field and the fix."""
    try:
        return kind.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error)
        detail = error.errors(include_url=False)[0]
        problem: str = problems[0].text()
        if detail["type"] == "too_short":
            low = (detail.get("ctx") or {}).get("min_length")
            problem = translate("library.too_few", low=low)
        elif detail["type"] == LANGUAGES_ERROR:
            context = detail.get("ctx") or {}
            key = "library.missing_language" if context["missing"] else "library.extra_language"
            problem = translate(
                key,
                missing=context["missing"],
                unknown=context["unknown"],
                choices=", ".join(LIBRARY_LANGUAGES),
            )
        raise LibraryError.of(
            "library.invalid",
            source=source,
            where=problems[0].path or "-",
            problem=problem,
        ) from None


def check_unique(entries: Iterable[tuple[str, str]]) -> None:
    """No id twice among ``(id, source)`` pairs; a LibraryError names both sources."""
    seen: dict[str, str] = {}
    for entry_id, source in entries:
        if entry_id in seen:
            raise LibraryError.of(
                "library.duplicate_id", source=source, value=entry_id, other=seen[entry_id]
            )
        seen[entry_id] = source


def source_name(value: object) -> str:
    """How an error names where data came from: a file's path, else the data's kind."""
    if isinstance(value, str | Path):
        return str(value)
    return type(value).__name__ if not isinstance(value, Mapping) else "dict"
