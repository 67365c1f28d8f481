"""Hypothesis strategies for valid workshop documents of any shape.

``workshop_documents`` gives the six steps' content (any text, any scores); ``full_workshops``
fills every top-level list the model has, each from its entry in ``LISTS``, so a list
added to the model later fails the round-trip test until it has a strategy here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from cjm_widgets.frames.schema import top_level_lists
from cjm_widgets.i18n import supported_languages

# Any text a person could type, in any script, with tabs and line breaks; lone surrogates
# cannot be written as UTF-8, and other control characters are refused by validation.
text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=30
)
name = text.filter(lambda value: value.strip() != "")
score = st.none() | st.integers(1, 5)
number = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64)


def ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{index}" for index in range(count)]


@st.composite
def workshop_documents(draw: st.DrawFn) -> dict[str, Any]:
    personas = ids("pe", draw(st.integers(0, 3)))
    stages = ids("st", draw(st.integers(1, 4)))
    channels = ids("ch", draw(st.integers(1, 4)))
    touchpoints = ids("tp", draw(st.integers(0, 8)))
    pains = ids("pp", draw(st.integers(0, 4)) if touchpoints else 0)
    texts = st.lists(name, max_size=3)
    return {
        "title": draw(name),
        "organisation": draw(text),
        "scope": draw(
            st.sampled_from([{"journey": "whole"}])
            | st.fixed_dictionaries({"journey": st.just("part"), "part": name})
        ),
        "dates": [day.isoformat() for day in draw(st.lists(st.dates(), max_size=2))],
        "vision": {"overall": draw(text), "competitive_angle": draw(text)},
        "participants": [
            {"id": pid, "name": draw(name), "department": draw(text)}
            for pid in ids("pa", draw(st.integers(0, 3)))
        ],
        "personas": [
            {
                "id": pid,
                "name": draw(name),
                "goals": draw(texts),
                "needs": draw(texts),
                "challenges": draw(texts),
                "job_to_be_done": draw(text),
                "feelings": [
                    {"text": draw(name), "valence": draw(st.sampled_from(["positive", "negative"]))}
                    for _ in range(draw(st.integers(0, 2)))
                ],
            }
            for pid in personas
        ],
        "stages": [
            {
                "id": sid,
                "name": draw(name),
                "contact": draw(st.sampled_from(["before", "during", "after"])),
                "vision": draw(text),
            }
            for sid in stages
        ],
        "channels": [
            {
                "id": cid,
                "name": draw(name),
                "kind": draw(st.sampled_from(["digital", "physical", "human"])),
            }
            for cid in channels
        ],
        "touchpoints": [
            {
                "id": tid,
                "persona": draw(st.none() | st.sampled_from(personas)) if personas else None,
                "stage": draw(st.sampled_from(stages)),
                "channel": draw(st.sampled_from(channels)),
                "order": draw(st.integers(-5, 50)),
                "title": draw(name),
                "action": draw(text),
                "thought": draw(text),
                "emotion": draw(score),
                "feeling": draw(text),
                "moment_of_truth": draw(st.booleans()),
                "journey": draw(st.sampled_from(["current", "future"])),
                "backoffice": {
                    "processes": draw(texts),
                    "systems": draw(texts),
                    "department": draw(text),
                },
            }
            for tid in touchpoints
        ],
        "pain_points": [
            {
                "id": pid,
                "touchpoints": draw(
                    st.lists(st.sampled_from(touchpoints), min_size=1, max_size=3, unique=True)
                ),
                "text": draw(name),
                "severity": draw(score),
                "source": draw(st.sampled_from(["workshop", "interview", "feedback", "data"])),
            }
            for pid in pains
        ],
        "ideas": [
            {
                "id": iid,
                "text": draw(name),
                "pain_points": draw(st.lists(st.sampled_from(pains), max_size=2, unique=True))
                if pains
                else [],
                "effort": draw(score),
                "impact": draw(score),
                "status": draw(
                    st.sampled_from(["proposed", "approved", "rejected", "in_progress", "done"])
                ),
                "owner": draw(text),
                "decision_note": draw(text),
            }
            for iid in ids("idea", draw(st.integers(0, 3)))
        ],
        "metrics": [
            {
                "id": mid,
                "touchpoint": draw(st.none() | st.sampled_from(touchpoints))
                if touchpoints
                else None,
                "name": draw(name),
                "kind": draw(
                    st.sampled_from(["nps", "csat", "ces", "conversion", "contact_volume", "other"])
                ),
                "better": draw(st.sampled_from(["higher", "lower"])),
                "baseline": draw(number),
                "target": draw(number),
                "actual": draw(number),
                "unit": draw(text),
            }
            for mid in ids("me", draw(st.integers(0, 3)))
        ],
    }


# -- every list filled ------------------------------------------------------------------

# Text every table format carries: XLSX is XML 1.0, which cannot hold U+FFFE and U+FFFF
# (the workbook export drops them, as the README says).
cell_text = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc"),
        include_characters="\t\n",
        exclude_characters="\ufffe\uffff",
    ),
    max_size=20,
)
cell_name = cell_text.filter(lambda value: value.strip() != "")
names = st.lists(cell_name, max_size=3)
count = st.none() | st.integers(0, 10**6)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False) | cell_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(cell_text, inner, max_size=3),
    max_leaves=6,
)  # fmt: skip
zones = st.none() | st.integers(-14 * 60, 14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


class Ids:
    """The ids a generated workshop's items have, for the lists that refer to them."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.participants = ids("pa", draw(st.integers(1, 3)))
        self.personas = ids("pe", draw(st.integers(1, 3)))
        self.stages = ids("st", draw(st.integers(1, 3)))
        self.channels = ids("ch", draw(st.integers(1, 3)))
        self.touchpoints = ids("tp", draw(st.integers(2, 5)))  # a nudge needs two
        self.pain_points = ids("pp", draw(st.integers(1, 3)))
        self.ideas = ids("idea", draw(st.integers(1, 3)))
        self.metrics = ids("me", draw(st.integers(1, 3)))
        self.measurements = ids("m", draw(st.integers(1, 3)))
        self.nudges = ids("nu", draw(st.integers(1, 3)))


