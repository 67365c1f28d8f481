"""Printed handouts read well: checked on the PDF Chromium prints, with text positions.

The sample's handout printed 16 A4 pages before the print layout (a title-and-contents
page, headings alone at page bottoms, persona cards split, maps too small to read); it
must stay at 14 or fewer with nothing lost.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from nbformat.v4 import new_notebook
from pypdf import PdfReader

from cjm_widgets import Workshop
from cjm_widgets.reports.handout import css_string, handout_html
from cjm_widgets.reports.run import chromium, render
from tests.messages import said
from tests.synthetic import synthetic_workshop

PAGES_BEFORE = 16
FOOTER_MM = 16  # the bottom page margin, where the footer (title, page numbers) sits
MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    y: float  # from the bottom of the page, in points
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]  # top to bottom, footer excluded
    footer: str

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def _baselines(page: Any) -> dict[int, list[tuple[float, str]]]:
    """The page's text pieces by baseline height (points from the bottom), with their x."""
    pieces: dict[int, list[tuple[float, str]]] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            y = cm[5] + tm[5] * cm[3]
            x = cm[4] + tm[4] * cm[0]
            pieces.setdefault(round(y), []).append((x, text.strip()))

    page.extract_text(visitor_text=visit)
    return pieces


def read_pages(pdf: Path) -> list[Page]:
    """Each page's text lines, grouped by baseline, top to bottom, the footer apart."""
    pages = []
    for page in PdfReader(pdf).pages:
        pieces = _baselines(page)
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        lines, footer = [], []
        for y in sorted(pieces, reverse=True):
            text = " ".join(t for _, t in sorted(pieces[y]))
            (footer if y < FOOTER_MM * MM else lines).append(Line(y, text))
        pages.append(Page(width, height, tuple(lines), " ".join(f.text for f in footer)))
    return pages


