"""Report sections about what to do next: pain points ranked, the effort/impact matrix,
approved actions, metrics against their targets, open questions, and the follow-up
session's rating sheet.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..i18n import format_number
from ..layout.list_lanes import with_unit
from ..layout.matrix import layout_matrix
from ..model import Idea, PainPoint, Touchpoint, Workshop
from ..quadrants import QUADRANTS, quadrant
from ..render.svg import to_svg
from .html import (
    Section,
    bullet_list,
    empty_line,
    join_html,
    table,
    table_or_empty,
    tag,
)
from .lookups import (
    DASH,
    headings,
    section_lang,
    translator,
)
from .room import verdict_table


def ranked_pains(ws: Workshop, persona: str | None = None) -> list[PainPoint]:
    """The pain points of the persona's journey, by severity, then by touchpoints hurt."""
    shown = {tp.id for tp in ws.journey(persona)}
    pains = [p for p in ws.pain_points if any(tp in shown for tp in p.touchpoints)]
    pains.sort(key=lambda p: (-(p.severity or 0), -len(p.touchpoints), p.text))
    return pains


def chosen_actions(ws: Workshop) -> list[Idea]:
    """The ideas the group decided to do: approved, in progress and done."""
    return [i for i in ws.ideas if i.status in ("approved", "in_progress", "done")]


def ranked_pain_points(
    ws: Workshop, persona: str | None = None, lang: str | None = None
) -> Section:
    """Pain points ranked by severity, then by how many touchpoints they hurt."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    shown = {tp.id: tp for tp in ws.journey(persona)}
    answered = Counter(pain_id for idea in ws.ideas for pain_id in idea.pain_points)
    pains = ranked_pains(ws, persona)
    rows = [
        (
            p.text,
            p.severity or DASH,
            len(p.touchpoints),
            ", ".join(shown[tp].title for tp in p.touchpoints if tp in shown),
            t(f"pain.source.{p.source}"),
            answered[p.id],
        )
        for p in pains
    ]
    headers = headings(
        t,
        "pain.text report.severity report.touchpoints_hurt",
        "report.where pain.source report.ideas",
    )
    body = table_or_empty(headers, rows, t("report.no_pains"))
    return Section("pain-points", t("report.pain_points"), body)


def priority_matrix(ws: Workshop, lang: str | None = None) -> Section:
    """The effort/impact matrix and the ideas in each quadrant."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    svg = to_svg(layout_matrix(ws, lang=lang), embed_font=False)
    groups: dict[str, list[Idea]] = {}
    for idea in ws.ideas:
        if idea.effort and idea.impact:
            groups.setdefault(quadrant(idea.effort, idea.impact), []).append(idea)
    lists = join_html(
        tag("h3", t(f"matrix.{name}"))
        + bullet_list(f"{i.text} ({t(f'status.{i.status}')})" for i in groups[name])
        for name in QUADRANTS
        if name in groups
    )
    rule = tag("p", t("print.matrix_rule"), class_="cjm-muted")
    room = verdict_table(ws, lang)  # the room's votes and spreads, when it rated ideas
    return Section(
        "priorities",
        t("report.priorities"),
        f'<figure class="cjm-figure cjm-keep">{svg}</figure>{rule}{lists}{room}',
    )


def approved_actions(ws: Workshop, lang: str | None = None) -> Section:
    """What the group decided to do: approved, in progress and done ideas with their owners."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    pains = {p.id: p.text for p in ws.pain_points}
    chosen = chosen_actions(ws)
    no_owner = tag("span", t("report.no_owner"), class_="cjm-missing")
    rows = [
        (
            i.text,
            i.owner or no_owner,
            t(f"status.{i.status}"),
            "; ".join(pains[p] for p in i.pain_points if p in pains),
            i.decision_note,
        )
        for i in chosen
    ]
    headers = headings(t, "idea.text idea.owner idea.status idea.pain_points", "idea.decision_note")
    body = table_or_empty(headers, rows, t("report.no_actions"))
    return Section("actions", t("report.actions"), body)


def metrics_table(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Each metric with its touchpoint, baseline, target, actual and the gap still to close."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    headers, rows = metric_rows(ws, persona, lang)
    body = table_or_empty(headers, rows, t("report.no_metrics"), "cjm-numbers", range(3, 7))
    return Section("metrics", t("guide.metrics.title"), body)


def metric_rows(
    ws: Workshop, persona: str | None, lang: str
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Headings and rows of the metrics table, as text: name, where, kind, figures, gap."""
    t = translator(lang)
    touchpoints = {tp.id: tp for tp in ws.journey(persona)}
    rows: list[tuple[str, ...]] = []
    for m in ws.metrics:
        if m.touchpoint is not None and m.touchpoint not in touchpoints:
            continue
        gap = m.gap()
        where = touchpoints[m.touchpoint].title if m.touchpoint else t("report.whole_journey")
        gap_text = (
            DASH
            if gap is None
            else (t("report.target_met") if gap <= 0 else with_unit(gap, m.unit, lang))
        )
        rows.append(
            (
                m.name,
                where,
                t(f"metric.kind.{m.kind}"),
                with_unit(m.baseline, m.unit, lang),
                with_unit(m.target, m.unit, lang),
                with_unit(m.actual, m.unit, lang),
                gap_text,
            )
        )
    headers = headings(
        t,
        "metric.name touchpoint.title metric.kind metric.baseline",
        "metric.target metric.actual report.gap",
    )
    return headers, rows


