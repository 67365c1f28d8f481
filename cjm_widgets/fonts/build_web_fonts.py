"""Rebuild the embedded web fonts: DejaVu Sans Condensed cut to Latin text, as WOFF2.

Run once after changing the font or the character ranges (needs ``brotli``):
    python -m cjm_widgets.fonts.build_web_fonts
"""

from __future__ import annotations

import logging

from fontTools import subset
from fontTools.ttLib import TTFont

from . import WEB_FONT_FILES, font_path

# Basic Latin, Latin-1, Latin Extended-A (every Nordic and most European letters),
# general punctuation, the euro and a few symbols found in workshop notes.
WEB_FONT_CODEPOINTS = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2010, 0x2027),
    0x2030, 0x2039, 0x203A, 0x20AC, 0x2122, 0x2192, 0x2212, 0x2713,
]  # fmt: skip


def build() -> None:
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    for bold, name in WEB_FONT_FILES.items():
        font = TTFont(font_path(bold))
        options = subset.Options()
        options.layout_features = ["kern", "liga"]
        options.hinting = False
        options.flavor = "woff2"
        options.drop_tables += ["FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=WEB_FONT_CODEPOINTS)
        subsetter.subset(font)
        target = font_path(bold).with_name(name)
        font.flavor = "woff2"
        font.save(target)
        print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    build()
