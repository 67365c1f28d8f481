"""The inspiration cards as slides (``cjm report --template inspiration --pptx``): a
title slide, then one slide per top pain point with its suggested solutions, their
evidence and where they were tried, and an editable effort/impact grid for the group."""

from __future__ import annotations

import io
from collections.abc import Iterable

from pptx.util import Emu, Inches

from ..library import WorkshopOutcomes, outcome_lines, read_outcomes
from ..model import Workshop
from .deck_builder import Deck
from .deck_design import BODY_TOP, BODY_WIDTH, MARGIN, count_pages
from .deck_fit import fill_cell
from .inspiration import TOP_PAINS, cards_of
from .lookups import DASH, chosen_personas, section_lang
from .slides import _title_slide

GRID_SIZE = 14
"""The effort/impact grid's text size: read from across the room."""


def inspiration_deck(
    ws: Workshop,
    *,
    persona: str | None = None,
    lang: str | None = None,
    outcomes: Iterable[WorkshopOutcomes] | None = None,
) -> bytes:
    """The inspiration cards of ``ws`` as the bytes of a .pptx file, in its language."""
    lang = section_lang(ws, lang)
    deck = Deck(ws, lang)
    t = deck.t
    records = list(read_outcomes() if outcomes is None else outcomes)
    _title_slide(deck, chosen_personas(ws, persona))
    notes = deck.questions("prioritize")
    room_w = BODY_WIDTH
    for pain, found in cards_of(ws, persona, lang, pains=TOP_PAINS):
        slide = deck.slide(pain.text, notes)
        lines = []
        for item in found:
            evidence = t(f"library.evidence.{item.evidence}")
            typical = t("report.inspiration.typical", effort=item.effort, impact=item.impact)
            lines.append(f"{item.title} ({evidence}) · {typical}")
            lines += [f"   {line}" for line in outcome_lines(item.solution_id, records, lang)]
        heading = t("report.inspiration.severity", severity=pain.severity or DASH)
        text_height = Inches(3.0)
        deck.text_box(slide, (MARGIN, BODY_TOP, room_w, text_height), heading,
                      lines or [t("report.inspiration.no_match")])  # fmt: skip
        if not found:
            continue
        columns = [t(key) for key in ("report.inspiration.solution", "idea.effort",
                                      "idea.impact", "report.inspiration.decision")]  # fmt: skip
        top = Emu(int(BODY_TOP + text_height + Inches(0.1)))
        height = Emu(int(Inches(0.45) * (len(found) + 1)))
        grid = slide.shapes.add_table(len(found) + 1, 4, MARGIN, top, room_w, height).table
        for index, share in enumerate((5, 1, 1, 2)):
            grid.columns[index].width = Emu(int(room_w * share / 9))
        for col, text in enumerate(columns):
            fill_cell(grid.cell(0, col), text, GRID_SIZE, bold=True)
        for row, item in enumerate(found, start=1):
            fill_cell(grid.cell(row, 0), item.title, GRID_SIZE)
    count_pages(deck.prs)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


__all__ = ["inspiration_deck"]
