"""Journey templates: complete workshops to start from, one file per language.

A template is a folder ``<name>/`` holding ``<lang>.cjm.json`` (a valid workshop in that
language) for each language it covers, and ``template.json`` with what the kit knows
about it beyond the workshop: ``pain_kinds``, the problem kind each pain point stands
for. The kit's templates live in ``journeys/`` beside this module, in all five
languages with the same ids and structure. Templates are registered as the plugin kind
``journeys`` (entry point group ``cjm_widgets.journeys``): the kit's in code, a plugin's
as its template folder; they are looked up through ``plugin_hook``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import Field

from ..i18n import translate
from ..migrations import migrate
from ..model_types import EntityId
from ..plugin_hook import registered
from ..workshop import Workshop
from .messages import LIBRARY_LANGUAGES, LibraryError
from .schema import LibraryRecord, check_unique, loads_json, parse
from .text import check_library_language

MANIFEST = "template.json"
WORKSHOP_SUFFIX = ".cjm.json"

TemplateSource = str | Path
"""A plugin's journey templates: a template folder, or a folder of template folders."""


class TemplateManifest(LibraryRecord):
    """``template.json``: the problem kind (a tag id) of each of the template's pain points."""

    pain_kinds: dict[str, EntityId] = Field(default_factory=dict)


@dataclass(frozen=True)
class JourneyTemplate:
    """One journey template: where its files are and the languages it is written in."""

    name: str
    folder: Traversable
    languages: tuple[str, ...]
    pain_kinds: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def document(self, lang: str) -> dict[str, Any]:
        """The template's workshop in ``lang`` as plain data (migrated, not yet validated)."""
        check_library_language(lang)
        if lang not in self.languages:
            raise LibraryError.of(
                "library.template_language",
                name=self.name,
                value=lang,
                choices=", ".join(self.languages),
            )
        name = f"{self.source}/{lang}{WORKSHOP_SUFFIX}"
        data = loads_json(
            self.folder.joinpath(f"{lang}{WORKSHOP_SUFFIX}").read_text(encoding="utf-8"), name
        )
        if not isinstance(data, dict):
            raise LibraryError.of("library.not_a_workshop", source=name)
        return migrate(data, Path(name))

    def workshop(self, lang: str) -> Workshop:
        """A fresh, unsaved, validated workshop from the template in ``lang``."""
        return Workshop.from_dict(
            self.document(lang), source=f"{self.source}/{lang}{WORKSHOP_SUFFIX}"
        )

    def title(self, lang: str) -> str:
        """The template's title in ``lang`` (its workshop's title)."""
        return str(self.document(lang)["title"])

    def summary(self, lang: str) -> str:
        """What part of the journey the template maps, in ``lang`` (its scope)."""
        scope = self.document(lang).get("scope") or {}
        return str(scope.get("part") or "")


def _template(folder: Traversable, source: str) -> JourneyTemplate:
    manifest_file = folder.joinpath(MANIFEST)
    name = f"{source}/{MANIFEST}"
    manifest = parse(
        TemplateManifest, loads_json(manifest_file.read_text(encoding="utf-8"), name), name
    )
    languages = tuple(
        lang for lang in LIBRARY_LANGUAGES if folder.joinpath(f"{lang}{WORKSHOP_SUFFIX}").is_file()
    )
    if not languages:
        raise LibraryError.of("library.template_empty", source=source)
    return JourneyTemplate(folder.name, folder, languages, manifest.pain_kinds, source)


def _templates_in(folder: Traversable, source: str) -> list[JourneyTemplate]:
    """The template in ``folder``, or the templates in its sub-folders, by name."""
    if folder.joinpath(MANIFEST).is_file():
        return [_template(folder, source)]
    found = [
        _template(entry, f"{source}/{entry.name}")
        for entry in sorted(folder.iterdir(), key=lambda item: item.name)
        if entry.is_dir() and entry.joinpath(MANIFEST).is_file()
    ]
    if not found:
        raise LibraryError.of("library.no_templates", source=source)
    return found


@cache
def kit_templates() -> tuple[JourneyTemplate, ...]:
    """The journey templates shipped with the kit, by name."""
    return tuple(_templates_in(resources.files(__package__).joinpath("journeys"), "journeys"))


