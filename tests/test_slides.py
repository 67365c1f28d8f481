"""The slide deck: `cjm export W --to pptx`, read back with python-pptx as PowerPoint would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation

from cjm_widgets import Workshop
from cjm_widgets.exporters import exporters
from cjm_widgets.i18n import translate
from cjm_widgets.reports.deck_fit import ROWS_PER_SLIDE
from cjm_widgets.reports.slides import deck_bytes
from tests.conftest import small_document
from tests.messages import said, saying
from tests.test_cli import run


def map_title(name: str, number: int, count: int, lang: str = "en") -> str:
    """The title of one of a persona's map slides, a long map being cut by stage."""
    title = said("slides.map_title", lang, name=name)
    return said("slides.continued", lang, title=title, number=number, count=count)


def deck(data: bytes) -> Any:
    return Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def sample_deck() -> bytes:
    """The sample's whole deck, made once: each map picture takes resvg most of a second."""
    from cjm_widgets.samples import sample_workshop

    return deck_bytes(sample_workshop())


def is_picture(shape: Any) -> bool:
    """A picture, on its own or in the layout's picture place (PowerPoint's "placeholder")."""
    return shape.shape_type == 13 or (shape.is_placeholder and hasattr(shape, "image"))


def titles(presentation: Any) -> list[str]:
    return [slide.shapes.title.text for slide in presentation.slides]


def slide_text(slide: Any) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def slides_titled(presentation: Any, start: str) -> list[Any]:
    return [s for s in presentation.slides if s.shapes.title.text.startswith(start)]


def table_rows(slides: list[Any]) -> list[list[str]]:
    rows = []
    for slide in slides:
        (table,) = [shape.table for shape in slide.shapes if shape.has_table]
        rows.extend([cell.text for cell in row.cells] for row in list(table.rows)[1:])
    return rows


