"""The "Measured journey" section: what the event log said, from the workshop's snapshots.

Felt-versus-measured disagreements come first (the conversation the follow-up workshop
should have), then each journey's drop-off chart (static SVG) and funnel table, what
predicts success (``signals``: when the snapshot kept any), then the impact of launched
ideas with its interval and p-value, and each nudge's lift against its holdout (when the
snapshot measured any). ``conversion_trend`` shows
the step conversions of every snapshot side by side (the monitor template's trend).
All of it reads only ``ws.measurements``: no log, no engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection

import pandas as pd
from markupsafe import Markup

from ..i18n import format_count, format_date, format_number
from ..layout.funnel import layout_funnel, worst_step
from ..measurements import (
    FELT_BETTER,
    MIN_FLAG_PATHS,
    TOO_FEW_PATHS,
    disagreements,
    felt_vs_measured,
    steps_table,
)
from ..model import MeasuredImpact, MeasuredNudge, MeasuredStep, Measurement, Workshop
from ..monitor.stats import SIGNIFICANCE
from ..render.svg import to_svg
from .html import Section, empty_line, join_html, table, table_or_empty, tag
from .lookups import DASH, chosen_personas, headings, section_lang, share_or_dash, translator
from .signals import interval_text, signals_table, signed_points, three_decimals


def _seconds(value: float | None, lang: str, t: Callable[..., str]) -> str:
    """A duration as people read it: minutes under two hours, else hours, else days."""
    if value is None or math.isnan(value):
        return DASH
    if value < 2 * 3600:
        return t("report.measured.minutes", value=format_number(round(value / 60, 1), lang))
    if value < 48 * 3600:
        return t("report.measured.hours", value=format_number(round(value / 3600, 1), lang))
    return t("report.measured.days", value=format_number(round(value / 86400, 1), lang))


def _journeys(ws: Workshop, taken: Measurement, persona: str | None) -> list[tuple[str, str]]:
    """(persona id or "", name) of each measured journey to show, in the workshop's order."""
    measured = {step.persona or "" for step in taken.steps}
    chosen = [(p.id, p.name) for p in chosen_personas(ws, persona) if p.id in measured]
    if persona is None and "" in measured:
        chosen.append(("", ws.title))
    return chosen


def period_text(taken: Measurement, lang: str) -> str:
    """Where and when a snapshot was measured, in ``lang``."""
    return translator(lang)(
        "report.measured.period",
        start=format_date(taken.period_start.date(), lang),
        end=format_date(taken.period_end.date(), lang),
        source=taken.source or DASH,
        engine=taken.engine or DASH,
    )


def flag_rows(
    ws: Workshop, taken: Measurement, lang: str, journeys: Collection[str] | None = None
) -> tuple[list[str], list[tuple[str, str, str, str, str]]]:
    """Headings and rows of the touchpoints where the room's feeling and the measured step
    conversion disagree (of the persona ids in ``journeys``, or all), for a table."""
    return _flag_rows(ws, _compared(ws, taken, journeys), lang)


def _compared(ws: Workshop, taken: Measurement, journeys: Collection[str] | None) -> pd.DataFrame:
    """The snapshot's felt-versus-measured table, of the persona ids in ``journeys`` (or all)."""
    compared = felt_vs_measured(ws, steps_table(taken))
    if journeys is None:
        return compared
    return compared[compared["persona_id"].isin(list(journeys))]


def _flag_rows(
    ws: Workshop, compared: pd.DataFrame, lang: str
) -> tuple[list[str], list[tuple[str, str, str, str, str]]]:
    """``flag_rows`` from a table already compared."""
    t = translator(lang)
    flagged = disagreements(compared)
    names = {p.id: p.name for p in ws.personas}
    rows = [
        (
            names.get(str(row["persona_id"]), ws.title),
            str(row["touchpoint"]),
            f"{row['emotion']} ({t('emotion.' + str(row['emotion']))})",
            rate_with_n(float(row["step_conversion_rate"]), row["paths_entered"], lang),
            t(
                "map.measured.felt_better"
                if row["flag"] == FELT_BETTER
                else "map.measured.measured_better"
            ),
        )
        for row in flagged.to_dict("records")
    ]
    headers = headings(
        t,
        "report.measured.journey touchpoint.title report.emotion",
        "report.measured.step_conversion report.measured.flag",
    )
    return headers, rows


