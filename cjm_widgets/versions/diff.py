"""What changed between two versions of one workshop, item by item through the ids.

Pure comparison of two files' plain data: added, removed and changed items with each
changed field's value before and after, moves within a list, and a journey-level
summary (emotions, pain points resolved and new, decisions, metrics, measured
conversion) that a facilitator opens the second workshop with.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ..errors import CjmError
from ..i18n import translate
from .items import (
    MISSING,
    WORKSHOP,
    flatten,
    item_lists,
    items_by_id,
    own_fields,
    title_of,
)

ChangeKind = Literal["added", "removed", "changed"]

RESOLVING_STATUSES = frozenset({"approved", "in_progress", "done"})
"""An idea in one of these states (or launched: with a ``launched_on`` date) addresses its
pain points: they count as resolved."""


class DifferentWorkshopsError(CjmError):
    """The two files share no item at all: two different workshops, not two versions."""


@dataclass(frozen=True)
class Change:
    """One added or removed item, or one changed field of an item (dotted when nested)."""

    list: str
    id: str
    title: str
    change: ChangeKind
    field: str | None = None
    before: Any = None
    after: Any = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Shift:
    """A value of one item before and after (an emotion, a decision, a measured rate)."""

    id: str
    title: str
    before: Any
    after: Any


@dataclass(frozen=True)
class MetricShift(Shift):
    """A metric's actual value before and after, and whether it moved toward its target."""

    target: float | None = None
    trend: Literal["toward", "away", "unchanged", ""] = ""


@dataclass(frozen=True)
class Resolved:
    """A pain point that no longer hurts: removed, or answered by an idea now decided on."""

    id: str
    title: str
    how: Literal["removed", "idea"]
    idea: str = ""


@dataclass(frozen=True)
class Summary:
    """The journey-level picture of a diff, for the start of the follow-up workshop."""

    old_revision: int
    new_revision: int
    emotions: list[Shift] = field(default_factory=list)
    average_before: float | None = None
    average_after: float | None = None
    resolved: list[Resolved] = field(default_factory=list)
    new_pain_points: list[Shift] = field(default_factory=list)
    ideas: list[Shift] = field(default_factory=list)
    metrics: list[MetricShift] = field(default_factory=list)
    conversions: list[Shift] = field(default_factory=list)


@dataclass(frozen=True)
class Diff:
    """Everything that changed from ``old`` to ``new``, in the new version's language."""

    title: str
    lang: str
    persona: str | None
    summary: Summary
    changes: list[Change]
    persona_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"summary": asdict(self.summary), "changes": [c.to_json() for c in self.changes]}

    @property
    def empty(self) -> bool:
        return not self.changes


# -- choosing what to compare ------------------------------------------------------------


def find_persona(old: Mapping[str, Any], new: Mapping[str, Any], wanted: str, lang: str) -> str:
    """The id of the persona ``wanted`` names (an id or a name, in either version)."""
    personas = {**items_by_id(old, "personas"), **items_by_id(new, "personas")}
    if wanted in personas:
        return wanted
    for pid, persona in personas.items():
        if str(persona.get("name", "")).casefold() == wanted.casefold():
            return pid
    choices = ", ".join(f"{pid} ({title_of(p)})" for pid, p in personas.items()) or "\u2013"
    raise CjmError(translate("versions.unknown_persona", lang, value=wanted, choices=choices))