def open_questions(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """What the workshop left open, and the next steps that follow from its decisions."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    journey: list[Touchpoint] = ws.journey(persona)
    answered = {p for idea in ws.ideas for p in idea.pain_points}
    shown = {tp.id for tp in journey}
    questions = [t("report.q_unscored", title=tp.title) for tp in journey if tp.emotion is None]
    questions += [
        t("report.q_no_idea", text=p.text)
        for p in ws.pain_points
        if p.id not in answered and any(tp in shown for tp in p.touchpoints)
    ]
    questions += [
        t("report.q_unrated", text=i.text) for i in ws.ideas if not (i.effort and i.impact)
    ]
    questions += [t("report.q_no_actual", name=m.name) for m in ws.metrics if m.actual is None]
    steps = [
        t("report.step_owner", text=i.text, owner=i.owner)
        if i.owner
        else t("report.step_no_owner", text=i.text)
        for i in ws.ideas
        if i.status in ("approved", "in_progress")
    ]
    steps.append(t("report.step_followup"))
    body = join_html(
        [
            tag("h3", t("report.open_questions")),
            bullet_list(questions, t("report.none_open")),
            tag("h3", t("report.next_steps")),
            bullet_list(steps),
        ]
    )
    return Section("next-steps", t("report.open_and_next"), body)


def findings_summary(ws: Workshop, lang: str | None = None) -> Section:
    """For the follow-up session: what workshop 1 found, in a few numbers and lists."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    current = ws.journey(state="current")
    scored = [tp.emotion for tp in current if tp.emotion]
    lowest = sorted((tp for tp in current if tp.emotion), key=lambda tp: tp.emotion or 0)[:5]
    facts = t(
        "report.found",
        touchpoints=len(current),
        moments=sum(tp.moment_of_truth for tp in current),
        pains=len(ws.pain_points),
        ideas=len(ws.ideas),
        mean=format_number(round(sum(scored) / len(scored), 1), lang) if scored else DASH,
    )
    worst = bullet_list(f"{tp.title} ({tp.emotion})" for tp in lowest)
    body = join_html([tag("p", facts), tag("h3", t("report.lowest")), worst])
    return Section("findings", t("report.findings"), body)


def rating_sheet(ws: Workshop, lang: str | None = None) -> Section:
    """Every proposed idea to rate in the follow-up, grouped by the pain point it answers."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    blank = tag("span", class_="cjm-blank")
    headers = [
        t(key) for key in ("idea.text", "idea.effort", "idea.impact", "idea.status", "idea.owner")
    ]

    def sheet(heading: str, ideas: list[Idea]) -> Markup:
        rows = [(i.text, i.effort or blank, i.impact or blank, blank, blank) for i in ideas]
        return tag("h3", heading) + table(headers, rows, "cjm-sheet")

    proposed = [i for i in ws.ideas if i.status == "proposed"]
    groups = []
    for pain in sorted(ws.pain_points, key=lambda p: -(p.severity or 0)):
        ideas = [i for i in proposed if pain.id in i.pain_points]
        if ideas:
            groups.append(
                sheet(
                    t("report.answers_pain", text=pain.text, severity=pain.severity or DASH), ideas
                )
            )
    loose = [i for i in proposed if not i.pain_points]
    if loose:
        groups.append(sheet(t("report.no_pain_link"), loose))
    body = join_html(groups) or empty_line(t("report.no_proposed"))
    return Section("rating", t("report.rating"), body)
