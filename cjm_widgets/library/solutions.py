"""The solution library: the kit's solution patterns and problem kinds, plus plugins' own.

The kit's solutions are JSON files in ``solutions/`` beside this module, the problem
kinds (tags) one vocabulary in ``tags.json``. ``load_solutions(extra)`` adds solutions
from other sources (files, folders, data: what a ``cjm_widgets.solutions`` entry point
gives) and checks the whole: every id unique, every tag in the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .messages import LibraryError
from .schema import (
    Solution,
    SolutionFile,
    Tag,
    TagFile,
    check_unique,
    loads_json,
    parse,
    read_json,
)

SolutionSource = str | Path | Mapping[str, Any] | Solution | Iterable[Mapping[str, Any] | Solution]
"""Where extra solutions come from: a JSON file (``{"solutions": [...]}``), a folder of
them, one solution's data, a Solution, or a list of either."""


@dataclass(frozen=True)
class SolutionLibrary:
    """Every solution that loaded, and the vocabulary of problem kinds they are tagged with."""

    solutions: tuple[Solution, ...]
    tags: tuple[Tag, ...]
    indexes: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Per-language search indexes, built by the matcher on first use."""

    def by_id(self) -> dict[str, Solution]:
        """id -> solution."""
        return {solution.id: solution for solution in self.solutions}

    def tag_ids(self) -> tuple[str, ...]:
        """The problem kinds, in the vocabulary's order."""
        return tuple(tag.id for tag in self.tags)

    def tagged(self, tag: str) -> list[Solution]:
        """The solutions tagged with the problem kind ``tag``."""
        return [solution for solution in self.solutions if tag in solution.tags]


def _package_file(name: str) -> Traversable:
    return resources.files(__package__).joinpath(name)


@cache
def tag_vocabulary() -> tuple[Tag, ...]:
    """The problem kinds of ``tags.json``, in its order."""
    entry = _package_file("tags.json")
    data = loads_json(entry.read_text(encoding="utf-8"), entry.name)
    return tuple(parse(TagFile, data, entry.name).tags)


def _solutions_in(data: Any, source: str) -> list[Solution]:
    """The solutions of one file's or plugin's data, each remembering ``source``."""
    found = parse(SolutionFile, data, source).solutions
    return [solution.model_copy(update={"source": source}) for solution in found]


@cache
def kit_solutions() -> tuple[Solution, ...]:
    """The solutions shipped with the kit, file by file in name order."""
    folder = _package_file("solutions")
    solutions: list[Solution] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".json"):
            name = f"solutions/{entry.name}"
            solutions.extend(
                _solutions_in(loads_json(entry.read_text(encoding="utf-8"), name), name)
            )
    return tuple(solutions)


def _from_path(path: Path) -> list[Solution]:
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    return [solution for file in files for solution in _solutions_in(read_json(file), str(file))]


def _from_item(item: object, source: str) -> list[Solution]:
    if isinstance(item, Solution):
        return [item.model_copy(update={"source": item.source or source})]
    if isinstance(item, Mapping):
        data = item if "solutions" in item else {"solutions": [item]}
        return _solutions_in(data, source)
    raise LibraryError.of("library.bad_source", value=type(item).__name__)


def solutions_from(source: SolutionSource, name: str = "") -> list[Solution]:
    """The solutions one source gives; ``name`` (a plugin's) names it in errors."""
    if isinstance(source, str | Path):
        return _from_path(Path(source))
    if isinstance(source, Mapping | Solution):
        return _from_item(source, name or "dict")
    if isinstance(source, Iterable):
        return [found for item in source for found in _from_item(item, name or "list")]
    raise LibraryError.of("library.bad_source", value=type(source).__name__)


def _check(solutions: list[Solution], tags: tuple[Tag, ...]) -> None:
    known = [tag.id for tag in tags]
    check_unique((solution.id, solution.source) for solution in solutions)
    for solution in solutions:
        unknown = [tag for tag in solution.tags if tag not in known]
        if unknown:
            raise LibraryError.of(
                "library.unknown_tag",
                source=solution.source,
                id=solution.id,
                value=unknown[0],
                choices=", ".join(known),
            )


def load_solutions(
    extra: Iterable[SolutionSource] = (), *, named: Mapping[str, SolutionSource] | None = None
) -> SolutionLibrary:
    """The kit's solutions and those of ``extra`` sources, checked as one library.

    ``named`` takes sources by name, as the plugin registry gives them (entry point name
    -> what it loaded), so an error in a plugin's data names the plugin."""
    solutions = list(kit_solutions())
    for source in extra:
        solutions.extend(solutions_from(source))
    for name, source in (named or {}).items():
        solutions.extend(solutions_from(source, name))
    tags = tag_vocabulary()
    _check(solutions, tags)
    return SolutionLibrary(tuple(solutions), tags)


@cache
def kit_library() -> SolutionLibrary:
    """The kit's own solutions alone, loaded once (its indexes then built once too)."""
    return load_solutions()