class Headings(HTMLParser):
    """The text of every h1-h4 of a handout page."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("h1", "h2", "h3", "h4"):
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4"):
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1] += data


def headings_of(html_page: str) -> set[str]:
    parser = Headings()
    parser.feed(html_page)
    return {" ".join(h.split()) for h in parser.found if h.strip()}


def normal(text: str) -> str:
    return " ".join(text.split())


def assert_no_heading_ends_a_page(pages: list[Page], headings: set[str]) -> None:
    for number, page in enumerate(pages, start=1):
        if not page.lines:
            continue
        last = normal(page.lines[-1].text)
        assert last not in headings, f"page {number} ends with the heading {last!r}"


def needs_chromium() -> None:
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium for PDF handouts")
        pytest.skip("chromium not installed: apt-get install chromium")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Workshop]:
    needs_chromium()
    from cjm_widgets.samples import sample_workshop

    folder = tmp_path_factory.mktemp("print")
    ws = sample_workshop()
    path = ws.save(folder / "sample.cjm.json")
    (outcome,) = render(path, out=folder, to="pdf", pptx=True)
    assert outcome.ok, outcome.error
    return folder, ws


@pytest.mark.slow
def test_the_sample_prints_shorter_with_a_cover(sample_pdf: tuple[Path, Workshop]) -> None:
    folder, ws = sample_pdf
    pages = read_pages(folder / "sample-report.pdf")
    assert len(pages) <= PAGES_BEFORE - 2
    cover = pages[0]
    assert not cover.landscape and round(cover.width) == 595  # A4 portrait
    assert cover.lines[0].text == ws.title
    for wanted in (ws.organisation, "6 October 2026", *(p.name for p in ws.personas)):
        assert wanted in cover.text
    assert "E-invoice and payment journey: Maija, busy parent" in cover.text  # the map picture
    contents = said("report.contents")
    assert contents not in cover.text and contents in pages[1].text
    for number, page in enumerate(pages[1:], start=2):
        assert f"{number} / {len(pages)}" in page.footer
        assert ws.title in page.footer
    assert (folder / "sample-report.pptx").stat().st_size > 50_000  # cjm report --pptx


@pytest.mark.slow
def test_no_sample_page_ends_with_a_heading(sample_pdf: tuple[Path, Workshop]) -> None:
    folder, _ = sample_pdf
    pages = read_pages(folder / "sample-report.pdf")
    headings = headings_of((folder / "sample-report.html").read_text(encoding="utf-8"))
    wanted = {said("report.personas"), said("touchpoint.list"), said("emotions.title")}
    assert wanted <= headings
    assert_no_heading_ends_a_page(pages, headings)


@pytest.mark.slow
def test_cards_and_the_matrix_stay_whole(sample_pdf: tuple[Path, Workshop]) -> None:
    folder, ws = sample_pdf
    pages = read_pages(folder / "sample-report.pdf")
    body = pages[2:]  # after the cover and the contents
    for persona in ws.personas:
        first = next(i for i, p in enumerate(body) if persona.name in p.text)
        last_item = persona.feelings[-1].text
        assert last_item in normal(body[first].text), f"{persona.name}'s card is split"
    matrix = [p for p in pages if "Priority matrix: effort and impact" in p.text]
    assert len(matrix) == 1
    for part in ("Quick wins", "Thankless tasks", "Impact", "rejected"):
        assert part in matrix[0].text


@pytest.mark.slow
def test_long_tables_repeat_their_header(sample_pdf: tuple[Path, Workshop]) -> None:
    folder, ws = sample_pdf
    pages = read_pages(folder / "sample-report.pdf")
    titles = [tp.title for tp in ws.journey()]
    holding = [
        p for p in pages if not p.landscape and any(title in normal(p.text) for title in titles)
    ]
    table_pages = [p for p in holding if "Stage Touchpoint Persona Channel" in p.text]
    assert len(table_pages) >= 2  # the touchpoint table runs over a page break
    for page in table_pages:
        header = next(i for i, line in enumerate(page.lines) if line.text.startswith("Stage"))
        assert header <= 3  # at the top of the continued page, or under its heading


@pytest.mark.slow
def test_maps_print_on_landscape_pages_by_stage(sample_pdf: tuple[Path, Workshop]) -> None:
    folder, ws = sample_pdf
    pages = read_pages(folder / "sample-report.pdf")
    for persona in ws.personas:
        title = f"{ws.title}: {persona.name}"
        pieces = [p for p in pages[1:] if p.lines and p.lines[0].text.startswith(title[:30])]
        maps = [p for p in pages[1:] if title in normal(p.text) and p.landscape]
        assert len(maps) >= 2, f"{persona.name}'s map is not split by stage"
        assert all(p.landscape for p in pieces)
        shown = normal(" ".join(p.text for p in maps))
        for stage in {tp.stage for tp in ws.journey(persona.id)}:
            assert ws.by_id("stages")[stage].name in shown


@pytest.mark.slow
def test_a_sixty_touchpoint_workshop_on_letter_paper(tmp_path: Path) -> None:
    needs_chromium()
    ws = synthetic_workshop(60, personas=1, stages=8)
    path = ws.save(tmp_path / "big.cjm.json")
    (outcome,) = render(path, out=tmp_path, to="pdf", paper="letter")
    assert outcome.ok, outcome.error
    pages = read_pages(tmp_path / "big-report.pdf")
    assert {(round(p.width), round(p.height)) for p in pages} == {(612, 792), (792, 612)}
    headings = headings_of((tmp_path / "big-report.html").read_text(encoding="utf-8"))
    assert_no_heading_ends_a_page(pages, headings)
    maps = [p for p in pages if p.landscape]
    assert len(maps) >= 4  # 60 touchpoints never squeezed onto one sheet
    shown = normal(" ".join(p.text for p in maps))
    for stage in ws.stages:
        assert stage.name in shown
    numbers = {int(n) for n in re.findall(r"Touchpoint (\d+):", shown)}
    assert numbers == set(range(60))


def test_the_footer_title_cannot_break_the_style_sheet() -> None:
    assert css_string('a"b') == '"a\\000022b"'
    hostile = 'x"} </style><script>alert(1)</script> FONT PAPER'
    page = handout_html(new_notebook(), title=hostile, subtitle="", lang="en", generated="now")
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<script>" not in style and "</style" not in style
    assert "FONT PAPER" in style  # kept as text, not replaced by the font list or paper size


def test_letter_paper_in_the_print_style() -> None:
    letter = handout_html(
        new_notebook(), title="T", subtitle="", lang="en", generated="", paper="letter"
    )
    assert "size: letter;" in letter and "size: letter landscape;" in letter
    a4 = handout_html(new_notebook(), title="T", subtitle="", lang="en", generated="")
    assert "size: A4;" in a4 and "size: A4 landscape;" in a4


def test_an_unknown_paper_is_refused_before_any_kernel_starts(sample_path: Path) -> None:
    from cjm_widgets import CjmError
    from cjm_widgets.reports.run import plan

    with pytest.raises(CjmError) as caught:
        plan([sample_path], paper="b5")  # type: ignore[arg-type]
    assert str(caught.value) == said("print.unknown_paper", value="b5", choices="a4, letter")
    jobs, _ = plan([sample_path], paper="letter", pptx=True)
    assert [(job.paper, job.pptx) for job in jobs] == [("letter", True)]
