"""Prioritize's "Others tried": the library's best solutions under each pain point.

The second workshop rates concrete solutions; this panel brings them into the room. Each
suggestion shows its evidence and, when a past workshop launched it and measured it, what
it did there. One click adds it as an idea linked to the pain point, with the library's
typical effort and impact for the group to correct, and the solution remembered.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

import ipywidgets as widgets

from ..errors import CjmError
from ..i18n import translate
from ..library import (
    Suggestion,
    WorkshopOutcomes,
    add_suggested_idea,
    linked_solution,
    outcome_lines,
    read_outcomes,
    suggest,
)
from ..model import Workshop
from ..render.page_colours import MUTED
from .session import WorkshopSession

DEFAULT_TOP = 3


def added_solutions(workshop: Workshop) -> set[tuple[str, str]]:
    """(pain point id, solution id) of every idea already taken from the library."""
    found: set[tuple[str, str]] = set()
    for idea in workshop.ideas:
        solution = linked_solution(workshop, idea.id)
        if solution is not None:
            found.update((pain, solution) for pain in idea.pain_points)
    return found


class OthersTried(widgets.VBox):  # type: ignore[misc]
    """Under each pain point, the top suggestions with an "Add as idea" button each."""

    def __init__(
        self,
        session: WorkshopSession,
        lang: str,
        *,
        top: int = DEFAULT_TOP,
        outcomes: Sequence[WorkshopOutcomes] | None = None,
        library_folder: str | Path | None = None,
        on_added: Callable[[str], object] | None = None,
    ) -> None:
        self.session = session
        self.lang = lang
        self.top = top
        self._outcomes = outcomes
        self._folder = library_folder
        self._on_added = on_added
        self.add_buttons: dict[tuple[str, str], widgets.Button] = {}
        """The "Add as idea" button of each (pain point id, solution id) shown."""
        super().__init__(layout=widgets.Layout(width="100%"))
        self.add_class("cjm-others-tried")
        self.rebuild()

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    @property
    def outcomes(self) -> Sequence[WorkshopOutcomes]:
        """The past workshops' recorded outcomes (read once from the library folder)."""
        if self._outcomes is None:
            self._outcomes = read_outcomes(self._folder)
        return self._outcomes

    def rebuild(self) -> None:
        """Lay the suggestions out again from the workshop's pain points."""
        workshop = self.session.workshop
        heading = widgets.HTML(
            f"<h4 style='margin:12px 0 4px 0'>{html.escape(self.t('app.library.others_tried'))}"
            f"</h4><p style='margin:0 0 4px 0'>{html.escape(self.t('app.library.others_intro'))}"
            "</p>"
        )
        self.add_buttons = {}
        try:
            suggestions = suggest(workshop, top=self.top)
        except CjmError as error:
            note = html.escape(str(error.translated(self.lang)))
            self.children = [heading, widgets.HTML(f"<p>{note}</p>")]
            return
        if not workshop.pain_points:
            self.children = [heading, widgets.HTML(html.escape(self.t("app.library.no_pains")))]
            return
        added = added_solutions(workshop)
        blocks: list[widgets.Widget] = [heading]
        for pain in workshop.pain_points:
            mine = [item for item in suggestions if item.pain_point_id == pain.id]
            rows: list[widgets.Widget] = [
                widgets.HTML(f"<b>{html.escape(pain.text)}</b>"),
            ]
            if not mine:
                rows.append(widgets.HTML(html.escape(self.t("app.library.nothing_found"))))
            rows.extend(self._row(item, (pain.id, item.solution_id) in added) for item in mine)
            box = widgets.VBox(rows, layout=widgets.Layout(margin="4px 0 8px 12px"))
            box.add_class("cjm-pain-suggestions")
            blocks.append(box)
        self.children = blocks

    def _row(self, item: Suggestion, added: bool) -> widgets.Widget:
        evidence = self.t(f"app.library.evidence.{item.evidence}")
        tried = outcome_lines(item.solution_id, self.outcomes, self.lang)
        text = (
            f"{html.escape(item.title)} "
            f"<span style='color:{MUTED}'>· {html.escape(evidence)} · "
            f"{html.escape(self.t('idea.rating', effort=item.effort, impact=item.impact))}</span>"
            f"<br><small>{html.escape(item.description)}</small>"
            + "".join(f"<br><small><i>{html.escape(line)}</i></small>" for line in tried)
        )
        button = widgets.Button(
            description=self.t("app.library.added" if added else "app.library.add"),
            icon="check" if added else "plus",
            tooltip=self.t("app.library.add_tooltip"),
            disabled=added,
            layout=widgets.Layout(width="auto", min_width="140px"),
        )
        button.on_click(lambda _: self.add(item))
        self.add_buttons[(item.pain_point_id, item.solution_id)] = button
        return widgets.HBox(
            [button, widgets.HTML(text, layout=widgets.Layout(width="100%"))],
            layout=widgets.Layout(align_items="flex-start"),
        )

    def add(self, item: Suggestion) -> None:
        """The suggestion as a new idea of the workshop, saved like every other edit."""
        if (item.pain_point_id, item.solution_id) in added_solutions(self.session.workshop):
            return
        idea = add_suggested_idea(self.session.workshop, item)
        self.session.changed(self.session.action("add", idea))
        button = self.add_buttons.get((item.pain_point_id, item.solution_id))
        if button is not None:
            button.description = self.t("app.library.added")
            button.icon = "check"
            button.disabled = True
        if self._on_added is not None:
            self._on_added(idea.id)
