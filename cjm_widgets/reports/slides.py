"""The workshop as a slide deck (PowerPoint .pptx) for stakeholders who live in slides.

Everything a reader may want to change is editable: titles, persona cards and tables
are real text boxes and tables, in the workshop's language (or the one asked for).
Only the maps, the emotion curves and the matrix are pictures, drawn by the same PNG
renderer as ``cjm export --to png``, sharp at twice their size; a map too wide to read
on one slide is cut into runs of whole stages, as on paper. Each slide's speaker
notes carry the facilitator's guiding questions for it (the guide's questions of the
app's steps), so the deck doubles as the script of the follow-up session.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from ..i18n import format_count, translate
from ..layout import Layout, MapOptions, layout_journey
from ..layout.emotions import layout_emotions
from ..layout.funnel import layout_funnel
from ..layout.matrix import layout_matrix
from ..limits import shorten
from ..model import Measurement, Persona, Workshop
from ..model.privacy import for_sharing, room_participants
from ..render.svg import fit_zoom, to_png
from .decisions import chosen_actions, metric_rows, ranked_pains
from .lookups import (
    DASH,
    channel_names,
    chosen_personas,
    format_date,
    headings,
    section_lang,
    stage_names,
    translator,
)
from .measured import flag_rows, period_text
from .sections import print_pieces

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
"""16:9, PowerPoint's and Google Slides' default."""
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(0.9)
ROWS_PER_SLIDE = 9
"""Table rows on one slide; longer tables go on as many slides as they need."""
SLIDE_MAP_WIDTH = 2000.0
"""The widest map (layout px) on one slide, whose body is about twice as wide as tall;
wider maps go on several slides, whole stages each."""
MAX_PICTURE_PX = 6000
"""The widest picture put on a slide, in pixels: enough for a projector, small enough to mail."""

CORE_PROPERTY_LIMIT = 255
"""Characters a file property (title, subject...) holds in Office files; the slides hold all."""

_TITLE_SLIDE, _TITLE_ONLY = 0, 5  # layouts of python-pptx's default template


class _Deck:
    """A presentation being built, and the language its fixed text is in."""

    def __init__(self, ws: Workshop, lang: str) -> None:
        self.ws = ws
        self.lang = lang
        self.t = translator(lang)
        self.prs: Any = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
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

    def slide(self, title: str, notes: str) -> Any:
        """A slide with ``title`` in its title placeholder (so outlines and screen readers
        find it) across the top, and ``notes`` as speaker notes."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[_TITLE_ONLY])
        heading = slide.shapes.title
        heading.left, heading.top = MARGIN, Inches(0.3)
        heading.width, heading.height = SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT
        heading.text = title
        for paragraph in heading.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(30)
        slide.notes_slide.notes_text_frame.text = notes
        return slide

    @property
    def body_top(self) -> Emu:
        return Emu(int(Inches(0.3) + TITLE_HEIGHT + Inches(0.15)))

    @property
    def body_height(self) -> Emu:
        return Emu(int(SLIDE_HEIGHT - self.body_top - MARGIN))

    def text_box(
        self,
        slide: Any,
        box: tuple[int, int, int, int],
        heading: str,
        lines: Sequence[str],
        size: int = 16,
    ) -> None:
        """A text box: a bold heading, then one paragraph per line (bulleted with •)."""
        left, top, width, height = box
        frame = slide.shapes.add_textbox(left, top, width, height).text_frame
        frame.word_wrap = True
        first = frame.paragraphs[0]
        run = first.add_run()
        run.text = heading
        run.font.bold = True
        run.font.size = Pt(size + 2)
        for line in lines:
            paragraph = frame.add_paragraph()
            item = paragraph.add_run()
            item.text = f"• {line}"
            item.font.size = Pt(size)

    def picture(self, slide: Any, layout: Layout, caption: str = "") -> None:
        """``layout`` as a sharp PNG, as large as the slide's body holds, centred."""
        zoom = fit_zoom(layout, zoom=min(2.0, MAX_PICTURE_PX / max(layout.width, 1)))
        png = to_png(layout, zoom=zoom)
        room_w = SLIDE_WIDTH - 2 * MARGIN
        room_h = self.body_height - (Inches(0.5) if caption else 0)
        scale = min(room_w / layout.width, room_h / layout.height)
        width, height = int(layout.width * scale), int(layout.height * scale)
        left = int((SLIDE_WIDTH - width) / 2)
        slide.shapes.add_picture(io.BytesIO(png), left, self.body_top, width, height)
        if caption:
            top = self.body_top + height + Inches(0.1)
            frame = slide.shapes.add_textbox(MARGIN, top, room_w, Inches(0.4)).text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = caption
            run.font.size = Pt(12)

    def table_slides(
        self,
        title: str,
        notes: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
    ) -> None:
        """``rows`` as editable tables, ``ROWS_PER_SLIDE`` a slide, the heading on each."""
        chunks = [rows[i : i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)]
        for number, chunk in enumerate(chunks, start=1):
            name = title
            if len(chunks) > 1:
                name = self.t("slides.continued", title=title, number=number, count=len(chunks))
            slide = self.slide(name, notes)
            room_w = SLIDE_WIDTH - 2 * MARGIN
            height = Emu(int(Inches(0.45) * (len(chunk) + 1)))
            shape = slide.shapes.add_table(
                len(chunk) + 1, len(columns), MARGIN, self.body_top, room_w, height
            )
            table = shape.table
            total = sum(widths)
            for index, share in enumerate(widths):
                table.columns[index].width = Emu(int(room_w * share / total))
            for col, text in enumerate(columns):
                _cell(table.cell(0, col), text, bold=True)
            for row_index, row in enumerate(chunk, start=1):
                for col, value in enumerate(row):
                    _cell(table.cell(row_index, col), "" if value is None else str(value))


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)
            run.font.bold = bold