def rate_with_n(share: float | None, entered: int | None, lang: str) -> str:
    """A step conversion with the paths it rests on: ``72.4% (n = 1,204)``."""
    text = share_or_dash(share, lang)
    if text == DASH or entered is None or pd.isna(entered):
        return text
    return translator(lang)("report.measured.rate_n", share=text, count=int(entered))


def _flags(ws: Workshop, taken: Measurement, persona: str | None, lang: str) -> Markup:
    t = translator(lang)
    compared = _compared(ws, taken, None if persona is None else [persona])
    headers, rows = _flag_rows(ws, compared, lang)
    too_few = bool(len(compared)) and bool((compared["flag"] == TOO_FEW_PATHS).all())
    empty = (
        t("report.measured.too_few_to_compare", count=MIN_FLAG_PATHS)
        if too_few
        else t("report.measured.no_flags")
    )
    body = table_or_empty(headers, rows, empty)
    intro = tag("p", t("report.measured.flags_intro"), class_="cjm-muted")
    return join_html([tag("h3", t("report.measured.flags")), intro, body])


def _funnel(steps: list[MeasuredStep], name: str, lang: str) -> Markup:
    t = translator(lang)
    svg = to_svg(layout_funnel(steps, name, lang=lang, titled=False), embed_font=False)
    worst = worst_step(steps)
    rows = []
    for index, step in enumerate(steps):
        title = step.title or step.touchpoint
        if index == worst:
            title = f"{title} ({t('report.measured.worst_step')})"
        rows.append(
            (
                title,
                DASH if step.paths is None else format_count(step.paths, lang),
                share_or_dash(step.conversion_rate, lang),
                rate_with_n(step.step_conversion_rate, steps[index - 1].paths, lang)
                if index
                else DASH,
                share_or_dash(step.repeat_paths / step.reach, lang)
                if step.repeat_paths is not None and step.reach
                else DASH,
                _seconds(step.median_seconds_to_next, lang, t),
            )
        )
    headers = headings(
        t,
        "touchpoint.title report.measured.paths report.measured.conversion",
        "report.measured.step_conversion report.measured.came_back report.measured.median_next",
    )
    return join_html(
        [
            tag("h3", name),
            Markup(f'<figure class="cjm-figure">{svg}</figure>'),
            table(headers, rows, "cjm-numbers", numeric=range(1, len(headers))),
        ]
    )


def _verdict(effect: MeasuredImpact | MeasuredNudge, t: Callable[..., str], small: str) -> str:
    """The reading of a difference: too few to tell (``small``), no clear effect, or which way."""
    if effect.small_sample or effect.p_value is None:
        return t(small)
    if effect.p_value >= SIGNIFICANCE or effect.difference is None:
        return t("report.measured.no_clear_effect")
    key = "report.measured.improved" if effect.difference > 0 else "report.measured.worsened"
    return t(key)


def _impact(ws: Workshop, taken: Measurement, lang: str) -> Markup:
    t = translator(lang)
    ideas = ws.by_id("ideas")
    touchpoints = ws.by_id("touchpoints")
    rows = []
    for effect in taken.impact:
        idea = ideas.get(effect.idea)
        tp = touchpoints.get(effect.touchpoint)
        interval = interval_text(effect.ci_low, effect.ci_high, lang)
        rows.append(
            (
                idea.text if idea else effect.idea,
                tp.title if tp else effect.touchpoint,
                format_date(idea.launched_on, lang) if idea and idea.launched_on else DASH,
                share_or_dash(effect.before, lang),
                share_or_dash(effect.after, lang),
                DASH if effect.difference is None else signed_points(effect.difference, lang),
                interval,
                DASH if effect.p_value is None else three_decimals(effect.p_value, lang),
                " / ".join(
                    format_count(n, lang) for n in (effect.paths_before, effect.paths_after)
                ),
                _verdict(effect, t, "report.measured.small_sample"),
            )
        )
    headers = headings(
        t,
        "idea.text touchpoint.title idea.launched_on report.measured.before",
        "report.measured.after report.measured.difference report.measured.interval",
        "report.measured.p_value report.measured.paths_split report.measured.verdict",
    )
    launched = any(idea.launched_on is not None for idea in ws.ideas)
    empty = t("report.measured.no_impact" if launched else "report.measured.no_launches")
    body = table_or_empty(headers, rows, empty, "cjm-numbers", numeric=range(3, 9))
    note = tag("p", t("report.measured.impact_method"), class_="cjm-muted")
    return join_html([tag("h3", t("report.measured.impact")), body, note if rows else Markup()])


