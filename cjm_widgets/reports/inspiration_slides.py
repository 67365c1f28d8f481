"""The inspiration cards as slides (``cjm report --template inspiration --pptx``): a
title slide, then one slide per top pain point with its suggested solutions, their
evidence and where they were tried, and an editable effort/impact grid for the group."""

from __future__ import annotations

import io
from collections.abc import Iterable

from pptx.util import Emu, Inches

from ..library import WorkshopOutcomes, outcome_lines, read_outcomes
from ..model import Workshop
from .inspiration import TOP_PAINS, cards_of
from .lookups import DASH, chosen_personas, section_lang
from .slides import MARGIN, SLIDE_WIDTH, _cell, _Deck, _title_slide


def inspiration_deck(
    ws: Workshop,
    *,
    persona: str | None = None,
    lang: str | None = None,
    outcomes: Iterable[WorkshopOutcomes] | None = None,
) -> bytes:
    """The inspiration cards of ``ws`` as the bytes of a .pptx file, in its language."""
    lang = section_lang(ws, lang)
    deck = _Deck(ws, lang)
    t = deck.t
    records = list(read_outcomes() if outcomes is None else outcomes)
    _title_slide(deck, chosen_personas(ws, persona))
    notes = deck.questions("prioritize")
    room_w = SLIDE_WIDTH - 2 * MARGIN
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
        deck.text_box(slide, (MARGIN, deck.body_top, room_w, text_height), heading,
                      lines or [t("report.inspiration.no_match")], size=14)  # fmt: skip
        if not found:
            continue
        columns = [t(key) for key in ("report.inspiration.solution", "idea.effort",
                                      "idea.impact", "report.inspiration.decision")]  # fmt: skip
        top = Emu(int(deck.body_top + text_height + Inches(0.1)))
        height = Emu(int(Inches(0.45) * (len(found) + 1)))
        grid = slide.shapes.add_table(len(found) + 1, 4, MARGIN, top, room_w, height).table
        for index, share in enumerate((5, 1, 1, 2)):
            grid.columns[index].width = Emu(int(room_w * share / 9))
        for col, text in enumerate(columns):
            _cell(grid.cell(0, col), text, bold=True)
        for row, item in enumerate(found, start=1):
            _cell(grid.cell(row, 0), item.title)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


__all__ = ["inspiration_deck"]
