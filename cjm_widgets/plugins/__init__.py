"""The plugin registry: lanes, exporters, report sections and templates.

The kit's own are registered in code when the registry is built; packages add theirs
the way Jupyter tools are extended, with entry points in one of four groups, found once
the package is pip-installed; a notebook adds one with ``cjm_widgets.register``. A plugin
may replace one of the kit's by its name (with a warning naming both). A plugin that
cannot be loaded is reported by name (a warning, and a line in ``cjm plugins``) and
skipped; it never stops the kit. Plugin authors import what they implement from
``cjm_widgets.api``.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from ..errors import CjmError
from ..i18n import translate
from ..plugin_hook import OWN_PACKAGE, Plugin, PluginWarning
from .core import Kind, Registration, Registry
from .kit import KINDS

GROUPS: dict[str, str] = {kind: spec.group for kind, spec in KINDS.items()}
"""Short name -> entry point group."""

_REGISTRATIONS: list[Registration] = []
"""What notebooks registered in this process, kept across ``refresh()``."""


@cache
def registry() -> Registry:
    """The registry of this process (entry points are read once; ``refresh()`` reads again)."""
    return Registry(KINDS, _REGISTRATIONS)


def refresh() -> Registry:
    """Read the installed packages' entry points again, so a plugin pip-installed since
    the registry was built is found without restarting the kernel; what ``register``
    added stays registered."""
    registry.cache_clear()
    importlib.invalidate_caches()  # importlib.metadata caches what it found on sys.path
    return registry()


def register(kind: str, name: str, obj: Any) -> Any:
    """Register ``obj`` as the ``kind`` (``lanes``, ``exporters``, ``report_sections``,
    ``templates``) called ``name`` in this process, checked as an entry point's would be,
    and return what the registry keeps (a lane or exporter class gives an instance).

    For a lane, exporter, section or template written in a notebook: no package needed.
    Using the name of one of the kit's own or an installed plugin's replaces it, with a
    warning; registering a name again replaces the earlier registration quietly.
    """
    if kind not in KINDS:
        raise CjmError(translate("plugins.unknown_kind", kind=kind, kinds=", ".join(KINDS)))
    if not isinstance(name, str) or not name.strip():
        raise CjmError(translate("plugins.blank_name", kind=kind))
    try:
        plugin = registry().add(kind, name, obj)
    except Exception as error:  # the check's TypeError, or the object's own failure
        problem = f"{type(error).__name__}: {error}"
        raise CjmError(
            translate("plugins.register_refused", name=name, kind=kind, error=problem)
        ) from error
    _REGISTRATIONS[:] = [r for r in _REGISTRATIONS if (r.kind, r.plugin.name) != (kind, name)]
    _REGISTRATIONS.append(Registration(kind, plugin))
    return plugin.value


__all__ = [
    "GROUPS",
    "KINDS",
    "OWN_PACKAGE",
    "Kind",
    "Plugin",
    "PluginWarning",
    "Registry",
    "refresh",
    "register",
    "registry",
]
