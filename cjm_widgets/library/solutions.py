"""The solution library: the kit's solution patterns and problem kinds, plus plugins' own.

The kit's solutions are JSON files in ``solutions/`` beside this module, the problem
kinds (tags) one vocabulary in ``tags.json``. Solutions are registered as the plugin
kind ``solutions`` (entry point group ``cjm_widgets.solutions``): the kit's files in code
by name, a plugin's as a file, folder or data, looked up through ``plugin_hook``; a
plugin whose solutions clash with the rest is named in a warning and left out.
``load_solutions(extra)`` adds solutions from other sources and checks the whole: every
id unique, every tag in the vocabulary.
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ..i18n import translate
from ..plugin_hook import Plugin, PluginWarning, registered
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


def kit_solution_files() -> dict[str, tuple[Solution, ...]]:
    """The kit's solutions by file (``billing``, ``contact``, ...): its registered built-ins."""
    files: dict[str, list[Solution]] = {}
    for solution in kit_solutions():
        files.setdefault(Path(solution.source).stem, []).append(solution)
    return {name: tuple(found) for name, found in files.items()}


def solutions_from_plugin(value: Any) -> tuple[Solution, ...]:
    """What was registered as solutions (a file, a folder, data, or a function returning
    one of them) as the solutions it holds, each checked against the schema."""
    return tuple(solutions_from(value() if callable(value) else value))


def _labelled(plugin: Plugin) -> list[Solution]:
    """A plugin's solutions, those given as data named after the plugin in errors."""
    solutions: tuple[Solution, ...] = plugin.value
    if plugin.builtin:
        return list(solutions)
    label = f"{plugin.name} ({plugin.package})" if plugin.version else plugin.name
    return [
        s if s.source not in ("", "dict", "list") else s.model_copy(update={"source": label})
        for s in solutions
    ]


def registered_solutions() -> list[Solution]:
    """The registered solutions: the kit's, then each plugin's that fits with them (an
    id already taken or a tag not in the vocabulary leaves that plugin out, named in a
    ``PluginWarning``)."""
    tags = tag_vocabulary()
    solutions: list[Solution] = []
    for plugin in registered().plugins("solutions"):
        if not plugin.ok:
            continue
        theirs = _labelled(plugin)
        try:
            _check([*solutions, *theirs], tags)
        except LibraryError as error:
            if plugin.builtin:
                raise
            message = translate(
                "library.plugin_left_out", name=plugin.name, package=plugin.package, error=error
            )
            warnings.warn(PluginWarning(message), stacklevel=2)
            continue
        solutions.extend(theirs)
    return solutions


def load_solutions(
    extra: Iterable[SolutionSource] = (), *, named: Mapping[str, SolutionSource] | None = None
) -> SolutionLibrary:
    """The registered solutions and those of ``extra`` sources, checked as one library.

    ``named`` takes sources by label (label -> source), so an error in that data names
    it."""
    solutions = registered_solutions()
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
    return SolutionLibrary(kit_solutions(), tag_vocabulary())


_REGISTERED: list[tuple[tuple[Any, ...], SolutionLibrary]] = []


def registered_library() -> SolutionLibrary:
    """Every registered solution as one library (what ``suggest`` searches by default),
    built again only when the registry gives other solutions (a plugin installed or
    registered since), so its search indexes are built once per set."""
    values = tuple(plugin.value for plugin in registered().plugins("solutions") if plugin.ok)
    kept = _REGISTERED[0][0] if _REGISTERED else ()
    if _REGISTERED and len(kept) == len(values) and all(map(operator.is_, kept, values)):
        return _REGISTERED[0][1]
    library = load_solutions()
    _REGISTERED[:] = [(values, library)]
    return library