def _nudges(ws: Workshop, taken: Measurement, persona: str | None, lang: str) -> Markup:
    """Each measured nudge of ``persona`` (or every one): the share of its customers who
    reached its goal with the message and without (the holdout), and the difference."""
    t = translator(lang)
    nudges = ws.by_id("nudges")
    touchpoints = ws.by_id("touchpoints")
    rows = []
    for lift in taken.nudges:
        nudge = nudges.get(lift.nudge)
        if persona is not None and nudge is not None and nudge.persona not in (None, persona):
            continue
        goal = touchpoints.get(lift.touchpoint)
        interval = interval_text(lift.ci_low, lift.ci_high, lang)
        rows.append(
            (
                nudge.title if nudge else lift.nudge,
                goal.title if goal else lift.touchpoint,
                " / ".join(
                    format_count(n, lang)
                    for n in (lift.customers_treatment, lift.customers_holdout)
                ),
                share_or_dash(lift.treatment_rate, lang),
                share_or_dash(lift.holdout_rate, lang),
                DASH if lift.difference is None else signed_points(lift.difference, lang),
                interval,
                DASH if lift.p_value is None else three_decimals(lift.p_value, lang),
                _verdict(lift, t, "map.nudges.too_few"),
            )
        )
    if not rows:
        return Markup()
    headers = headings(
        t,
        "report.nudges.nudge report.nudges.goal report.nudges.customers",
        "report.nudges.treatment_rate report.nudges.holdout_rate report.nudges.lift",
        "report.measured.interval report.measured.p_value report.measured.verdict",
    )
    body = table(headers, rows, "cjm-numbers", numeric=range(2, 8))
    note = tag("p", t("report.nudges.method"), class_="cjm-muted")
    return join_html([tag("h3", t("report.nudges.title")), body, note])


def measured_journey(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """What the current snapshot says: felt-vs-measured flags first, each journey's
    drop-off chart and funnel, what predicts success, the impact of launched ideas and
    the nudges' lift."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    taken = ws.current_measurement()
    if taken is None:
        body = empty_line(t("report.measured.none"))
        return Section("measured-journey", t("report.measured.title"), body)
    period = period_text(taken, lang)
    parts: list[Markup] = [tag("p", period, class_="cjm-muted"), _flags(ws, taken, persona, lang)]
    for persona_id, name in _journeys(ws, taken, persona):
        steps = [step for step in taken.steps if (step.persona or "") == persona_id]
        if steps:
            parts.append(_funnel(steps, name, lang))
    parts.append(signals_table(ws, taken, persona, lang))
    parts.append(_impact(ws, taken, lang))
    parts.append(_nudges(ws, taken, persona, lang))
    return Section("measured-journey", t("report.measured.title"), join_html(parts))


def conversion_trend(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """Each touchpoint's step conversion in every snapshot, oldest to newest, per journey."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    snapshots = sorted(ws.measurements, key=lambda taken: taken.period_start)
    if not snapshots:
        body = empty_line(t("report.measured.none"))
        return Section("conversion-trend", t("report.measured.trend"), body)
    parts: list[Markup] = []
    labels = [format_date(taken.period_start.date(), lang) for taken in snapshots]
    current = ws.current_measurement()
    assert current is not None
    for persona_id, name in _journeys(ws, current, persona):
        order: dict[str, str] = {}
        figures: dict[tuple[str, int], float | None] = {}
        for index, taken in enumerate(snapshots):
            for step in taken.steps:
                if (step.persona or "") != persona_id:
                    continue
                order.setdefault(step.touchpoint, step.title or step.touchpoint)
                figures[(step.touchpoint, index)] = step.step_conversion_rate
        rows = [
            (title, *(share_or_dash(figures.get((tp, i)), lang) for i in range(len(snapshots))))
            for tp, title in order.items()
            if any(figures.get((tp, i)) is not None for i in range(len(snapshots)))
        ]
        parts.append(tag("h3", name))
        numbers = range(1, len(labels) + 1)
        parts.append(table([t("touchpoint.title"), *labels], rows, "cjm-numbers", numbers))
    intro = tag("p", t("report.measured.trend_intro"), class_="cjm-muted")
    return Section("conversion-trend", t("report.measured.trend"), join_html([intro, *parts]))
