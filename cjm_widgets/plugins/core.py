"""The registry's mechanics: the kit's own first, entry points on top, notebooks' last.

Each kind (lanes, exporters, ...) is loaded on first use: its built-ins are registered
in code, so a source checkout, a zipapp or a frozen install without the package's
metadata has every lane; then the entry points of installed packages are read (the kit's
own distribution's are ignored: its built-ins are already here); then what notebooks
registered with ``cjm_widgets.register``. A plugin may replace a built-in by using its
name, with a warning naming both; a plugin that cannot be loaded, or takes a name
another plugin has, is named in a warning and skipped. It never stops the kit.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from .._version import __version__
from ..i18n import translate
from ..plugin_hook import OWN_PACKAGE, Plugin, PluginWarning

Check = Callable[[Any], Any]
"""Turns what was registered into the value kept (an instance, a path), or raises TypeError."""


@dataclass(frozen=True)
class Kind:
    """One kind of plugin: its entry point group, the kit's own, and how a value is checked."""

    group: str
    builtins: Callable[[], Mapping[str, Any]]
    check: Check


@dataclass(frozen=True)
class Registration:
    """``cjm_widgets.register(kind, name, obj)`` from a notebook, already checked."""

    kind: str
    plugin: Plugin


EntryPoints = Callable[[str], Iterable[metadata.EntryPoint]]


def scanned_once() -> EntryPoints:
    """The installed entry points of a group, the installed distributions read once for
    every group: each read walks all of them (10 ms in a JupyterLab environment), and a
    map's export asks for two groups (lanes, exporters)."""
    found: list[Any] = []  # EntryPoints, or SelectableGroups before Python 3.12

    def of_group(group: str) -> Iterable[metadata.EntryPoint]:
        if not found:
            found.append(metadata.entry_points())
        return cast(Iterable[metadata.EntryPoint], found[0].select(group=group))

    return of_group


def _package(entry: metadata.EntryPoint) -> tuple[str, str]:
    dist = entry.dist
    if dist is None:
        return "?", "?"
    return str(dist.metadata["Name"]), str(dist.version)


def _is_own(package: str) -> bool:
    return re.sub(r"[-_.]+", "-", package).lower() == OWN_PACKAGE


def target_of(value: Any) -> str:
    """Where a value registered in code comes from, as an entry point would name it."""
    if isinstance(value, str | Path):
        return str(value)
    named = value if hasattr(value, "__qualname__") else type(value)
    return f"{named.__module__}:{named.__qualname__}"