def _items(
    keys: list[str], fields: Callable[[str], dict[str, st.SearchStrategy[Any]]]
) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.tuples(
        *(st.fixed_dictionaries({"id": st.just(key), **fields(key)}) for key in keys)
    ).map(list)


def _optional(choices: list[str]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(choices)


def _persona(_: str) -> dict[str, st.SearchStrategy[Any]]:
    feelings = st.lists(
        st.fixed_dictionaries(
            {"text": cell_name, "valence": st.sampled_from(["positive", "negative"])}
        ),
        max_size=3,
    )
    return {
        "name": cell_name, "segment": cell_text, "description": cell_text,
        "job_to_be_done": cell_text, "goals": names, "needs": names, "challenges": names,
        "feelings": feelings,
    }  # fmt: skip


def _touchpoint(given: Ids) -> Callable[[str], dict[str, st.SearchStrategy[Any]]]:
    return lambda _: {
        "persona": _optional(given.personas), "stage": st.sampled_from(given.stages),
        "channel": st.sampled_from(given.channels), "order": st.integers(-5, 50),
        "title": cell_name, "action": cell_text, "thought": cell_text, "emotion": score,
        "feeling": cell_text, "moment_of_truth": st.booleans(),
        "journey": st.sampled_from(["current", "future"]),
        "backoffice": st.fixed_dictionaries(
            {"processes": names, "systems": names, "department": cell_text}
        ),
        "signals": names,
    }  # fmt: skip


def _nudge(given: Ids) -> Callable[[str], dict[str, st.SearchStrategy[Any]]]:
    return lambda _: {
        "title": cell_name, "persona": _optional(given.personas), "idea": _optional(given.ideas),
        "owner": cell_text, "after": st.sampled_from(given.touchpoints[:-1]),
        "until": st.just(given.touchpoints[-1]), "wait_hours": st.integers(1, 24 * 366),
        "expire_hours": st.integers(1, 24 * 366), "channel": cell_name, "message": cell_name,
        "holdout": st.sampled_from([0.0, 0.05, 0.1, 0.25, 0.5]),
        "quiet_hours": st.none() | st.sampled_from(["21-08", "22:30-06:00", "12-13"]),
        "active": st.booleans(), "start": st.none() | st.dates(max_value=date(2030, 1, 1)),
        "end": st.none() | st.dates(min_value=date(2030, 1, 1)),
        "only_if_event": st.none() | cell_name.map(str.strip).filter(bool),
        "unless_event": st.none() | cell_name.map(str.strip).filter(bool),
    }  # fmt: skip


def _measurement(given: Ids) -> Callable[[str], dict[str, st.SearchStrategy[Any]]]:
    step = st.fixed_dictionaries({
        "persona": _optional(given.personas), "touchpoint": st.sampled_from(given.touchpoints),
        "title": cell_text, "paths": count, "conversion_rate": number,
        "step_conversion_rate": number, "reach": count, "repeat_paths": count,
        "median_seconds_to_next": number, "p90_seconds_to_next": number,
    })  # fmt: skip
    effect = st.fixed_dictionaries({
        "idea": st.sampled_from(given.ideas), "touchpoint": st.sampled_from(given.touchpoints),
        **{name: number for name in ("before", "after", "difference", "ci_low", "ci_high")},
        "p_value": number, "paths_before": st.integers(0, 10**6),
        "paths_after": st.integers(0, 10**6), "small_sample": st.booleans(),
    })  # fmt: skip
    lift = st.fixed_dictionaries({
        "nudge": st.sampled_from(given.nudges), "touchpoint": st.sampled_from(given.touchpoints),
        "customers_treatment": st.integers(0, 10**6), "customers_holdout": st.integers(0, 10**6),
        **{name: number for name in ("treatment_rate", "holdout_rate", "difference", "ci_low",
                                     "ci_high", "p_value")},
        "small_sample": st.booleans(),
    })  # fmt: skip
    signal = st.fixed_dictionaries({
        "persona": _optional(given.personas), "touchpoint": st.sampled_from(given.touchpoints),
        "event": cell_name.map(str.strip).filter(bool),
        "customers_with": st.integers(0, 10**6), "customers_without": st.integers(0, 10**6),
        **{name: number for name in ("success_with", "success_without", "difference", "ci_low",
                                     "ci_high", "q_value")},
    })  # fmt: skip
    return lambda _: {
        "period_start": st.datetimes(), "period_end": st.datetimes(), "source": cell_text,
        "engine": cell_text, "measured_at": st.none() | st.datetimes(),
        "steps": st.lists(step, max_size=3), "impact": st.lists(effect, max_size=2),
        "nudges": st.lists(lift, max_size=2), "signals": st.lists(signal, max_size=2),
    }  # fmt: skip


def _rating(given: Ids) -> st.SearchStrategy[dict[str, Any]]:
    field = st.sampled_from(["emotion", "effort", "impact", "vote"])
    return field.flatmap(
        lambda chosen: st.fixed_dictionaries({
            "participant": st.sampled_from(given.participants),
            "target": st.sampled_from(given.touchpoints + given.ideas), "field": st.just(chosen),
            "value": st.integers(1, 100 if chosen == "vote" else 5),
            "at": st.datetimes(timezones=zones),
        })
    )  # fmt: skip


def _conflict(given: Ids) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "kind": st.sampled_from(["both", "ours_removed", "theirs_removed"]),
        "list_name": st.sampled_from(["", "touchpoints", "ideas"]),
        "id": st.sampled_from(["", *given.touchpoints]), "title": cell_text,
        "field": st.sampled_from(["", "emotion", "backoffice.systems"]),
        "base": json_values, "ours": json_values, "theirs": json_values,
    })  # fmt: skip