def test_cjm_export_to_pptx_writes_the_whole_deck(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.pptx"
    code, stdout, _ = run(capsys, "export", str(sample_path), "--to", "pptx", "-o", str(out))
    assert code == 0 and str(out) in stdout
    presentation = deck(out.read_bytes())
    ws = Workshop.load(sample_path)
    names = titles(presentation)
    assert names[0] == ws.title
    assert names[1:3] == [p.name for p in ws.personas]
    for wanted in (
        map_title("Maija, busy parent", 1, 2),
        said("slides.touchpoints_title", name="Maija, busy parent"),
        said("emotions.title"),
        said("report.pain_points"),
        said("report.priorities"),
        said("report.actions"),
        said("guide.metrics.title"),
    ):
        assert any(name.startswith(wanted) for name in names), wanted
    cover = slide_text(presentation.slides[0])
    assert ws.organisation in cover
    assert all(p.name in cover for p in ws.personas)


def test_the_sample_deck_default_name_and_registry(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "pptx" in exporters()
    code, _, _ = run(capsys, "export", str(sample_path), "--to", "pptx", "--persona", "pe-aino")
    assert code == 0
    written = sample_path.with_name(sample_path.name.removesuffix(".cjm.json") + "-pe-aino.pptx")
    presentation = deck(written.read_bytes())
    names = titles(presentation)
    assert "Aino, careful senior" in names and "Maija, busy parent" not in names


def test_persona_slides_hold_editable_text(sample: Workshop, sample_deck: bytes) -> None:
    presentation = deck(sample_deck)
    maija = sample.by_id("personas")["pe-maija"]
    (slide,) = slides_titled(presentation, maija.name)
    text = slide_text(slide)
    for heading in ("persona.goals", "persona.needs", "persona.challenges", "slides.feelings"):
        assert said(heading) in text
    for item in [*maija.goals, *maija.needs, *maija.challenges, *(f.text for f in maija.feelings)]:
        assert item in text
    # feelings said in words, each as what excites or what is feared, never "+ ..." marks
    for feeling in maija.feelings:
        key = "slides.excites" if feeling.valence == "positive" else "slides.fears"
        assert said(key, text=feeling.text) in text
    assert not re.search(r"(^|\n)[+\u2212] ", text)


def test_each_map_is_a_sharp_picture_followed_by_its_touchpoints_as_a_table(
    sample: Workshop,
) -> None:
    presentation = deck(deck_bytes(sample, persona="pe-maija"))
    names = titles(presentation)
    wanted = [map_title("Maija, busy parent", n, 2) for n in (1, 2)]
    maps = [i for i, name in enumerate(names) if name in wanted]
    assert [names[i] for i in maps] == wanted
    assert maps == list(range(maps[0], maps[0] + 2))  # by stage, one after another
    touchpoints = said("slides.touchpoints_title", name="Maija, busy parent")
    assert names[maps[-1] + 1].startswith(touchpoints)
    pictures = [s for s in presentation.slides[maps[0]].shapes if is_picture(s)]
    assert len(pictures) == 1
    image = Image.open(io.BytesIO(pictures[0].image.blob))
    assert image.format == "PNG" and image.size[0] >= 2 * pictures[0].width / 914400 * 96 * 0.9
    table = table_rows(slides_titled(presentation, touchpoints))
    journey = sample.journey("pe-maija", state="current")
    assert [row[1] for row in table] == [tp.title for tp in journey]
    for slide in slides_titled(presentation, touchpoints):
        assert len(table_rows([slide])) <= ROWS_PER_SLIDE


def test_ranked_pains_actions_and_metrics_are_tables(sample: Workshop, sample_deck: bytes) -> None:
    presentation = deck(sample_deck)
    pains = table_rows(slides_titled(presentation, said("report.pain_points")))
    severities = [int(row[1]) for row in pains if row[1].isdigit()]
    assert severities == sorted(severities, reverse=True)
    actions = table_rows(slides_titled(presentation, said("report.actions")))
    approved = [i for i in sample.ideas if i.status in ("approved", "in_progress", "done")]
    assert [row[0] for row in actions] == [i.text for i in approved]
    assert [row[1] for row in actions] == [i.owner or said("report.no_owner") for i in approved]
    metrics = table_rows(slides_titled(presentation, said("guide.metrics.title")))
    assert {row[0] for row in metrics} == {m.name for m in sample.metrics}


def test_speaker_notes_carry_the_guiding_questions(sample: Workshop, sample_deck: bytes) -> None:
    presentation = deck(sample_deck)
    (matrix,) = slides_titled(presentation, said("report.priorities"))
    notes = matrix.notes_slide.notes_text_frame.text
    for question in translate("guide.prioritize.questions").split("\n"):
        assert question in notes
    assert said("print.matrix_rule") in slide_text(matrix)


def test_the_deck_speaks_the_workshop_language(sample: Workshop) -> None:
    presentation = deck(deck_bytes(sample, lang="fi"))
    names = titles(presentation)
    assert map_title("Maija, busy parent", 1, 2, "fi") in names
    notes = presentation.slides[-1].notes_slide.notes_text_frame.text
    assert translate("guide.metrics.questions", "fi").split("\n")[0] in notes


def test_a_workshop_without_ideas_or_metrics_leaves_those_slides_out() -> None:
    document = small_document()
    document["ideas"] = []
    document["metrics"] = []
    names = titles(deck(deck_bytes(Workshop.from_dict(document))))
    left_out = (said("report.priorities"), said("report.actions"), said("guide.metrics.title"))
    assert not any(n.startswith(left_out) for n in names)
    assert said("slides.map_title", name="Anna") in names  # a short map stays whole


def test_an_unknown_persona_is_one_line(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", str(sample_path), "--to", "pptx", "--persona", "pe-x")
    assert code == 1
    assert re.search(saying("persona.unknown", value="pe-x"), err)
    assert "Traceback" not in err


@pytest.mark.slow
def test_libreoffice_opens_the_deck_without_repair(
    sample: Workshop, sample_deck: bytes, tmp_path: Path
) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-impress")
    source = tmp_path / "deck.pptx"
    source.write_bytes(sample_deck)
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    from pypdf import PdfReader

    pages = PdfReader(tmp_path / "deck.pdf").pages
    assert len(pages) == len(deck(source.read_bytes()).slides)
    assert sample.title in (pages[0].extract_text() or "")


def test_a_measured_workshop_gets_its_drop_off_and_flags_slides() -> None:
    from cjm_widgets.samples import sample_workshop
    from tests.test_measured_lane import measured

    ws = measured(sample_workshop(), [1000, 990, 980, 970, 300])
    presentation = deck(deck_bytes(ws, persona="pe-maija"))
    measured_title = said("report.measured.title")
    (funnel,) = slides_titled(presentation, f"{measured_title}: Maija, busy parent")
    assert any(is_picture(shape) for shape in funnel.shapes)  # the chart, a picture
    period = {"start": "1 September 2026", "end": "30 September 2026"}
    assert re.search(saying("report.measured.period", **period), slide_text(funnel))
    rows = table_rows(slides_titled(presentation, said("report.measured.flags")))
    assert ["Maija, busy parent", "Push notice: bill ready", f"4 ({said('emotion.4')})", said("report.measured.rate_n", share="30.9%", count=970),
            said("map.measured.felt_better")] in rows  # fmt: skip
    plain = deck(deck_bytes(sample_workshop(), persona="pe-maija"))
    assert not slides_titled(plain, measured_title)


def test_long_texts_are_cut_in_the_file_properties_and_whole_on_the_slides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PowerPoint's file properties hold 255 characters; the slides hold any length."""
    title = "Moving house " * 19 + "Movinge\u0301" + "x" * 45  # 300 characters, a mark at the cut
    assert len(title) == 300 and unicodedata.combining(title[254])
    organisation = "Housing Association of the Greater Helsinki Region " * 20
    document = small_document()
    document["title"] = title
    document["organisation"] = organisation
    name = " ".join(["Anna"] * 60)
    document["personas"][0]["name"] = name
    path = tmp_path / "long.cjm.json"
    Workshop.from_dict(document).save(path)
    out = tmp_path / "long.pptx"
    code, stdout, err = run(capsys, "export", str(path), "--to", "pptx", "-o", str(out))
    assert code == 0 and str(out) in stdout, err
    presentation = deck(out.read_bytes())
    properties = presentation.core_properties
    for kept, whole in ((properties.title, title), (properties.subject, organisation.strip())):
        assert len(kept) <= 255 and kept.endswith("…")
        assert whole.startswith(kept[:-1].rstrip())
        assert not unicodedata.combining(whole[len(kept) - 1])  # no mark parted from its letter
    assert properties.title.startswith("Moving house Moving house")
    assert properties.language == "en"
    assert titles(presentation)[0] == title
    assert organisation.strip() in slide_text(presentation.slides[0])
    assert name in titles(presentation)
