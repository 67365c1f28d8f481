"""The report's sections as registered: the kit's own by name, a plugin's in place of one
it replaces, and the ones plugins add under names of their own.

Every registered section is called the same way, ``(workshop, persona, lang)``, and
returns a ``Section``. The kit's templates show each section by its name, so a plugin's
section registered as ``overview`` is the overview of every report. A plugin's section
that raises, or returns something other than a ``Section``, is left out with a warning
that names it, so one plugin's bug never costs the report.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from ..model.privacy import for_sharing
from ..plugin_hook import Plugin, PluginWarning, registered
from .html import Section

SectionMaker = Callable[[Workshop, str | None, str | None], Section]
"""What a report section is: ``(workshop, persona, lang) -> Section``; ``persona`` None
means every persona, ``lang`` None the workshop's language."""

Shown = Callable[[str], Section | None]


def _made(plugin: Plugin, ws: Workshop, persona: str | None, lang: str | None) -> Section | None:
    """The section ``plugin`` makes, or None with a warning naming it when a plugin's fails."""
    if plugin.builtin:
        made = plugin.value(ws, persona, lang)  # the kit's own bugs are not hidden
    else:
        try:
            made = plugin.value(ws, persona, lang)
        except Exception as error:  # a plugin's bug must not stop the report
            problem = f"{type(error).__name__}: {error}"
            _warn("plugins.section_failed", plugin, error=problem)
            return None
    if not isinstance(made, Section):
        _warn("plugins.section_not_a_section", plugin, kind=type(made).__name__)
        return None
    return made


def _warn(key: str, plugin: Plugin, **details: str) -> None:
    message = translate(key, name=plugin.name, package=plugin.package, **details)
    warnings.warn(PluginWarning(message), stacklevel=4)


def registered_sections(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Shown:
    """``section = registered_sections(ws, persona, lang)``, then ``section("overview")``
    is the section registered as ``overview`` for them (None when a plugin's fails).
    Sections see the room's participants as ``Participant n`` (``for_sharing``)."""
    ws = for_sharing(ws, lang)
    found = {p.name: p for p in registered().plugins("report_sections") if p.ok}

    def section(name: str) -> Section | None:
        plugin = found.get(name)
        if plugin is None:
            known = ", ".join(sorted(found))
            raise CjmError(translate("plugins.unknown_section", name=name, names=known))
        return _made(plugin, ws, persona, lang)

    return section


def plugin_sections(
    ws: Workshop, persona: str | None = None, lang: str | None = None
) -> list[Section]:
    """The sections plugins add under names of their own (not replacing one of the kit's),
    in the order of their packages and names: the last part of the ``report`` template.
    Sections see the room's participants as ``Participant n`` (``for_sharing``)."""
    ws = for_sharing(ws, lang)
    kits = set(registered().builtins("report_sections"))
    added = [
        plugin
        for plugin in registered().plugins("report_sections")
        if plugin.ok and not plugin.builtin and plugin.name not in kits
    ]
    made = [_made(plugin, ws, persona, lang) for plugin in added]
    return [section for section in made if section is not None]


__all__ = ["SectionMaker", "plugin_sections", "registered_sections"]
