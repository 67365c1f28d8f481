"""What changed between two workshops, for people: a report section and a diff page.

The follow-up handout opens with "What changed since the last workshop" (the emotion
curve then and now on one chart, pain points resolved and new, decisions made), and
``cjm diff --to html`` writes the whole comparison as one offline page.
"""

from __future__ import annotations

from markupsafe import Markup

from ..layout.emotions import layout_emotion_change
from ..model import Workshop
from ..render.svg import to_svg
from ..versions.diff import Diff, diff_workshops
from ..versions.items import WORKSHOP
from ..versions.text import list_heading, show, status_label, summary_lines
from .handout import page_html
from .html import Section, bullet_list, join_html, table, tag
from .lookups import section_lang, translator


def changes_since(
    previous: Workshop, ws: Workshop, persona: str | None = None, lang: str | None = None
) -> Section:
    """The follow-up's opening: the emotion curve before and now, pain points resolved and
    new, and the decisions made since ``previous`` (an earlier version of ``ws``)."""
    lang = section_lang(ws, lang)
    t = translator(lang)
    diff = diff_workshops(previous, ws, persona)
    s = diff.summary
    svg = to_svg(layout_emotion_change(previous, ws, persona, lang=lang), embed_font=False)
    resolved = [
        t("versions.resolved_by.removed", title=r.title)
        if r.how == "removed"
        else t("versions.resolved_by.idea", title=r.title, idea=r.idea)
        for r in s.resolved
    ]
    new_pains = [
        p.title + (" " + t("versions.severity", value=p.after) if p.after else "")
        for p in s.new_pain_points
    ]
    owners = {idea.id: idea.owner for idea in ws.ideas}
    decisions = [
        (i.title, status_label(i.before, lang) if i.before else t("versions.new_idea"),
         status_label(i.after, lang), owners.get(i.id, ""))
        for i in s.ideas
    ]  # fmt: skip
    none = t("report.none_yet")
    parts = [
        Markup(f'<figure class="cjm-figure cjm-wide">{svg}</figure>'),
        tag("h3", t("versions.report.resolved")),
        bullet_list(resolved, none),
        tag("h3", t("versions.report.new_pain_points")),
        bullet_list(new_pains, none),
        tag("h3", t("versions.report.decisions")),
        table(
            [t("idea.text"), t("versions.report.was"), t("idea.status"), t("idea.owner")],
            decisions,
        )
        if decisions
        else bullet_list([], none),
    ]
    return Section("changes-since", t("versions.report.title"), join_html(parts))


def diff_page(diff: Diff, generated: str) -> str:
    """``cjm diff --to html``: the summary and every change, as a self-contained page."""
    lang = diff.lang
    t = translator(lang)
    s = diff.summary
    heading = t("versions.heading", title=diff.title, old=s.old_revision, new=s.new_revision)
    parts: list[object] = []
    if diff.persona:
        parts.append(tag("p", t("versions.persona", value=diff.persona_name), class_="cjm-muted"))
    summary = summary_lines(diff)
    if summary:
        parts += [tag("h2", t("versions.summary")), tag("pre", "\n".join(summary))]
    parts.append(tag("h2", t("versions.changes")))
    if diff.empty:
        parts.append(tag("p", t("versions.no_changes"), class_="cjm-empty"))
    headers = [
        t(f"versions.column.{name}") for name in ("item", "change", "field", "before", "after")
    ]
    by_list: dict[str, list[tuple[object, ...]]] = {}
    for change in diff.changes:
        item = change.title if change.list == WORKSHOP else f"{change.title} [{change.id}]"
        row = (item, t(f"versions.change.{change.change}"), change.field or "",
               show(change.before, lang) if change.change == "changed" else "",
               show(change.after, lang) if change.change == "changed" else "")  # fmt: skip
        by_list.setdefault(change.list, []).append(row)
    for name, rows in by_list.items():
        parts += [tag("h3", list_heading(name, lang)), table(headers, rows)]
    return page_html(
        join_html(parts), title=heading, subtitle=diff.title, lang=lang, generated=generated
    )