class _Scope:
    """Which items belong to one persona's journey, in either version."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any], persona: str | None):
        self.persona = persona
        if persona is None:
            return
        docs = (old, new)
        self.touchpoints = {
            tp_id
            for doc in docs
            for tp_id, tp in items_by_id(doc, "touchpoints").items()
            if tp.get("persona") in (None, persona)
        }
        self.pain_points = {
            pp_id
            for doc in docs
            for pp_id, pp in items_by_id(doc, "pain_points").items()
            if self.touchpoints.intersection(pp.get("touchpoints") or [])
        }

    def keeps(self, name: str, item: Mapping[str, Any]) -> bool:
        if self.persona is None:
            return True
        if name == "personas":
            return item.get("id") == self.persona
        if name == "touchpoints":
            return item.get("id") in self.touchpoints
        if name == "pain_points":
            return item.get("id") in self.pain_points
        if name == "ideas":
            return bool(self.pain_points.intersection(item.get("pain_points") or []))
        if name == "metrics":
            return item.get("touchpoint") in (None, *self.touchpoints)
        return True


# -- the changes -----------------------------------------------------------------------------


def _value(value: Any) -> Any:
    return None if value is MISSING else value


def _field_changes(name: str, item_id: str, title: str, old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    before, after = flatten(old), flatten(new)
    fields = [*after, *(key for key in before if key not in after)]
    return [
        Change(name, item_id, title, "changed", key, _value(before.get(key, MISSING)),
               _value(after.get(key, MISSING)))
        for key in fields
        if before.get(key, MISSING) != after.get(key, MISSING)
    ]  # fmt: skip


def _moves(name: str, old_items: list[Any], new_items: list[Any], scope: _Scope) -> list[Change]:
    """Items whose place in the list changed, beyond what adding and removing explain."""
    old_ids = [item["id"] for item in old_items]
    new_ids = [item["id"] for item in new_items]
    common = set(old_ids).intersection(new_ids)
    old_order = [i for i in old_ids if i in common]
    new_order = [i for i in new_ids if i in common]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {new_order[b.b + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    by_id = {item["id"]: item for item in new_items}
    old_place = {item_id: place for place, item_id in enumerate(old_ids, 1)}
    new_place = {item_id: place for place, item_id in enumerate(new_ids, 1)}
    return [
        Change(name, i, title_of(by_id[i]), "changed", "position", old_place[i], new_place[i])
        for i in new_order
        if i not in kept and scope.keeps(name, by_id[i])
    ]  # fmt: skip


def _list_changes(
    name: str, old: Mapping[str, Any], new: Mapping[str, Any], scope: _Scope
) -> list[Change]:
    old_items, new_items = items_by_id(old, name), items_by_id(new, name)
    changes: list[Change] = []
    for item_id, item in new_items.items():
        if not scope.keeps(name, item) and not scope.keeps(name, old_items.get(item_id, item)):
            continue
        if item_id not in old_items:
            changes.append(Change(name, item_id, title_of(item), "added", after=item))
        else:
            changes.extend(_field_changes(name, item_id, title_of(item), old_items[item_id], item))
    for item_id, item in old_items.items():
        if item_id not in new_items and scope.keeps(name, item):
            changes.append(Change(name, item_id, title_of(item), "removed", before=item))
    changes.extend(_moves(name, list(old_items.values()), list(new_items.values()), scope))
    return changes


# -- the summary ---------------------------------------------------------------------------


def _journey(doc: Mapping[str, Any], persona: str | None) -> list[dict[str, Any]]:
    """Today's touchpoints in journey order: by stage, then ``order``, then place in the list."""
    stages = {stage_id: index for index, stage_id in enumerate(items_by_id(doc, "stages"))}
    rows = [
        (stages.get(str(tp.get("stage")), len(stages)), tp.get("order") or 0, position, tp)
        for position, tp in enumerate(items_by_id(doc, "touchpoints").values())
        if tp.get("journey", "current") == "current"
        and (persona is None or tp.get("persona") in (None, persona))
    ]
    rows.sort(key=lambda row: row[:3])
    return [row[3] for row in rows]


def _average(values: list[Any]) -> float | None:
    scores = [v for v in values if isinstance(v, int | float)]
    return round(sum(scores) / len(scores), 2) if scores else None


def _emotions(
    old: Mapping[str, Any], new: Mapping[str, Any], persona: str | None
) -> tuple[list[Shift], float | None, float | None]:
    before = {tp["id"]: tp for tp in _journey(old, persona)}
    after = {tp["id"]: tp for tp in _journey(new, persona)}
    order = [*after, *(tp_id for tp_id in before if tp_id not in after)]
    shifts = []
    for tp_id in order:
        was = before.get(tp_id, {}).get("emotion")
        now = after.get(tp_id, {}).get("emotion")
        if was != now:
            shifts.append(Shift(tp_id, title_of(after.get(tp_id) or before[tp_id]), was, now))
    return (
        shifts,
        _average([tp.get("emotion") for tp in before.values()]),
        _average([tp.get("emotion") for tp in after.values()]),
    )


def _answering(doc: Mapping[str, Any]) -> dict[str, str]:
    """pain point id -> the text of an idea decided on that answers it."""
    found: dict[str, str] = {}
    for idea in items_by_id(doc, "ideas").values():
        if idea.get("status") in RESOLVING_STATUSES or idea.get("launched_on"):
            for pp_id in idea.get("pain_points") or []:
                found.setdefault(pp_id, title_of(idea))
    return found


def _pain_points(
    old: Mapping[str, Any], new: Mapping[str, Any], scope: _Scope
) -> tuple[list[Resolved], list[Shift]]:
    before = items_by_id(old, "pain_points")
    after = items_by_id(new, "pain_points")
    answered_before, answered_after = _answering(old), _answering(new)
    resolved: list[Resolved] = []
    for pp_id, pain in before.items():
        if not scope.keeps("pain_points", pain):
            continue
        if pp_id not in after:
            resolved.append(Resolved(pp_id, title_of(pain), "removed"))
        elif pp_id in answered_after and pp_id not in answered_before:
            resolved.append(Resolved(pp_id, title_of(after[pp_id]), "idea", answered_after[pp_id]))
    added = [
        Shift(pp_id, title_of(pain), None, pain.get("severity"))
        for pp_id, pain in after.items()
        if pp_id not in before and scope.keeps("pain_points", pain)
    ]
    return resolved, added


