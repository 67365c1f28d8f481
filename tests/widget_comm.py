"""A recording comm, as ipywidgets' own tests use: widgets without a kernel or a browser."""

from __future__ import annotations

from typing import Any


class RecordingComm:
    """Stands in for a kernel comm and keeps every message a widget sends."""

    comm_id = "recording"
    kernel = "present"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.messages: list[tuple[Any, list[Any]]] = []

    def open(self, *args: Any, **kwargs: Any) -> None:
        pass

    def on_msg(self, *args: Any, **kwargs: Any) -> None:
        pass

    def on_close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send(
        self, data: Any = None, metadata: Any = None, buffers: Any = None, **kwargs: Any
    ) -> None:
        self.messages.append((data, list(buffers or [])))

    def close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def custom_messages(self) -> list[tuple[Any, list[Any]]]:
        """The custom (drawing) messages: everything but widget state updates."""
        return [
            (data, buffers) for data, buffers in self.messages if data.get("method") == "custom"
        ]
