"""The sections of a workshop report, as static HTML that any browser shows without Jupyter.

Each function takes the workshop (and a persona or language where it matters) and
returns a Section: a heading for the table of contents and escaped HTML. The plugin
registry registers each under its name (``cjm_widgets.plugins.kit``), and the kit's
templates show them by name through ``registered_sections``, so a plugin's section of
the same name takes a kit section's place; analysts can call these functions in their
own notebooks and reorder or drop them.

Every piece of text goes into the page through the escaping blocks of ``reports.html``
(``tag``, ``table``, ``bullet_list``): what people typed in the workshop is shown as
text, never read as markup.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from ..i18n import translate
from ..layout import Layout, MapOptions, layout_journey
from ..layout.emotions import layout_emotions
from ..model import Workshop
from ..model.privacy import named_participants, room_participants
from ..render.svg import to_svg
from .decisions import (
    approved_actions,
    findings_summary,
    metrics_table,
    open_questions,
    priority_matrix,
    ranked_pain_points,
    rating_sheet,
)
from .html import (
    Section,
    bullet_list,
    empty_line,
    escape_html,
    join_html,
    table,
    table_or_empty,
    tag,
)
from .inspiration import inspiration_cards
from .lookups import (
    DASH,
    channel_names,
    chosen_personas,
    format_date,
    headings,
    pains_by_touchpoint,
    section_lang,
    stage_names,
    translator,
)
from .registered import SectionMaker, plugin_sections, registered_sections
from .room import room_emotions, spread_text

__all__ = [
    "Section",
    "SectionMaker",
    "approved_actions",
    "changes_since",
    "conversion_trend",
    "emotion_curves",
    "findings_summary",
    "format_date",
    "inspiration_cards",
    "journey_maps",
    "measured_journey",
    "metrics_table",
    "moments_of_truth",
    "open_questions",
    "overview",
    "persona_cards",
    "plugin_sections",
    "priority_matrix",
    "ranked_pain_points",
    "rating_sheet",
    "registered_sections",
    "table",
    "touchpoint_table",
    "vision",
]


# The measured sections and the follow-up's changes import pandas and the version
# comparison; a report without measurements or an earlier version never needs them, so
# they are imported when called (a template's first cell stays quick).


def measured_journey(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """What the current snapshot says (``reports.measured.measured_journey``)."""
    from .measured import measured_journey as made

    return made(ws, persona, lang)


def conversion_trend(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Each touchpoint's step conversion in every snapshot (``reports.measured``)."""
    from .measured import conversion_trend as made

    return made(ws, persona, lang)


def changes_since(
    previous: Workshop, ws: Workshop, persona: str | None = None, lang: str | None = None
) -> Section:
    """The follow-up's opening: what changed since ``previous`` (``reports.changes``)."""
    from .changes import changes_since as made

    return made(previous, ws, persona, lang)


def overview(ws: Workshop, lang: str | None = None) -> Section:
    """Title, organisation, dates, scope and who took part, by department; the room's
    participants as a count, as the room promised them."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    scope = (
        t("report.scope_whole")
        if ws.scope.journey == "whole"
        else t("report.scope_part", part=ws.scope.part)
    )
    facts: list[tuple[str, Markup]] = [
        (t("report.organisation"), escape_html(ws.organisation)),
        (t("report.dates"), escape_html(", ".join(format_date(day, lang) for day in ws.dates))),
        (
            t("report.scope"),
            join_html([scope, Markup("<br>"), ws.scope.note] if ws.scope.note else [scope]),
        ),
    ]
    facts_html = join_html(join_html([tag("dt", k), tag("dd", v)]) for k, v in facts if v)
    by_department: dict[str, list[str]] = {}
    for person in named_participants(ws):
        key = person.department or t("report.no_department")
        by_department.setdefault(key, []).append(
            person.name + (f" ({person.role})" if person.role else "")
        )
    rows = [(dept, len(names), ", ".join(names)) for dept, names in sorted(by_department.items())]
    room = len(room_participants(ws))  # a count: the room promised them their names stay private
    if room:
        rows.append((t("report.room_participants"), room, t("report.room_names_private")))
    people = (
        table([t("report.department"), t("report.count"), t("report.participants")], rows)
        if rows
        else empty_line(t("report.no_participants"))
    )
    body = join_html(
        [tag("dl", facts_html, class_="cjm-facts"), tag("h3", t("report.participants")), people]
    )
    return Section("overview", t("report.overview"), body)


def persona_cards(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """A card per persona: who they are, the job they try to get done, goals, needs, feelings."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    cards = []
    for p in chosen_personas(ws, persona):
        parts = [tag("h3", p.name)]
        if p.segment:
            parts.append(tag("p", p.segment, class_="cjm-muted"))
        if p.description:
            parts.append(tag("p", p.description))
        if p.job_to_be_done:
            parts.append(tag("p", tag("b", t("persona.job"), ":"), " ", p.job_to_be_done))
        for key, items in (
            ("persona.goals", p.goals),
            ("persona.needs", p.needs),
            ("persona.challenges", p.challenges),
        ):
            if items:
                parts.append(tag("h4", t(key)) + bullet_list(items))
        for valence, key in (("positive", "persona.excites"), ("negative", "persona.fears")):
            feelings = [f.text for f in p.feelings if f.valence == valence]
            if feelings:
                parts.append(tag("h4", t(key), class_=f"cjm-{valence}") + bullet_list(feelings))
        cards.append(tag("div", *parts, class_="cjm-card"))
    body = tag("div", *cards, class_="cjm-cards") if cards else empty_line(t("report.no_personas"))
    return Section("personas", t("report.personas"), body)


