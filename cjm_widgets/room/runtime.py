"""Where a running room can be found: a small JSON file in Jupyter's runtime folder,
readable only by its user, holding the facilitator's and participants' addresses.

``cjm room`` writes it when the server answers and removes it when the server stops;
the facilitator's app rewrites it when the key is rotated; ``qr_widget`` reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from ..store import write_atomically


@dataclass(frozen=True)
class RoomAddress:
    """A running room: its workshop, server process, and the two addresses."""

    workshop: str
    pid: int
    facilitator_url: str
    participant_url: str

    def with_key(self, old: str, new: str) -> RoomAddress:
        return RoomAddress(
            self.workshop,
            self.pid,
            self.facilitator_url,
            self.participant_url.replace(f"/room/{old}/", f"/room/{new}/"),
        )

    @property
    def key(self) -> str:
        return self.participant_url.rstrip("/").rsplit("/", 1)[-1]


def runtime_folder() -> Path:
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir())


def runtime_file(workshop_path: str | Path) -> Path:
    real = str(Path(workshop_path).resolve())
    name = hashlib.sha256(real.encode("utf-8")).hexdigest()[:16]
    return runtime_folder() / f"cjm-room-{name}.json"


def write_address(address: RoomAddress) -> Path:
    path = runtime_file(address.workshop)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, json.dumps(asdict(address), indent=1).encode("utf-8"))
    path.chmod(0o600)
    return path


def remove_address(workshop_path: str | Path) -> None:
    with contextlib.suppress(OSError):
        runtime_file(workshop_path).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_address(workshop_path: str | Path) -> RoomAddress | None:
    """The running room of this workshop, or None (no file, or its server is gone)."""
    try:
        data = json.loads(runtime_file(workshop_path).read_text(encoding="utf-8"))
        address = RoomAddress(**data)
    except (OSError, ValueError, TypeError):
        return None
    return address if _alive(address.pid) else None


def lan_address() -> str | None:
    """This machine's address on its local network (the interface of the default route),
    found without sending anything; None when there is no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect sends no packet
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address
