"""The slide deck as a reader's office suite shows it: LibreOffice renders three decks (the
sample, a sparse workshop, a crowded one) and each slide is checked on the page.

A slide is "more than half empty" when more than half of a 16 x 9 grid of cells holds no
ink (anything but white paper: text, tables, pictures, a designed coloured ground). Text
overflows when it leaves the page, runs into the footer, or goes missing from the page.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from typing import Any

import pytest
from pptx import Presentation

from cjm_widgets import Workshop
from cjm_widgets.reports.deck_design import FOOTER_TOP, SLIDE_HEIGHT, SLIDE_WIDTH, layout
from cjm_widgets.reports.slides import deck_bytes
from tests.conftest import small_document

pytestmark = pytest.mark.slow

GRID = (16, 9)
INK_SHARE = 0.01
"""A cell holds ink when at least this share of its pixels is not white paper."""
WHITE = 250


def _crowded() -> Workshop:
    """Long names and many long items: what the fitting of text must survive."""
    from cjm_widgets.samples import sample_workshop

    document = sample_workshop().to_dict()
    document["title"] = "Moving a household's energy bills to e-invoices without losing anyone " * 2
    persona = document["personas"][0]
    persona["goals"] = [
        f"Goal {n}: pay every bill on time with as few steps as possible, from the phone"
        for n in range(9)
    ]
    persona["needs"] = [
        f"Need {n}: bills that arrive where she already pays them, in plain language"
        for n in range(8)
    ]
    long_pain = copy.deepcopy(document["pain_points"][0])
    long_pain["id"] = "pp-long"
    long_pain["text"] = (
        "The bill's wording is hard to follow for someone who has never paid online " * 6
    )
    document["pain_points"].append(long_pain)
    return Workshop.from_dict(document)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, list[Any]]]:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-impress")
    import pypdfium2 as pdfium

    from cjm_widgets.samples import sample_workshop

    folder = tmp_path_factory.mktemp("decks")
    decks = {
        "sample": deck_bytes(sample_workshop()),
        "sparse": deck_bytes(Workshop.from_dict(small_document())),
        "crowded": deck_bytes(_crowded()),
    }
    for name, data in decks.items():
        (folder / f"{name}.pptx").write_bytes(data)
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), *(str(folder / f"{n}.pptx") for n in decks)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {
        name: (
            Presentation(folder / f"{name}.pptx"),
            list(pdfium.PdfDocument(folder / f"{name}.pdf")),
        )
        for name in decks
    }


def _empty_share(page: Any) -> float:
    image = page.render(scale=0.5).to_pil().convert("L")
    columns, rows = GRID
    width, height = image.size
    empty = 0
    for row in range(rows):
        for column in range(columns):
            box = (column * width // columns, row * height // rows,
                   (column + 1) * width // columns, (row + 1) * height // rows)  # fmt: skip
            histogram = image.crop(box).histogram()
            inked = sum(histogram[:WHITE])
            empty += inked < INK_SHARE * sum(histogram)
    return empty / (columns * rows)


@pytest.mark.parametrize("name", ["sample", "sparse", "crowded"])
def test_no_slide_is_more_than_half_empty(rendered: dict[str, Any], name: str) -> None:
    presentation, pages = rendered[name]
    assert len(pages) == len(presentation.slides)
    shares = {index + 1: round(_empty_share(page), 2) for index, page in enumerate(pages)}
    half_empty = {number: share for number, share in shares.items() if share > 0.5}
    assert not half_empty, f"slides more than half empty (slide: empty share): {half_empty}"


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011\ufffe]+", "", text)  # a word broken at its hyphen too


def _slide_words(slide: Any) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return [word for text in texts for word in text.split() if len(word) > 2]


@pytest.mark.parametrize("name", ["sample", "sparse", "crowded"])
def test_no_text_leaves_its_slide_or_runs_into_the_footer(
    rendered: dict[str, Any], name: str
) -> None:
    presentation, pages = rendered[name]
    footer_top = FOOTER_TOP / SLIDE_HEIGHT
    for number, (slide, page) in enumerate(zip(presentation.slides, pages, strict=True), start=1):
        width, height = page.get_size()
        text_page = page.get_textpage()
        in_footer = []
        for index in range(text_page.count_chars()):
            left, bottom, right, top = text_page.get_charbox(index)
            char = text_page.get_text_range(index, 1)
            if not char.strip():
                continue
            assert left >= -1 and right <= width + 1 and bottom >= -1 and top <= height + 1, (
                f"{name} slide {number}: {char!r} is drawn outside the slide"
            )
            if (height - top) / height > footer_top:
                in_footer.append(char)
        is_title = slide.slide_layout == layout(presentation, "Title")
        expected = "" if is_title else f"{number}/{len(pages)}"
        assert _squeezed("".join(in_footer)).endswith(expected), (
            f"{name} slide {number}: text runs into the footer: {''.join(in_footer)!r}"
        )
        shown = _squeezed(text_page.get_text_range())
        missing = [word for word in _slide_words(slide) if _squeezed(word) not in shown]
        assert not missing, f"{name} slide {number}: not on the page: {missing[:5]}"


def test_the_designed_master_has_the_four_layouts_and_the_handouts_colours(
    rendered: dict[str, Any],
) -> None:
    presentation, pages = rendered["sample"]
    assert [each.name for each in presentation.slide_layouts] == [
        "Title",
        "Section",
        "Content",
        "Picture",
    ]
    used = {slide.slide_layout.name for slide in presentation.slides}
    assert used == {"Title", "Section", "Content", "Picture"}
    assert presentation.slide_width == SLIDE_WIDTH
    first = pages[0].render(scale=0.25).to_pil().convert("RGB")
    assert first.getpixel((5, 5)) == (0x27, 0x32, 0x3F)  # the title slide's slate ground
    footer = pages[1].get_textpage().get_text_range()
    assert "E-invoice and payment journey · Nordvik Energy" in footer
