"""Text in any script shows in PNG exports: system fonts fill in what the map's font lacks."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

from cjm_widgets import Workshop
from cjm_widgets.fonts.fallback import fallback_font_files
from cjm_widgets.layout import layout_journey
from cjm_widgets.render.svg import to_png
from tests.conftest import small_document

TOFU = "\u0378"  # an unassigned code point: no font has it, every renderer draws a box


def system_font_for(char: str) -> bool:
    program = shutil.which("fc-list")
    if program is None:
        return False
    found = subprocess.run(
        [program, "--format", "%{file}\n", f":charset={ord(char):x}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(found.stdout.strip())


def touchpoint_png(name: str) -> Image.Image:
    document = small_document()
    document["touchpoints"][0]["title"] = name
    ws = Workshop.from_dict(document)
    return Image.open(io.BytesIO(to_png(layout_journey(ws, "pe-a")))).convert("RGB")


@pytest.mark.parametrize("char", ["😀", "Ω", "ж", "中"])
def test_each_script_draws_a_glyph_not_the_box(char: str) -> None:
    if char == "中" and not system_font_for(char):
        pytest.skip("no system font has CJK: apt-get install fonts-noto-cjk (CI installs it)")
    drawn, tofu = touchpoint_png(f"{char} x"), touchpoint_png(f"{TOFU} x")
    assert drawn.size == tofu.size  # the same layout: only the glyph differs
    assert ImageChops.difference(drawn, tofu).getbbox() is not None


def test_the_touchpoint_of_all_four_scripts_differs_from_boxes() -> None:
    if not system_font_for("中"):
        pytest.skip("no system font has CJK: apt-get install fonts-noto-cjk (CI installs it)")
    drawn = touchpoint_png("😀 Ω ж 中")
    tofu = touchpoint_png(" ".join([TOFU] * 4))
    assert ImageChops.difference(drawn, tofu).getbbox() is not None


def test_fallback_fonts_only_for_missing_characters() -> None:
    assert fallback_font_files("Maija pays the bill Ω ж €") == []
    if system_font_for("中"):
        files = fallback_font_files("中文")
        assert len(files) == 1
        assert "dejavu" not in files[0].lower()
