"""QR codes of the participants' address: text for the terminal, SVG for the big screen."""

from __future__ import annotations

import io

import segno


def terminal_qr(url: str) -> str:
    """The code as block characters (two modules per character row), dark on light, with
    the quiet zone scanners need."""
    code = segno.make(url, error="m")
    rows = [[bool(cell) for cell in row] for row in code.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    glyphs = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    return "\n".join(
        "".join(glyphs[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    )


def svg_qr(url: str, size_px: int = 480) -> str:
    """The code as an SVG element ``size_px`` wide, for a projected screen."""
    code = segno.make(url, error="m")
    out = io.BytesIO()
    scale = max(1, size_px // (code.symbol_size(border=4)[0]))
    code.save(
        out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, dark="#000", light="#fff"
    )
    return out.getvalue().decode("utf-8")
