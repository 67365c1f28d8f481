"""What every step editor shares: the session it edits through and its refusal messages.

Every editor takes a WorkshopSession (or a Workshop, wrapped in one) and exposes the
model it edits as ``.workshop``; it lays itself out again when the session puts other
content in place (undo, redo, their version reloaded).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..i18n import translate
from ..model import Workshop
from .fields import (
    Field,
)
from .session import WorkshopSession

NOT_RATED = "\u2013"  # en dash: no score yet


def as_session(source: WorkshopSession | Workshop) -> WorkshopSession:
    return source if isinstance(source, WorkshopSession) else WorkshopSession(source)


def choice_options(lang: str, prefix: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(translate(f"{prefix}.{value}", lang), value) for value in values]


class Editor(widgets.VBox):  # type: ignore[misc]
    """Base of the step editors: a session, its workshop, and a way to rebuild."""

    def __init__(self, source: WorkshopSession | Workshop) -> None:
        self.session = as_session(source)
        self._closed = False
        super().__init__()
        self.session.on_replace(self._put_back, weak=True)
        self.rebuild()

    def _put_back(self, _: Workshop) -> None:
        """After an undo, a redo or a reload the forms' items are new objects: lay out
        again (an editor the app already closed and replaced stays closed)."""
        if not self._closed:
            self.rebuild()

    def close(self) -> None:
        self._closed = True
        super().close()

    @property
    def workshop(self) -> Workshop:
        return self.session.workshop

    @property
    def lang(self) -> str:
        return self.session.lang

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def rebuild(self) -> None:
        """Lay the editor out again from the workshop (after a reload, or a persona switch)."""
        self.children = self.build()

    def build(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def relabel_on(self, field: Field, editor: str = "list") -> Field:
        """When ``field`` changes, update the labels of the list editor ``self.<editor>``."""
        field.control.observe(lambda _: getattr(self, editor).relabel(), names="value")
        return field
