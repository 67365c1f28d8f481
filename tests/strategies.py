"""Hypothesis strategies for valid workshop documents of any shape."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

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
