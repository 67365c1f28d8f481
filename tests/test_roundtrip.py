"""Any valid workshop survives save and load unchanged, and frames both ways."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from cjm_widgets import Workshop
from tests.strategies import workshop_documents

ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(workshop_documents())
def test_save_then_load_gives_an_equal_workshop(document: dict[str, Any]) -> None:
    ws = Workshop.from_dict(document)
    with tempfile.TemporaryDirectory() as folder:
        path = ws.save(Path(folder) / "w.cjm.json")
        loaded = Workshop.load(path)
    assert loaded.to_dict() == ws.to_dict()
    assert loaded.revision == 1


def _feelings_by_valence(document: dict[str, Any]) -> dict[str, Any]:
    """Frames hold positive and negative feelings in columns of their own."""
    for persona in document["personas"]:
        persona["feelings"].sort(key=lambda feeling: feeling["valence"] != "positive")
    return document


@ROUND_TRIP
@given(workshop_documents())
def test_frames_and_back_give_an_equal_workshop(document: dict[str, Any]) -> None:
    ws = Workshop.from_dict(_feelings_by_valence(document))
    back = Workshop.from_frames(ws.to_frames())
    assert back.to_dict() == ws.to_dict()
