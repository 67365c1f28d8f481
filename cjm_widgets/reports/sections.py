"""The sections of a workshop report, as static HTML that any browser shows without Jupyter.

Each function takes the workshop (and a persona or language where it matters) and
returns a Section: a heading for the table of contents and escaped HTML. Templates
display them; analysts can call them in their own notebooks and reorder or drop them.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..i18n import format_number, translate
from ..layout import layout_journey
from ..layout.emotions import layout_emotions
from ..layout.lanes import with_unit
from ..layout.matrix import layout_matrix, quadrant
from ..model import Idea, PainPoint, Persona, Touchpoint, Workshop
from ..render.svg import to_svg

e = html.escape
DASH = "\u2013"  # en dash: not known yet


@dataclass(frozen=True)
class Section:
    """One part of a report: ``<h2 id=anchor>title</h2>`` and its body."""

    anchor: str
    title: str
    body: str

    def _repr_html_(self) -> str:
        heading = f'<h2 id="{self.anchor}">{e(self.title)}</h2>'
        return f'<section class="cjm-section">{heading}{self.body}</section>'

    def __str__(self) -> str:
        return self._repr_html_()


def _lang(ws: Workshop, lang: str | None) -> str:
    return lang or ws.language


def _empty(text: str) -> str:
    """The grey line a section shows when it has nothing to show yet."""
    return f'<p class="cjm-empty">{e(text)}</p>'


def _translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``, the way every section looks up its fixed text."""

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    return t


def _list(items: Iterable[str], empty: str = "") -> str:
    rows = "".join(f"<li>{e(item)}</li>" for item in items)
    return f"<ul>{rows}</ul>" if rows else (_empty(empty) if empty else "")


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], classes: str = "") -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    table = f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
    return f'<table class="cjm-table {classes}">{table}</table>'


def _personas(ws: Workshop, persona: str | None) -> list[Persona]:
    return [p for p in ws.personas if persona is None or p.id == persona]


def _stage_names(ws: Workshop) -> dict[str, str]:
    return {stage.id: stage.name for stage in ws.stages}


def _channel_names(ws: Workshop) -> dict[str, str]:
    return {channel.id: channel.name for channel in ws.channels}


def format_date(day: object, lang: str) -> str:
    """A date written out for readers of ``lang``."""
    month = translate(f"month.{day.month}", lang)  # type: ignore[attr-defined]
    return translate("date.format", lang, day=day.day, month=month, year=day.year)  # type: ignore[attr-defined]


# -- the sections ------------------------------------------------------------------------


def overview(ws: Workshop, lang: str | None = None) -> Section:
    """Title, organisation, dates, scope and who took part, by department."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    scope = (
        t("report.scope_whole")
        if ws.scope.journey == "whole"
        else t("report.scope_part", part=ws.scope.part)
    )
    facts = [
        (t("report.organisation"), e(ws.organisation)),
        (t("report.dates"), e(", ".join(format_date(day, lang) for day in ws.dates))),
        (t("report.scope"), e(scope) + (f"<br>{e(ws.scope.note)}" if ws.scope.note else "")),
    ]
    facts_html = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts if v)
    by_department: dict[str, list[str]] = {}
    for person in ws.participants:
        key = person.department or t("report.no_department")
        by_department.setdefault(key, []).append(
            person.name + (f" ({person.role})" if person.role else "")
        )
    rows = [
        (e(dept), str(len(names)), e(", ".join(names)))
        for dept, names in sorted(by_department.items())
    ]
    people = (
        _table([t("report.department"), t("report.count"), t("report.participants")], rows)
        if rows
        else _empty(t("report.no_participants"))
    )
    body = f'<dl class="cjm-facts">{facts_html}</dl><h3>{e(t("report.participants"))}</h3>{people}'
    return Section("overview", t("report.overview"), body)


def persona_cards(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """A card per persona: who they are, the job they try to get done, goals, needs, feelings."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    cards = []
    for p in _personas(ws, persona):
        parts = [f"<h3>{e(p.name)}</h3>"]
        if p.segment:
            parts.append(f'<p class="cjm-muted">{e(p.segment)}</p>')
        if p.description:
            parts.append(f"<p>{e(p.description)}</p>")
        if p.job_to_be_done:
            parts.append(f"<p><b>{e(t('persona.job'))}:</b> {e(p.job_to_be_done)}</p>")
        for key, items in (
            ("persona.goals", p.goals),
            ("persona.needs", p.needs),
            ("persona.challenges", p.challenges),
        ):
            if items:
                parts.append(f"<h4>{e(t(key))}</h4>{_list(items)}")
        for valence, key in (("positive", "persona.excites"), ("negative", "persona.fears")):
            feelings = [f.text for f in p.feelings if f.valence == valence]
            if feelings:
                parts.append(f'<h4 class="cjm-{valence}">{e(t(key))}</h4>{_list(feelings)}')
        cards.append(f'<div class="cjm-card">{"".join(parts)}</div>')
    body = (
        f'<div class="cjm-cards">{"".join(cards)}</div>'
        if cards
        else _empty(t("report.no_personas"))
    )
    return Section("personas", t("report.personas"), body)


