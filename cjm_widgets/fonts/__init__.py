"""The map's typeface (DejaVu Sans Condensed, shipped here) and text measured with its metrics.

The layout wraps and cuts text with the advance widths of the very font the SVG
embeds and the PNG converter loads, so a line that fits in the layout fits on paper.
Kerning is ignored, which only ever makes a measured line slightly wider than drawn.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from . import table

FAMILY = "DejaVu Sans Condensed"
CSS_FAMILY = f"'{FAMILY}', 'DejaVu Sans', 'Arial Narrow', sans-serif"
ELLIPSIS = "…"
_BREAKS = re.compile(r"[ \t\u2002\u2003\u2009]+")

_FILES = {False: "DejaVuSansCondensed.ttf", True: "DejaVuSansCondensed-Bold.ttf"}
WEB_FONT_FILES = {
    False: "DejaVuSansCondensed.latin.woff2",
    True: "DejaVuSansCondensed-Bold.latin.woff2",
}


def font_path(bold: bool = False) -> Path:
    """The TTF file of the regular or bold face, for converters that load fonts."""
    return Path(str(resources.files(__package__).joinpath(_FILES[bold])))


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths per character, in em units, and the vertical extents of one face."""

    widths: dict[int, float]
    fallback: float
    ascent: float
    descent: float

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` px."""
        widths, fallback = self.widths, self.fallback
        return sum(widths.get(ord(char), fallback) for char in text) * size


@cache
def metrics(bold: bool = False) -> FontMetrics:
    """The metrics of one face, read once: from the widths table made from this very
    TTF (``fonts/table.py``), else from the TTF itself."""
    data = font_path(bold).read_bytes()
    face = table.stored_face(_FILES[bold], data) or table.face_from_ttf(data)
    units = face["units"]
    return FontMetrics(
        widths=table.advances(face, units),
        fallback=face["fallback"] / units,
        ascent=face["ascent"] / units,
        descent=-face["descent"] / units,
    )


@lru_cache(maxsize=65536)
def _em_width(text: str, bold: bool) -> float:
    return metrics(bold).width(text, 1.0)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is drawn at ``size`` px in the map's font."""
    return _em_width(text, bold) * size


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for one line, cut into pieces that each fit."""
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def fit_ellipsis(line: str, width: float, size: float, bold: bool = False) -> str:
    """``line`` cut so that it and a trailing ellipsis fit in ``width``."""
    if text_width(line, size, bold) <= width:
        return line
    while line and text_width(line.rstrip() + ELLIPSIS, size, bold) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS if line else ""


def _wrap_paragraph(paragraph: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy line breaking at spaces; word widths are summed, not re-measured per line."""
    space = text_width(" ", size, bold)
    lines: list[str] = []
    words: list[str] = []
    used = 0.0
    em_width = _em_width
    # break at ordinary spaces only: a no-break space (1 250 in Finnish) holds together
    for word in _BREAKS.split(paragraph):
        if not word:
            continue
        word_width = em_width(word, bold) * size
        if words and used + space + word_width <= width:
            words.append(word)
            used += space + word_width
            continue
        if words:
            lines.append(" ".join(words))
        if word_width <= width:
            words, used = [word], word_width
            continue
        pieces = _break_word(word, width, size, bold)
        lines.extend(pieces[:-1])
        words, used = [pieces[-1]], text_width(pieces[-1], size, bold)
    if words:
        lines.append(" ".join(words))
    return lines


def wrap(text: str, width: float, size: float, max_lines: int, bold: bool = False) -> list[str]:
    """``text`` wrapped into at most ``max_lines`` lines no wider than ``width``.

    Breaks at spaces (and inside words too long for a line); explicit line breaks are
    kept. What does not fit is cut and marked with an ellipsis on the last line.
    """
    return list(wrapped(text, width, size, max_lines, bold))


@lru_cache(maxsize=65536)
def wrapped(
    text: str, width: float, size: float, max_lines: int, bold: bool = False
) -> tuple[str, ...]:
    """``wrap`` as a tuple, wrapped once per text, width, size, line count and face: a map
    laid out again (after an edit, in another view) measures only the texts that changed."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(_wrap_paragraph(paragraph, width, size, bold))
        if len(lines) > max_lines:
            break
    if len(lines) <= max_lines:
        return tuple(lines)
    kept = lines[:max_lines]
    kept[-1] = fit_ellipsis(kept[-1] + ELLIPSIS, width, size, bold)
    return tuple(kept)


def embedded_font_css() -> str:
    """``@font-face`` rules carrying the map's font (Latin subset, WOFF2) as data URLs.

    About 33 kB: it keeps a standalone SVG or HTML handout looking as measured on any
    machine. Characters outside the subset fall back to the reader's own fonts.
    """
    rules = []
    for bold, name in WEB_FONT_FILES.items():
        data = resources.files(__package__).joinpath(name).read_bytes()
        encoded = base64.b64encode(data).decode("ascii")
        weight = "bold" if bold else "normal"
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{encoded}) format('woff2');}}"
        )
    return "".join(rules)
