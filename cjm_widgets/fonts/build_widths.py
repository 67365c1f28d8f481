"""Rebuild ``widths.json``, the faces' advance widths read instead of the TTFs.

Run once after changing a font:
    python -m cjm_widgets.fonts.build_widths
"""

from __future__ import annotations

import json
from importlib import resources

from . import _FILES
from .table import TABLE, face_from_ttf


def build() -> None:
    folder = resources.files(__package__)
    faces = {name: face_from_ttf(folder.joinpath(name).read_bytes()) for name in _FILES.values()}
    with resources.as_file(folder.joinpath(TABLE)) as path:
        path.write_text(json.dumps(faces, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    build()