def _ideas(old: Mapping[str, Any], new: Mapping[str, Any], scope: _Scope) -> list[Shift]:
    before = items_by_id(old, "ideas")
    shifts = []
    for idea_id, idea in items_by_id(new, "ideas").items():
        was = before[idea_id].get("status", "proposed") if idea_id in before else None
        now = idea.get("status", "proposed")
        if was != now and (was is not None or now != "proposed") and scope.keeps("ideas", idea):
            shifts.append(Shift(idea_id, title_of(idea), was, now))
    return shifts


def _shortfall(metric: Mapping[str, Any], actual: Any) -> float | None:
    target = metric.get("target")
    if not isinstance(target, int | float) or not isinstance(actual, int | float):
        return None
    gap = target - actual if metric.get("better", "higher") == "higher" else actual - target
    return max(0.0, float(gap))


def _metrics(old: Mapping[str, Any], new: Mapping[str, Any], scope: _Scope) -> list[MetricShift]:
    before = items_by_id(old, "metrics")
    shifts = []
    for metric_id, metric in items_by_id(new, "metrics").items():
        if metric_id not in before or not scope.keeps("metrics", metric):
            continue
        was, now = before[metric_id].get("actual"), metric.get("actual")
        if was == now:
            continue
        old_gap, new_gap = _shortfall(before[metric_id], was), _shortfall(metric, now)
        trend: Literal["toward", "away", "unchanged", ""] = ""
        if old_gap is not None and new_gap is not None:
            trend = "toward" if new_gap < old_gap else "away" if new_gap > old_gap else "unchanged"
        target = metric.get("target")
        shifts.append(
            MetricShift(metric_id, title_of(metric), was, now,
                        target if isinstance(target, int | float) else None, trend)
        )  # fmt: skip
    return shifts


def _latest_rates(doc: Mapping[str, Any], persona: str | None) -> dict[str, float]:
    """touchpoint id -> step conversion rate in the newest measurement snapshot (latest
    ``period_end``; of equals, the later in the list, as the model's current one)."""
    snapshots = list(items_by_id(doc, "measurements").values())
    if not snapshots:
        return {}
    _, latest = max(enumerate(snapshots), key=lambda s: (str(s[1].get("period_end") or ""), s[0]))
    rates: dict[str, float] = {}
    for step in latest.get("steps") or []:
        if not isinstance(step, dict):
            continue
        tp_id, rate = step.get("touchpoint"), step.get("step_conversion_rate")
        if persona is not None and step.get("persona") not in (None, persona):
            continue
        if isinstance(tp_id, str) and isinstance(rate, int | float):
            rates.setdefault(tp_id, float(rate))
    return rates


def _conversions(
    old: Mapping[str, Any], new: Mapping[str, Any], persona: str | None
) -> list[Shift]:
    before, after = _latest_rates(old, persona), _latest_rates(new, persona)
    titles = {**items_by_id(old, "touchpoints"), **items_by_id(new, "touchpoints")}
    return [
        Shift(tp_id, title_of(titles.get(tp_id, {"id": tp_id})), before[tp_id], rate)
        for tp_id, rate in after.items()
        if tp_id in before and before[tp_id] != rate
    ]


# -- the whole comparison ----------------------------------------------------------------------


def _all_ids(doc: Mapping[str, Any], lists: list[str]) -> set[tuple[str, str]]:
    return {(name, item_id) for name in lists for item_id in items_by_id(doc, name)}


def diff_documents(
    old: Mapping[str, Any], new: Mapping[str, Any], persona: str | None = None
) -> Diff:
    """Compare two versions of one workshop (plain data, as in the files).

    ``persona`` (an id or a name) narrows it to that persona's journey. Raises
    DifferentWorkshopsError when the files share no item at all.
    """
    lang = str(new.get("language") or old.get("language") or "en")
    lists = item_lists(old, new)
    old_ids, new_ids = _all_ids(old, lists), _all_ids(new, lists)
    if old_ids and new_ids and not old_ids & new_ids:
        raise DifferentWorkshopsError(
            translate("versions.different_workshops", lang, old=old.get("title", ""),
                      new=new.get("title", ""))
        )  # fmt: skip
    chosen = find_persona(old, new, persona, lang) if persona is not None else None
    scope = _Scope(old, new, chosen)
    title = str(new.get("title") or old.get("title") or "")
    changes = _field_changes(WORKSHOP, "", title, own_fields(old, lists), own_fields(new, lists))
    for name in lists:
        changes.extend(_list_changes(name, old, new, scope))
    emotions, average_before, average_after = _emotions(old, new, chosen)
    resolved, new_pains = _pain_points(old, new, scope)
    summary = Summary(
        old_revision=int(old.get("revision") or 0),
        new_revision=int(new.get("revision") or 0),
        emotions=emotions,
        average_before=average_before,
        average_after=average_after,
        resolved=resolved,
        new_pain_points=new_pains,
        ideas=_ideas(old, new, scope),
        metrics=_metrics(old, new, scope),
        conversions=_conversions(old, new, chosen),
    )
    personas = {**items_by_id(old, "personas"), **items_by_id(new, "personas")}
    name = title_of(personas[chosen]) if chosen is not None else ""
    return Diff(title, lang, chosen, summary, changes, name)
