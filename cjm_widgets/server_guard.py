"""Tighter defaults for the Jupyter servers that ``cjm lab`` and ``cjm app`` start.

Jupyter servers skip the Origin check for token-authenticated requests, so a page on
another site that learned the token could open a kernel websocket. Here every request
with an Origin header must come from the server's own address, token or not.
Voilà's template file handler answers a malformed path (``/voila/templates/../..``)
with a 500 and a traceback in the log; here it is a plain 404.
The app's page uses the kit's own Voilà template (``share/voila/templates/cjm``), which
loads nothing from outside the machine: Voilà's lab template links Font Awesome from a
CDN that an offline workshop room cannot reach; in a JupyterLab, its pages would also
load MathJax from one.
The kernel's websocket sends at once (Nagle's algorithm off): Jupyter servers leave it
on, so a message written right after another, as a map's drawing after the kernel's
"busy", waited for the browser's delayed acknowledgement, about 40 ms each time.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web


class OriginCheckingIdentityProvider(PasswordIdentityProvider):
    """Token login as usual, but cross-origin requests are refused even with the token."""

    def should_check_origin(self, handler: web.RequestHandler) -> bool:
        return True


IDENTITY_PROVIDER = f"{__name__}.{OriginCheckingIdentityProvider.__name__}"
"""The dotted name to pass as ``identity_provider_class`` to a Jupyter server or Voilà."""


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """The kernel's websocket as usual, but each message sent as soon as it is written."""

    def connect(self) -> asyncio.Future[None] | None:  # type: ignore[override]  # as theirs
        self.websocket_handler.set_nodelay(True)
        return super().connect()


KERNEL_CONNECTION = f"{__name__}.{PromptKernelConnection.__name__}"
"""The dotted name to pass as ``kernel_websocket_connection_class`` to a server or Voilà."""


def prompt_kernel_messages(settings: MutableMapping[str, Any]) -> None:
    """A Jupyter server the kit did not start (the lab with the kit's server extension:
    its panel and notebooks) gets prompt kernel websockets too, unless it chose its own."""
    if settings.get("kernel_websocket_connection_class") is ZMQChannelsWebsocketConnection:
        settings["kernel_websocket_connection_class"] = PromptKernelConnection


def safe_template_handler() -> type[web.StaticFileHandler]:
    """Voilà's template static handler, answering 404 to paths it cannot parse."""
    from voila.static_file_handler import TemplateStaticFileHandler

    class SafeTemplateStaticFileHandler(TemplateStaticFileHandler):  # type: ignore[misc]
        def parse_url_path(self, path: str) -> str:
            if not _is_template_static_path(path):
                raise web.HTTPError(404)
            return str(super().parse_url_path(path))

        @classmethod
        def get_absolute_path(cls, root: str, path: str) -> str:
            if not _is_template_static_path(path):
                raise web.HTTPError(404)
            return str(super().get_absolute_path(root, path))

    return SafeTemplateStaticFileHandler


def _is_template_static_path(path: str) -> bool:
    """``<template>/static/<file>`` with no empty, ``.`` or ``..`` part."""
    parts = path.replace("\\", "/").split("/")
    return (
        len(parts) >= 3
        and parts[1] == "static"
        and all(part not in ("", ".", "..") for part in parts)
    )


OFFLINE_TEMPLATE = "cjm"
"""The kit's Voilà template: the app notebook names it in its metadata."""

TEMPLATE_ROOT = Path(__file__).resolve().parent / "share"
"""A Jupyter data directory holding ``voila/templates/cjm``."""


def make_template_findable(environ: MutableMapping[str, str] | None = None) -> None:
    """Put the kit's data directory on ``JUPYTER_PATH``, where Voilà looks for templates,
    so the offline template is found even when pip has not copied it to ``share/jupyter``
    (an editable install). Voilà reads the path when it renders a page."""
    environ = os.environ if environ is None else environ
    parts = [part for part in environ.get("JUPYTER_PATH", "").split(os.pathsep) if part]
    if str(TEMPLATE_ROOT) not in parts:
        environ["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATE_ROOT), *parts])


def local_mathjax(settings: MutableMapping[str, Any]) -> None:
    """Voilà pages served by a Jupyter server (the lab's app window) load MathJax from
    cdnjs unless the server's settings name none; named as none, Voilà uses the MathJax
    bundled in its own page, as ``cjm app`` does."""
    settings.setdefault("mathjax_url", None)
    settings.setdefault("mathjax_config", None)


def run_voila(
    argv: list[str] | None = None,
    extra_handlers: Callable[[str], list[Any]] | None = None,
) -> Any:
    """Voilà's own entry point with the guarded handler and identity provider in place;
    ``extra_handlers(base_url)`` (the room's pages) come before Voilà's catch-all page."""
    import voila.app

    make_template_findable()
    voila.app.TemplateStaticFileHandler = safe_template_handler()
    if extra_handlers is None:
        return voila.app.main(argv)
    extra = extra_handlers

    class VoilaWithExtras(voila.app.Voila):  # type: ignore[misc]
        def init_handlers(self) -> list[Any]:
            return [*extra(self.server_url), *super().init_handlers()]

    return VoilaWithExtras.launch_instance(argv)


if __name__ == "__main__":  # pragma: no cover - run as a server process by cjm app
    run_voila()
