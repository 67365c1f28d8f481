"""A slide deck being built: the designed master, and slides of each kind filled to fit.

``Deck`` knows how the kit's slides are made (a title in the layout's title place, a card,
a picture in the picture place, a table split and sized for its slides, a table beside a
narrow picture); ``slides.py`` and ``inspiration_slides.py`` decide what goes on them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from ..layout import Layout
from ..limits import shorten
from ..model import Workshop
from ..render.svg import fit_zoom, to_png
from .deck_design import (
    ACCENT,
    BAND,
    BODY_TOP,
    BODY_WIDTH,
    CAPTION_HEIGHT,
    CONTENT,
    MARGIN,
    SECTION,
    SLIDE_WIDTH,
    designed_presentation,
    layout,
)
from .deck_fit import (
    BODY_HEIGHT,
    ROWS_PER_SLIDE,
    SMALLEST_TITLE,
    TABLE_SIZES,
    TITLE_SIZE,
    add_table,
    balanced,
    fitted_size,
    row_height,
    shares,
    sized,
    spread,
    table_room,
    table_texts,
    table_type,
    whole_words,
)
from .lookups import (
    translator,
)

MAX_PICTURE_PX = 6000
"""The widest picture put on a slide, in pixels: enough for a projector, small enough to mail."""

CORE_PROPERTY_LIMIT = 255
"""Characters a file property (title, subject...) holds in Office files; the slides hold all."""
FOOTER_LIMIT = 120
"""Characters of the workshop's name and organisation in every slide's footer."""

TABLE_GAP = Inches(0.3)
"""Between a picture and the table beside it."""
NARROW_PICTURE = 0.7
"""A map (or the matrix) narrower than this share of the slide's body gets its table beside it."""


