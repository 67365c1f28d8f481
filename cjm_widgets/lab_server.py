"""The Jupyter server side of the JupyterLab extension: what the browser cannot do alone.

A new workshop file (empty, the sample, or one of the library's journey templates), the
handout behind "Export handout", the code-free app's page on the same server (Voilà's
server extension) and the extension's strings from the project's catalogs. Every route
is an ``APIHandler`` behind the server's token and XSRF check, like the rest of
JupyterLab; paths are the contents manager's, and never leave its root.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from .errors import CjmError, StoreError
from .i18n import SOURCE_LANGUAGE, catalog, check_language, supported_languages, translate

ROUTE = "cjm-widgets"
"""The extension's API namespace under the server's base URL."""

STRING_PREFIX = "lab."
"""Catalog keys of the extension's own strings (sent to the browser without the prefix)."""

STARTS = ("empty", "sample")
"""What a new workshop can start from besides a journey template: nothing, or the sample."""

TEMPLATE_START = "template:"
"""A start naming a journey template: ``template:late-payment``."""

_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def strings(lang: str) -> dict[str, str]:
    """The extension's strings in ``lang``, keyed without the ``lab.`` prefix."""
    check_language(lang)
    return {
        key.removeprefix(STRING_PREFIX): str(translate(key, lang))
        for key in catalog(SOURCE_LANGUAGE)
        if key.startswith(STRING_PREFIX)
    }