def _title_slide(deck: _Deck, personas: list[Persona]) -> None:
    ws, t = deck.ws, deck.t
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[_TITLE_SLIDE])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top = MARGIN, Inches(1.2)
    title.width, title.height = SLIDE_WIDTH - 2 * MARGIN, Inches(1.6)
    title.text = ws.title
    subtitle.left, subtitle.top = MARGIN, Inches(3.0)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * MARGIN, Inches(3.8)
    dates = ", ".join(format_date(day, deck.lang) for day in ws.dates)
    lines = [" · ".join(part for part in (ws.organisation, dates) if part)]
    lines += [f"{p.name}: {p.description}" if p.description else p.name for p in personas]
    if ws.participants:
        lines.append(_who_took_part(ws, deck.lang))
    frame = subtitle.text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    slide.notes_slide.notes_text_frame.text = (
        t("guide.prioritize.intro") + "\n" + deck.questions("prioritize")
    )


def _who_took_part(ws: Workshop, lang: str) -> str:
    """``11 participants took part, 3 of them from the room``: a count, never the room's names."""
    people = translate("room.count.participants", lang, count=len(ws.participants))
    room = len(room_participants(ws))
    if not room:
        return str(translate("slides.took_part", lang, people=people))
    return str(
        translate("slides.took_part_room", lang, people=people, room=format_count(room, lang))
    )


def _persona_slide(deck: _Deck, persona: Persona) -> None:
    t = deck.t
    slide = deck.slide(persona.name, deck.questions("customer"))
    top = deck.body_top
    about = " · ".join(part for part in (persona.segment, persona.description) if part)
    if persona.job_to_be_done:
        about = f"{about}\n{t('persona.job')}: {persona.job_to_be_done}".strip()
    if about:
        frame = slide.shapes.add_textbox(
            MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, Inches(0.8)
        ).text_frame
        frame.word_wrap = True
        frame.text = about
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(16)
        top = Emu(int(top + Inches(0.9)))
    # said in words, not plus and minus marks that read as bullets or sums
    feelings = [
        t("slides.excites", text=f.text) for f in persona.feelings if f.valence == "positive"
    ]
    feelings += [
        t("slides.fears", text=f.text) for f in persona.feelings if f.valence == "negative"
    ]
    boxes = [
        (t("persona.goals"), persona.goals),
        (t("persona.needs"), persona.needs),
        (t("persona.challenges"), persona.challenges),
        (t("slides.feelings"), feelings),
    ]
    width = int((SLIDE_WIDTH - 2 * MARGIN - Inches(0.3)) / 2)
    height = int((SLIDE_HEIGHT - MARGIN - top - Inches(0.2)) / 2)
    for index, (heading, items) in enumerate(boxes):
        row, column = divmod(index, 2)
        left = int(MARGIN + column * (width + Inches(0.3)))
        box_top = int(top + row * (height + Inches(0.2)))
        deck.text_box(slide, (left, box_top, width, height), heading, items or [DASH], size=14)


