"""``cjm room``: the facilitator's app and the participants' pages on one server, the
two addresses and a QR code of the participants' one in the terminal, printed once
the server accepts connections."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate
from ..launch import (
    VOILA_TOKEN_FROM_ENVIRONMENT,
    ServerCommand,
    app_notebook,
    choose_port,
    new_token,
    serve,
    token_environment,
)
from ..server_guard import IDENTITY_PROVIDER
from .log import RoomLog, log_path
from .qr import terminal_qr
from .rules import DEFAULT_MAX_PARTICIPANTS, check_budget, check_max_participants
from .runtime import RoomAddress, lan_address, remove_address, write_address
from .server import ENVIRONMENT
from .service import new_key, token_hash

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def room_command(notebook: Path, host: str, port: int, token: str) -> ServerCommand:
    """The server process: Voilà as ``cjm app`` runs it, with the room's handlers; the
    token goes through its environment, not its command line."""
    return ServerCommand(
        [
            sys.executable,
            "-m",
            "cjm_widgets.room.server",
            str(notebook),
            "--no-browser",
            f"--Voila.ip={host}",
            f"--Voila.identity_provider_class={IDENTITY_PROVIDER}",
            f"--port={port}",
            "--Voila.port_retries=0",
            VOILA_TOKEN_FROM_ENVIRONMENT,
            "--VoilaConfiguration.show_tracebacks=False",
            "--VoilaConfiguration.strip_sources=True",
        ],
        token_environment(token),
    )


def addresses(host: str, port: int, token: str, key: str) -> tuple[str, str, str]:
    """The facilitator's URL, the participants' URL, and which line says who can reach them."""
    facilitator = f"http://127.0.0.1:{port}/?token={token}"
    if host in LOOPBACK:
        return facilitator, f"http://127.0.0.1:{port}/room/{key}/", "room.reach_loopback"
    shown = lan_address() if host in ("0.0.0.0", "") else host
    if shown is None:
        raise CjmError(translate("room.no_lan"))
    return facilitator, f"http://{shown}:{port}/room/{key}/", "room.reach_network"


def run_room(
    path: Path,
    host: str,
    port: int | None,
    votes: int,
    lang: str | None,
    max_participants: int = DEFAULT_MAX_PARTICIPANTS,
) -> int:
    """Start the room for the workshop at ``path`` and serve until Ctrl-C."""
    check_budget(votes)
    check_max_participants(max_participants)
    chosen = choose_port(port)
    token, key = new_token(), new_key()
    with RoomLog(log_path(path)) as log:
        log.append("facilitator", "room", {"open": True, "key_hash": token_hash(key)})
    notebook = app_notebook(path, lang, kind="room")
    facilitator, participants, reach = addresses(host, chosen, token, key)

    def announce() -> None:
        """The addresses, only now that a phone scanning the code would get an answer."""
        print(translate("room.facilitator", url=facilitator))
        print(translate("room.participants", url=participants))
        print(translate(reach, port=chosen))
        print(terminal_qr(participants), flush=True)
        write_address(RoomAddress(str(path), os.getpid(), facilitator, participants))

    settings = {
        "workshop": str(path),
        "votes": votes,
        "lang": lang,
        "max_participants": max_participants,
    }
    env = {**os.environ, ENVIRONMENT: json.dumps(settings)}
    try:
        probe = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else host
        return serve(
            room_command(notebook, host, chosen, token),
            chosen,
            facilitator,
            path.parent,
            env=env,
            host=probe,
            announce=announce,
        )
    finally:
        remove_address(path)
