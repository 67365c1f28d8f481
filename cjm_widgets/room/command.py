"""``cjm room``: the facilitator's app and the participants' pages on one server, the
two addresses and a QR code of the participants' one in the terminal."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate
from ..launch import app_notebook, choose_port, new_token, serve
from ..server_guard import IDENTITY_PROVIDER
from .log import RoomLog, log_path
from .qr import terminal_qr
from .rules import check_budget
from .runtime import RoomAddress, lan_address, remove_address, write_address
from .server import ENVIRONMENT
from .service import new_key, token_hash

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def room_command(notebook: Path, host: str, port: int, token: str) -> list[str]:
    """The server process: Voilà as ``cjm app`` runs it, with the room's handlers."""
    return [
        sys.executable,
        "-m",
        "cjm_widgets.room.server",
        str(notebook),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--Voila.identity_provider_class={IDENTITY_PROVIDER}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--token={token}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
    ]


def addresses(host: str, port: int, token: str, key: str) -> tuple[str, str, str]:
    """The facilitator's URL, the participants' URL, and which line says who can reach them."""
    facilitator = f"http://127.0.0.1:{port}/?token={token}"
    if host in LOOPBACK:
        return facilitator, f"http://127.0.0.1:{port}/room/{key}/", "room.reach_loopback"
    shown = lan_address() if host in ("0.0.0.0", "") else host
    if shown is None:
        raise CjmError(translate("room.no_lan"))
    return facilitator, f"http://{shown}:{port}/room/{key}/", "room.reach_network"


def run_room(path: Path, host: str, port: int | None, votes: int, lang: str | None) -> int:
    """Start the room for the workshop at ``path`` and serve until Ctrl-C."""
    check_budget(votes)
    chosen = choose_port(port)
    token, key = new_token(), new_key()
    with RoomLog(log_path(path)) as log:
        log.append("facilitator", "room", {"open": True, "key_hash": token_hash(key)})
    notebook = app_notebook(path, lang, kind="room")
    facilitator, participants, reach = addresses(host, chosen, token, key)
    print(translate("room.facilitator", url=facilitator))
    print(translate("room.participants", url=participants))
    print(translate(reach, port=chosen))
    print(terminal_qr(participants), flush=True)
    address = RoomAddress(str(path), os.getpid(), facilitator, participants)
    write_address(address)
    env = {
        **os.environ,
        ENVIRONMENT: json.dumps({"workshop": str(path), "votes": votes, "lang": lang}),
    }
    try:
        probe = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else host
        return serve(
            room_command(notebook, host, chosen, token),
            chosen,
            facilitator,
            path.parent,
            env=env,
            host=probe,
        )
    finally:
        remove_address(path)
