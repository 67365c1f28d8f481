"""The monitor's comparisons: launched ideas before and after, A/B variants against control.

Which comparisons a workshop asks for (launched ideas and the touchpoints their pain
points hurt, the variants and their control), and their rows with the statistics of
``stats``, from funnel figures the engine has already counted; nothing here queries.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from ..errors import CjmError, CjmWarning
from ..i18n import translate
from ..model import Idea, Workshop
from .journeys import Journey, journeys_to_measure
from .stats import Rate, compare
from .tables import Row

Target = tuple[Idea, list[str]]
"""A launched idea and the touchpoints it targets."""


@dataclass(frozen=True)
class Launch:
    """A launched idea to measure on one journey: when, and the steps (touchpoint ->
    step number) whose conversion this journey measures and no earlier journey did."""

    idea: Idea
    launched: datetime
    steps: dict[str, int]


def launched_targets(ws: Workshop, journeys: list[Journey] | None) -> list[Target]:
    """Each launched idea with the touchpoints it targets (those of its pain points);
    warns about a launched idea with none, or none whose step conversion any journey of
    the workshop measures (``journeys``: every persona's, None to build them).

    The warnings name the caller of ``monitor()`` (stacklevel 3): call it from there.
    """
    pains = ws.by_id("pain_points")
    journeys = journeys_to_measure(ws) if journeys is None else journeys
    measured = {
        step.touchpoint_id for journey in journeys for step in journey.measured if step.index
    }
    targets = []
    for idea in ws.ideas:
        if idea.launched_on is None:
            continue
        touchpoints = list(
            dict.fromkeys(tp for pain in idea.pain_points for tp in pains[pain].touchpoints)
        )
        if not touchpoints:
            warnings.warn(
                CjmWarning(translate("monitor.launched_no_touchpoint", idea=idea.id)),
                stacklevel=3,
            )
        elif not measured.intersection(touchpoints):
            warnings.warn(
                CjmWarning(
                    translate(
                        "monitor.launched_not_measured", idea=idea.id,
                        touchpoints=", ".join(touchpoints),
                    )
                ),
                stacklevel=3,
            )  # fmt: skip
        else:
            targets.append((idea, touchpoints))
    return targets


def choose_control(column: str, names: tuple[str, ...], control: str | None) -> str:
    """The control variant among the paths' ``names`` (sorted): ``control``, or the
    first; refuses a log with fewer than two variants, or a control not among them."""
    if len(names) < 2:
        raise CjmError(
            translate(
                "monitor.one_variant", column=column,
                values=", ".join(names) or "-",
            )
        )  # fmt: skip
    chosen = names[0] if control is None else control
    if chosen not in names:
        choices = ", ".join(names)
        raise CjmError(
            translate("monitor.unknown_control", value=chosen, column=column, choices=choices)
        )
    return chosen


def rate(figures: Row, k: int) -> Rate:
    """Step ``k``'s conversion from a funnel row: paths at k of paths at k-1."""
    return Rate(int(figures.get(f"paths_{k}") or 0), int(figures.get(f"paths_{k - 1}") or 0))


def launches(
    journey: Journey, targets: list[Target], done: dict[tuple[str, str], Any]
) -> list[Launch]:
    """The launched ideas this journey speaks for: the first journey that measures a
    touchpoint's step conversion does (``done``: the (idea, touchpoint) rows so far)."""
    index = {step.touchpoint_id: step.index for step in journey.measured}
    found = []
    for idea, touchpoints in targets:
        steps = {tp: k for tp in touchpoints if (k := index.get(tp)) and (idea.id, tp) not in done}
        if steps and idea.launched_on is not None:
            found.append(Launch(idea, datetime.combine(idea.launched_on, time()), steps))
    return found


def impact_rows(launch: Launch, by_group: dict[str, Row]) -> dict[tuple[str, str], Row]:
    """Before/after rows of one launch from its funnel per group (``before``, ``after``)."""
    rows = {}
    for tp, k in launch.steps.items():
        before = rate(by_group.get("before", {}), k)
        after = rate(by_group.get("after", {}), k)
        effect = compare(before, after)
        rows[(launch.idea.id, tp)] = {
            "idea_id": launch.idea.id,
            "touchpoint_id": tp,
            "before": before.value,
            "after": after.value,
            "difference": effect.difference,
            "ci_low": effect.ci_low,
            "ci_high": effect.ci_high,
            "p_value": effect.p_value,
            "paths_before": before.entered,
            "paths_after": after.entered,
            "small_sample": effect.small_sample,
        }
    return rows


def ab_rows(
    journey: Journey, by_variant: dict[str, Row], control: str, names: tuple[str, ...]
) -> list[Row]:
    """Each variant's step conversions on this journey, against the control variant."""
    rows = []
    control_figures = by_variant.get(control, {})
    for step in journey.measured:
        k = step.index
        assert k is not None
        for name in names:
            figures = by_variant.get(name, {})
            row: Row = {
                "persona_id": journey.persona_id,
                "touchpoint_id": step.touchpoint_id,
                "variant": name,
                "paths": int(figures.get(f"paths_{k}") or 0),
                "step_conversion_rate": math.nan,
                "ci_low": math.nan,
                "ci_high": math.nan,
                "difference": math.nan,
                "diff_ci_low": math.nan,
                "diff_ci_high": math.nan,
                "p_value": math.nan,
                "small_sample": False,
            }
            if k > 0:
                observed = rate(figures, k)
                low, high = observed.interval()
                row.update(step_conversion_rate=observed.value, ci_low=low, ci_high=high)
                if name == control:
                    row["difference"] = 0.0
                else:
                    effect = compare(rate(control_figures, k), observed)
                    row.update(
                        difference=effect.difference,
                        diff_ci_low=effect.ci_low,
                        diff_ci_high=effect.ci_high,
                        p_value=effect.p_value,
                        small_sample=effect.small_sample,
                    )
            rows.append(row)
    return rows
