"""Diffs and workshops as plain text: for a terminal, and for git (``textconv``).

Deterministic: the same files always give the same text, line for line, so ``git diff``
and ``git log -p`` of a workshop show what changed the way a facilitator reads it.
Headings are in the workshop's language; field names are the file's own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..i18n import SOURCE_LANGUAGE, catalog, format_number, translate
from ..model import MergeConflict
from .diff import Change, Diff, MetricShift
from .items import ORDER, WORKSHOP, flatten, own_fields
from .keys import Names, list_keys

MARKS = {"added": "+", "removed": "-", "changed": "~"}


def list_heading(name: str, lang: str) -> str:
    """A list's heading (``Touchpoints``); a list the kit does not know keeps its file name."""
    key = f"versions.list.{name}"
    return translate(key, lang) if key in catalog(SOURCE_LANGUAGE) else name


def show(value: Any, lang: str) -> str:
    """One value on one line: numbers as the language writes them, text quoted, none as a dash."""
    if value is None:
        return "\u2013"
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return format_number(value, lang)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return translate("versions.items", lang, count=len(value))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def status_label(value: Any, lang: str) -> str:
    key = f"status.{value}"
    return translate(key, lang) if key in catalog(SOURCE_LANGUAGE) else show(value, lang)


def _delta(before: Any, after: Any, lang: str) -> str:
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return ""
    delta = round(after - before, 2)
    sign = "+" if delta > 0 else "\u2212" if delta < 0 else "\u00b1"
    return f" ({sign}{format_number(abs(delta), lang)})"


def _arrow(before: Any, after: Any, lang: str) -> str:
    return f"{show(before, lang)} \u2192 {show(after, lang)}"


def summary_lines(diff: Diff) -> list[str]:
    """The journey-level summary: emotions, pain points, decisions, metrics, conversion."""
    lang, s = diff.lang, diff.summary

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    lines: list[str] = []
    if s.average_before is not None or s.average_after is not None:
        change = _delta(s.average_before, s.average_after, lang)
        lines.append(
            t("versions.average", change=_arrow(s.average_before, s.average_after, lang) + change)
        )

    def block(key: str, rows: list[str]) -> None:
        if rows:
            lines.append(t(key, count=len(rows)))
            lines.extend(f"  {row}" for row in rows)

    block("versions.emotions", [
        f"{e.title}: {_arrow(e.before, e.after, lang)}{_delta(e.before, e.after, lang)}"
        for e in s.emotions
    ])  # fmt: skip
    block("versions.resolved", [
        t("versions.resolved_by.removed", title=r.title) if r.how == "removed"
        else t("versions.resolved_by.idea", title=r.title, idea=r.idea)
        for r in s.resolved
    ])  # fmt: skip
    block("versions.new_pain_points", [
        p.title + (" " + t("versions.severity", value=p.after) if p.after else "")
        for p in s.new_pain_points
    ])  # fmt: skip
    block("versions.decisions", [
        f"{i.title}: {status_label(i.before, lang) if i.before else t('versions.new_idea')} "
        f"\u2192 {status_label(i.after, lang)}"
        for i in s.ideas
    ])  # fmt: skip
    block("versions.metrics", [_metric_line(m, lang) for m in s.metrics])
    block("versions.conversions", [
        f"{c.title}: {_arrow(c.before, c.after, lang)}" for c in s.conversions
    ])  # fmt: skip
    return lines


def _metric_line(metric: MetricShift, lang: str) -> str:
    line = f"{metric.title}: {_arrow(metric.before, metric.after, lang)}"
    if metric.target is not None:
        trend = translate(f"versions.trend.{metric.trend or 'unchanged'}", lang)
        line += " " + translate(
            "versions.target", lang, target=format_number(metric.target, lang), trend=trend
        )
    return line


def change_lines(changes: list[Change], lang: str) -> list[str]:
    """The changes list by list: ``+`` added, ``-`` removed, ``~`` changed with its fields."""
    lines: list[str] = []
    current: tuple[str, str] | None = None
    for change in changes:
        if current is None or current[0] != change.list:
            lines.append(list_heading(change.list, lang))
            current = None
        if change.list == WORKSHOP:
            lines.append(f"  ~ {change.field}: {_arrow(change.before, change.after, lang)}")
            continue
        key = (change.list, change.id)
        if change.change != "changed" or current != key:
            lines.append(f"  {MARKS[change.change]} {change.title} [{change.id}]")
        current = key if change.change == "changed" else (change.list, "")
        if change.change == "changed":
            lines.append(f"      {change.field}: {_arrow(change.before, change.after, lang)}")
    return lines