class Deck:
    """A presentation being built, and the language its fixed text is in."""

    def __init__(self, ws: Workshop, lang: str) -> None:
        self.ws = ws
        self.lang = lang
        self.t = translator(lang)
        footer = " · ".join(part for part in (ws.title, ws.organisation) if part)
        self.prs: Any = designed_presentation(shorten(footer, FOOTER_LIMIT))
        properties = self.prs.core_properties
        for name, value in (("title", ws.title), ("subject", ws.organisation), ("language", lang)):
            setattr(properties, name, shorten(value, CORE_PROPERTY_LIMIT))

    def questions(self, *steps: str) -> str:
        """The guide's questions of ``steps``, one a line, for the speaker notes."""
        lines = []
        for step in steps:
            lines.append(self.t(f"guide.{step}.title"))
            lines.extend(f"• {q}" for q in self.t(f"guide.{step}.questions").split("\n"))
        return "\n".join(lines)

    def slide(self, title: str, notes: str, kind: str = CONTENT) -> Any:
        """A slide of layout ``kind`` with ``title`` in its title placeholder (so outlines and
        screen readers find it), smaller when long, and ``notes`` as speaker notes."""
        slide = self.prs.slides.add_slide(layout(self.prs, kind))
        heading = slide.shapes.title
        heading.text = title
        size = fitted_size([(title, True)], (heading.width, heading.height), TITLE_SIZE,
                           SMALLEST_TITLE)  # fmt: skip
        if kind == CONTENT and size < TITLE_SIZE:
            sized(heading.text_frame, size)
        slide.notes_slide.notes_text_frame.text = notes
        return slide

    def section(self, title: str, summary: str, notes: str) -> None:
        """A section slide: where a part of the deck (a journey, the decisions) begins."""
        slide = self.slide(title, notes, SECTION)
        body = next(p for p in slide.placeholders if p.placeholder_format.idx != 0)
        body.text = summary

    def text_box(self, slide: Any, box: tuple[int, int, int, int], heading: str,
                 lines: Sequence[str], largest: int = 18) -> None:  # fmt: skip
        """A card: the handout's grey ground, an accent heading, then one paragraph per line
        (bulleted with •), sized so that all of it fits the card."""
        left, top, width, height = box
        shape = slide.shapes.add_textbox(left, top, width, height)
        shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # the card keeps its size
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(BAND)
        frame = shape.text_frame
        frame.word_wrap = True
        items = [f"• {line}" for line in lines]
        size = fitted_size([(heading, True), *((i, False) for i in items)], (width, height),
                           largest, 9)  # fmt: skip
        run = frame.paragraphs[0].add_run()
        run.text = heading
        run.font.bold = True
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor.from_string(ACCENT)
        for line in items:
            item = frame.add_paragraph().add_run()
            item.text = line
            item.font.size = Pt(size)

    def picture(self, slide: Any, layout_: Layout, caption: str = "", *,
                beside: bool = False) -> int:  # fmt: skip
        """``layout_`` as a sharp PNG in the layout's picture place, as large as the body
        holds, centred (or at the left edge, ``beside`` a table); ``caption`` under it (or
        the caption's place goes). Returns the picture's width (EMU)."""
        zoom = fit_zoom(layout_, zoom=min(2.0, MAX_PICTURE_PX / max(layout_.width, 1)))
        png = to_png(layout_, zoom=zoom)
        frame = next(p for p in slide.placeholders if p.placeholder_format.idx == 1)
        below = next(p for p in slide.placeholders if p.placeholder_format.idx == 2)
        room_w, room_h = frame.width, frame.height
        if caption:
            below.text = caption
        else:
            room_h = Emu(int(BODY_HEIGHT))
            below._element.getparent().remove(below._element)
        picture = frame.insert_picture(io.BytesIO(png))
        picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0.0
        scale = min(room_w / layout_.width, room_h / layout_.height)
        width, height = int(layout_.width * scale), int(layout_.height * scale)
        picture.left = int(MARGIN) if beside else int((SLIDE_WIDTH - width) / 2)
        picture.top = int(BODY_TOP)
        picture.width, picture.height = width, height
        return width

    def table_slides(
        self,
        title: str,
        notes: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
    ) -> None:
        """``rows`` as editable tables, each slide as full as the rows' heights allow and the
        slides evenly filled, the heading on each; short tables in larger type."""
        texts = table_texts(columns, rows)
        column_widths = shares(widths, BODY_WIDTH, texts)
        size, heights = table_type(texts, column_widths)
        chunks = balanced(heights[1:], table_room(heights))
        start = 0
        for number, count in enumerate(chunks, start=1):
            name = title
            if len(chunks) > 1:
                name = self.t("slides.continued", title=title, number=number, count=len(chunks))
            slide = self.slide(name, notes)
            chunk = [texts[0], *texts[1 + start : 1 + start + count]]
            chunk_heights = spread([heights[0], *heights[1 + start : 1 + start + count]])
            start += count
            add_table(slide, chunk, (MARGIN, column_widths), chunk_heights, size)

    def picture_with_table(
        self,
        slide: Any,
        layout_: Layout,
        table: tuple[Sequence[str], Sequence[Sequence[object]], Sequence[float]],
        caption: str = "",
    ) -> bool:
        """``layout_`` as ``picture`` does; when it leaves most of the slide's width free and
        ``table`` (columns, rows, column shares) fits there, the table beside it. Returns
        whether the table went beside the picture."""
        columns, rows, widths = table
        room = BODY_HEIGHT - (CAPTION_HEIGHT if caption else 0)
        scale = min(BODY_WIDTH / layout_.width, room / layout_.height)
        left = int(MARGIN + layout_.width * scale + TABLE_GAP)
        beside = layout_.width * scale < NARROW_PICTURE * BODY_WIDTH and self.fits_beside(
            rows, columns, widths, int(MARGIN + BODY_WIDTH - left), room
        )
        self.picture(slide, layout_, caption, beside=beside)
        if beside:
            self.table_beside(slide, columns, rows, widths, left, room)
        return beside

    def fits_beside(
        self,
        rows: Sequence[Sequence[object]],
        columns: Sequence[str],
        widths: Sequence[float],
        width: int,
        room: int = BODY_HEIGHT,
    ) -> bool:
        """Whether ``rows`` fit on one slide in ``width`` by ``room`` (EMU) beside a picture."""
        texts = table_texts(columns, rows)
        column_widths = shares(widths, width, texts)
        if sum(column_widths) > width or not whole_words(texts, column_widths):
            return False
        heights = [row_height(row, column_widths, TABLE_SIZES[-1]) for row in texts]
        return bool(rows) and len(rows) <= ROWS_PER_SLIDE and sum(heights) <= room

    def table_beside(
        self,
        slide: Any,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        left: int,
        room: int = BODY_HEIGHT,
    ) -> None:
        """``rows`` as one editable table from ``left`` to the body's right edge, at most
        ``room`` (EMU) tall."""
        texts = table_texts(columns, rows)
        column_widths = shares(widths, int(MARGIN + BODY_WIDTH - left), texts)
        size, heights = table_type(texts, column_widths, room)
        add_table(slide, texts, (left, column_widths), spread(heights, room), size)
