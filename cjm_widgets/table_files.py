"""CSV and Excel files of every entity frame, for spreadsheets and BI tools.

List cells are written one item per line, which spreadsheets show as a multi-line
cell and which ``workshop_from_frames`` reads back. Files are replaced atomically,
so an export interrupted half-way never leaves a truncated table behind.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import StoreError
from .frames import FRAME_NAMES, workshop_frames, workshop_from_frames
from .i18n import translate
from .model import Workshop
from .store import make_folder, write_file


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells joined one item per line, for file formats that hold only scalars."""

    def join(value: Any) -> Any:
        return "\n".join(str(item) for item in value) if isinstance(value, list) else value

    flat = frame.copy()
    for column in flat.columns:
        if flat[column].dtype == object:
            flat[column] = flat[column].map(join)
    return flat


def export_csv(ws: Workshop, folder: str | Path) -> list[Path]:
    """One UTF-8 CSV per frame (``touchpoints.csv`` ...) in ``folder``; returns the paths."""
    target = Path(folder)
    make_folder(target)
    written = []
    for name, frame in workshop_frames(ws).items():
        path = target / f"{name}.csv"
        payload = _flat(frame).to_csv(index=False).encode("utf-8-sig")
        write_file(path, payload)
        written.append(path)
    return written


def export_excel(ws: Workshop, path: str | Path) -> Path:
    """One workbook with a sheet per frame, ``workshop`` first."""
    target = Path(path)
    make_folder(target.parent)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in workshop_frames(ws).items():
            _flat(frame).to_excel(writer, sheet_name=name, index=False)
    write_file(target, buffer.getvalue())
    return target


def read_excel(path: str | Path) -> Workshop:
    """A workshop from a workbook written by ``export_excel`` (and edited in a spreadsheet)."""
    source = Path(path)
    try:
        sheets = pd.read_excel(source, sheet_name=None, dtype=object)
    except FileNotFoundError:
        raise StoreError(translate("store.not_found", path=source), source) from None
    except (OSError, ValueError) as error:
        raise StoreError(
            translate("store.cannot_read", path=source, reason=error), source
        ) from None
    frames = {name: sheet for name, sheet in sheets.items() if name in FRAME_NAMES}
    return workshop_from_frames(frames)
