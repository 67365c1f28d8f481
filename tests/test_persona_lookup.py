"""A persona named on a command line: by id, full name or an unambiguous start of the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.errors import CjmError
from cjm_widgets.library import suggest
from cjm_widgets.model import Persona, find_persona
from cjm_widgets.versions import diff_documents

PERSONAS = [
    Persona(id="pe-aino", name="Aino, careful senior"),
    Persona(id="pe-anna", name="Anna"),
    Persona(id="pe-annika", name="Annika, student"),
]


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("pe-aino", "pe-aino"),
        ("PE-AINO", "pe-aino"),
        ("Aino, careful senior", "pe-aino"),
        ("aino", "pe-aino"),
        ("  Aino, care ", "pe-aino"),
        ("anna", "pe-anna"),  # a full name wins over the start of a longer one
        ("Anni", "pe-annika"),
    ],
)
def test_a_persona_is_found_by_id_name_or_start(wanted: str, found: str) -> None:
    assert find_persona(PERSONAS, wanted) == found


def test_an_ambiguous_start_names_the_candidates() -> None:
    with pytest.raises(CjmError) as caught:
        find_persona(PERSONAS, "An")
    assert str(caught.value) == (
        "'An' starts the names of several personas: pe-anna (Anna), pe-annika (Annika, "
        "student); give more of the name, or the id"
    )


def test_an_unknown_persona_lists_every_persona() -> None:
    with pytest.raises(CjmError) as caught:
        find_persona(PERSONAS, "Bo")
    assert str(caught.value) == (
        "there is no persona 'Bo'; give the id, the name or the start of the name of one of: "
        "pe-aino (Aino, careful senior), pe-anna (Anna), pe-annika (Annika, student)"
    )


def test_the_message_speaks_the_workshop_language() -> None:
    with pytest.raises(CjmError, match="persoonaa 'Bo' ei ole"):
        find_persona(PERSONAS, "Bo", "fi")


def test_export_takes_the_start_of_a_name(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample_path.with_name("aino.mmd")
    assert (
        main(["export", str(sample_path), "--to", "mermaid", "--persona", "Aino", "-o", str(out)])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "title E-invoice and payment journey#58; Aino#44; careful senior" in text
    assert "Maija" not in text


def test_export_names_the_candidates_of_an_unknown_persona(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(sample_path), "--to", "pptx", "--persona", "Pekka"]) == 1
    err = capsys.readouterr().err
    assert "there is no persona 'Pekka'" in err and "pe-aino (Aino, careful senior)" in err
    assert "Traceback" not in err


def test_library_and_diff_take_the_start_of_a_name(sample: Workshop) -> None:
    assert suggest(sample, "maija") == suggest(sample, "pe-maija")
    document = sample.to_dict()
    assert diff_documents(document, document, "aino").empty
