"""The shipped sample is the realistic workshop the docs promise."""

from __future__ import annotations

from pathlib import Path

from cjm_widgets import Workshop

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_examples_folder_holds_the_packaged_sample(sample: Workshop) -> None:
    assert Workshop.load(EXAMPLES / "utility-e-invoice.cjm.json").to_dict() == sample.to_dict()


def test_sample_covers_the_whole_method(sample: Workshop) -> None:
    assert len(sample.personas) == 2
    assert len(sample.stages) == 6
    assert sample.stages[0].contact == "before" and sample.stages[-1].contact == "after"
    assert len(sample.journey(state="current")) >= 20
    kinds = {channel.name: channel.kind for channel in sample.channels}
    assert len(kinds) >= 6
    for name in (
        "Letter",
        "E-mail",
        "Website",
        "Nordvik app",
        "Phone customer service",
        "Push notification",
    ):
        assert name in kinds
    assert {"digital", "physical", "human"} <= set(kinds.values())
    assert all(tp.emotion for tp in sample.touchpoints)
    assert any(tp.moment_of_truth for tp in sample.touchpoints)
    assert any(tp.journey == "future" for tp in sample.touchpoints)
    assert all(persona.goals and persona.needs and persona.feelings for persona in sample.personas)
    assert all(stage.vision for stage in sample.stages) and sample.vision.overall
    assert len(sample.pain_points) >= 8
    assert {idea.status for idea in sample.ideas} >= {"proposed", "approved", "rejected"}
    assert all(idea.effort and idea.impact for idea in sample.ideas)
    assert len(sample.metrics) >= 8
    assert len({p.department for p in sample.participants}) >= 5
