"""Shared fixtures: the sample workshop and a small valid document to vary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.samples import sample_workshop


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process ``cjm`` reads the locale: tests speak English whatever the machine's is
    (tests of other languages set the locale themselves)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sample() -> Workshop:
    return sample_workshop()


@pytest.fixture
def sample_path(tmp_path: Path, sample: Workshop) -> Path:
    path = tmp_path / "sample.cjm.json"
    sample.save(path)
    return path


def small_document() -> dict[str, Any]:
    """A valid workshop with one of everything, as plain data."""
    return {
        "title": "Moving house",
        "personas": [{"id": "pe-a", "name": "Anna"}],
        "stages": [{"id": "st-1", "name": "Plan"}, {"id": "st-2", "name": "Move"}],
        "channels": [{"id": "ch-web", "name": "Web"}],
        "touchpoints": [
            {
                "id": "tp-1",
                "persona": "pe-a",
                "stage": "st-1",
                "channel": "ch-web",
                "title": "Finds the form",
                "emotion": 3,
            },
            {
                "id": "tp-2",
                "persona": None,
                "stage": "st-2",
                "channel": "ch-web",
                "title": "Gets the keys",
                "emotion": 5,
            },
        ],
        "pain_points": [
            {"id": "pp-1", "touchpoints": ["tp-1"], "text": "Form is long", "severity": 4}
        ],
        "ideas": [
            {
                "id": "idea-1",
                "text": "Shorter form",
                "pain_points": ["pp-1"],
                "effort": 2,
                "impact": 4,
            }
        ],
        "metrics": [
            {
                "id": "me-1",
                "touchpoint": "tp-1",
                "name": "Completion",
                "kind": "conversion",
                "target": 90,
                "actual": 70,
            }
        ],
    }


@pytest.fixture
def small() -> Workshop:
    return Workshop.from_dict(small_document())


@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Widgets get recording comms; returns the ipycanvas draw-command comm."""
    import comm
    import ipycanvas.canvas

    from tests.widget_comm import RecordingComm

    monkeypatch.setattr(comm, "create_comm", lambda **kwargs: RecordingComm())
    manager = ipycanvas.canvas._CANVAS_MANAGER
    recording = RecordingComm()
    monkeypatch.setattr(manager, "comm", recording)
    return recording


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so browser fixtures know a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
