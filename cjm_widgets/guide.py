"""The facilitator's guide and the printable workshop canvases, in the workshop's language.

The guides are written by hand per language (``facilitation/<lang>/guide.md``, and
``second-workshop.md`` for the session that rates solutions with the library's
inspiration material); this module turns them into printable pages. The canvases (a
persona canvas and a touchpoint card, one A4 page each) are drawn here from the catalog's
labels, so they always match the app's wording.
"""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path

import mistune

from .errors import CjmError
from .fonts import CSS_FAMILY, embedded_font_css
from .i18n import check_language, translate
from .store import make_folder, write_file

PAGE_STYLE = """
* { box-sizing: border-box; }
body { font-family: FONT; color: #1A1A1A; margin: 0; line-height: 1.5; }
main { max-width: 860px; margin: 0 auto; padding: 28px 32px 56px; }
h1 { font-size: 30px; margin: 0 0 12px; } h2 { font-size: 22px; margin-top: 30px;
  border-bottom: 2px solid #D0D3D9; padding-bottom: 4px; } h3 { font-size: 17px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid #D0D3D9; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #F4F5F7; }
code { background: #F4F5F7; padding: 1px 4px; border-radius: 3px; }
.sheet { width: 277mm; height: 190mm; display: grid; gap: 4mm; }
.sheet h1 { font-size: 22px; margin: 0; }
.sheet .hint { color: #5C5C5C; font-size: 13px; margin: 0; }
.box { border: 1.5px solid #1A1A1A; border-radius: 3mm; padding: 2mm 3mm; }
.box b { display: block; font-size: 13px; }
.persona { grid-template-columns: 1fr 1fr 1fr; grid-template-rows: auto auto 1fr 1fr; }
.persona .head { grid-column: 1 / 4; display: flex; justify-content: space-between;
  align-items: end; }
.persona .who { grid-row: 3 / 5; }
.card { grid-template-columns: 1fr 1fr; grid-template-rows: auto auto auto 1fr 1fr auto; }
.card .head { grid-column: 1 / 3; display: flex; justify-content: space-between; align-items: end; }
.card .wide { grid-column: 1 / 3; }
.scale { display: flex; gap: 6mm; font-size: 15px; }
.scale span { border: 1.5px solid #1A1A1A; border-radius: 50%; width: 10mm; height: 10mm;
  display: inline-flex; align-items: center; justify-content: center; }
.fill { border-bottom: 1px solid #8C8C8C; display: inline-block; min-width: 50mm; }
@media print { @page { size: A4; margin: 14mm; } main { max-width: none; padding: 0; }
  h2 { break-after: avoid; } table { break-inside: avoid; } }
"""


def _page(title: str, body: str, lang: str, landscape: bool = False) -> str:
    size = "@media print { @page { size: A4 landscape; margin: 10mm; } }" if landscape else ""
    style = PAGE_STYLE.replace("FONT", CSS_FAMILY) + size
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{embedded_font_css()}{style}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


GUIDES = {"guide": "guide.title", "second-workshop": "guide.second_title"}
"""The guides each language has (the whole project, the second workshop in detail) and
the catalog key of each one's title."""


def guide_source(lang: str, name: str = "guide") -> Path:
    """The facilitator's guide ``name`` in ``lang`` (Markdown), shipped with the package."""
    check_language(lang)
    packaged = resources.files("cjm_widgets").joinpath("facilitation", lang, f"{name}.md")
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "facilitation" / lang / f"{name}.md"
    if source.is_file():
        return source
    raise CjmError(translate("guide.missing", lang, value=lang))


def guide_html(lang: str, name: str = "guide") -> str:
    text = guide_source(lang, name).read_text(encoding="utf-8")
    body = mistune.html(text)
    return _page(translate(GUIDES[name], lang), str(body), lang)


def _box(label: str, classes: str = "") -> str:
    return f'<div class="box {classes}"><b>{html.escape(label)}</b></div>'


def _sheet_head(lang: str, sheet: str) -> str:
    """A canvas's title and hint, with lines for the workshop's name and the date."""

    def t(key: str) -> str:
        return html.escape(translate(key, lang))

    return (
        f'<div class="head"><div><h1>{t(f"canvas.{sheet}.title")}</h1>'
        f'<p class="hint">{t(f"canvas.{sheet}.hint")}</p></div>'
        f'<div>{t("canvas.workshop")}: <span class="fill"></span> {t("canvas.date")}: '
        f'<span class="fill"></span></div></div>'
    )


def persona_canvas_html(lang: str) -> str:
    """A one-page persona canvas: who, job to be done, goals, needs, challenges, feelings."""
    head = _sheet_head(lang, "persona")
    boxes = [
        _box(translate("persona.name", lang)),
        _box(translate("persona.segment", lang)),
        _box(translate("persona.job", lang)),
        _box(translate("persona.description", lang), "who"),
        _box(translate("persona.goals", lang)),
        _box(translate("persona.needs", lang)),
        _box(translate("persona.challenges", lang)),
        _box(translate("persona.excites", lang) + " / " + translate("persona.fears", lang)),
    ]
    body = f'<section class="sheet persona">{head}{"".join(boxes)}</section>'
    return _page(translate("canvas.persona.title", lang), body, lang, landscape=True)


def touchpoint_card_html(lang: str) -> str:
    """A one-page touchpoint card: where, what the customer does and thinks, emotion, pains."""

    def t(key: str) -> str:
        return html.escape(translate(key, lang))

    head = _sheet_head(lang, "touchpoint")
    scale = "".join(
        f'<span title="{t(f"emotion.{score}")}">{score}</span>' for score in range(1, 6)
    )
    emotion = (
        f'<div class="box wide"><b>{t("touchpoint.emotion")}</b>'
        f'<div class="scale">{scale}</div><b>{t("touchpoint.feeling")}</b> '
        f'<span class="fill"></span> &#9744; {t("touchpoint.moment_of_truth")}</div>'
    )
    boxes = [
        _box(translate("touchpoint.title", lang)),
        _box(translate("touchpoint.stage", lang) + " / " + translate("touchpoint.channel", lang)),
        emotion,
        _box(translate("touchpoint.action", lang)),
        _box(translate("touchpoint.thought", lang)),
        _box(translate("pain.list", lang)),
        _box(translate("map.lane.backoffice", lang)),
        _box(translate("metric.list", lang), "wide"),
    ]
    body = f'<section class="sheet card">{head}{"".join(boxes)}</section>'
    return _page(translate("canvas.touchpoint.title", lang), body, lang, landscape=True)


def write_guide(lang: str, out: str | Path, to: str = "html") -> list[Path]:
    """Both guides and both canvases as HTML (and PDF with ``to='pdf'``) in ``out``."""
    folder = make_folder(Path(out))
    pages = {
        f"facilitators-guide-{lang}": guide_html(lang),
        f"second-workshop-guide-{lang}": guide_html(lang, "second-workshop"),
        f"persona-canvas-{lang}": persona_canvas_html(lang),
        f"touchpoint-card-{lang}": touchpoint_card_html(lang),
    }
    written = []
    for stem, page in pages.items():
        html_path = write_file(folder / f"{stem}.html", page.encode("utf-8"))
        written.append(html_path)
        if to == "pdf":
            from .reports.pdf import print_pdf

            written.append(print_pdf(html_path, folder / f"{stem}.pdf", lang))
    return written
