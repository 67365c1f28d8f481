"""The merge conflicts a workshop holds, for the facilitator to pick a side.

Shown above the steps while a merge (``cjm merge-driver``) has left conflicts in the
file: each names the item, its title and the field, with ours and theirs and a button
for each. Picking a side changes the workshop, saves it, and the conflict is gone.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..errors import CjmError
from ..i18n import translate
from ..render.page_colours import ERROR
from ..versions.conflicts import Side, resolve
from ..versions.text import conflict_line
from .session import WorkshopSession


class ConflictPanel(widgets.VBox):  # type: ignore[misc]
    """One row per open conflict: what it is, **Keep ours** and **Take theirs**."""

    def __init__(
        self,
        session: WorkshopSession,
        lang: str | None = None,
        on_resolved: Callable[[], Any] | None = None,
    ) -> None:
        self.session = session
        self.lang = lang or session.lang
        self._on_resolved = on_resolved
        self.heading = widgets.HTML()
        self.message = widgets.HTML()
        self.rows: list[widgets.HBox] = []
        super().__init__(layout=widgets.Layout(border=f"1px solid {ERROR}", padding="4px 8px"))
        self.add_class("cjm-conflicts")
        self.refresh()

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def refresh(self) -> None:
        """Show the workshop's open conflicts now (hidden when there are none)."""
        conflicts = self.session.workshop.conflicts
        self.heading.value = (
            f"<b>{html.escape(self.t('versions.app.heading', count=len(conflicts)))}</b>"
        )
        self.rows = []
        for index, conflict in enumerate(conflicts):
            line = widgets.HTML(html.escape(conflict_line(index + 1, conflict, self.lang)))
            ours = widgets.Button(description=self.t("versions.app.keep_ours"), icon="check")
            theirs = widgets.Button(description=self.t("versions.app.take_theirs"), icon="exchange")
            ours.on_click(lambda _, i=index: self.take(i, "ours"))
            theirs.on_click(lambda _, i=index: self.take(i, "theirs"))
            self.rows.append(widgets.HBox([line, ours, theirs]))
        self.children = [self.heading, *self.rows, self.message]
        self.layout.display = None if conflicts else "none"

    def take(self, index: int, side: Side) -> None:
        """Settle conflict ``index`` (from 0) with ``side``; a refusal is shown, never raised."""
        try:
            resolve(self.session.workshop, index, side)
        except CjmError as error:
            self.message.value = (
                f"<span style='color:{ERROR}'>{html.escape(error.translated(self.lang))}</span>"
            )
            return
        self.message.value = ""
        self.session.changed(self.t("history.settle", number=index + 1))
        if self._on_resolved is not None:
            self._on_resolved()
        self.refresh()
