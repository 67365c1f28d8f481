"""``cjm room``'s facilitator page: the workshop app and the room tab, sharing one session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ...i18n import translate
from ..app import WorkshopApp
from .panel import RoomPanel


class RoomApp(widgets.Tab):  # type: ignore[misc]
    """``RoomApp("journey.cjm.json")``: accepting a note edits the same workshop the app shows."""

    def __init__(self, path: str | Path, lang: str | None = None, **options: Any) -> None:
        self.app = WorkshopApp(path, lang, **options)
        schedule = options.get("schedule")
        extra = {} if schedule is None else {"schedule": schedule}
        self.panel = RoomPanel(self.app.session, path, **extra)
        super().__init__(children=[self.app, self.panel])
        self.app.persona.observe(lambda change: self.panel.discuss(change["new"]), names="value")
        self.panel.discuss(self.app.persona.value)
        self.set_title(0, str(translate("room.panel.tab_workshop", self.app.lang)))
        self.set_title(1, str(translate("room.panel.tab_room", self.app.lang)))
        self.add_class("cjm-room-app")
