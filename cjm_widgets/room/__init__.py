"""Every voice in the room: participants' phones and laptops rate, vote and add notes
through a small page served beside the facilitator's app (``cjm room``).

The package's door for other front ends is ``qr_widget``: the participants' QR code of
the running room of a workshop, as a widget.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets


def qr_widget(workshop_path: str | Path) -> ipywidgets.Widget:
    """An ``ipywidgets`` widget showing the participants' QR code and address of the room
    running for ``workshop_path``, or how to start one (``cjm room WORKSHOP``)."""
    from ..widgets.room import qr_widget as build

    widget: ipywidgets.Widget = build(workshop_path)
    return widget


__all__ = ["qr_widget"]
