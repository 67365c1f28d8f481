"""The participants' QR code as a widget: large enough to scan from a projected screen,
with the address beneath it, or how to start the room when none is running."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
from markupsafe import Markup, escape

from ...errors import CjmError
from ...i18n import SOURCE_LANGUAGE, translate
from ...room.qr import svg_qr
from ...room.runtime import read_address
from ...store import load_workshop

QR_SIZE_PX = 480


def _qr_html(url: str, lang: str) -> str:
    """The QR code of ``url`` and the line asking the room to scan it."""
    caption = escape(translate("room.panel.scan", lang, url=url))
    return str(
        Markup('<div class="cjm-room-qr">{}<p style="font-size:1.2em">{}</p></div>').format(
            Markup(svg_qr(url, QR_SIZE_PX)), caption
        )
    )


def _language_of(workshop_path: str | Path) -> str:
    """The workshop's language, or English when its file cannot be read."""
    try:
        return load_workshop(workshop_path).language
    except CjmError:
        return SOURCE_LANGUAGE


def room_qr_html(workshop_path: str | Path, lang: str | None = None) -> str:
    """The running room's QR code for ``workshop_path``, or the line saying how to start one."""
    chosen = lang or _language_of(workshop_path)
    address = read_address(workshop_path)
    if address is None:
        text = translate("room.panel.not_running", chosen, path=Path(workshop_path).name)
        return str(Markup("<p>{}</p>").format(text))
    return _qr_html(address.participant_url, chosen)


def qr_widget(workshop_path: str | Path, lang: str | None = None) -> widgets.Widget:
    """The participants' QR code of the room running for ``workshop_path``, or how to
    start one."""
    return widgets.HTML(room_qr_html(workshop_path, lang))
