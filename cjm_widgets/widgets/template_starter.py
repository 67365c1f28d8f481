"""The empty workshop's first offer: start from one of the library's journey templates.

A group rarely needs to invent a journey from nothing: a template written in the
workshop's language gives stages, touchpoints, pain points and metrics to correct
instead. The chosen template fills the workshop through the session, so it is saved to
the same file as any other edit; the panel hides once the workshop has content.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from ..errors import CjmError
from ..i18n import translate
from ..library import JourneyTemplate, journey_templates, workshop_from_template
from ..model import Workshop
from ..render.page_colours import RULE
from .session import WorkshopSession

CONTENT_LISTS = ("personas", "stages", "channels", "touchpoints", "pain_points", "ideas", "metrics")
"""A workshop with none of these is empty: a template can fill it without losing work."""


def is_empty(workshop: Workshop) -> bool:
    """Whether the workshop has no journey yet (only its title and settings)."""
    return not any(getattr(workshop, name) for name in CONTENT_LISTS)


def template_choices(templates: Mapping[str, JourneyTemplate], lang: str) -> list[tuple[str, str]]:
    """(label, name) of each template written in ``lang``: its title there and the
    languages it covers, so the facilitator sees which translations exist."""
    return [
        (f"{template.title(lang)} ({', '.join(template.languages)})", name)
        for name, template in templates.items()
        if lang in template.languages
    ]


class TemplateStarter(widgets.VBox):  # type: ignore[misc]
    """ "Start from a template": a chooser of the journey templates and a button that fills
    the empty workshop from the chosen one in the workshop's language."""

    def __init__(
        self,
        session: WorkshopSession,
        lang: str,
        templates: Mapping[str, JourneyTemplate] | None = None,
    ) -> None:
        self.session = session
        self.lang = lang
        self.templates = dict(journey_templates() if templates is None else templates)
        language = session.workshop.language
        self.heading = widgets.HTML(
            f"<h3 style='margin:4px 0'>{html.escape(self.t('app.library.start_title'))}</h3>"
            f"<p style='margin:0'>{html.escape(self.t('app.library.start_intro'))}</p>"
        )
        self.chooser = widgets.Dropdown(
            options=template_choices(self.templates, language),
            description=self.t("app.library.template"),
            layout=widgets.Layout(width="auto"),
        )
        self.summary = widgets.HTML()
        self.start_button = widgets.Button(
            description=self.t("app.library.start"), icon="magic", button_style="primary"
        )
        self.start_button.add_class("cjm-start-from-template")
        self.message = widgets.HTML()
        self.chooser.observe(lambda _: self._show_summary(), names="value")
        self.start_button.on_click(lambda _: self.start())
        super().__init__(
            [self.heading, self.chooser, self.summary, self.start_button, self.message],
            layout=widgets.Layout(border=f"1px solid {RULE}", padding="8px", margin="8px 0"),
        )
        self.add_class("cjm-template-starter")
        if not self.chooser.options:
            self.chooser.disabled = self.start_button.disabled = True
            self.message.value = html.escape(self.t("app.library.no_templates", language=language))
        self._show_summary()
        self.refresh()

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def refresh(self) -> None:
        """Show the offer only while the workshop is empty."""
        self.layout.display = None if is_empty(self.session.workshop) else "none"

    def _show_summary(self) -> None:
        name = self.chooser.value
        template = self.templates.get(name) if isinstance(name, str) else None
        part = template.summary(self.session.workshop.language) if template else ""
        self.summary.value = f"<p style='margin:4px 0'>{html.escape(part)}</p>" if part else ""

    def start(self) -> None:
        """Fill the workshop from the chosen template, keeping its title and file."""
        name = self.chooser.value
        current = self.session.workshop
        if not isinstance(name, str) or not is_empty(current):
            return
        try:
            fresh = workshop_from_template(name, current.language, title=current.title)
        except CjmError as error:
            self.message.value = html.escape(str(error.translated(self.lang)))
            return
        if current.organisation:
            fresh.organisation = current.organisation
        self.message.value = ""
        label = dict((value, text) for text, value in self.chooser.options).get(name, name)
        self.session.start_over(fresh, self.session.action("template", label))
        self.refresh()
