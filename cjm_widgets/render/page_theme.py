"""Whether the page showing the live views uses JupyterLab's dark theme.

The kernel cannot see the page, so the page tells it: ``PageTheme`` is a model-only
widget whose front end (``ThemeProbeModel`` in the kit's JupyterLab extension, loaded by
JupyterLab and by Voilà alike) reads the page's ``data-jp-theme-light`` and writes it
back into ``dark`` whenever the user switches themes. Where no front end answers (a
plain notebook without the extension, tests), ``dark`` stays False: the light map.

The code-free app is the exception: Voilà loads the extension but cannot run it (it
lacks JupyterLab's document manager, launcher and file browser, which the extension's
module imports), so ``cjm app --theme`` fixes the page's theme and tells the kernel in
``THEME_VARIABLE``; there ``page_theme()`` is an ``AppTheme`` and no probe is made. A
Voilà page opened from JupyterLab's panel names its theme in its address (``?theme=dark``
when JupyterLab is dark), which Voilà renders and gives its kernel as ``QUERY_STRING``.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

import ipywidgets as widgets
from traitlets import Bool, HasTraits, Unicode

from .._version import __version__
from ..layout.theme import THEME_VARIABLE

MODULE = "cjm-widgets"
"""The extension's npm name, under which it registers its widget models."""


class _Followed(HasTraits):
    dark = Bool(False)

    def follow(self, callback: Callable[[bool], None]) -> None:
        """Call ``callback(dark)`` on every switch, for as long as the bound method's
        object lives: a closed view is not kept alive by the page's theme."""
        method = weakref.WeakMethod(callback)

        def changed(change: dict[str, object]) -> None:
            bound = method()
            if bound is None:
                self.unobserve(changed, names="dark")
            else:
                bound(bool(change["new"]))

        self.observe(changed, names="dark")


class PageTheme(widgets.Widget, _Followed):  # type: ignore[misc]
    """``dark``: the page shows a dark theme; set by the page, observed by the views."""

    _model_name = Unicode("ThemeProbeModel").tag(sync=True)
    _model_module = Unicode(MODULE).tag(sync=True)
    _model_module_version = Unicode(f"^{__version__}").tag(sync=True)
    dark = Bool(False).tag(sync=True)


class AppTheme(_Followed):
    """The code-free app's theme, chosen when it started (``cjm app --theme``)."""


VOILA_VARIABLE = "VOILA_BASE_URL"
"""Set in every kernel Voilà starts (with the page's ``QUERY_STRING``)."""


def fixed_theme(environ: Mapping[str, str]) -> str | None:
    """The page's theme where it is fixed when the page opens (``cjm app --theme``, or a
    Voilà page's ``?theme=``), else None: a probe must ask the page."""
    if THEME_VARIABLE in environ:
        return environ[THEME_VARIABLE]
    if VOILA_VARIABLE in environ:
        query = parse_qs(environ.get("QUERY_STRING", "").lstrip("?"))
        return "dark" if query.get("theme") == ["dark"] else "light"
    return None


_shared: PageTheme | AppTheme | None = None


def page_theme() -> PageTheme | AppTheme:
    """The kernel's one source of the page's theme (made on first use): the app's fixed
    theme when ``cjm app`` named one, else a probe of the page."""
    global _shared
    fixed = fixed_theme(os.environ)
    if fixed is not None:
        if not isinstance(_shared, AppTheme):
            _shared = AppTheme(dark=fixed == "dark")
    elif not isinstance(_shared, PageTheme) or _shared.comm is None:
        _shared = PageTheme()
    return _shared
