"""Executed report notebooks turned into self-contained HTML handouts for stakeholders.

nbconvert's ``basic`` template gives the cells' outputs without code, prompts or any
script from the network; this module wraps them in a page of its own: inline styles,
a print stylesheet, the map's font embedded once, and a table of contents of the sections
the notebook displayed: each Section leaves its anchor and title in its output's metadata,
so the contents never depend on reading HTML back. Nothing in the page is fetched from
anywhere.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

from ..fonts import CSS_FAMILY, embedded_font_css
from ..i18n import translate
from .html import METADATA_KEY

STYLE = """
:root { --ink: #1A1A1A; --muted: #5C5C5C; --rule: #D0D3D9; --band: #F4F5F7; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: FONT; color: var(--ink); margin: 0; background: #fff; line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
header.cjm-top h1 { margin: 0 0 4px; font-size: 30px; }
header.cjm-top p { margin: 0; color: var(--muted); }
nav.cjm-toc { background: var(--band); border-radius: 6px; padding: 10px 18px; margin: 18px 0 8px; }
nav.cjm-toc h2 { font-size: 15px; margin: 4px 0; }
nav.cjm-toc ol { margin: 4px 0; padding-left: 22px; columns: 2; }
nav.cjm-toc a { color: var(--accent); text-decoration: none; }
section.cjm-section { margin-top: 28px; }
h2 { font-size: 22px; border-bottom: 2px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 10px 0 2px; }
.cjm-muted, .cjm-empty { color: var(--muted); }
.cjm-lead { font-size: 18px; }
.cjm-missing { color: #B8420F; }
.cjm-positive { color: #00704F; } .cjm-negative { color: #B8420F; }
dl.cjm-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.cjm-facts dt { font-weight: bold; } dl.cjm-facts dd { margin: 0; }
.cjm-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
  gap: 16px; }
.cjm-card { border: 1px solid var(--rule); border-radius: 8px; padding: 4px 16px 12px;
  break-inside: avoid; }
.cjm-card ul { margin: 2px 0; padding-left: 20px; }
table.cjm-table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0 12px; }
table.cjm-table th { text-align: left; background: var(--band); }
table.cjm-table th, table.cjm-table td { border: 1px solid var(--rule); padding: 5px 8px;
  vertical-align: top; }
table.cjm-table .cjm-num { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
table.cjm-sheet td { height: 2.2em; }
.cjm-blank { display: inline-block; min-width: 4em; }
figure.cjm-figure { margin: 8px 0; overflow-x: auto; }
figure.cjm-figure svg { max-width: 100%; height: auto; }
figure.cjm-wide svg { max-width: 100%; height: auto; }
p.cjm-zoom:has(input.cjm-full:checked) + figure.cjm-wide svg { max-width: none; }
p.cjm-zoom label { margin-left: 4px; color: var(--ink); }
footer.cjm-foot { margin-top: 48px; color: var(--muted); font-size: 12px; }
.cjm-print-only { display: none; }
header.cjm-cover h1 { margin: 0 0 4px; font-size: 30px; }
header.cjm-cover .cjm-cover-sub { margin: 0 0 8px; color: var(--muted); font-size: 18px; }
header.cjm-cover h2.cjm-cover-h { font-size: 17px; border: none; margin: 14px 0 4px; }
header.cjm-cover ul { margin: 0; padding-left: 20px; }
figure.cjm-cover-map { margin: 14px 0 0; }
figure.cjm-cover-map svg { width: 100%; height: auto; max-height: 420px; }
"""

PRINT_STYLE = """
@media print {
  @page { size: PAPER; margin: 14mm 13mm 16mm;
    @bottom-left { content: TITLE; font-family: FONT; font-size: 8pt; color: #5C5C5C; }
    @bottom-right { content: counter(page) " / " counter(pages); font-family: FONT;
      font-size: 8pt; color: #5C5C5C; } }
  @page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
  @page landscape { size: PAPER landscape; margin: 9mm 10mm 13mm; }
  html { font-size: 10pt; }
  body { line-height: 1.35; }
  main { max-width: none; padding: 0; }
  .cjm-print-only { display: block; }
  .cjm-screen-only { display: none; }
  header.cjm-cover { break-after: page; }
  header.cjm-cover h1 { font-size: 26pt; margin-top: 20mm; }
  header.cjm-cover .cjm-cover-sub { font-size: 13pt; }
  header.cjm-cover h2.cjm-cover-h { font-size: 12pt; }
  figure.cjm-cover-map svg { max-height: 110mm; }
  nav.cjm-toc { margin-top: 0; }
  section.cjm-section { margin-top: 14pt; }
  h2 { font-size: 15pt; margin: 0 0 6pt; }
  h3 { font-size: 12pt; margin: 10pt 0 3pt; }
  h4 { font-size: 10.5pt; }
  h2, h3, h4 { break-after: avoid; break-inside: avoid; }
  .cjm-lead { font-size: 12pt; }
  .cjm-cards { grid-template-columns: repeat(2, 1fr); gap: 8pt; }
  .cjm-card, figure, .cjm-keep, tr, li, dl.cjm-facts { break-inside: avoid; }
  table.cjm-table { font-size: 8.5pt; }
  table.cjm-table th, table.cjm-table td { padding: 3pt 5pt; }
  thead { display: table-header-group; }
  figure.cjm-figure, figure.cjm-wide { overflow: visible; }
  figure.cjm-figure svg, figure.cjm-wide svg { max-width: 100%; height: auto; }
  section.cjm-section:has(figure.cjm-landscape) { page: landscape; }
  figure.cjm-landscape { margin: 0; }
  figure.cjm-landscape ~ figure.cjm-landscape { break-before: page; }
  figure.cjm-landscape svg { width: 100%; height: auto; max-height: 162mm; }
  footer.cjm-foot { margin-top: 12pt; }
  a { color: inherit; text-decoration: none; }
}
"""

REMOVE_CELL_TAGS = frozenset({"remove-cell", "parameters", "injected-parameters"})
"""Cells tagged so are left out of the handout."""
REMOVE_OUTPUT_TAGS = frozenset({"remove-output"})
"""Cells tagged so show no output in the handout."""
_SHOWN = ("display_data", "execute_result")


@cache
def _exporter() -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class HandoutExporter(HTMLExporter):
        """nbconvert's HTML export without its last pass, a BeautifulSoup parse of the
        whole page (most of a handout's export time) that adds tab stops to code cells
        and a stock alt text to images: the handout shows no code, and its pictures are
        inline SVG with their own titles."""

        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> Any:
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_types = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_types)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    exporter = HandoutExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(_remove_tagged(), enabled=True)
    return exporter


def _remove_tagged() -> Any:
    from nbconvert.preprocessors import TagRemovePreprocessor

    remover = TagRemovePreprocessor()
    remover.remove_cell_tags = set(REMOVE_CELL_TAGS)
    remover.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
    remover.enabled = True
    return remover


def notebook_body(notebook: Any) -> str:
    """The outputs (and markdown) of an executed notebook as HTML, without code or prompts."""
    body, _ = _exporter().from_notebook_node(notebook)
    match = re.search(r"<body[^>]*>(.*)</body>", body, re.DOTALL)
    return match.group(1) if match else body


def shown_sections(notebook: Any) -> list[tuple[str, str]]:
    """``(anchor, title)`` of each Section the handout shows, in the notebook's order.

    Read from the metadata a displayed Section leaves on its HTML output, in the cells and
    outputs the handout keeps (the same tags are left out as in ``_remove_tagged``).
    """
    found = []
    for cell in notebook.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.get("cell_type") != "code" or tags & (REMOVE_CELL_TAGS | REMOVE_OUTPUT_TAGS):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in _SHOWN or "text/html" not in output.get("data", {}):
                continue
            html_metadata = output.get("metadata", {}).get("text/html")
            entry = html_metadata.get(METADATA_KEY) if isinstance(html_metadata, dict) else None
            if isinstance(entry, dict):
                anchor, title = entry.get("anchor"), entry.get("title")
                if isinstance(anchor, str) and isinstance(title, str) and anchor:
                    found.append((anchor, title))
    return found


def table_of_contents(entries: list[tuple[str, str]], lang: str) -> str:
    """The contents list: a link to each ``(anchor, title)``, both escaped."""
    if not entries:
        return ""
    items = "".join(
        f'<li><a href="#{html.escape(anchor)}">{html.escape(title)}</a></li>'
        for anchor, title in entries
    )
    heading = html.escape(translate("report.contents", lang))
    return f'<nav class="cjm-toc"><h2>{heading}</h2><ol>{items}</ol></nav>'


PAPER_SIZES = {"a4": "A4", "letter": "letter"}
"""``--paper`` choices and their CSS page size names."""


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces
    escaped, so no workshop title can end the string or the style sheet."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


def handout_html(
    notebook: Any,
    *,
    title: str,
    subtitle: str,
    lang: str,
    generated: str,
    cover: str = "",
    paper: str = "a4",
) -> str:
    """A complete, offline HTML page for the executed report ``notebook``.

    ``cover`` (HTML from ``cover.cover_html``) replaces the plain title header; printed,
    it is a page of its own. ``paper`` is the sheet of the print stylesheet (A4, letter):
    portrait pages with the title and page numbers in the footer, journey maps on
    landscape pages.
    """
    contents = table_of_contents(shown_sections(notebook), lang)
    return page_html(
        contents + notebook_body(notebook),
        title=title, subtitle=subtitle, lang=lang, generated=generated, cover=cover,
        paper=paper,
    )  # fmt: skip


def page_html(
    body: str,
    *,
    title: str,
    subtitle: str,
    lang: str,
    generated: str,
    cover: str = "",
    paper: str = "a4",
) -> str:
    """``body`` (HTML, already escaped) in the handout's offline page: styles, font, the
    print stylesheet, the header (or ``cover``) and the footer."""
    page = PRINT_STYLE.replace("PAPER", PAPER_SIZES[paper])
    style = (STYLE + page).replace("FONT", CSS_FAMILY).replace("TITLE", css_string(title))
    footer = html.escape(translate("report.generated", lang, when=generated))
    header = cover or (
        f'<header class="cjm-top"><h1>{html.escape(title)}</h1>'
        f"<p>{html.escape(subtitle)}</p></header>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        f"<style>{embedded_font_css()}{style}</style></head><body><main>"
        f"{header}{body}"
        f'<footer class="cjm-foot">{footer}</footer></main></body></html>\n'
    )
