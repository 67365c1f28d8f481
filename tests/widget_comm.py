"""A recording comm, as ipywidgets' own tests use: widgets without a kernel or a browser.

It keeps what a widget sends (state updates and drawing messages) and delivers what a
browser view sends back through the widget's comm, as the kernel would: the Jupyter
widget message protocol, not a widget's internals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any


class RecordingComm:
    """Stands in for a kernel comm: keeps every message a widget sends, and hands a
    browser's messages to the handlers the widget registered."""

    comm_id = "recording"
    kernel = "present"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.messages: list[tuple[Any, list[Any]]] = []
        self.handlers: list[Callable[[dict[str, Any]], Any]] = []

    def open(self, *args: Any, **kwargs: Any) -> None:
        pass

    def on_msg(self, callback: Callable[[dict[str, Any]], Any] | None) -> None:
        if callback is not None:
            self.handlers.append(callback)

    def on_close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send(
        self, data: Any = None, metadata: Any = None, buffers: Any = None, **kwargs: Any
    ) -> None:
        self.messages.append((data, list(buffers or [])))

    def close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def receive(self, data: dict[str, Any], buffers: Sequence[bytes] = ()) -> None:
        """A message from the browser, delivered as the kernel delivers a comm message."""
        message = {"content": {"comm_id": self.comm_id, "data": data}, "buffers": list(buffers)}
        for handler in self.handlers:
            handler(message)

    def custom_messages(self) -> list[tuple[Any, list[Any]]]:
        """The custom (drawing) messages: everything but widget state updates."""
        return [
            (data, buffers) for data, buffers in self.messages if data.get("method") == "custom"
        ]


class _Failures(logging.Handler):
    """The exceptions ipywidgets logs (outside a kernel) instead of raising them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.errors.append(record.exc_info[1])


def browser_sends(widget: Any, content: dict[str, Any]) -> None:
    """What a browser view of ``widget`` sends it: a custom message on its comm (a canvas's
    mouse, key and ``client_ready`` events). An exception in the widget's handler is
    raised here, as a notebook would show its traceback."""
    comm = widget.comm
    assert isinstance(comm, RecordingComm), "use the comms fixture"
    failures = _Failures()
    widget.log.addHandler(failures)
    try:
        comm.receive({"method": "custom", "content": content})
    finally:
        widget.log.removeHandler(failures)
    if failures.errors:
        raise failures.errors[0]
