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
from typing import Any

from pptx.util import Emu, Inches

from ..i18n import format_count, translate
from ..layout import Layout, MapOptions, layout_journey
from ..layout.emotions import layout_emotions
from ..layout.funnel import layout_funnel
from ..layout.matrix import layout_matrix
from ..model import Measurement, Persona, Workshop
from ..model.privacy import for_sharing, room_participants
from .decisions import chosen_actions, metric_rows, ranked_pains
from .deck_builder import Deck
from .deck_design import (
    BODY_BOTTOM,
    BODY_TOP,
    BODY_WIDTH,
    INK,
    MARGIN,
    PICTURE,
    TITLE,
    count_pages,
    layout,
)
from .deck_fit import (
    fitted_size,
    sized,
)
from .lookups import (
    DASH,
    channel_names,
    chosen_personas,
    format_date,
    headings,
    section_lang,
    stage_names,
)
from .measured import flag_rows, period_text
from .sections import print_pieces

SLIDE_MAP_WIDTH = 2000.0
"""The widest map (layout px) on one slide, whose body is about twice as wide as tall;
wider maps go on several slides, whole stages each."""


def _title_slide(deck: Deck, personas: list[Persona]) -> None:
    ws, t = deck.ws, deck.t
    slide = deck.prs.slides.add_slide(layout(deck.prs, TITLE))
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.text = ws.title
    size = fitted_size([(ws.title, True)], (title.width, title.height), 40, 24)
    if size < 40:
        sized(title.text_frame, size)
    dates = ", ".join(format_date(day, deck.lang) for day in ws.dates)
    lines = [" · ".join(part for part in (ws.organisation, dates) if part)]
    lines += [f"{p.name}: {p.description}" if p.description else p.name for p in personas]
    if ws.participants:
        lines.append(_who_took_part(ws, deck.lang))
    frame = subtitle.text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    size = fitted_size([(line, False) for line in lines], (subtitle.width, subtitle.height), 18, 10)
    if size < 18:
        sized(frame, size)
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


def _persona_slide(deck: Deck, persona: Persona) -> None:
    """Who the persona is across the top, then four cards: goals, needs, challenges and
    feelings, each as large as the slide allows."""
    t = deck.t
    slide = deck.slide(persona.name, deck.questions("customer"))
    top = BODY_TOP
    about = " · ".join(part for part in (persona.segment, persona.description) if part)
    if persona.job_to_be_done:
        about = f"{about}\n{t('persona.job')}: {persona.job_to_be_done}".strip()
    if about:
        about_height = Inches(0.95)
        frame = slide.shapes.add_textbox(MARGIN, top, BODY_WIDTH, about_height).text_frame
        frame.word_wrap = True
        frame.text = about
        lines = [(line, False) for line in about.split("\n")]
        sized(frame, fitted_size(lines, (BODY_WIDTH, about_height), 18, 10), INK)
        top = Emu(int(top + about_height + Inches(0.1)))
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
    gap = Inches(0.2)
    width = int((BODY_WIDTH - gap) / 2)
    height = int((BODY_BOTTOM - top - gap) / 2)
    for index, (heading, items) in enumerate(boxes):
        row, column = divmod(index, 2)
        left = int(MARGIN + column * (width + gap))
        box_top = int(top + row * (height + gap))
        deck.text_box(slide, (left, box_top, width, height), heading, items or [DASH])


def _matrix_slide(deck: Deck, slide: Any, matrix: Layout) -> None:
    """The priority matrix; when it leaves most of the slide free, the ideas' scores as an
    editable table beside it."""
    t = deck.t
    columns = headings(t, "idea.text idea.effort idea.impact idea.status")
    rows = [
        (i.text, i.effort or DASH, i.impact or DASH, t(f"status.{i.status}")) for i in deck.ws.ideas
    ]
    deck.picture_with_table(
        slide, matrix, (columns, rows, (5, 1.3, 1.3, 1.8)), caption=t("print.matrix_rule")
    )


