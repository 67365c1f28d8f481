"""Inspiration for the second workshop: one card per top pain point with the solutions
the library suggests for it, their evidence and where they were tried (the outcomes of
your own past workshops), and an empty effort/impact grid for the group to fill in.

The same cards make ``cjm report --template inspiration`` and the page of ``cjm library
suggest --to html``; every text goes in escaped, as in every report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from markupsafe import Markup

from ..library import Suggestion, WorkshopOutcomes, outcome_lines, read_outcomes, suggest
from ..library.matcher import DEFAULT_TOP, persona_id
from ..model import PainPoint, Workshop
from .decisions import ranked_pains
from .handout import page_html
from .html import Section, bullet_list, empty_line, join_html, table, tag
from .lookups import DASH, format_date, section_lang, translator

TOP_PAINS = 6
"""How many pain points the report's cards cover: the worst, as the ranked list orders them."""


def _card(
    pain: PainPoint,
    found: Sequence[Suggestion],
    outcomes: Sequence[WorkshopOutcomes],
    lang: str,
) -> Markup:
    t = translator(lang)
    heading = tag("h3", pain.text)
    facts = tag("p", t("report.inspiration.severity", severity=pain.severity or DASH),
                class_="cjm-muted")  # fmt: skip
    if not found:
        return tag("div", heading, facts, empty_line(t("report.inspiration.no_match")),
                   class_="cjm-card")  # fmt: skip
    items = []
    for item in found:
        evidence = t(f"library.evidence.{item.evidence}")
        typical = t("report.inspiration.typical", effort=item.effort, impact=item.impact)
        tried = outcome_lines(item.solution_id, outcomes, lang)
        parts = [
            tag("strong", item.title),
            " ",
            tag("span", f"({evidence})", class_="cjm-muted"),
            tag("p", item.description),
            tag("p", typical, class_="cjm-muted"),
            bullet_list(tag("em", line) for line in tried),
        ]
        items.append(join_html(parts))
    blank = tag("span", class_="cjm-blank")
    grid = table(
        [t(key) for key in ("report.inspiration.solution", "idea.effort", "idea.impact",
                            "report.inspiration.decision")],
        [(item.title, blank, blank, blank) for item in found],
        "cjm-sheet",
    )  # fmt: skip
    return tag("div", heading, facts, tag("ol", *(tag("li", i) for i in items)), grid,
               class_="cjm-card")  # fmt: skip


def cards_of(
    ws: Workshop,
    persona: str | None,
    lang: str,
    *,
    top: int = DEFAULT_TOP,
    pains: int | None = TOP_PAINS,
) -> list[tuple[PainPoint, list[Suggestion]]]:
    """The ``pains`` worst pain points of ``persona``'s journey (id or name; all with
    None), each with its ``top`` suggested solutions in ``lang``: what a card shows."""
    chosen = persona_id(ws, persona) if persona else None
    found: dict[str, list[Suggestion]] = {}
    for item in suggest(ws, chosen, top, lang=lang):
        found.setdefault(item.pain_point_id, []).append(item)
    worst = ranked_pains(ws, chosen)
    shown = worst if pains is None else worst[:pains]
    return [(pain, found.get(pain.id, [])) for pain in shown]


def inspiration_cards(
    ws: Workshop,
    persona: str | None = None,
    lang: str | None = None,
    *,
    top: int = DEFAULT_TOP,
    pains: int | None = TOP_PAINS,
    outcomes: Iterable[WorkshopOutcomes] | None = None,
) -> Section:
    """A card for each of the ``pains`` worst pain points (all with None) of ``persona``'s
    journey: its ``top`` suggested solutions with their evidence, typical effort and
    impact, where they were tried (``outcomes``, default: the user's library folder's),
    and a grid for the group's own effort and impact ratings; in the workshop's language."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    records = list(read_outcomes() if outcomes is None else outcomes)
    chosen = cards_of(ws, persona, lang, top=top, pains=pains)
    cards = [_card(pain, found, records, lang) for pain, found in chosen]
    intro = tag("p", t("report.inspiration.intro"), class_="cjm-lead")
    body = join_html([intro, *cards]) if cards else empty_line(t("report.inspiration.no_pains"))
    return Section("inspiration", t("report.inspiration.title"), body)


def inspiration_page(
    ws: Workshop,
    persona: str | None = None,
    *,
    top: int = DEFAULT_TOP,
    outcomes: Iterable[WorkshopOutcomes] | None = None,
    lang: str | None = None,
) -> str:
    """The cards of every pain point as a standalone offline page (``cjm library suggest
    --to html``), in the workshop's language."""
    lang = section_lang(ws, lang)
    section = inspiration_cards(ws, persona, lang, top=top, pains=None, outcomes=outcomes)
    return page_html(
        str(section),
        title=translator(lang)("report.inspiration.title"),
        subtitle=ws.title,
        lang=lang,
        generated=format_date(date.today(), lang),
    )


__all__ = ["TOP_PAINS", "cards_of", "inspiration_cards", "inspiration_page"]