def template_from_plugin(value: Any) -> JourneyTemplate:
    """What was registered as a journey template (a template, its folder, or a function
    returning either) as a template; TypeError for anything else."""
    found = value() if callable(value) else value
    if isinstance(found, JourneyTemplate):
        return found
    if isinstance(found, str | Path) and Path(found).joinpath(MANIFEST).is_file():
        return _template(Path(found), str(found))
    raise TypeError(translate("library.not_a_template", value=found))


def registered_templates() -> dict[str, JourneyTemplate]:
    """The registered journey templates by the name they were registered under: the kit's
    own, installed plugins' (a kit's one replaced by name) and notebooks'."""
    return {
        name: template if template.name == name else dataclasses.replace(template, name=name)
        for name, template in registered().loaded("journeys").items()
    }


def journey_templates(
    extra: Iterable[TemplateSource] = (), *, named: Mapping[str, TemplateSource] | None = None
) -> dict[str, JourneyTemplate]:
    """Every journey template by name: the registered ones, then those of ``extra`` folders
    and of ``named`` ones (label -> folder of templates). A name already taken is an error
    that names both sources."""
    loaded = list(registered_templates().values())
    for label, path in [*((str(path), path) for path in extra), *(named or {}).items()]:
        folder = Path(path)
        if not folder.is_dir():
            raise LibraryError.of("library.no_templates", source=f"{label} ({folder})")
        loaded.extend(_templates_in(folder, str(folder)))
    check_unique((template.name, template.source) for template in loaded)
    return {template.name: template for template in loaded}


def journey_template(
    name: str, templates: Mapping[str, JourneyTemplate] | None = None
) -> JourneyTemplate:
    """The template called ``name``; a LibraryError lists the known ones."""
    known = journey_templates() if templates is None else templates
    if name not in known:
        raise LibraryError.of("library.unknown_template", value=name, choices=", ".join(known))
    return known[name]


def workshop_from_template(
    name: str,
    lang: str,
    title: str | None = None,
    *,
    templates: Mapping[str, JourneyTemplate] | None = None,
) -> Workshop:
    """A new workshop from template ``name`` in ``lang``: the template's title unless
    ``title`` is given; not saved (``ws.save(path)`` writes it)."""
    workshop = journey_template(name, templates).workshop(lang)
    if title is not None:
        workshop.title = title
    return workshop


TEXT_FIELDS: dict[str, frozenset[str]] = {
    "": frozenset({"title", "organisation"}),
    "scope": frozenset({"part", "note"}),
    "vision": frozenset({"overall", "competitive_angle"}),
    "participants": frozenset({"name", "department", "role"}),
    "personas": frozenset(
        {"name", "segment", "description", "job_to_be_done", "goals", "needs", "challenges"}
    ),
    "feelings": frozenset({"text"}),
    "stages": frozenset({"name", "description", "vision"}),
    "channels": frozenset({"name"}),
    "touchpoints": frozenset({"title", "action", "thought", "feeling"}),
    "backoffice": frozenset({"processes", "systems", "department"}),
    "pain_points": frozenset({"text"}),
    "ideas": frozenset({"text", "owner", "decision_note"}),
    "metrics": frozenset({"name", "unit", "source"}),
}
"""The fields that hold words (which differ by language) per part of the document."""


def _masked(value: Any, part: str) -> Any:
    if isinstance(value, list):
        return [_masked(item, part) for item in value]
    if not isinstance(value, dict):
        return value
    words = TEXT_FIELDS.get(part, frozenset())
    shown: dict[str, Any] = {}
    for key, item in value.items():
        if key == "language":
            continue
        if key in words:
            shown[key] = [""] * len(item) if isinstance(item, list) else ""
        else:
            shown[key] = _masked(item, key if key in TEXT_FIELDS else part)
    return shown


def structure_of(document: Mapping[str, Any]) -> dict[str, Any]:
    """A workshop document with its words blanked and its language dropped: two language
    versions of one template have the same structure (ids, links, scores, kinds, signals,
    numbers, list lengths) when these are equal."""
    return dict(_masked(copy.deepcopy(dict(document)), ""))
