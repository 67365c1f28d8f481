"""Fonts from the system for characters the map's font lacks (CJK, most emoji), for PNG.

DejaVu Sans Condensed covers Latin, Greek, Cyrillic and a few emoji; a touchpoint typed
in Chinese or with a newer emoji would otherwise come out as empty boxes. fontconfig
(``fc-list``) names a system font file for each missing character; resvg then loads
those files beside the map's own, and falls back to them glyph by glyph. DejaVu files
are never taken from the system, so "DejaVu Sans" in the SVG always means the condensed
face the layout measured with. Without fontconfig or such fonts, the boxes stay.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from fontTools.ttLib import TTCollection, TTFont

from . import metrics

MAX_LOOKUPS = 64
"""fontconfig queries per picture at most: characters no font has are not asked for again."""


@cache
def _covered_by(path: str) -> frozenset[int]:
    """Every code point the font file (or any face of a collection) has a glyph for."""
    try:
        if path.lower().endswith((".ttc", ".otc")):
            collection = TTCollection(path, lazy=True)
            try:
                return frozenset(
                    code for font in collection.fonts for code in font.getBestCmap() or {}
                )
            finally:
                collection.close()
        font = TTFont(path, lazy=True)
        try:
            return frozenset(font.getBestCmap() or {})
        finally:
            font.close()
    except Exception:  # a broken system font is simply not used
        return frozenset()


@cache
def _font_with(code: int) -> str | None:
    """A system font file with a glyph for ``code``: a regular sans face when there is one."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        listed = subprocess.run(
            [program, "--format", "%{file}\n", f":charset={code:x}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted({f for f in listed if f and "dejavu" not in f.lower()})

    def preference(path: str) -> tuple[bool, bool, bool, str]:
        name = path.rsplit("/", 1)[-1].lower()
        return ("bold" in name, "sans" not in name and "emoji" not in name, "mono" in name, name)

    return min(files, key=preference) if files else None


def fallback_font_files(text: str) -> list[str]:
    """System font files covering the characters of ``text`` that the map's font lacks."""
    own = metrics(False).widths
    missing = sorted({ord(c) for c in text if ord(c) > 0x20 and ord(c) not in own})
    chosen: list[str] = []
    covered: set[int] = set()
    lookups = 0
    for code in missing:
        if code in covered or lookups >= MAX_LOOKUPS:
            continue
        lookups += 1
        path = _font_with(code)
        if path is not None and path not in chosen:
            chosen.append(path)
            covered |= _covered_by(path)
    return chosen