def _journey_slides(deck: _Deck, persona: Persona | None, options: MapOptions) -> None:
    ws, t = deck.ws, deck.t
    persona_id = persona.id if persona is not None else None
    name = persona.name if persona is not None else ws.title
    whole = layout_journey(ws, persona_id, options=options)
    pieces = print_pieces(ws, persona_id, whole, deck.lang, options, SLIDE_MAP_WIDTH)
    for number, piece in enumerate(pieces, start=1):
        title = t("slides.map_title", name=name)
        if len(pieces) > 1:
            title = t("slides.continued", title=title, number=number, count=len(pieces))
        deck.picture(deck.slide(title, deck.questions("map")), piece)
    stages, channels = stage_names(ws), channel_names(ws)
    rows = [
        (
            stages.get(tp.stage, ""),
            tp.title,
            channels.get(tp.channel, ""),
            tp.emotion or DASH,
            "★" if tp.moment_of_truth else "",
        )
        for tp in ws.journey(persona_id, state="current")
    ]
    if rows:
        columns = headings(
            t,
            "touchpoint.stage touchpoint.title touchpoint.channel report.emotion",
            "touchpoint.moment_of_truth",
        )
        deck.table_slides(
            t("slides.touchpoints_title", name=name),
            deck.questions("encounters"),
            columns,
            rows,
            (2, 4, 2, 1, 1.2),
        )


def deck_bytes(
    ws: Workshop,
    *,
    persona: str | None = None,
    lang: str | None = None,
    options: MapOptions | None = None,
) -> bytes:
    """The deck of ``ws`` (of one persona, or everyone's) as the bytes of a .pptx file;
    the room's participants appear only as a count (``for_sharing``)."""
    lang = section_lang(ws, lang)
    ws = for_sharing(ws, lang)
    options = (options or MapOptions()).in_language(lang)
    deck = _Deck(ws, lang)
    t = deck.t
    personas = chosen_personas(ws, persona)
    _title_slide(deck, personas)
    for each in personas:
        _persona_slide(deck, each)
    journeys: list[Persona | None] = [*personas] if personas else [None]
    for journey in journeys:
        _journey_slides(deck, journey, options)
    if any(tp.emotion for tp in ws.touchpoints):
        slide = deck.slide(t("emotions.title"), deck.questions("map"))
        chosen = None if persona is None else [persona]
        deck.picture(slide, layout_emotions(ws, chosen, theme=options.theme, lang=lang))
    pains = ranked_pains(ws, persona)
    if pains:
        titles = {tp.id: tp.title for tp in ws.touchpoints}
        pain_rows = [
            (p.text, p.severity or DASH, "; ".join(titles.get(tp, "") for tp in p.touchpoints))
            for p in pains
        ]
        columns = headings(t, "pain.text report.severity report.where")
        deck.table_slides(
            t("report.pain_points"), deck.questions("prioritize"), columns, pain_rows, (4, 1, 4)
        )
    if ws.ideas:
        slide = deck.slide(t("report.priorities"), deck.questions("prioritize"))
        matrix = layout_matrix(ws, theme=options.theme, lang=lang)
        deck.picture(slide, matrix, caption=t("print.matrix_rule"))
    actions = chosen_actions(ws)
    if actions:
        pains_by_id = {p.id: p.text for p in ws.pain_points}
        action_rows = [
            (
                i.text,
                i.owner or t("report.no_owner"),
                t(f"status.{i.status}"),
                "; ".join(pains_by_id[p] for p in i.pain_points if p in pains_by_id),
            )
            for i in actions
        ]
        columns = headings(t, "idea.text idea.owner idea.status idea.pain_points")
        deck.table_slides(
            t("report.actions"), deck.questions("prioritize"), columns, action_rows, (4, 2, 1.5, 4)
        )
    columns, metric_table = metric_rows(ws, persona, lang)
    if metric_table:
        deck.table_slides(
            t("guide.metrics.title"),
            deck.questions("metrics"),
            columns,
            metric_table,
            (2.5, 3, 1.5, 1.2, 1.2, 1.2, 1.4),
        )
    taken = ws.current_measurement()
    if taken is not None:
        _measured_slides(deck, taken, personas)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


def _measured_slides(deck: _Deck, taken: Measurement, personas: list[Persona]) -> None:
    """What the event log says (the current snapshot): each journey's drop-off chart, then
    the touchpoints where the room's feeling and the measured conversion disagree."""
    t, lang, ws = deck.t, deck.lang, deck.ws
    period = period_text(taken, lang)
    journeys = [(p.id, p.name) for p in personas] or [("", ws.title)]
    notes = deck.questions("metrics")
    for persona_id, name in journeys:
        steps = [step for step in taken.steps if (step.persona or "") == persona_id]
        if steps:
            slide = deck.slide(f"{t('report.measured.title')}: {name}", notes)
            deck.picture(slide, layout_funnel(steps, name, lang=lang), caption=period)
    columns, rows = flag_rows(ws, taken, lang, [persona_id for persona_id, _ in journeys])
    if rows:
        deck.table_slides(t("report.measured.flags"), notes, columns, rows, (2, 3, 1.5, 1.5, 2.5))