def template_starts(lang: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each journey template as a start: its label (the title in ``lang``, or in its first
    language if it is not written in ``lang``) and the languages it is written in."""
    from .library import journey_templates  # the model loads on first use

    labels: dict[str, str] = {}
    coverage: dict[str, list[str]] = {}
    for name, template in journey_templates().items():
        shown = lang if lang in template.languages else template.languages[0]
        key = f"{TEMPLATE_START}{name}"
        labels[key] = str(translate("lab.start.template", lang, title=template.title(shown)))
        coverage[key] = list(template.languages)
    return labels, coverage


def strings_payload(lang: str) -> dict[str, Any]:
    """What the extension asks for when it starts: its strings in ``lang``, the languages,
    what a new workshop can start from and the languages each template is written in
    (``src/english.json`` holds it for English, shown when the server cannot be asked)."""
    labels, coverage = template_starts(lang)
    return {
        "lang": lang,
        "languages": list(supported_languages()),
        "starts": {start: str(translate(f"lab.start.{start}", lang)) for start in STARTS} | labels,
        "coverage": coverage,
        "strings": strings(lang),
    }


def file_name(title: str) -> str:
    """``TITLE.cjm.json``: the title with the characters file systems refuse replaced."""
    stem = _UNSAFE_IN_NAME.sub("-", title).strip().lstrip(".").strip()
    if not any(character.isalnum() for character in stem):
        raise CjmError(translate("lab.error.title_needed"))
    return f"{stem}.cjm.json"


def inside(root: Path, relative: str) -> Path:
    """``relative`` (a contents path) under ``root``; a path that leaves the root is refused."""
    base = root.resolve()
    target = (base / relative.strip("/")).resolve()
    if not target.is_relative_to(base):
        raise CjmError(translate("lab.error.outside_root", path=relative))
    return target


def contents_path(root: Path, path: Path) -> str:
    """The contents manager's path of a file under ``root`` (``/``-separated, no leading ``/``)."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def create_workshop(root: Path, folder: str, title: str, lang: str, start: str) -> Path:
    """``TITLE.cjm.json`` in ``folder``: empty, the sample journey under the new title, or
    a journey template in ``lang`` (titled as the template when no title is given)."""
    from .library import journey_template  # the model and pandas load on first use, not
    from .samples import sample_workshop  # with the server
    from .workshop import Workshop

    check_language(lang)
    template = None
    if start.startswith(TEMPLATE_START):
        template = journey_template(start.removeprefix(TEMPLATE_START))
        if not title.strip():
            title = template.title(lang)  # a language it lacks is refused here, by name
    elif start not in STARTS:
        choices = ", ".join([*STARTS, f"{TEMPLATE_START}NAME"])
        raise CjmError(translate("lab.error.unknown_start", value=start, choices=choices))
    directory = inside(root, folder)
    if not directory.is_dir():
        raise CjmError(translate("lab.error.no_folder", path=folder or "/"))
    target = directory / file_name(title)
    if target.exists():
        raise StoreError(translate("cli.exists", path=contents_path(root, target)), target)
    if template is not None:
        workshop = template.workshop(lang)
        workshop.title = title.strip()
    elif start == "sample":
        workshop = sample_workshop()
        workshop.title = title.strip()  # checked on assignment, like every model field
        workshop.language = lang
    else:
        workshop = Workshop(title=title.strip(), language=lang)
    workshop.save(target)
    return target


def handout_template(root: Path, value: str) -> str:
    """The template a handout may run: a registered name, a registered template's own
    file, or a notebook under ``root``; any other path is refused before a kernel starts,
    so a request cannot run a notebook from elsewhere on the server."""
    from .templates import report_templates

    known = report_templates()
    if value in known:
        return value
    choices = ", ".join(sorted(known))
    base = root.resolve()
    candidate = (base / value.strip("/")).resolve()
    if not candidate.is_file() and Path(value).is_absolute():
        candidate = Path(value).resolve()
    registered = {path.resolve() for path in known.values()}
    if not candidate.is_relative_to(base) and candidate not in registered:
        raise CjmError(translate("lab.error.template_outside", path=value, choices=choices))
    if candidate.suffix != ".ipynb" or not candidate.is_file():
        raise CjmError(translate("lab.error.no_template", value=value, choices=choices))
    return str(candidate)


def export_handout(path: Path, template: str, lang: str | None) -> Path:
    """Run the report template on the workshop; the HTML handout beside it."""
    from .reports.run import render

    outcome = render([path], template=template, lang=lang)[0]
    if not outcome.ok:
        raise CjmError(translate("lab.error.report_failed", error=outcome.error))
    return next(written for written in outcome.written if written.suffix == ".html")


def voila_enabled(server_app: Any) -> bool:
    """Whether Voilà serves pages on this server (its server extension is enabled)."""
    extensions = getattr(getattr(server_app, "extension_manager", None), "extensions", {})
    return any(name.split(".")[0] == "voila" and ext.enabled for name, ext in extensions.items())


class _Handler(APIHandler):
    """JSON in and out; a ``CjmError`` is a 400 with its message in the request's language."""

    @property
    def root(self) -> Path:
        return Path(self.contents_manager.root_dir)

    def language(self, body: dict[str, Any] | None = None) -> str:
        chosen = (body or {}).get("lang") or self.get_query_argument("lang", SOURCE_LANGUAGE)
        return str(chosen) if chosen in supported_languages() else SOURCE_LANGUAGE

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError as error:
            raise web.HTTPError(400, "The request body is not JSON") from error
        if not isinstance(data, dict):
            raise web.HTTPError(400, "The request body is not a JSON object")
        return data

    def refuse(self, error: CjmError, lang: str) -> None:
        self.set_status(400)
        self.finish(json.dumps({"message": error.translated(lang)}))

    def workshop_file(self, body: dict[str, Any]) -> Path:
        path = inside(self.root, str(body.get("path", "")))
        if not path.is_file():
            raise CjmError(translate("lab.error.no_workshop", path=body.get("path", "")))
        return path


class StringsHandler(_Handler):
    @web.authenticated
    def get(self) -> None:
        self.finish(json.dumps(strings_payload(self.language())))


class WorkshopsHandler(_Handler):
    @web.authenticated
    def post(self) -> None:
        body = self.body()
        lang = self.language(body)
        try:
            target = create_workshop(
                self.root,
                str(body.get("folder", "")),
                str(body.get("title", "")),
                str(body.get("language", lang)),
                str(body.get("start", "empty")),
            )
        except CjmError as error:
            self.refuse(error, lang)
            return
        self.set_status(201)
        self.finish(json.dumps({"path": contents_path(self.root, target)}))


class HandoutHandler(_Handler):
    @web.authenticated
    async def post(self) -> None:
        body = self.body()
        lang = self.language(body)
        try:
            path = self.workshop_file(body)
            template = handout_template(self.root, str(body.get("template") or "report"))
            report_lang = body.get("reportLanguage") or None
            html = await asyncio.to_thread(export_handout, path, template, report_lang)
        except CjmError as error:
            self.refuse(error, lang)
            return
        self.finish(json.dumps({"path": contents_path(self.root, html)}))


class AppHandler(_Handler):
    @web.authenticated
    def post(self) -> None:
        body = self.body()
        lang = self.language(body)
        try:
            path = self.workshop_file(body)
            if not voila_enabled(self.serverapp):
                raise CjmError(translate("lab.error.no_voila", path=path.name))
            from .launch import app_notebook

            notebook = app_notebook(path)
        except CjmError as error:
            self.refuse(error, lang)
            return
        page = url_path_join(self.base_url, "voila", "render", contents_path(self.root, notebook))
        self.finish(json.dumps({"url": page}))


def handlers(base_url: str) -> list[tuple[str, type[APIHandler]]]:
    def route(name: str) -> str:
        return str(url_path_join(base_url, ROUTE, name))

    return [
        (route("strings"), StringsHandler),
        (route("workshops"), WorkshopsHandler),
        (route("handout"), HandoutHandler),
        (route("app"), AppHandler),
    ]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Add the routes; enabled by ``jupyter_server_config.d/cjm_widgets.json`` on install.
    This server's Voilà pages (the app window) get the offline template and local MathJax,
    its kernels' websockets send at once (a drag on the map feels it)."""
    from .server_guard import local_mathjax, make_template_findable, prompt_kernel_messages

    make_template_findable()
    web_app = server_app.web_app
    local_mathjax(web_app.settings)
    prompt_kernel_messages(web_app.settings)
    web_app.add_handlers(".*$", handlers(web_app.settings["base_url"]))