def _journey_section(deck: Deck, persona: Persona | None) -> None:
    """The journey's section slide: whose it is, and how many touchpoints in how many stages."""
    ws, t = deck.ws, deck.t
    touchpoints = ws.journey(persona.id if persona is not None else None, state="current")
    stages = {tp.stage for tp in touchpoints}
    summary = " · ".join(
        (t("count.touchpoints", count=len(touchpoints)), t("count.stages", count=len(stages)))
    )
    name = persona.name if persona is not None else ws.title
    deck.section(t("slides.section.journey", name=name), summary, deck.questions("map"))


def _journey_slides(deck: Deck, persona: Persona | None, options: MapOptions) -> None:
    ws, t = deck.ws, deck.t
    persona_id = persona.id if persona is not None else None
    name = persona.name if persona is not None else ws.title
    whole = layout_journey(ws, persona_id, options=options)
    pieces = print_pieces(ws, persona_id, whole, deck.lang, options, SLIDE_MAP_WIDTH)
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
    columns = headings(
        t,
        "touchpoint.stage touchpoint.title touchpoint.channel report.emotion",
        "touchpoint.moment_of_truth",
    )
    widths = (2, 4, 2, 1, 1.2)
    for number, piece in enumerate(pieces, start=1):
        title = t("slides.map_title", name=name)
        if len(pieces) > 1:
            title = t("slides.continued", title=title, number=number, count=len(pieces))
        slide = deck.slide(title, deck.questions("map"), PICTURE)
        if len(pieces) > 1:
            deck.picture(slide, piece)
        elif deck.picture_with_table(slide, piece, (columns, rows, widths)):
            return  # a short journey: its map and its touchpoints read side by side
    if rows:
        deck.table_slides(
            t("slides.touchpoints_title", name=name),
            deck.questions("encounters"),
            columns,
            rows,
            widths,
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
    deck = Deck(ws, lang)
    t = deck.t
    personas = chosen_personas(ws, persona)
    _title_slide(deck, personas)
    for each in personas:
        _persona_slide(deck, each)
    journeys: list[Persona | None] = [*personas] if personas else [None]
    for journey in journeys:
        _journey_section(deck, journey)
        _journey_slides(deck, journey, options)
    if any(tp.emotion for tp in ws.touchpoints):
        slide = deck.slide(t("emotions.title"), deck.questions("map"), PICTURE)
        chosen = None if persona is None else [persona]
        deck.picture(slide, layout_emotions(ws, chosen, theme=options.theme, lang=lang))
    pains = ranked_pains(ws, persona)
    if pains or ws.ideas:
        summary = " · ".join(
            t(f"count.{name}", count=len(items))
            for name, items in (("pain_points", pains), ("ideas", ws.ideas))
            if items
        )
        deck.section(t("slides.section.decisions"), summary, deck.questions("prioritize"))
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
        slide = deck.slide(t("report.priorities"), deck.questions("prioritize"), PICTURE)
        matrix = layout_matrix(ws, theme=options.theme, lang=lang)
        _matrix_slide(deck, slide, matrix)
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
    count_pages(deck.prs)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


def _measured_slides(deck: Deck, taken: Measurement, personas: list[Persona]) -> None:
    """What the event log says (the current snapshot): each journey's drop-off chart, then
    the touchpoints where the room's feeling and the measured conversion disagree."""
    t, lang, ws = deck.t, deck.lang, deck.ws
    period = period_text(taken, lang)
    journeys = [(p.id, p.name) for p in personas] or [("", ws.title)]
    notes = deck.questions("metrics")
    deck.section(t("report.measured.title"), period, notes)
    for persona_id, name in journeys:
        steps = [step for step in taken.steps if (step.persona or "") == persona_id]
        if steps:
            slide = deck.slide(f"{t('report.measured.title')}: {name}", notes, PICTURE)
            deck.picture(slide, layout_funnel(steps, name, lang=lang), caption=period)
    columns, rows = flag_rows(ws, taken, lang, [persona_id for persona_id, _ in journeys])
    if rows:
        deck.table_slides(t("report.measured.flags"), notes, columns, rows, (2, 3, 1.5, 1.5, 2.5))
