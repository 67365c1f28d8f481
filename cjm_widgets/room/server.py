"""The room's server: the facilitator's app (Voilà, as ``cjm app`` runs it) and the
participant pages in one process, one port.

``cjm room`` starts ``python -m cjm_widgets.room.server NOTEBOOK <Voilà options>``
with the room's settings in the environment variable ``CJM_ROOM`` (JSON: the
workshop path, the vote budget, the language, the most participants); the room key
is in the log, where the facilitator's app can rotate it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..server_guard import run_voila
from .rules import DEFAULT_MAX_PARTICIPANTS
from .service import Room

ENVIRONMENT = "CJM_ROOM"


def room_from_environment() -> Room:
    settings = json.loads(os.environ[ENVIRONMENT])
    return Room(
        settings["workshop"],
        votes=int(settings["votes"]),
        lang=settings.get("lang"),
        max_participants=int(settings.get("max_participants", DEFAULT_MAX_PARTICIPANTS)),
    )


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """The room as a Jupyter server extension, for a JupyterLab that hosts the room
    itself: ``--ServerApp.jpserver_extensions={"cjm_widgets.room.server": True}`` with
    ``CJM_ROOM`` set."""
    return [{"module": "cjm_widgets.room.server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Add the room's handlers to a running Jupyter server (its login stays on its own
    paths; the room's paths need only the room key)."""
    from .handlers import room_handlers

    room = room_from_environment()
    base_url = serverapp.web_app.settings.get("base_url", "/")
    serverapp.web_app.add_handlers(".*$", room_handlers(base_url, room))


def main(argv: list[str] | None = None) -> Any:
    """Voilà with the room's handlers ahead of its own catch-all notebook page."""
    from .handlers import room_handlers

    room = room_from_environment()
    return run_voila(argv, extra_handlers=lambda base_url: room_handlers(base_url, room))


if __name__ == "__main__":  # pragma: no cover - run as a server process by cjm room
    main()
