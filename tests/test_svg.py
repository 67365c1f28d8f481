"""Static SVG and PNG: valid, escaped, complete, and drawn without a browser."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from cjm_widgets import CjmError, Workshop
from cjm_widgets.cli import main
from cjm_widgets.layout import layout_journey
from cjm_widgets.layout.emotions import layout_emotions
from cjm_widgets.layout.matrix import layout_matrix
from cjm_widgets.render.svg import PAGE_SIZES_MM, to_png, to_svg
from tests.messages import said

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def all_text(root: ET.Element) -> str:
    return "\n".join(
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{SVG}text", f"{SVG}title")
    )


def test_map_svg_is_valid_xml_with_every_touchpoint_title(sample: Workshop) -> None:
    for persona in (None, "pe-maija", "pe-aino"):
        root = parse(to_svg(layout_journey(sample, persona)))
        assert root.tag == f"{SVG}svg"
        text = all_text(root)
        for tp in sample.journey(persona, state="current"):
            assert tp.title in text, tp.title
        for stage in sample.stages:
            assert stage.name in text


def test_user_text_is_escaped_never_markup(small: Workshop) -> None:
    small.touchpoints[0].title = "<script>alert(1)</script>"
    small.touchpoints[0].action = 'Types "quotes" & <b>tags</b>'
    small.personas[0].name = "Anna <img src=x onerror=alert(1)>"
    svg = to_svg(layout_journey(small, "pe-a"))
    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "img", "b")]
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<script>alert(1)</script>" in all_text(root)
    assert "Anna <img src=x onerror=alert(1)>" in all_text(root)


def test_svg_has_a_legend_and_embeds_its_font(sample: Workshop) -> None:
    svg = to_svg(layout_journey(sample))
    text = all_text(parse(svg))
    for label in (
        said("map.legend.title"),
        said("map.legend.moment_of_truth"),
        f"1 {said('emotion.1')}",
        f"5 {said('emotion.5')}",
        said("map.legend.severity"),
    ):
        assert label in text
    assert f"Letter ({said('channel.kind.physical')})" in text
    assert re.search(
        r"@font-face\{font-family:'DejaVu Sans Condensed';font-weight:bold;src:url\(data:font/woff2;base64,",
        svg,
    )
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "@font-face" not in to_svg(layout_journey(sample), embed_font=False)


@pytest.mark.parametrize("page", list(PAGE_SIZES_MM))
def test_page_sizes(sample: Workshop, page: str) -> None:
    layout = layout_journey(sample)
    root = parse(to_svg(layout, page))
    sheet = PAGE_SIZES_MM[page]
    if sheet is None:
        assert root.get("width") == str(int(layout.width))
    else:
        assert (root.get("width"), root.get("height")) == (f"{sheet[0]}mm", f"{sheet[1]}mm")
    assert root.get("viewBox", "").startswith("0 0 ")


def test_unknown_page_is_a_clear_error(sample: Workshop) -> None:
    with pytest.raises(CjmError) as caught:
        to_svg(layout_journey(sample), "a7")
    choices = "screen, a4, a3, a1, a0"
    assert str(caught.value) == said("svg.unknown_page", value="a7", choices=choices)


def pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_png_is_drawn_without_a_browser(sample: Workshop) -> None:
    layout = layout_journey(sample, "pe-maija")
    image = pixels(to_png(layout))
    assert image.size == (round(layout.width), round(layout.height))
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # text, chips, curve: far from blank
    chip = next(s for s in layout.shapes if getattr(s, "role", "") == "touchpoint")
    x, y = int(chip.box.x + 3), int(chip.box.bottom - 3)
    assert image.getpixel((x, y)) == tuple(int(chip.fill[i : i + 2], 16) for i in (1, 3, 5))
    sharp = pixels(to_png(layout, zoom=2))
    assert sharp.size == (2 * image.size[0], 2 * image.size[1])


def test_png_on_a_poster_page(sample: Workshop) -> None:
    image = pixels(to_png(layout_matrix(sample), "a4"))
    assert image.size == (round(297 * 96 / 25.4), round(210 * 96 / 25.4))


def test_matrix_and_emotions_svg(sample: Workshop) -> None:
    matrix = all_text(parse(to_svg(layout_matrix(sample))))
    for quadrant in ("quick_wins", "major_projects", "fill_ins", "thankless_tasks"):
        assert said(f"matrix.{quadrant}") in matrix
    for idea in sample.ideas:
        assert idea.text in matrix
    emotions = all_text(parse(to_svg(layout_emotions(sample))))
    assert "Maija, busy parent" in emotions and said("map.state.future") in emotions


def test_cli_exports_svg_and_png(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["export", str(sample_path), "--to", "svg", "--persona", "pe-aino", "--page", "a3"])
        == 0
    )
    svg_path = tmp_path / "sample-map-pe-aino-a3.svg"
    assert parse(svg_path.read_text(encoding="utf-8")).get("width") == "420mm"
    assert (
        main(
            [
                "export",
                str(sample_path),
                "--to",
                "png",
                "--view",
                "matrix",
                "-o",
                str(tmp_path / "m.png"),
            ]
        )
        == 0
    )
    matrix = layout_matrix(Workshop.load(sample_path))
    assert pixels((tmp_path / "m.png").read_bytes()).size == (
        round(matrix.width),
        round(matrix.height),
    )
    assert main(["export", str(sample_path), "--to", "svg", "--view", "emotions"]) == 0
    emotions = all_text(parse((tmp_path / "sample-emotions.svg").read_text(encoding="utf-8")))
    assert "Maija, busy parent" in emotions and "Aino, careful senior" in emotions
    out = capsys.readouterr().out
    assert said("cli.wrote", path=svg_path) in out
    assert main(["export", str(sample_path), "--to", "png", "--zoom", "0"]) == 1
    assert said("svg.bad_zoom", value=0.0) in capsys.readouterr().err
