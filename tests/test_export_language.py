"""``cjm export --lang``: the export's fixed text in the language asked, as ``cjm report``
has it; the workshop's own words stay as they are."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from cjm_widgets.cli import main


def test_a_matrix_in_finnish(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sample_path.with_name("matrix.svg")
    code = main(["export", str(sample_path), "--to", "svg", "--view", "matrix", "--lang", "fi",
                 "-o", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    svg = out.read_text(encoding="utf-8")
    assert "Vaikuttavuus" in svg and "Impact" not in svg


def test_without_lang_the_workshop_language(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample_path.with_name("matrix.svg")
    assert (
        main(["export", str(sample_path), "--to", "svg", "--view", "matrix", "-o", str(out)]) == 0
    )
    assert "Impact" in out.read_text(encoding="utf-8")


def test_a_deck_in_swedish(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sample_path.with_name("deck.pptx")
    code = main(["export", str(sample_path), "--to", "pptx", "--lang", "sv", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    deck = Presentation(io.BytesIO(out.read_bytes()))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Prioriteringar: insats och effekt" in titles and "Känslokurvor" in titles


def test_an_unknown_language_is_one_clear_line(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(sample_path), "--to", "svg", "--lang", "xx"]) == 1
    err = capsys.readouterr().err
    assert "'xx'" in err and "fi" in err and "Traceback" not in err
