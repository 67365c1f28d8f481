"""The facilitator's notebook runs in a real kernel and shows the workshop app."""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import papermill
import pytest

from tests.messages import said

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "notebooks" / "workshop.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_template_has_a_parameters_cell_and_one_line_app() -> None:
    notebook = nbformat.read(TEMPLATE, as_version=4)
    nbformat.validate(notebook)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert "workshop_path" in parameters[0].source and "lang" in parameters[0].source
    code = [c for c in notebook.cells if c.cell_type == "code" and c is not parameters[0]]
    assert [line for line in code[0].source.splitlines() if line.startswith("WorkshopApp(")] == [
        "WorkshopApp(workshop_path, lang=lang)"
    ]
    assert "Run All Cells" in notebook.cells[0].source


@pytest.mark.slow
def test_template_runs_with_papermill_and_displays_the_app(
    tmp_path: Path, sample_path: Path
) -> None:
    out = tmp_path / "ran.ipynb"
    papermill.execute_notebook(
        str(TEMPLATE),
        str(out),
        parameters={"workshop_path": str(sample_path)},
        cwd=str(tmp_path),
        progress_bar=False,
        kernel_name="python3",
    )
    ran = nbformat.read(out, as_version=4)
    outputs = [o for c in ran.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    views = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 1
    state = (
        ran.metadata.get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    texts = " ".join(str(model.get("state", {}).get("value", "")) for model in state.values())
    assert "E-invoice and payment journey" in texts
    for question in said("guide.customer.questions").splitlines():
        assert html.escape(question) in texts


@pytest.mark.slow
def test_a_missing_workshop_file_shows_one_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "ran.ipynb"
    try:
        papermill.execute_notebook(
            str(TEMPLATE),
            str(out),
            parameters={"workshop_path": str(tmp_path / "nope.cjm.json")},
            cwd=str(tmp_path),
            progress_bar=False,
            kernel_name="python3",
        )
    except papermill.PapermillExecutionError as error:
        assert error.ename == "StoreError"
        assert said("store.not_found", path=tmp_path / "nope.cjm.json") in error.evalue
    else:
        raise AssertionError("the notebook should stop at the missing file")
