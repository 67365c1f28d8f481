"""The room's widgets: ``RoomApp`` (the page ``cjm room`` serves: the workshop app and the
room tab on one session), ``RoomPanel`` (the room tab) and ``qr_widget`` (the
participants' QR code, for notebooks and the JupyterLab extension)."""

from .app import RoomApp
from .panel import RoomPanel
from .qr import qr_widget

__all__ = ["RoomApp", "RoomPanel", "qr_widget"]
