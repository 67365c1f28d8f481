"""Any valid workshop survives save and load unchanged, and frames, CSV and Excel both ways."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from cjm_widgets import Workshop
from cjm_widgets.frames.schema import top_level_lists
from cjm_widgets.table_files import export_csv, export_excel, read_csv_tables, read_excel
from tests.strategies import full_workshops, lists_without_strategy, workshop_documents

ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLES_ROUND_TRIP = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@ROUND_TRIP
@given(workshop_documents())
def test_save_then_load_gives_an_equal_workshop(document: dict[str, Any]) -> None:
    ws = Workshop.from_dict(document)
    with tempfile.TemporaryDirectory() as folder:
        path = ws.save(Path(folder) / "w.cjm.json")
        loaded = Workshop.load(path)
    assert loaded.to_dict() == ws.to_dict()
    assert loaded.revision == 1


def _feelings_by_valence(ws: Workshop) -> Workshop:
    """Frames hold positive and negative feelings in columns of their own, positive first."""
    for persona in ws.personas:
        persona.feelings = sorted(persona.feelings, key=lambda f: f.valence != "positive")
    return ws


def differences(expected: Any, found: Any, where: str) -> list[str]:
    """Every field where ``found`` differs from ``expected``, named by its path."""
    if isinstance(expected, BaseModel) and isinstance(found, BaseModel):
        return [
            problem
            for name in type(expected).model_fields
            for problem in differences(getattr(expected, name), getattr(found, name),
                                       f"{where}.{name}")
        ]  # fmt: skip
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        return [
            problem
            for index, (one, other) in enumerate(zip(expected, found, strict=True))
            for problem in differences(one, other, f"{where}[{index}]")
        ]
    return [] if expected == found else [f"{where}: {expected!r} came back as {found!r}"]


@ROUND_TRIP
@given(workshop_documents())
def test_frames_and_back_give_an_equal_workshop(document: dict[str, Any]) -> None:
    ws = _feelings_by_valence(Workshop.from_dict(document))
    back = Workshop.from_frames(ws.to_frames())
    assert back.to_dict() == ws.to_dict()


def test_every_list_of_the_model_has_a_strategy() -> None:
    assert not lists_without_strategy(), "add them to LISTS in tests/strategies.py"


@TABLES_ROUND_TRIP
@given(full_workshops())
def test_every_list_survives_frames_csv_and_excel_field_by_field(
    document: dict[str, Any],
) -> None:
    ws = _feelings_by_valence(Workshop.from_dict(document))
    for name in top_level_lists():
        assert getattr(ws, name), f"the generated workshop has no {name}"
    with tempfile.TemporaryDirectory() as folder:
        export_csv(ws, Path(folder) / "tables")
        export_excel(ws, Path(folder) / "w.xlsx")
        copies = {
            "frames": Workshop.from_frames(ws.to_frames()),
            "csv": read_csv_tables(Path(folder) / "tables"),
            "excel": read_excel(Path(folder) / "w.xlsx"),
        }
    for way, back in copies.items():
        assert differences(ws, back, way) == []
