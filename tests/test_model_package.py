"""The model is a package of small modules, yet notebooks, plugins and the kit import every
name from ``cjm_widgets.model`` as when it was one module."""

from __future__ import annotations

import importlib

import pydantic
import pytest

from cjm_widgets import model

PUBLIC_NAMES = (
    "MAX_VOTES", "SCHEMA_VERSION", "BackOffice", "Channel", "ChannelKind", "ContactPhase",
    "Direction", "Entity", "EntityId", "Feeling", "Idea", "IdeaStatus", "JourneyState",
    "Language", "MeasuredImpact", "MeasuredStep", "Measurement", "MergeConflict", "Metric",
    "MetricKind", "Name", "Number", "PainPoint", "PainSource", "Participant", "Persona",
    "Rating", "RatingField", "Record", "Scope", "Score", "SignalList", "Stage", "Text",
    "TextList", "Touchpoint", "Valence", "Vision", "Workshop",
)  # fmt: skip
"""Every name the single ``model.py`` offered before it became a package."""


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_every_name_is_imported_from_the_package_as_before(name: str) -> None:
    assert name in model.__all__
    assert getattr(importlib.import_module("cjm_widgets.model"), name) is getattr(model, name)


def test_every_model_is_complete_without_a_rebuild() -> None:
    models = [
        value
        for name in model.__all__
        if isinstance(value := getattr(model, name), type) and issubclass(value, pydantic.BaseModel)
    ]
    assert len(models) == 23
    assert [m.__name__ for m in models if not m.__pydantic_complete__] == []


def test_a_document_built_from_the_package_names_validates_whole() -> None:
    ws = model.Workshop(
        title="Moving house",
        stages=[model.Stage(id="st-plan", name="Plan")],
        channels=[model.Channel(id="ch-web", name="Web")],
        touchpoints=[
            model.Touchpoint(id="tp-book", stage="st-plan", channel="ch-web", title="Books a van")
        ],
    )
    assert [tp.id for tp in ws.journey()] == ["tp-book"]
    assert model.Workshop.from_dict(ws.to_dict()) == ws
