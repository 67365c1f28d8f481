"""The sections of a workshop report, as static HTML that any browser shows without Jupyter.

Each function takes the workshop (and a persona or language where it matters) and
returns a Section: a heading for the table of contents and escaped HTML. Templates
display them; analysts can call them in their own notebooks and reorder or drop them.

Every piece of text goes into the page through ``_tag``, ``_table`` or ``_list``, which
escape it: what people typed in the workshop is shown as text, never read as markup.
Only a ``markupsafe.Markup`` value (a badge, a line break, a blank to write in) is
kept as it is, so markup is always something this module chose to write.
"""

from __future__ import annotations

import html
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..i18n import format_number, translate
from ..layout import MapOptions, layout_journey
from ..layout.emotions import layout_emotions
from ..layout.lanes import with_unit
from ..layout.matrix import layout_matrix, quadrant
from ..model import Idea, PainPoint, Persona, Touchpoint, Workshop
from ..render.svg import to_svg

DASH = "\u2013"  # en dash: not known yet
METADATA_KEY = "cjm_section"
"""Where a displayed Section leaves its anchor and title in the output's ``text/html`` metadata."""


def _escape(value: object) -> Markup:
    """``value`` as HTML: text is escaped, a ``Markup`` (or anything with ``__html__``) is kept."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value)))


def _join(pieces: Iterable[object]) -> Markup:
    return Markup("".join(_escape(piece) for piece in pieces))


def _tag(name: str, *content: object, class_: str = "") -> Markup:
    """``<name class="class_">content</name>``, every piece of content escaped unless Markup."""
    attributes = f' class="{html.escape(class_)}"' if class_ else ""
    return Markup(f"<{name}{attributes}>{_join(content)}</{name}>")


@dataclass(frozen=True)
class Section:
    """One part of a report: ``<h2 id=anchor>title</h2>`` and its body (HTML, already escaped).

    Displayed in a notebook, it also leaves its anchor and title in the output's metadata,
    where the handout finds them for its table of contents.
    """

    anchor: str
    title: str
    body: str

    def _repr_html_(self) -> str:
        heading = f'<h2 id="{html.escape(self.anchor)}">{html.escape(self.title)}</h2>'
        return f'<section class="cjm-section">{heading}{self.body}</section>'

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        entry = {"anchor": self.anchor, "title": self.title}
        return {"text/html": self._repr_html_()}, {"text/html": {METADATA_KEY: entry}}

    def __str__(self) -> str:
        return self._repr_html_()


def _lang(ws: Workshop, lang: str | None) -> str:
    return lang or ws.language


def _empty(text: str) -> Markup:
    """The grey line a section shows when it has nothing to show yet."""
    return _tag("p", text, class_="cjm-empty")


def _translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``, the way every section looks up its fixed text."""

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    return t


def _list(items: Iterable[object], empty: str = "") -> Markup:
    """A bulleted list, each item escaped unless Markup; ``empty``, if given, when it has none."""
    rows = [_tag("li", item) for item in items]
    return _tag("ul", *rows) if rows else (_empty(empty) if empty else Markup())


def _table(
    headers: Sequence[object], rows: Iterable[Sequence[object]], classes: str = ""
) -> Markup:
    """A report table. Every header and cell is text and is escaped, numbers included;
    a cell meant as markup (a badge, a line break, a blank to write in) is passed as Markup.
    """
    head = _tag("thead", _tag("tr", *(_tag("th", header) for header in headers)))
    body = _tag("tbody", *(_tag("tr", *(_tag("td", cell) for cell in row)) for row in rows))
    return Markup(f'<table class="cjm-table {html.escape(classes)}">{head}{body}</table>')


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
    facts: list[tuple[str, Markup]] = [
        (t("report.organisation"), _escape(ws.organisation)),
        (t("report.dates"), _escape(", ".join(format_date(day, lang) for day in ws.dates))),
        (
            t("report.scope"),
            _join([scope, Markup("<br>"), ws.scope.note] if ws.scope.note else [scope]),
        ),
    ]
    facts_html = _join(_join([_tag("dt", k), _tag("dd", v)]) for k, v in facts if v)
    by_department: dict[str, list[str]] = {}
    for person in ws.participants:
        key = person.department or t("report.no_department")
        by_department.setdefault(key, []).append(
            person.name + (f" ({person.role})" if person.role else "")
        )
    rows = [(dept, len(names), ", ".join(names)) for dept, names in sorted(by_department.items())]
    people = (
        _table([t("report.department"), t("report.count"), t("report.participants")], rows)
        if rows
        else _empty(t("report.no_participants"))
    )
    body = _join(
        [_tag("dl", facts_html, class_="cjm-facts"), _tag("h3", t("report.participants")), people]
    )
    return Section("overview", t("report.overview"), body)