LISTS: dict[str, Callable[[Ids], st.SearchStrategy[list[Any]]]] = {
    "dates": lambda _: st.lists(st.dates(), min_size=1, max_size=3),
    "participants": lambda given: _items(given.participants, lambda _: {
        "name": cell_name, "department": cell_text, "role": cell_text,
    }),
    "personas": lambda given: _items(given.personas, _persona),
    "stages": lambda given: _items(given.stages, lambda _: {
        "name": cell_name, "description": cell_text,
        "contact": st.sampled_from(["before", "during", "after"]), "vision": cell_text,
    }),
    "channels": lambda given: _items(given.channels, lambda _: {
        "name": cell_name, "kind": st.sampled_from(["digital", "physical", "human"]),
    }),
    "touchpoints": lambda given: _items(given.touchpoints, _touchpoint(given)),
    "pain_points": lambda given: _items(given.pain_points, lambda _: {
        "touchpoints": st.lists(
            st.sampled_from(given.touchpoints), min_size=1, max_size=3, unique=True
        ),
        "text": cell_name, "severity": score,
        "source": st.sampled_from(["workshop", "interview", "feedback", "data"]),
    }),
    "ideas": lambda given: _items(given.ideas, lambda _: {
        "text": cell_name,
        "pain_points": st.lists(st.sampled_from(given.pain_points), max_size=2, unique=True),
        "effort": score, "impact": score,
        "status": st.sampled_from(["proposed", "approved", "rejected", "in_progress", "done"]),
        "owner": cell_text, "decision_note": cell_text, "launched_on": st.none() | st.dates(),
    }),
    "metrics": lambda given: _items(given.metrics, lambda _: {
        "touchpoint": _optional(given.touchpoints), "name": cell_name,
        "kind": st.sampled_from(["nps", "csat", "conversion", "drop_off", "cost", "other"]),
        "unit": cell_text, "better": st.sampled_from(["higher", "lower"]),
        "baseline": number, "target": number, "actual": number, "source": cell_text,
    }),
    "nudges": lambda given: _items(given.nudges, _nudge(given)),
    "measurements": lambda given: _items(given.measurements, _measurement(given)),
    "ratings": lambda given: st.lists(_rating(given), min_size=1, max_size=4),
    "conflicts": lambda given: st.lists(_conflict(given), min_size=1, max_size=3),
}  # fmt: skip
"""A strategy for each top-level list of the workshop, every one giving at least one item."""