def vision(ws: Workshop, lang: str | None = None) -> Section:
    """The dream state overall, the competitive angle, and the vision at each stage."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    parts = []
    if ws.vision.overall:
        parts.append(tag("p", ws.vision.overall, class_="cjm-lead"))
    if ws.vision.competitive_angle:
        parts.append(
            tag("p", tag("b", t("vision.competitive"), ":"), " ", ws.vision.competitive_angle)
        )
    rows = [(stage.name, stage.vision) for stage in ws.stages if stage.vision]
    if rows:
        parts.append(table([t("stage.name"), t("report.vision_at_stage")], rows))
    return Section(
        "vision", t("guide.vision.title"), join_html(parts) or empty_line(t("report.none_yet"))
    )


PAGE_PX = 1116
"""The handout's text width on screen (1,180 px less its padding): a map wider than this
is fitted to it, with a switch to see it at full size."""


def full_size_switch(name: str, lang: str) -> str:
    """A checkbox before a wide figure: the figure fits the page's width until it is
    ticked, then shows at full size and scrolls sideways (no script: the page's CSS)."""
    t = translator(lang)
    label = html.escape(t("report.map_full_size"))
    hint = html.escape(t("report.map_fitted"))
    return (
        f'<p class="cjm-zoom cjm-screen-only cjm-muted">{hint} '
        f'<input type="checkbox" id="{name}" class="cjm-full">'
        f'<label for="{name}">{label}</label></p>'
    )


def journey_maps(
    ws: Workshop,
    persona: str | None = None,
    lang: str | None = None,
    options: MapOptions | None = None,
) -> Section:
    """The journey map of each persona (or the one chosen), as inline SVG.

    ``options`` (lanes, theme) is what the app and the exports use: by default every
    registered lane, plugins' included.
    """
    lang = section_lang(ws, lang)
    chosen: list[str | None] = [p.id for p in chosen_personas(ws, persona)] or [None]
    figures = []
    for index, pid in enumerate(chosen):
        whole = layout_journey(ws, pid, lang=lang, options=options)
        svg = to_svg(whole, embed_font=False)
        pieces = print_pieces(ws, pid, whole, lang, options)
        zoom = full_size_switch(f"cjm-full-map-{index}", lang) if whole.width > PAGE_PX else ""
        if len(pieces) == 1:
            figures.append(
                f'{zoom}<figure class="cjm-figure cjm-wide cjm-landscape">{svg}</figure>'
            )
            continue
        figures.append(f'{zoom}<figure class="cjm-figure cjm-wide cjm-screen-only">{svg}</figure>')
        figures.extend(
            f'<figure class="cjm-figure cjm-landscape cjm-print-only">'
            f"{to_svg(piece, embed_font=False)}</figure>"
            for piece in pieces
        )
    return Section("journey-maps", translate("report.journey_maps", lang), "".join(figures))


PRINT_MAP_WIDTH = 1350.0
"""The widest map (layout px) printed on one landscape page: its smallest text stays
about 6 pt. Wider maps are printed in pieces of whole stages."""


EVEN_STEPS = 4
"""Widths tried, from an even share of the map up to the page's, when the map is cut."""


def print_pieces(
    ws: Workshop,
    persona: str | None,
    whole: Layout,
    lang: str,
    options: MapOptions | None = None,
    max_width: float = PRINT_MAP_WIDTH,
) -> list[Layout]:
    """The map cut into runs of whole stages that each fit ``max_width`` (a stage wider
    than that alone gets a page of its own); just ``whole`` when it fits. The runs are as
    even as the stages allow: no last page with one stage after a full one."""
    if whole.width <= max_width:
        return [whole]
    used = {tp.stage for tp in ws.journey(persona, state="current")}
    stages = [stage.id for stage in ws.stages if stage.id in used]

    def cut(limit: float) -> list[Layout]:
        pieces: list[Layout] = []
        run: list[str] = []
        laid: Layout | None = None
        for stage in stages:
            trial = layout_journey(ws, persona, lang=lang, options=options, stages=[*run, stage])
            if run and laid is not None and trial.width > limit:
                pieces.append(laid)
                run = [stage]
                laid = layout_journey(ws, persona, lang=lang, options=options, stages=run)
            else:
                run.append(stage)
                laid = trial
        if laid is not None:
            pieces.append(laid)
        return pieces

    fewest = cut(max_width)
    if len(fewest) > 1:
        share = whole.width / len(fewest)  # each run also repeats the lane labels: try wider
        for step in range(EVEN_STEPS):
            even = cut(share + (max_width - share) * step / EVEN_STEPS)
            if len(even) == len(fewest):
                return even
    return fewest or [whole]


def touchpoint_table(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Every touchpoint in journey order, today's and the envisioned, with channel and emotion."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    stages, channels = stage_names(ws), channel_names(ws)
    names = {p.id: p.name for p in ws.personas}
    rows: list[tuple[object, ...]] = [
        (
            stages.get(tp.stage, ""),
            tp.title,
            names.get(tp.persona or "", t("touchpoint.everyone")),
            channels.get(tp.channel, ""),
            tp.emotion or DASH,
            "★" if tp.moment_of_truth else "",
            t(f"map.state.{tp.journey}"),
        )
        for tp in ws.journey(persona)
    ]
    headers = headings(
        t,
        "touchpoint.stage touchpoint.title touchpoint.persona",
        "touchpoint.channel report.emotion",
        "touchpoint.moment_of_truth touchpoint.journey",
    )
    room = room_emotions(ws)
    if room:  # the room's ratings beside the facilitator's score
        headers.insert(5, t("room.report.room_emotion"))
        touchpoints = ws.journey(persona)
        rows = [
            (*row[:5], spread_text(room.get(tp.id), lang), *row[5:])
            for row, tp in zip(rows, touchpoints, strict=True)
        ]
    return Section("touchpoints", t("touchpoint.list"), table(headers, rows))


def emotion_curves(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Emotion curves of the personas side by side, today's and the envisioned journey."""
    lang = section_lang(ws, lang)
    personas = None if persona is None else [persona]
    svg = to_svg(layout_emotions(ws, personas, lang=lang, titled=False), embed_font=False)
    return Section(
        "emotions", translate("emotions.title", lang), f'<figure class="cjm-figure">{svg}</figure>'
    )


def moments_of_truth(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """The touchpoints where the relationship is won or lost, with how they feel and hurt."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    stages, channels, pains = stage_names(ws), channel_names(ws), pains_by_touchpoint(ws)
    rows = []
    for tp in ws.journey(persona, state="current"):
        if not tp.moment_of_truth:
            continue
        score = f"{tp.emotion} ({t(f'emotion.{tp.emotion}')})" if tp.emotion else DASH
        hurts = "; ".join(p.text for p in pains.get(tp.id, []))
        rows.append(
            (
                tp.title,
                stages.get(tp.stage, ""),
                channels.get(tp.channel, ""),
                score,
                tp.feeling,
                hurts,
            )
        )
    headers = headings(
        t,
        "touchpoint.title touchpoint.stage touchpoint.channel",
        "report.emotion touchpoint.feeling report.pain_points",
    )
    body = table_or_empty(headers, rows, t("report.no_moments"))
    return Section("moments-of-truth", t("report.moments_of_truth"), body)