def persona_cards(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """A card per persona: who they are, the job they try to get done, goals, needs, feelings."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    cards = []
    for p in _personas(ws, persona):
        parts = [_tag("h3", p.name)]
        if p.segment:
            parts.append(_tag("p", p.segment, class_="cjm-muted"))
        if p.description:
            parts.append(_tag("p", p.description))
        if p.job_to_be_done:
            parts.append(_tag("p", _tag("b", t("persona.job"), ":"), " ", p.job_to_be_done))
        for key, items in (
            ("persona.goals", p.goals),
            ("persona.needs", p.needs),
            ("persona.challenges", p.challenges),
        ):
            if items:
                parts.append(_tag("h4", t(key)) + _list(items))
        for valence, key in (("positive", "persona.excites"), ("negative", "persona.fears")):
            feelings = [f.text for f in p.feelings if f.valence == valence]
            if feelings:
                parts.append(_tag("h4", t(key), class_=f"cjm-{valence}") + _list(feelings))
        cards.append(_tag("div", *parts, class_="cjm-card"))
    body = _tag("div", *cards, class_="cjm-cards") if cards else _empty(t("report.no_personas"))
    return Section("personas", t("report.personas"), body)


def vision(ws: Workshop, lang: str | None = None) -> Section:
    """The dream state overall, the competitive angle, and the vision at each stage."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    parts = []
    if ws.vision.overall:
        parts.append(_tag("p", ws.vision.overall, class_="cjm-lead"))
    if ws.vision.competitive_angle:
        parts.append(
            _tag("p", _tag("b", t("vision.competitive"), ":"), " ", ws.vision.competitive_angle)
        )
    rows = [(stage.name, stage.vision) for stage in ws.stages if stage.vision]
    if rows:
        parts.append(_table([t("stage.name"), t("report.vision_at_stage")], rows))
    return Section("vision", t("guide.vision.title"), _join(parts) or _empty(t("report.none_yet")))


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
    lang = _lang(ws, lang)
    chosen: list[str | None] = [p.id for p in _personas(ws, persona)] or [None]
    figures = []
    for pid in chosen:
        svg = to_svg(layout_journey(ws, pid, lang=lang, options=options), embed_font=False)
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
                tp.title,
                stages.get(tp.stage, ""),
                channels.get(tp.channel, ""),
                score,
                tp.feeling,
                hurts,
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
            p.text,
            p.severity or DASH,
            len(p.touchpoints),
            ", ".join(shown[tp].title for tp in p.touchpoints if tp in shown),
            t(f"pain.source.{p.source}"),
            answered[p.id],
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
    lists = _join(
        _tag("h3", t(f"matrix.{name}"))
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
    no_owner = _tag("span", t("report.no_owner"), class_="cjm-missing")
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
                m.name,
                where,
                t(f"metric.kind.{m.kind}"),
                with_unit(m.baseline, m.unit, lang),
                with_unit(m.target, m.unit, lang),
                with_unit(m.actual, m.unit, lang),
                gap_text,
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
    body = _join(
        [
            _tag("h3", t("report.open_questions")),
            _list(questions, t("report.none_open")),
            _tag("h3", t("report.next_steps")),
            _list(steps),
        ]
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
    body = _join([_tag("p", facts), _tag("h3", t("report.lowest")), worst])
    return Section("findings", t("report.findings"), body)


def rating_sheet(ws: Workshop, lang: str | None = None) -> Section:
    """Every proposed idea to rate in the follow-up, grouped by the pain point it answers."""
    lang = _lang(ws, lang)
    t = _translator(lang)
    blank = _tag("span", class_="cjm-blank")
    headers = [
        t("idea.text"),
        t("idea.effort"),
        t("idea.impact"),
        t("idea.status"),
        t("idea.owner"),
    ]

    def sheet(heading: str, ideas: list[Idea]) -> Markup:
        rows = [(i.text, i.effort or blank, i.impact or blank, blank, blank) for i in ideas]
        return _tag("h3", heading) + _table(headers, rows, "cjm-sheet")

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
    body = _join(groups) or _empty(t("report.no_proposed"))
    return Section("rating", t("report.rating"), body)


def plugin_sections(
    ws: Workshop, persona: str | None = None, lang: str | None = None
) -> list[Section]:
    """The sections installed plugins add (``cjm_widgets.report_sections``), in name order.

    A section that raises is left out with a warning naming it, so one plugin's bug
    never costs the report.
    """
    from ..plugins import PluginWarning, registry

    found: list[Section] = []
    for plugin in registry().plugins("report_sections"):
        if not plugin.ok or plugin.builtin:
            continue
        try:
            section = plugin.value(ws, persona, lang)
        except Exception as error:  # a plugin's bug must not stop the report
            warnings.warn(
                PluginWarning(
                    translate(
                        "plugins.section_failed", name=plugin.name, package=plugin.package,
                        error=f"{type(error).__name__}: {error}",
                    )
                ),
                stacklevel=2,
            )  # fmt: skip
            continue
        if isinstance(section, Section):
            found.append(section)
    return found