def lists_without_strategy() -> list[str]:
    """The model's top-level lists that ``LISTS`` has no strategy for."""
    return [name for name in top_level_lists() if name not in LISTS]


@st.composite
def full_workshops(draw: st.DrawFn, given: Ids | None = None) -> dict[str, Any]:
    """A workshop document with every top-level list of the model holding items; with
    ``given``, its items have those ids (two such workshops are two versions of one)."""
    missing = lists_without_strategy()
    assert not missing, f"tests/strategies.py LISTS has no strategy for {missing}"
    given = given or Ids(draw)
    document: dict[str, Any] = {
        "title": draw(cell_name),
        "organisation": draw(cell_text),
        "language": draw(st.sampled_from(supported_languages())),
        "revision": draw(st.integers(0, 10**6)),
        "scope": draw(
            st.fixed_dictionaries({"journey": st.just("whole"), "note": cell_text})
            | st.fixed_dictionaries({"journey": st.just("part"), "part": cell_name})
        ),
        "vision": draw(
            st.fixed_dictionaries({"overall": cell_text, "competitive_angle": cell_text})
        ),
        "extensions": draw(st.dictionaries(cell_text, json_values, max_size=2)),
    }
    for name in top_level_lists():
        document[name] = draw(LISTS[name](given))
    return document
