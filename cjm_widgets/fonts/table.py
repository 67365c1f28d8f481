"""The faces' advance widths as a small table beside the TTFs, read instead of the fonts.

Parsing a TTF's character map and metrics with fontTools costs a short-lived ``cjm``
command more than laying a map out; ``widths.json`` holds the same numbers (font units,
so every width divides out exactly as from the font) with each TTF's SHA-256, and is
ignored for a font file it was not made from. Rebuild it after changing a font:
    python -m cjm_widgets.fonts.build_widths
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

TABLE = "widths.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def face_from_ttf(data: bytes) -> dict[str, Any]:
    """One face's units per em, extents, fallback advance and advance per code point."""
    import io

    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data), lazy=True) as font:
        horizontal = font["hmtx"]
        advances = {code: horizontal[glyph][0] for code, glyph in font.getBestCmap().items()}
        return {
            "sha256": _digest(data),
            "units": font["head"].unitsPerEm,
            "ascent": font["hhea"].ascent,
            "descent": font["hhea"].descent,
            "fallback": horizontal[".notdef"][0],
            "runs": _runs(advances),
        }


def _runs(advances: dict[int, int]) -> list[list[Any]]:
    """Advances as runs of consecutive code points: ``[first, [advance, ...]]``."""
    runs: list[list[Any]] = []
    for code in sorted(advances):
        if runs and runs[-1][0] + len(runs[-1][1]) == code:
            runs[-1][1].append(advances[code])
        else:
            runs.append([code, [advances[code]]])
    return runs


@cache
def _table() -> dict[str, Any]:
    """``widths.json``, read once for both faces ({} if it cannot be read)."""
    try:
        table = json.loads(resources.files(__package__).joinpath(TABLE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def stored_face(name: str, data: bytes) -> dict[str, Any] | None:
    """The table's face for the font file ``name`` whose bytes are ``data``, if it was
    made from exactly those bytes."""
    face = _table().get(name)
    return face if isinstance(face, dict) and face.get("sha256") == _digest(data) else None


def advances(face: dict[str, Any], units: float = 1) -> dict[int, float]:
    """Advance per code point, divided by ``units`` (the face's units per em for widths
    in em), in one pass over the runs."""
    return {
        first + i: width / units for first, widths in face["runs"] for i, width in enumerate(widths)
    }
