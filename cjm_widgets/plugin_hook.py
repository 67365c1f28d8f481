"""How the layers below the plugin registry ask it what is registered, without importing it.

The registry (``cjm_widgets.plugins``) sits at the outer edge: it knows the kit's own
lanes, exporters, report sections and templates, and loading a plugin imports the
plugin's code. The layout's default lanes, the report's sections, ``cjm report``'s
templates and ``cjm export``'s formats are looked up from below it, so they ask this
hook, which the package connects to the registry when it is imported
(``cjm_widgets/__init__.py``). Imports keep running one way: up to down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import CjmWarning

OWN_PACKAGE = "cjm-widgets"
"""The distribution of the kit itself: its built-ins are registered in code, never
through its (possibly stale) entry point metadata."""


class PluginWarning(CjmWarning):
    """A plugin could not be loaded, failed, gave the wrong thing, or replaced a built-in."""


@dataclass(frozen=True)
class Plugin:
    """One registered lane, exporter, section or template: who provides it, and what it
    gave (or why not)."""

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
        """One of the kit's own (not a plugin's replacement of it)."""
        return self.package == OWN_PACKAGE


class Lookup(Protocol):
    """What the lower layers may ask the registry."""

    def plugins(self, kind: str) -> list[Plugin]:
        """Every registered ``kind`` in order (the kit's own first), broken ones too."""

    def loaded(self, kind: str) -> dict[str, Any]:
        """Name -> value of every ``kind`` that loaded, plugins' replacements included."""

    def builtins(self, kind: str) -> dict[str, Any]:
        """Name -> value of the kit's own ``kind`` alone, even where a plugin replaced one."""


_source: list[Callable[[], Lookup]] = []


def connect(source: Callable[[], Lookup]) -> None:
    """Answer every later lookup from ``source()`` (the package does this once, on import)."""
    _source[:] = [source]


def registered() -> Lookup:
    """The registry of this process."""
    if not _source:  # only while the package itself is still being imported
        raise RuntimeError("cjm_widgets.plugin_hook is not connected to the plugin registry")
    return _source[0]()


__all__ = ["OWN_PACKAGE", "Lookup", "Plugin", "PluginWarning", "connect", "registered"]
