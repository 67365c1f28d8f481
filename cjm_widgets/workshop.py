"""The workshop as analysts and facilitators use it: the model with doors to files and tables.

``cjm_widgets.Workshop`` is this class: the validated document of ``model`` plus
``load``/``save`` (through the store, which keeps what it knows of the file),
``to_frames``/``from_frames``, ``to_mermaid`` and ``import_csv``. Each door is one line
into the module that does the job; the model itself imports none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import model
from .store import document_of, load_workshop, path_of, save_workshop

if TYPE_CHECKING:
    import pandas as pd

    from .frames import WorkshopFrames
    from .store import Document


class Workshop(model.Workshop):
    """A whole workshop: metadata, the six steps' content, ideas and metrics."""

    @property
    def path(self) -> Path | None:
        """The file this copy was loaded from or last saved to."""
        return path_of(self)

    @property
    def document(self) -> Document | None:
        """What the store knows of this copy's file (path, base revision), if it has one."""
        return document_of(self)

    @classmethod
    def load(cls, path: str | Path) -> Workshop:
        """Read a ``*.cjm.json`` file, migrating an older schema."""
        return load_workshop(path, cls)

    def save(self, path: str | Path | None = None, *, force: bool = False) -> Path:
        """Write atomically, keeping backups; refuses to overwrite a file changed since loading."""
        return save_workshop(self, path, force=force)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """A pandas DataFrame per entity, references resolved to names."""
        from .frames import workshop_frames

        return workshop_frames(self)

    @property
    def frames(self) -> WorkshopFrames:
        """The same frames by name as attributes (``ws.frames.measurements``), each built
        from the workshop as it is when read."""
        from .frames import WorkshopFrames

        return WorkshopFrames(self)

    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame]) -> Workshop:
        """Build a workshop back from frames made by ``to_frames`` (or edited copies)."""
        from .frames import workshop_from_frames

        return workshop_from_frames(frames, cls)

    def to_mermaid(self, persona: str | None = None) -> str:
        """A Mermaid ``journey`` diagram of one persona's (or the whole) current journey."""
        from .mermaid import workshop_to_mermaid

        return workshop_to_mermaid(self, persona)

    def import_csv(self, path: str | Path) -> Workshop:
        """A copy with the touchpoints of a sticky-note CSV added in journey order; saving
        it saves over this copy's file."""
        from .csv_import import import_touchpoints_csv

        return import_touchpoints_csv(self, path)
