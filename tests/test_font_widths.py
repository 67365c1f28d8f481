"""The widths table the map measures text with holds exactly the shipped fonts' metrics."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from cjm_widgets.fonts import _FILES, font_path, metrics, table


@pytest.mark.parametrize("bold", [False, True])
def test_the_table_gives_the_metrics_the_font_itself_gives(bold: bool) -> None:
    data = font_path(bold).read_bytes()
    assert table.stored_face(_FILES[bold], data) is not None  # made from these very bytes
    with TTFont(font_path(bold), lazy=True) as font:
        units = font["head"].unitsPerEm
        horizontal = font["hmtx"]
        widths = {code: horizontal[glyph][0] / units for code, glyph in font.getBestCmap().items()}
        ascent, descent = font["hhea"].ascent / units, -font["hhea"].descent / units
        fallback = horizontal[".notdef"][0] / units
    face = metrics(bold)
    assert face.widths == widths
    assert (face.ascent, face.descent, face.fallback) == (ascent, descent, fallback)


def test_a_font_the_table_was_not_made_from_is_read_itself() -> None:
    data = font_path(False).read_bytes()
    assert table.stored_face(_FILES[False], data + b"\0") is None
    assert table.stored_face("Another.ttf", data) is None