def diff_text(diff: Diff) -> str:
    """The whole diff for a terminal: heading, summary, then the changes list by list."""
    lang = diff.lang
    s = diff.summary
    heading = translate(
        "versions.heading", lang, title=diff.title, old=s.old_revision, new=s.new_revision
    )
    lines: list[str] = [heading]
    if diff.persona:
        lines.append(translate("versions.persona", lang, value=diff.persona_name))
    if diff.empty:
        lines.append(translate("versions.no_changes", lang))
        return "\n".join(lines) + "\n"
    summary = summary_lines(diff)
    if summary:
        lines += ["", translate("versions.summary", lang), *(f"  {line}" for line in summary)]
    lines += ["", translate("versions.changes", lang)]
    lines += [f"  {line}" for line in change_lines(diff.changes, lang)]
    return "\n".join(lines) + "\n"


def _sides(conflict: MergeConflict, lang: str) -> tuple[str, str]:
    """Ours and theirs as a conflict line shows them; of a whole item (a rating), only the
    fields where they differ (``value 2, at ...``)."""
    ours, theirs = conflict.ours, conflict.theirs
    if conflict.field or not isinstance(ours, dict) or not isinstance(theirs, dict):
        return show(ours, lang), show(theirs, lang)
    fields = [name for name in {**ours, **theirs} if ours.get(name) != theirs.get(name)]
    return (
        ", ".join(f"{name} {show(ours.get(name), lang)}" for name in fields),
        ", ".join(f"{name} {show(theirs.get(name), lang)}" for name in fields),
    )


def diff_json(diff: Diff) -> str:
    """A diff as JSON text (``cjm diff --to json``), for other tools to read."""
    return json.dumps(diff.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"


def conflict_line(number: int, conflict: MergeConflict, lang: str) -> str:
    """``1. Touchpoints: Pays the bill [tp-pay], emotion: ours 2, theirs 4``, in ``lang``."""
    item = list_heading(conflict.list_name or WORKSHOP, lang)
    kind = str(conflict.kind)
    if conflict.id:
        item += f": {conflict.title} [{conflict.id}]"
        if kind == "both" and not conflict.field:
            kind = "both_item"
    elif conflict.list_name and kind == "both" and conflict.field == ORDER:
        kind = "order"
    ours, theirs = _sides(conflict, lang)
    return f"{number}. " + translate(
        f"versions.conflict.{kind}", lang, item=item, field=conflict.field, ours=ours,
        theirs=theirs,
    )  # fmt: skip


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def workshop_text(document: Mapping[str, Any]) -> str:
    """A workshop as stable text, one line per field, item by item (``cjm git textconv``):
    the lists whose items have an id or a natural key (ratings, by who rated what) each
    under its heading; lists of plain values (dates) with the workshop's own fields."""
    lang = str(document.get("language") or SOURCE_LANGUAGE)
    keys = {name: key for name, key in list_keys(document).items()
            if key is not None and not key.whole}  # fmt: skip
    names = Names(document, lang=lang)
    lines = [
        translate("versions.file_heading", lang, title=document.get("title", ""),
                  revision=document.get("revision", 0)),
        "",
        list_heading(WORKSHOP, lang),
    ]  # fmt: skip
    for name, value in flatten(own_fields(document, keys)).items():
        lines.append(f"  {name}: {_json(value)}")
    for name, key in keys.items():
        lines += ["", list_heading(name, lang)]
        for item in document.get(name) or []:
            if not isinstance(item, dict):
                lines.append(f"  {_json(item)}")
                continue
            lines.append(f"  [{key.text(item)}] {names.title(key, item)}")
            for field, value in flatten(item).items():
                if field not in key.fields:
                    lines.append(f"      {field}: {_json(value)}")
    conflicts = document.get("conflicts") or []
    if conflicts:
        lines += ["", translate("versions.open_conflicts", lang, count=len(conflicts))]
        for number, raw in enumerate(conflicts, 1):
            lines.append("  " + conflict_line(number, MergeConflict.model_validate(raw), lang))
    return "\n".join(lines) + "\n"
