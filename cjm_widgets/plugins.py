"""The plugin registry: lanes, exporters, report sections and templates from entry points.

Analysts extend the kit the way Jupyter tools are extended: a package declares entry
points in one of four groups and is found once it is pip-installed. The kit's own
lanes, exporters, sections and templates register through the same groups, so there
is one registry and no special case. A plugin that cannot be loaded is reported by
name (a warning, and a line in ``cjm plugins``) and skipped; it never stops the kit.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from typing import Any

from .errors import CjmWarning
from .i18n import translate

GROUPS: dict[str, str] = {
    "lanes": "cjm_widgets.lanes",
    "exporters": "cjm_widgets.exporters",
    "report_sections": "cjm_widgets.report_sections",
    "templates": "cjm_widgets.templates",
}
"""Short name -> entry point group."""

OWN_PACKAGE = "cjm-widgets"


class PluginWarning(CjmWarning):
    """A plugin could not be loaded and was skipped."""


@dataclass(frozen=True)
class Plugin:
    """One entry point of one group: who provides it, and what it gave (or why not)."""

    group: str
    name: str
    target: str
    package: str
    version: str
    value: Any = field(default=None, compare=False, repr=False)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def builtin(self) -> bool:
        return self.package == OWN_PACKAGE


Check = Callable[[Any], Any]
"""Turns what an entry point loaded into the plugin's value, or raises TypeError."""


def _package(entry: metadata.EntryPoint) -> tuple[str, str]:
    dist = entry.dist
    if dist is None:
        return "?", "?"
    return str(dist.metadata["Name"]), str(dist.version)


class Registry:
    """Every plugin of every group, loaded on first use and kept."""

    def __init__(self, checks: dict[str, Check] | None = None) -> None:
        self._checks = checks or {}
        self._plugins: dict[str, list[Plugin]] = {}

    def plugins(self, kind: str) -> list[Plugin]:
        """Every entry point of group ``kind`` (``lanes``, ``exporters``, ...), broken ones too.

        The kit's own come first; a name already taken by an earlier plugin is refused.
        """
        if kind not in self._plugins:
            self._plugins[kind] = self._load(kind)
        return self._plugins[kind]

    def loaded(self, kind: str) -> dict[str, Any]:
        """Name -> value of the plugins of ``kind`` that loaded."""
        return {plugin.name: plugin.value for plugin in self.plugins(kind) if plugin.ok}

    def everything(self) -> list[Plugin]:
        return [plugin for kind in GROUPS for plugin in self.plugins(kind)]

    def _load(self, kind: str) -> list[Plugin]:
        entries = sorted(
            metadata.entry_points(group=GROUPS[kind]),
            key=lambda entry: (_package(entry)[0] != OWN_PACKAGE, _package(entry)[0], entry.name),
        )
        found: list[Plugin] = []
        taken: dict[str, str] = {}
        seen: set[tuple[str, str, str]] = set()
        for entry in entries:
            package, version = _package(entry)
            if (entry.name, entry.value, package) in seen:
                continue  # the same distribution found twice on sys.path
            seen.add((entry.name, entry.value, package))
            plugin = Plugin(GROUPS[kind], entry.name, entry.value, package, version)
            if entry.name in taken:
                error = translate("plugins.name_taken", name=entry.name, package=taken[entry.name])
                found.append(_broken(plugin, error))
                continue
            try:
                value = entry.load()
                check = self._checks.get(kind)
                if check is not None:
                    value = check(value)
            except Exception as error:  # a plugin's bug must not stop the kit
                found.append(_broken(plugin, f"{type(error).__name__}: {error}"))
                continue
            taken[entry.name] = package
            found.append(Plugin(**{**plugin.__dict__, "value": value}))
        return found


def _broken(plugin: Plugin, error: str) -> Plugin:
    warnings.warn(
        PluginWarning(
            translate(
                "plugins.broken", name=plugin.name, group=plugin.group, package=plugin.package,
                error=error,
            )
        ),
        stacklevel=4,
    )  # fmt: skip
    return Plugin(**{**plugin.__dict__, "error": error})


def _instance(kind: type) -> Check:
    """Entry points name a class or a factory; the registry keeps one instance of ``kind``."""

    def check(value: Any) -> Any:
        made = value() if callable(value) and not isinstance(value, kind) else value
        if not isinstance(made, kind):
            raise TypeError(translate("plugins.not_a", kind=kind.__name__))
        return made

    return check


def _callable(value: Any) -> Any:
    if not callable(value):
        raise TypeError(translate("plugins.not_callable"))
    return value


@cache
def registry() -> Registry:
    """The registry of this process (entry points are read once; ``refresh()`` reads again)."""
    from .exporters import Exporter
    from .layout.lane_base import Lane
    from .templates import template_from_plugin

    return Registry(
        {
            "lanes": _instance(Lane),
            "exporters": _instance(Exporter),
            "report_sections": _callable,
            "templates": template_from_plugin,
        }
    )


def refresh() -> Registry:
    """Forget what was loaded, so packages installed since are found."""
    registry.cache_clear()
    importlib.invalidate_caches()  # importlib.metadata caches what it found on sys.path
    return registry()


__all__ = ["GROUPS", "Plugin", "PluginWarning", "Registry", "refresh", "registry"]