def vision(ws: Workshop, lang: str | None = None) -> Section:
    """The dream state overall, the competitive angle, and the vision at each stage."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    parts = []
    if ws.vision.overall:
        parts.append(f'<p class="cjm-lead">{e(ws.vision.overall)}</p>')
    if ws.vision.competitive_angle:
        parts.append(
            f"<p><b>{e(t('vision.competitive'))}:</b> {e(ws.vision.competitive_angle)}</p>"
        )
    rows = [(e(stage.name), e(stage.vision)) for stage in ws.stages if stage.vision]
    if rows:
        parts.append(_table([t("stage.name"), t("report.vision_at_stage")], rows))
    return Section(
        "vision",
        t("guide.vision.title"),
        "".join(parts) or _empty(t("report.none_yet")),
    )


def journey_maps(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """The journey map of each persona (or the one chosen), as inline SVG."""
    lang = _lang(ws, lang)
    chosen: list[str | None] = [p.id for p in _personas(ws, persona)] or [None]
    figures = []
    for pid in chosen:
        svg = to_svg(layout_journey(ws, pid, lang=lang), embed_font=False)
        figures.append(f'<figure class="cjm-figure cjm-wide">{svg}</figure>')
    return Section("journey-maps", translate("report.journey_maps", lang), "".join(figures))


def touchpoint_table(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Every touchpoint in journey order, today's and the envisioned, with channel and emotion."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    stages, channels = _stage_names(ws), _channel_names(ws)
    names = {p.id: p.name for p in ws.personas}
    rows = [
        (
            e(stages.get(tp.stage, "")),
            e(tp.title),
            e(names.get(tp.persona or "", t("touchpoint.everyone"))),
            e(channels.get(tp.channel, "")),
            e(str(tp.emotion or DASH)),
            "★" if tp.moment_of_truth else "",
            e(t(f"map.state.{tp.journey}")),
        )
        for tp in ws.journey(persona)
    ]
    headers = [
        t("touchpoint.stage"),
        t("touchpoint.title"),
        t("touchpoint.persona"),
        t("touchpoint.channel"),
        t("report.emotion"),
        t("touchpoint.moment_of_truth"),
        t("touchpoint.journey"),
    ]
    return Section("touchpoints", t("touchpoint.list"), _table(headers, rows))


def emotion_curves(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Emotion curves of the personas side by side, today's and the envisioned journey."""
    lang = _lang(ws, lang)
    personas = None if persona is None else [persona]
    svg = to_svg(layout_emotions(ws, personas, lang=lang), embed_font=False)
    return Section(
        "emotions", translate("emotions.title", lang), f'<figure class="cjm-figure">{svg}</figure>'
    )


def _pains_by_touchpoint(ws: Workshop) -> dict[str, list[PainPoint]]:
    found: dict[str, list[PainPoint]] = {}
    for pain in ws.pain_points:
        for tp_id in pain.touchpoints:
            found.setdefault(tp_id, []).append(pain)
    return found


