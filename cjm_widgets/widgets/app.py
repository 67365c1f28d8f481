"""The facilitator's workshop app: the six steps, the follow-up rating, and the live map.

One page per step with the method's guiding questions, Back / Next and a step list
that shows which steps have content. Steps 4-6 and the map show one persona's journey
at a time. Every accepted edit autosaves about a second later; the status line says
when it was saved, and offers a choice when someone else saved the file meanwhile.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from traitlets import Int

from .. import model
from ..i18n import check_language, translate
from ..layout import MapOptions
from ..layout.warm_up import warm_up
from ..render.canvas import JourneyMapView
from ..render.page_colours import ERROR, MUTED, TEXT
from ..store import path_of
from ..workshop import Workshop
from .conflicts import ConflictPanel
from .editors import (
    BackOfficeEditor,
    Editor,
    IdeaRater,
    MetricsEditor,
    PersonaEditor,
    PersonaJourneyEditor,
    ServicePathEditor,
    TouchpointEditor,
    VisionEditor,
)
from .history_bar import HistoryButtons
from .lists import close_tree
from .map_editor import MapEditor
from .nudge_editors import NudgeEditor
from .others_tried import OthersTried
from .presentation import PresentationView
from .priority_matrix import PriorityMatrixView
from .session import Scheduler, WorkshopSession, event_loop_scheduler
from .template_starter import TemplateStarter

STEPS = ("customer", "vision", "paths", "encounters", "backoffice", "metrics", "prioritize", "map")
PERSONA_STEPS = {"encounters", "backoffice", "metrics", "map"}


def _has_content(ws: model.Workshop) -> dict[str, bool]:
    return {
        "customer": bool(ws.personas),
        "vision": bool(ws.vision.overall.strip() or any(st.vision.strip() for st in ws.stages)),
        "paths": bool(ws.stages and ws.channels),
        "encounters": bool(ws.touchpoints),
        "backoffice": any(
            tp.backoffice.processes or tp.backoffice.systems or tp.backoffice.department
            for tp in ws.touchpoints
        ),
        "metrics": bool(ws.metrics),
        "prioritize": any(idea.effort and idea.impact for idea in ws.ideas),
        "map": bool(ws.touchpoints),
    }


class WorkshopApp(widgets.VBox):  # type: ignore[misc]
    """The whole workshop in one widget: ``WorkshopApp("journey.cjm.json")`` in a notebook cell."""

    step = Int(0)

    def __init__(
        self,
        workshop_or_path: Workshop | str | Path,
        lang: str | None = None,
        *,
        delay: float = 1.0,
        schedule: Scheduler = event_loop_scheduler,
        clock: Callable[[], float] | None = None,
        watch: float | None = 2.0,
        options: MapOptions | None = None,
        library_folder: str | Path | None = None,
    ) -> None:
        workshop = (
            workshop_or_path
            if isinstance(workshop_or_path, Workshop)
            else Workshop.load(workshop_or_path)
        )
        self.lang = check_language(lang or workshop.language)
        self.options = (options or MapOptions()).in_language(self.lang)
        """The map's lanes, theme and language (default: every registered lane)."""
        settings: dict[str, Any] = {"delay": delay, "schedule": schedule, "lang": self.lang}
        if clock is not None:
            settings["clock"] = clock
        self.session = WorkshopSession(workshop, **settings)
        self.session.on_replace(lambda _: self._rebuild_all())
        self.session.observe(self._on_status, names=["status", "state"])
        self.session.observe(self._on_edit, names="version")
        self._pages: dict[str, widgets.Widget] = {}
        self._built_at: dict[str, int] = {}
        self.map_view: JourneyMapView | None = None
        self.map_editor: MapEditor | None = None
        """The map page: the journey edited on the map itself (its ``view`` is ``map_view``)."""
        self.matrix_view: PriorityMatrixView | None = None
        self.presentation: PresentationView | None = None
        """The projector view while ``present()`` shows it, else None."""
        self.library_folder = library_folder
        """Where past workshops' outcomes are read from (default: the user's library)."""
        self.others_tried: OthersTried | None = None
        self.starter = TemplateStarter(self.session, self.lang)
        """"Start from a template", shown while the workshop is empty."""
        self.title = widgets.HTML()
        self.step_buttons = [
            widgets.Button(layout=widgets.Layout(width="100%", justify_content="flex-start"))
            for _ in STEPS
        ]
        for index, button in enumerate(self.step_buttons):
            button.on_click(lambda _, i=index: self.go(i))
            button.add_class(f"cjm-step-{STEPS[index]}")
        self.persona = widgets.Dropdown(
            description=self.t("app.persona"), layout=widgets.Layout(width="auto")
        )
        self.persona.observe(self._on_persona, names="value")
        self.guide = widgets.HTML()
        self.page = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.back_button = widgets.Button(description=self.t("app.back"), icon="arrow-left")
        self.next_button = widgets.Button(description=self.t("app.next"), icon="arrow-right")
        self.back_button.on_click(lambda _: self.back())
        self.next_button.on_click(lambda _: self.next())
        self.status = widgets.HTML()
        self.status.add_class("cjm-status")
        self.reload_button = widgets.Button(
            description=self.t("app.reload_theirs"), icon="download", button_style="warning"
        )
        self.keep_button = widgets.Button(
            description=self.t("app.keep_mine"), icon="upload", button_style="danger"
        )
        self.retry_button = widgets.Button(description=self.t("app.save_again"), icon="save")
        self.reload_button.on_click(lambda _: self.session.reload_theirs())
        self.keep_button.on_click(lambda _: self.session.keep_mine())
        self.retry_button.on_click(lambda _: self.session.save())
        self.history_buttons = HistoryButtons(self.session, self.lang)
        """Undo and Redo, each naming its action."""
        self.choices = widgets.HBox([self.reload_button, self.keep_button, self.retry_button])
        self.conflicts = ConflictPanel(self.session, self.lang, on_resolved=self._rebuild_all)
        """A merge's open conflicts, each with Keep ours / Take theirs (hidden when none)."""
        sidebar = widgets.VBox(
            self.step_buttons, layout=widgets.Layout(width="220px", min_width="220px")
        )
        main = widgets.VBox(
            [
                self.guide,
                self.persona,
                self.page,
                widgets.HBox([self.back_button, self.next_button]),
            ],
            layout=widgets.Layout(width="100%", padding="0 0 0 16px"),
        )
        self._workspace = [
            self.title,
            widgets.HBox([self.history_buttons, self.status, self.choices]),
            self.conflicts,
            self.starter,
            widgets.HBox([sidebar, main]),
        ]
        super().__init__(self._workspace, layout=widgets.Layout(width="100%"))
        self.add_class("cjm-workshop-app")
        self._fill_personas()
        self._on_status()
        self.observe(lambda _: self._show(), names="step")
        warm_up(self.workshop, self._persona_id(), self.lang, self.options)  # the map takes it
        self._show()
        if watch and path_of(self.workshop) is not None:
            self.session.watch(watch)

    # -- what the app exposes ---------------------------------------------------------

    @property
    def workshop(self) -> model.Workshop:
        return self.session.workshop

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    @property
    def current(self) -> str:
        return STEPS[self.step]

    def editor(self, step: str) -> Any:
        """The widget of a step's page (built when first shown)."""
        if step not in self._pages:
            self._pages[step] = self._build(step)
            self._built_at[step] = self.session.version
        return self._pages[step]

    def present(self, on: bool = True) -> None:
        """Show the live map on the projector (``on``), or go back to the workshop.

        The map of the chosen persona fills the browser window in large type, stage by
        stage (← →, Esc ends): the emotion curve and the pain points, no editing controls.
        Edits saved meanwhile (in another window too) show up on it.
        """
        if not on:
            if self.presentation is not None:
                close_tree(self.presentation)
                self.presentation = None
            self.children = self._workspace
            return
        if self.presentation is None:
            self.presentation = PresentationView(
                self.workshop,
                self._persona_id(),
                lang=self.lang,
                options=self.options,
                on_exit=lambda: self.present(False),
            )
        self.children = [self.presentation]

    # -- navigation ---------------------------------------------------------------------

    def go(self, step: int | str) -> None:
        self.step = (
            STEPS.index(step) if isinstance(step, str) else max(0, min(step, len(STEPS) - 1))
        )

    def next(self) -> None:
        self.go(self.step + 1)

    def back(self) -> None:
        self.go(self.step - 1)

    def _show(self) -> None:
        step = self.current
        if step in self._pages and self._built_at.get(step) != self.session.version:
            self._refresh_page(step)
        self.page.children = [self.editor(step)]
        questions = self.t(f"guide.{step}.questions").split("\n")
        self.guide.value = (
            f"<h3 style='margin:4px 0'>{html.escape(self.t(f'guide.{step}.title'))}</h3>"
            f"<p style='margin:0'>{html.escape(self.t(f'guide.{step}.intro'))}</p>"
            "<ul style='margin:4px 0 8px 0'>"
            + "".join(f"<li>{html.escape(q)}</li>" for q in questions)
            + "</ul>"
        )
        self.persona.layout.display = (
            None if step in PERSONA_STEPS and self.workshop.personas else "none"
        )
        self.back_button.disabled = self.step == 0
        self.next_button.disabled = self.step == len(STEPS) - 1
        self._update_steps()

    def _update_steps(self) -> None:
        done = _has_content(self.workshop)
        for index, (name, button) in enumerate(zip(STEPS, self.step_buttons, strict=True)):
            mark = "✓ " if done[name] else ""
            button.description = f"{mark}{index + 1} {self.t(f'guide.{name}.title')}"
            button.button_style = "info" if index == self.step else ""
            button.tooltip = self.t("app.has_content") if done[name] else self.t("app.no_content")

    # -- pages ------------------------------------------------------------------------------

    def _persona_id(self) -> str | None:
        value = self.persona.value
        return value if isinstance(value, str) and value else None

    def _build(self, step: str) -> widgets.Widget:
        s = self.session
        persona = self._persona_id()
        if step == "customer":
            return PersonaEditor(s)
        if step == "vision":
            return VisionEditor(s)
        if step == "paths":
            return ServicePathEditor(s)
        if step == "encounters":
            return TouchpointEditor(s, persona)
        if step == "backoffice":
            return BackOfficeEditor(s, persona)
        if step == "metrics":
            return MetricsEditor(s, persona)
        if step == "prioritize":

            def rate(ws: model.Workshop) -> None:
                """A dot dropped on the matrix: a step named after the idea it re-rated."""
                idea = self.matrix_view.rated if self.matrix_view is not None else None
                s.changed(s.action("rate", ws.by_id("ideas").get(idea or "")))

            self.matrix_view = PriorityMatrixView(self.workshop, on_change=rate, lang=self.lang)
            rater = IdeaRater(s)
            self.others_tried = OthersTried(
                s,
                self.lang,
                library_folder=self.library_folder,
                on_added=lambda idea: rater.list.refresh(keep=idea),
            )
            return widgets.VBox([rater, self.others_tried, self.matrix_view, NudgeEditor(s)])
        self.map_editor = MapEditor(  # follow=False: the app redraws its map page itself
            s, persona, lang=self.lang, options=self.options, on_more=self._open_touchpoint,
            follow=False,
        )  # fmt: skip
        self.map_view = self.map_editor.view
        present = widgets.Button(description=self.t("present.start"), icon="tv")
        present.on_click(lambda _: self.present())
        present.add_class("cjm-present")
        return widgets.VBox([present, self.map_editor])

    def _refresh_page(self, step: str) -> None:
        """Bring a page up to date with edits made on other pages."""
        page = self._pages[step]
        if step == "map" and self.map_view is not None:
            self.map_view.workshop = self.workshop
        elif step == "prioritize" and self.matrix_view is not None:
            self.matrix_view.workshop = self.workshop
            self.matrix_view.refresh()
            page.children[0].rebuild()
            page.children[1].rebuild()
            page.children[3].rebuild()
        elif isinstance(page, Editor):
            page.rebuild()
        self._built_at[step] = self.session.version

    def _rebuild_all(self) -> None:
        """After an undo, a redo or their version reloaded: every page is made anew from the
        file, but the map on show only takes the content up, so the keys stay on it."""
        selected = self.map_view.selected if self.map_view is not None else None
        keep = self._pages.pop("map", None) if self.current == "map" else None
        for page in self._pages.values():
            close_tree(page)
        self._pages = {} if keep is None else {"map": keep}
        self.matrix_view = self.others_tried = None
        if keep is None:
            self.map_view = self.map_editor = None
        elif self.map_view is not None:
            self.map_view.workshop = self.workshop
        self._fill_personas()
        self.starter.refresh()
        self.conflicts.refresh()
        self._show()
        view = self.map_view
        if view is not None and selected in {spot.ref for spot in view.layout_data.hotspots}:
            view.selected = selected  # the card undone or redone stays selected
        if self.presentation is not None:
            self.presentation.workshop = self.workshop

    def _fill_personas(self) -> None:
        options = [(p.name, p.id) for p in self.workshop.personas] or [(self.t("app.everyone"), "")]
        current = self.persona.value
        self.persona.options = options
        ids = [value for _, value in options]
        self.persona.value = current if current in ids else ids[0]
        self.title.value = (
            f"<h2 style='margin:0'>{html.escape(self.workshop.title)}</h2>"
            f"<span style='color:{MUTED}'>{html.escape(self.workshop.organisation)}</span>"
        )

    def _on_persona(self, change: dict[str, Any]) -> None:
        for step in PERSONA_STEPS:
            page = self._pages.get(step)
            if isinstance(page, PersonaJourneyEditor):
                page.set_persona(self._persona_id())
            elif step == "map" and self.map_view is not None:
                self.map_view.persona = self._persona_id()
                self.map_view.refresh()

    def _open_touchpoint(self, touchpoint: str) -> None:
        """The selected card's "More in step 4": its form, for what the map does not show."""
        self.go("encounters")
        editor = self.editor("encounters")
        if isinstance(editor, TouchpointEditor):
            editor.list.select(touchpoint)

    # -- saving -------------------------------------------------------------------------------

    def _on_edit(self, change: dict[str, Any]) -> None:
        if self.presentation is not None:
            self.presentation.refresh()
        step = self.current
        if step == "map" and self.map_view is not None:
            self.map_view.refresh()
        if step == "prioritize" and self.matrix_view is not None:
            self.matrix_view.refresh()
        if step == "customer":
            self._fill_personas()
        self.starter.refresh()
        self._built_at[step] = self.session.version
        self._update_steps()

    def _on_status(self, change: dict[str, Any] | None = None) -> None:
        state = self.session.state
        colour = {"conflict": ERROR, "error": ERROR, "pending": MUTED}.get(state, TEXT)
        self.status.value = (
            f"<span style='color:{colour}'>{html.escape(self.session.status)}</span>"
        )
        self.reload_button.layout.display = self.keep_button.layout.display = (
            None if state == "conflict" else "none"
        )
        self.retry_button.layout.display = None if state == "error" else "none"
