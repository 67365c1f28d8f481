"""Every page the kit makes loads nothing from outside the machine: an offline workshop
room has no internet. The handout's sections and page, the participants' page and the
app's Voilà template are read for addresses a browser would fetch (the real pages in
Chromium: tests/test_offline_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjm_widgets import launch
from cjm_widgets.i18n import supported_languages
from cjm_widgets.plugin_hook import registered
from cjm_widgets.reports.handout import page_html
from cjm_widgets.reports.registered import registered_sections
from cjm_widgets.room.page import participant_page
from cjm_widgets.server_guard import (
    OFFLINE_TEMPLATE,
    TEMPLATE_ROOT,
    local_mathjax,
    make_template_findable,
)
from cjm_widgets.workshop import Workshop
from tests.offline import external_references


def test_the_reference_finder_sees_what_a_browser_would_fetch() -> None:
    page = (
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/a.css">'
        "<script src='//cdnjs.cloudflare.com/m.js'></script>"
        "<style>@import 'https://fonts.googleapis.com/css'; b { background: url(http://x.org/i.png) }</style>"
        '<img src="/voila/static/ok.png"><a href="https://example.org/source">a source</a>'
    )  # fmt: skip
    assert external_references(page) == [
        "//cdnjs.cloudflare.com/m.js",
        "http://x.org/i.png",
        "https://cdn.jsdelivr.net/a.css",
        "https://fonts.googleapis.com/css",
    ]


@pytest.mark.parametrize("lang", supported_languages())
def test_the_participants_page_fetches_nothing_from_outside(lang: str) -> None:
    page = participant_page("Paying the bill", lang, "nonce")
    assert "<script" in page  # its script is inline
    assert external_references(page) == []


def test_every_handout_section_and_the_page_fetch_nothing_from_outside(sample: Workshop) -> None:
    section = registered_sections(sample, None, "en")
    names = sorted(registered().builtins("report_sections"))
    assert {"journey_maps", "priority_matrix", "emotion_curves"} <= set(names)
    shown = [section(name) for name in names]
    body = "".join(made._repr_html_() for made in shown if made is not None)
    assert "<svg" in body  # the maps and charts are in it
    page = page_html(body, title=sample.title, subtitle="", lang="en", generated="2026-12-06")
    assert "@font-face" in page  # the font travels inside the page
    assert external_references(page) == []


def test_the_app_page_uses_the_kit_s_offline_voila_template(tmp_path: Path) -> None:
    from voila.paths import collect_template_paths

    path = tmp_path / "workshop.cjm.json"
    notebook = json.loads(launch.app_notebook(path).read_text(encoding="utf-8"))
    assert notebook["metadata"]["voila"]["template"] == OFFLINE_TEMPLATE
    environ: dict[str, str] = {"JUPYTER_PATH": "/elsewhere"}
    make_template_findable(environ)
    make_template_findable(environ)  # once is enough
    assert environ["JUPYTER_PATH"].split(":") == [str(TEMPLATE_ROOT), "/elsewhere"]
    own = TEMPLATE_ROOT / "voila" / "templates" / OFFLINE_TEMPLATE
    template = (own / "index.html.j2").read_text(encoding="utf-8")
    assert "fontawesome" not in template.lower() and external_references(template) == []
    make_template_findable()
    assert str(own) == collect_template_paths(["voila", "nbconvert"], OFFLINE_TEMPLATE)[0]


def test_an_app_notebook_an_earlier_version_wrote_is_updated_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "workshop.cjm.json"
    written = launch.app_notebook(path)
    earlier = json.loads(written.read_text(encoding="utf-8"))
    del earlier["metadata"]["voila"]
    written.write_text(json.dumps(earlier, indent=1) + "\n", encoding="utf-8")
    assert launch.app_notebook(path) == written
    assert json.loads(written.read_text(encoding="utf-8"))["metadata"]["voila"]


def test_voila_pages_in_a_jupyter_server_use_the_mathjax_they_carry() -> None:
    from voila.configuration import VoilaConfiguration
    from voila.utils import get_page_config

    settings: dict[str, object] = {}
    local_mathjax(settings)
    page = get_page_config(
        base_url="/", settings=settings, log=None, voila_configuration=VoilaConfiguration()
    )
    assert page["fullMathjaxUrl"] is None and page["mathjaxConfig"] is None
    chosen = {"mathjax_url": "/static/mathjax/tex-chtml.js"}
    local_mathjax(chosen)
    assert chosen["mathjax_url"] == "/static/mathjax/tex-chtml.js"  # a server's own choice kept


@pytest.mark.parametrize("lang", supported_languages())
def test_the_facilitator_s_printable_pages_fetch_nothing_from_outside(lang: str) -> None:
    from cjm_widgets.guide import guide_html, persona_canvas_html, touchpoint_card_html

    pages = [guide_html(lang), guide_html(lang, "second-workshop")]
    pages += [persona_canvas_html(lang), touchpoint_card_html(lang)]
    assert all("<h1" in page or "<h2" in page for page in pages)
    assert [external_references(page) for page in pages] == [[], [], [], []]