class Registry:
    """Every plugin of every kind, loaded on first use and kept."""

    def __init__(
        self,
        kinds: Mapping[str, Kind],
        registrations: Sequence[Registration] = (),
        entry_points: EntryPoints | None = None,
    ) -> None:
        self._kinds = kinds
        self._registrations = registrations
        self._entry_points = entry_points or scanned_once()
        self._plugins: dict[str, list[Plugin]] = {}
        self._builtins: dict[str, dict[str, Any]] = {}

    def plugins(self, kind: str) -> list[Plugin]:
        """Every plugin of ``kind`` (``lanes``, ``exporters``, ...), broken ones too: the
        kit's own first (a replaced one gives its place to the replacement)."""
        if kind not in self._plugins:
            self._plugins[kind] = self._load(kind)
        return self._plugins[kind]

    def loaded(self, kind: str) -> dict[str, Any]:
        """Name -> value of the plugins of ``kind`` that loaded."""
        return {plugin.name: plugin.value for plugin in self.plugins(kind) if plugin.ok}

    def builtins(self, kind: str) -> dict[str, Any]:
        """Name -> value of the kit's own ``kind``, whether or not a plugin replaced one."""
        self.plugins(kind)
        return dict(self._builtins[kind])

    def everything(self) -> list[Plugin]:
        return [plugin for kind in self._kinds for plugin in self.plugins(kind)]

    def add(self, kind: str, name: str, value: Any) -> Plugin:
        """Register ``value`` under ``name`` now (checked like an entry point's, TypeError
        if it is not right), replacing any plugin of that name with a warning naming both;
        a notebook's earlier registration of the name is replaced silently."""
        made = self._kinds[kind].check(value)
        module = target_of(value).partition(":")[0]
        plugin = Plugin(self._kinds[kind].group, name, target_of(value), module, "", made)
        found = self.plugins(kind)
        earlier = _holder(found, name)
        again = any(r.kind == kind and r.plugin.name == name for r in self._registrations)
        if earlier is not None and not again:
            _warn("plugins.replaces", plugin, previous=found[earlier])
        _place(found, earlier, plugin)
        return plugin

    def _load(self, kind: str) -> list[Plugin]:
        spec = self._kinds[kind]
        found = [
            _checked(Plugin(spec.group, name, target_of(value), OWN_PACKAGE, __version__),
                     partial(_given, value), spec.check)
            for name, value in spec.builtins().items()
        ]  # fmt: skip
        self._builtins[kind] = {plugin.name: plugin.value for plugin in found if plugin.ok}
        for plugin, load in self._installed(spec.group):
            earlier = _holder(found, plugin.name)
            if earlier is not None and not found[earlier].builtin:
                error = translate(
                    "plugins.name_taken", name=plugin.name, package=found[earlier].package
                )
                found.append(_broken(plugin, error))
                continue
            loaded = _checked(plugin, load, spec.check)
            if loaded.ok and earlier is not None:
                _warn("plugins.replaces", loaded, previous=found[earlier])
            _place(found, earlier if loaded.ok else None, loaded)
        for registration in self._registrations:
            if registration.kind == kind:
                _place(found, _holder(found, registration.plugin.name), registration.plugin)
        return found

    def _installed(self, group: str) -> list[tuple[Plugin, Callable[[], Any]]]:
        """Every entry point of ``group`` but the kit's own, once each, by package and name."""
        entries = sorted(
            self._entry_points(group), key=lambda entry: (_package(entry)[0], entry.name)
        )
        seen: set[tuple[str, str, str]] = set()
        found = []
        for entry in entries:
            package, version = _package(entry)
            if _is_own(package) or (entry.name, entry.value, package) in seen:
                continue  # the kit's stale metadata, or a distribution found twice on sys.path
            seen.add((entry.name, entry.value, package))
            found.append((Plugin(group, entry.name, entry.value, package, version), entry.load))
        return found


def _given(value: Any) -> Any:
    return value


def _holder(found: list[Plugin], name: str) -> int | None:
    """Where the plugin that loaded under ``name`` is, if one did."""
    return next((i for i, plugin in enumerate(found) if plugin.ok and plugin.name == name), None)


def _place(found: list[Plugin], at: int | None, plugin: Plugin) -> None:
    if at is None:
        found.append(plugin)
    else:
        found[at] = plugin


def _checked(plugin: Plugin, load: Callable[[], Any], check: Check) -> Plugin:
    """``plugin`` with the value ``load`` gives, checked; or broken, with a warning."""
    try:
        return replace(plugin, value=check(load()))
    except Exception as error:  # a plugin's bug must not stop the kit
        return _broken(plugin, f"{type(error).__name__}: {error}")


def _broken(plugin: Plugin, error: str) -> Plugin:
    _warn("plugins.broken", plugin, error=error)
    return replace(plugin, error=error)


def _warn(key: str, plugin: Plugin, previous: Plugin | None = None, error: str = "") -> None:
    extra = {"previous": previous.package, "target": previous.target} if previous else {}
    message = translate(
        key, name=plugin.name, group=plugin.group, package=plugin.package, error=error, **extra
    )
    warnings.warn(PluginWarning(message), stacklevel=4)


__all__ = ["Check", "Kind", "Registration", "Registry", "scanned_once", "target_of"]
