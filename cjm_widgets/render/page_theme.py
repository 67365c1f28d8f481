"""Whether the page showing the live views uses JupyterLab's dark theme.

The kernel cannot see the page, so the page tells it: ``PageTheme`` is a model-only
widget whose front end (``ThemeProbeModel`` in the kit's JupyterLab extension, loaded by
JupyterLab and by Voilà alike) reads the page's ``data-jp-theme-light`` and writes it
back into ``dark`` whenever the user switches themes. Where no front end answers (a
plain notebook without the extension, tests), ``dark`` stays False: the light map.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import ipywidgets as widgets
from traitlets import Bool, Unicode

from .._version import __version__

MODULE = "cjm-widgets"
"""The extension's npm name, under which it registers its widget models."""


class PageTheme(widgets.Widget):  # type: ignore[misc]
    """``dark``: the page shows a dark theme; set by the page, observed by the views."""

    _model_name = Unicode("ThemeProbeModel").tag(sync=True)
    _model_module = Unicode(MODULE).tag(sync=True)
    _model_module_version = Unicode(f"^{__version__}").tag(sync=True)
    dark = Bool(False).tag(sync=True)

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


_shared: PageTheme | None = None


def page_theme() -> PageTheme:
    """The kernel's one probe of the page's theme (made on first use)."""
    global _shared
    if _shared is None or _shared.comm is None:
        _shared = PageTheme()
    return _shared
