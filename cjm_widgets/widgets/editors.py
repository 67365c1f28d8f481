"""The editors of the six steps and the follow-up, each usable alone in a notebook.

Steps 1-3 (customer, vision, service paths) live here; steps 4-6 and the idea rater,
which show one persona's journey at a time, in ``journey_editors``. Every editor takes
a WorkshopSession (or a Workshop, wrapped in one) and exposes the model it edits as
``.workshop``.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..i18n import translate
from ..model import Feeling, Persona, Stage
from .editor_base import NOT_RATED, Editor, as_session, choice_options
from .fields import (
    choice_field,
    text_field,
)
from .journey_editors import (
    BackOfficeEditor,
    IdeaRater,
    MetricsEditor,
    PersonaJourneyEditor,
    TouchpointEditor,
)
from .lists import EntityListEditor, TextListEditor
from .session import WorkshopSession

__all__ = [
    "NOT_RATED",
    "BackOfficeEditor",
    "Editor",
    "IdeaRater",
    "MetricsEditor",
    "PersonaEditor",
    "PersonaJourneyEditor",
    "ServicePathEditor",
    "TouchpointEditor",
    "VisionEditor",
    "as_session",
]


class PersonaEditor(Editor):
    """Step 1: who the customer is, their goals, needs, challenges, feelings and job to be done."""

    def build(self) -> list[widgets.Widget]:
        self.list = EntityListEditor(
            self.session,
            "personas",
            label=self.t("persona.list"),
            form=self._form,
            describe=lambda p: p.name,
            new_values=lambda name: {"name": name},
            placeholder=self.t("persona.new"),
        )
        return [self.list]

    def _form(self, persona: Persona) -> widgets.Widget:
        s = self.session
        feelings = _FeelingLists(persona, s)
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("persona.name"), persona, "name", s)),
                text_field(
                    self.t("persona.segment"),
                    persona,
                    "segment",
                    s,
                    help_text=self.t("persona.segment_help"),
                ),
                text_field(self.t("persona.description"), persona, "description", s, lines=3),
                text_field(
                    self.t("persona.job"),
                    persona,
                    "job_to_be_done",
                    s,
                    help_text=self.t("persona.job_help"),
                ),
                TextListEditor(self.t("persona.goals"), persona, "goals", s),
                TextListEditor(self.t("persona.needs"), persona, "needs", s),
                TextListEditor(self.t("persona.challenges"), persona, "challenges", s),
                feelings.positive,
                feelings.negative,
            ]
        )


class _Texts:
    """A list of texts standing in for the feelings of one valence."""

    def __init__(self, persona: Persona, valence: str, session: WorkshopSession) -> None:
        self.persona, self.valence, self.session = persona, valence, session

    @property
    def items(self) -> list[str]:
        return [f.text for f in self.persona.feelings if f.valence == self.valence]

    @items.setter
    def items(self, texts: list[str]) -> None:
        others = [f for f in self.persona.feelings if f.valence != self.valence]
        ours = [Feeling(text=text, valence=self.valence) for text in texts]
        self.persona.feelings = [*others, *ours] if self.valence == "negative" else [*ours, *others]


class _FeelingLists:
    def __init__(self, persona: Persona, session: WorkshopSession) -> None:
        lang = session.lang
        self.positive = TextListEditor(
            translate("persona.excites", lang),
            _Texts(persona, "positive", session),
            "items",
            session,
        )
        self.negative = TextListEditor(
            translate("persona.fears", lang), _Texts(persona, "negative", session), "items", session
        )


class VisionEditor(Editor):
    """Step 2: the dream state overall and at each stage, and the competitive angle."""

    def build(self) -> list[widgets.Widget]:
        s, ws = self.session, self.workshop
        parts: list[widgets.Widget] = [
            text_field(self.t("vision.overall"), ws.vision, "overall", s, lines=3),
            text_field(self.t("vision.competitive"), ws.vision, "competitive_angle", s, lines=2),
            widgets.HTML(f"<b>{html.escape(self.t('vision.per_stage'))}</b>"),
        ]
        if not ws.stages:
            parts.append(widgets.HTML(html.escape(self.t("vision.no_stages"))))
        parts.extend(text_field(stage.name, stage, "vision", s, lines=2) for stage in ws.stages)
        return parts


class ServicePathEditor(Editor):
    """Step 3: the stages in order (before, during and after the contact) and the channels."""

    def build(self) -> list[widgets.Widget]:
        self.stages = EntityListEditor(
            self.session,
            "stages",
            label=self.t("stage.list"),
            form=self._stage_form,
            describe=lambda st: f"{st.name} ({self.t(f'map.contact.{st.contact}')})",
            new_values=lambda name: {"name": name},
            placeholder=self.t("stage.new"),
        )
        self.channels = EntityListEditor(
            self.session,
            "channels",
            label=self.t("channel.list"),
            form=self._channel_form,
            describe=lambda ch: f"{ch.name} ({self.t(f'channel.kind.{ch.kind}')})",
            new_values=lambda name: {"name": name},
            placeholder=self.t("channel.new"),
        )
        return [widgets.HBox([self.stages, self.channels], layout=widgets.Layout(grid_gap="24px"))]

    def _stage_form(self, stage: Stage) -> widgets.Widget:
        s = self.session
        contact = choice_field(
            self.t("stage.contact"),
            stage,
            "contact",
            s,
            choice_options(self.lang, "map.contact", ("before", "during", "after")),
        )
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("stage.name"), stage, "name", s), "stages"),
                self.relabel_on(contact, "stages"),
                text_field(self.t("stage.description"), stage, "description", s, lines=2),
            ]
        )

    def _channel_form(self, channel: Any) -> widgets.Widget:
        s = self.session
        kind = choice_field(
            self.t("channel.kind"),
            channel,
            "kind",
            s,
            choice_options(self.lang, "channel.kind", ("digital", "physical", "human")),
            buttons=True,
        )
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("channel.name"), channel, "name", s), "channels"),
                self.relabel_on(kind, "channels"),
            ]
        )
