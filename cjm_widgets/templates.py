"""The notebook templates: the kit's own, where they are, and the ones plugins add.

Report templates (``cjm report --template NAME``) are registered by name: the kit's
``report``, ``followup``, ``monitor`` and ``inspiration`` in code, a package's in the
``cjm_widgets.templates`` entry point group, a notebook's with ``cjm_widgets.register``.
Each names a function returning the notebook's path (or the path itself). The
facilitator's ``workshop`` notebook is not a report template: ``cjm lab`` finds it with
``bundled_template``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from .i18n import translate
from .plugin_hook import registered


def bundled_template(name: str) -> Path | None:
    """The path of a shipped template (``workshop``, ``report``, ``followup``), if present."""
    packaged = resources.files("cjm_widgets").joinpath("templates", "notebooks", f"{name}.ipynb")
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "templates" / "notebooks" / f"{name}.ipynb"
    return source if source.is_file() else None


def _shipped(name: str) -> Callable[[], Path | None]:
    def find() -> Path | None:
        return bundled_template(name)

    find.__name__ = find.__qualname__ = f"{name}_template"
    return find


report_template = _shipped("report")
followup_template = _shipped("followup")
monitor_template = _shipped("monitor")
inspiration_template = _shipped("inspiration")


def template_from_plugin(value: Any) -> Path:
    """What was registered as a template (a path, or a function returning one), as the
    path of a notebook."""
    found = value() if callable(value) else value
    path = Path(found) if isinstance(found, str | Path) else None
    if path is None or path.suffix != ".ipynb" or not path.is_file():
        raise TypeError(translate("plugins.not_a_notebook", value=found))
    return path


def report_templates() -> dict[str, Path]:
    """Every report template that loaded, by the name ``cjm report --template`` takes."""
    return registered().loaded("templates")