def moments_of_truth(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """The touchpoints where the relationship is won or lost, with how they feel and hurt."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    stages, channels, pains = _stage_names(ws), _channel_names(ws), _pains_by_touchpoint(ws)
    rows = []
    for tp in ws.journey(persona, state="current"):
        if not tp.moment_of_truth:
            continue
        score = f"{tp.emotion} ({t(f'emotion.{tp.emotion}')})" if tp.emotion else DASH
        hurts = "; ".join(p.text for p in pains.get(tp.id, []))
        rows.append(
            (
                e(tp.title),
                e(stages.get(tp.stage, "")),
                e(channels.get(tp.channel, "")),
                e(score),
                e(tp.feeling),
                e(hurts),
            )
        )
    headers = [
        t("touchpoint.title"),
        t("touchpoint.stage"),
        t("touchpoint.channel"),
        t("report.emotion"),
        t("touchpoint.feeling"),
        t("report.pain_points"),
    ]
    body = _table(headers, rows) if rows else _empty(t("report.no_moments"))
    return Section("moments-of-truth", t("report.moments_of_truth"), body)


def ranked_pain_points(
    ws: Workshop, persona: str | None = None, lang: str | None = None
) -> Section:
    """Pain points ranked by severity, then by how many touchpoints they hurt."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    shown = {tp.id: tp for tp in ws.journey(persona)}
    answered = Counter(pain_id for idea in ws.ideas for pain_id in idea.pain_points)
    pains = [p for p in ws.pain_points if any(tp in shown for tp in p.touchpoints)]
    pains.sort(key=lambda p: (-(p.severity or 0), -len(p.touchpoints), p.text))
    rows = [
        (
            e(p.text),
            str(p.severity) if p.severity else DASH,
            str(len(p.touchpoints)),
            e(", ".join(shown[tp].title for tp in p.touchpoints if tp in shown)),
            e(t(f"pain.source.{p.source}")),
            str(answered[p.id]),
        )
        for p in pains
    ]
    headers = [
        t("pain.text"),
        t("report.severity"),
        t("report.touchpoints_hurt"),
        t("report.where"),
        t("pain.source"),
        t("report.ideas"),
    ]
    body = _table(headers, rows) if rows else _empty(t("report.no_pains"))
    return Section("pain-points", t("report.pain_points"), body)


def priority_matrix(ws: Workshop, lang: str | None = None) -> Section:
    """The effort/impact matrix and the ideas in each quadrant."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    svg = to_svg(layout_matrix(ws, lang=lang), embed_font=False)
    groups: dict[str, list[Idea]] = {}
    for idea in ws.ideas:
        if idea.effort and idea.impact:
            groups.setdefault(quadrant(idea.effort, idea.impact), []).append(idea)
    lists = "".join(
        f"<h3>{e(t(f'matrix.{name}'))}</h3>"
        + _list(f"{i.text} ({t(f'status.{i.status}')})" for i in groups[name])
        for name in ("quick_wins", "major_projects", "fill_ins", "thankless_tasks")
        if name in groups
    )
    return Section(
        "priorities", t("report.priorities"), f'<figure class="cjm-figure">{svg}</figure>{lists}'
    )


def approved_actions(ws: Workshop, lang: str | None = None) -> Section:
    """What the group decided to do: approved, in progress and done ideas with their owners."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    pains = {p.id: p.text for p in ws.pain_points}
    chosen = [i for i in ws.ideas if i.status in ("approved", "in_progress", "done")]
    rows = [
        (
            e(i.text),
            e(i.owner) or f'<span class="cjm-missing">{e(t("report.no_owner"))}</span>',
            e(t(f"status.{i.status}")),
            e("; ".join(pains[p] for p in i.pain_points if p in pains)),
            e(i.decision_note),
        )
        for i in chosen
    ]
    headers = [
        t("idea.text"),
        t("idea.owner"),
        t("idea.status"),
        t("idea.pain_points"),
        t("idea.decision_note"),
    ]
    body = _table(headers, rows) if rows else _empty(t("report.no_actions"))
    return Section("actions", t("report.actions"), body)


def metrics_table(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Each metric with its touchpoint, baseline, target, actual and the gap still to close."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    touchpoints = {tp.id: tp for tp in ws.journey(persona)}
    rows = []
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
                e(m.name),
                e(where),
                e(t(f"metric.kind.{m.kind}")),
                e(with_unit(m.baseline, m.unit, lang)),
                e(with_unit(m.target, m.unit, lang)),
                e(with_unit(m.actual, m.unit, lang)),
                e(gap_text),
            )
        )
    headers = [
        t("metric.name"),
        t("touchpoint.title"),
        t("metric.kind"),
        t("metric.baseline"),
        t("metric.target"),
        t("metric.actual"),
        t("report.gap"),
    ]
    body = _table(headers, rows, "cjm-numbers") if rows else _empty(t("report.no_metrics"))
    return Section("metrics", t("guide.metrics.title"), body)


def open_questions(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """What the workshop left open, and the next steps that follow from its decisions."""
    lang = _lang(ws, lang)
    t = _translator(lang)
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
    body = (
        f"<h3>{e(t('report.open_questions'))}</h3>{_list(questions, t('report.none_open'))}"
        f"<h3>{e(t('report.next_steps'))}</h3>{_list(steps)}"
    )
    return Section("next-steps", t("report.open_and_next"), body)


def findings_summary(ws: Workshop, lang: str | None = None) -> Section:
    """For the follow-up session: what workshop 1 found, in a few numbers and lists."""
    lang = _lang(ws, lang)
    t = _translator(lang)
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
    worst = _list(f"{tp.title} ({tp.emotion})" for tp in lowest)
    body = f"<p>{e(facts)}</p><h3>{e(t('report.lowest'))}</h3>{worst}"
    return Section("findings", t("report.findings"), body)


def rating_sheet(ws: Workshop, lang: str | None = None) -> Section:
    """Every proposed idea to rate in the follow-up, grouped by the pain point it answers."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    blank = '<span class="cjm-blank"></span>'
    headers = [
        t("idea.text"),
        t("idea.effort"),
        t("idea.impact"),
        t("idea.status"),
        t("idea.owner"),
    ]

    def sheet(heading: str, ideas: list[Idea]) -> str:
        rows = [
            (e(i.text), str(i.effort or blank), str(i.impact or blank), blank, blank) for i in ideas
        ]
        return f"<h3>{e(heading)}</h3>" + _table(headers, rows, "cjm-sheet")

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
    body = "".join(groups) or _empty(t("report.no_proposed"))
    return Section("rating", t("report.rating"), body)
