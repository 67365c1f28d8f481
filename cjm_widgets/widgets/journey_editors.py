"""The editors of steps 4-6 and the follow-up: one persona's journey at a time.

Encounters (touchpoints and their pain points), back office, metrics, and rating the
ideas by effort and impact.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..model import Touchpoint, Workshop
from .editor_base import NOT_RATED, Editor, choice_options
from .fields import (
    Field,
    choice_field,
    date_field,
    flag_field,
    number_field,
    score_field,
    text_field,
)
from .lists import EntityListEditor, TextListEditor
from .session import WorkshopSession


class PersonaJourneyEditor(Editor):
    """Base of steps 4-6: one persona's touchpoints (and the shared ones) at a time."""

    def __init__(self, source: WorkshopSession | Workshop, persona: str | None = None) -> None:
        self.persona = persona
        super().__init__(source)

    def set_persona(self, persona: str | None) -> None:
        self.persona = persona
        self.rebuild()

    def journey(self) -> list[Touchpoint]:
        return self.workshop.journey(self.persona)

    def describe(self, tp: Touchpoint) -> str:
        stage = self.workshop.by_id("stages").get(tp.stage)
        shared = f" · {self.t('touchpoint.shared')}" if tp.persona is None and self.persona else ""
        future = f" · {self.t('map.state.future')}" if tp.journey == "future" else ""
        return f"{stage.name if stage else tp.stage}: {tp.title}{shared}{future}"

    def touchpoint_list(
        self, form: Callable[[Touchpoint], widgets.Widget], *, can_add: bool
    ) -> EntityListEditor:
        ws = self.workshop
        editor = EntityListEditor(
            self.session,
            "touchpoints",
            label=self.t("touchpoint.list"),
            form=form,
            describe=self.describe,
            new_values=self._new_touchpoint,
            members=self.journey,
            placeholder=self.t("touchpoint.new"),
        )
        if not can_add or not ws.stages or not ws.channels:
            editor.new_item.layout.display = editor.add_button.layout.display = "none"
        return editor

    def _new_touchpoint(self, title: str) -> dict[str, Any]:
        ws = self.workshop
        stage = self.stage_for_new.value if hasattr(self, "stage_for_new") else ws.stages[0].id
        channel = (
            self.channel_for_new.value if hasattr(self, "channel_for_new") else ws.channels[0].id
        )
        orders = [tp.order for tp in ws.touchpoints if tp.stage == stage]
        return {"title": title, "persona": self.persona, "stage": stage, "channel": channel,
                "order": max(orders, default=-1) + 1}  # fmt: skip


class TouchpointEditor(PersonaJourneyEditor):
    """Step 4: each encounter: action, thought, emotion, feeling, moment of truth, the event
    names that signal it in the logs, and its pain points."""

    def build(self) -> list[widgets.Widget]:
        ws = self.workshop
        if not ws.stages or not ws.channels:
            return [widgets.HTML(html.escape(self.t("touchpoint.needs_paths")))]
        self.stage_for_new = widgets.Dropdown(
            options=[(st.name, st.id) for st in ws.stages], description=self.t("touchpoint.stage")
        )
        self.channel_for_new = widgets.Dropdown(
            options=[(ch.name, ch.id) for ch in ws.channels],
            description=self.t("touchpoint.channel"),
        )
        self.stage_for_new.add_class("cjm-new-stage")
        self.channel_for_new.add_class("cjm-new-channel")
        self.list = self.touchpoint_list(self._form, can_add=True)
        new_where = widgets.HBox([self.stage_for_new, self.channel_for_new])
        return [
            widgets.HTML(f"<i>{html.escape(self.t('touchpoint.new_where'))}</i>"),
            new_where,
            self.list,
        ]

    def _form(self, tp: Touchpoint) -> widgets.Widget:
        s, ws = self.session, self.workshop
        stage = choice_field(
            self.t("touchpoint.stage"), tp, "stage", s, [(st.name, st.id) for st in ws.stages]
        )
        channel = choice_field(
            self.t("touchpoint.channel"), tp, "channel", s, [(c.name, c.id) for c in ws.channels]
        )
        personas = [(self.t("touchpoint.everyone"), None), *((p.name, p.id) for p in ws.personas)]
        pains = EntityListEditor(
            s,
            "pain_points",
            label=self.t("pain.list"),
            form=self._pain_form,
            describe=lambda p: f"{p.text} ({p.severity or NOT_RATED})",
            new_values=lambda text: {"text": text, "touchpoints": [tp.id]},
            members=lambda: [p for p in s.workshop.pain_points if tp.id in p.touchpoints],
            placeholder=self.t("pain.new"),
        )
        self.pains = pains
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("touchpoint.title"), tp, "title", s)),
                widgets.HBox([self.relabel_on(stage), channel]),
                choice_field(self.t("touchpoint.persona"), tp, "persona", s, personas),
                text_field(self.t("touchpoint.action"), tp, "action", s, lines=2),
                text_field(self.t("touchpoint.thought"), tp, "thought", s, lines=2),
                score_field(self.t("touchpoint.emotion"), tp, "emotion", s, faces=True),
                text_field(self.t("touchpoint.feeling"), tp, "feeling", s),
                flag_field(self.t("touchpoint.moment_of_truth"), tp, "moment_of_truth", s),
                self.relabel_on(
                    choice_field(
                        self.t("touchpoint.journey"),
                        tp,
                        "journey",
                        s,
                        choice_options(self.lang, "map.state", ("current", "future")),
                        buttons=True,
                    )
                ),
                TextListEditor(
                    self.t("touchpoint.signals"),
                    tp,
                    "signals",
                    s,
                    self.t("touchpoint.signals_new"),
                    help_text=self.t("touchpoint.signals_help"),
                ),
                pains,
            ]
        )

    def _pain_form(self, pain: Any) -> widgets.Widget:
        s = self.session
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("pain.text"), pain, "text", s), "pains"),
                self.relabel_on(
                    score_field(self.t("pain.severity"), pain, "severity", s, faces=False), "pains"
                ),
                choice_field(
                    self.t("pain.source"),
                    pain,
                    "source",
                    s,
                    choice_options(
                        self.lang, "pain.source", ("workshop", "interview", "feedback", "data")
                    ),
                ),
            ]
        )


class BackOfficeEditor(PersonaJourneyEditor):
    """Step 5: the processes, systems and owning department behind each touchpoint."""

    def build(self) -> list[widgets.Widget]:
        self.list = self.touchpoint_list(self._form, can_add=False)
        return [self.list]

    def _form(self, tp: Touchpoint) -> widgets.Widget:
        s, office = self.session, tp.backoffice
        return widgets.VBox(
            [
                TextListEditor(self.t("backoffice.processes"), office, "processes", s),
                TextListEditor(self.t("backoffice.systems"), office, "systems", s),
                text_field(self.t("backoffice.department"), office, "department", s),
            ]
        )


METRIC_KINDS = (
    "nps",
    "csat",
    "ces",
    "conversion",
    "contact_volume",
    "drop_off",
    "duration",
    "cost",
    "other",
)


class MetricsEditor(PersonaJourneyEditor):
    """Step 6: how each touchpoint is measured: kind, unit, baseline, target, actual."""

    def build(self) -> list[widgets.Widget]:
        self.list = self.touchpoint_list(self._form, can_add=False)
        return [self.list]

    def _form(self, tp: Touchpoint) -> widgets.Widget:
        s = self.session
        self.metrics = EntityListEditor(
            s,
            "metrics",
            label=self.t("metric.list"),
            form=self._metric_form,
            describe=lambda m: m.name,
            new_values=lambda name: {"name": name, "touchpoint": tp.id},
            members=lambda: [m for m in s.workshop.metrics if m.touchpoint == tp.id],
            placeholder=self.t("metric.new"),
        )
        return self.metrics

    def _metric_form(self, metric: Any) -> widgets.Widget:
        s = self.session
        numbers = [
            number_field(self.t(f"metric.{name}"), metric, name, s)
            for name in ("baseline", "target", "actual")
        ]
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("metric.name"), metric, "name", s), "metrics"),
                widgets.HBox(
                    [
                        choice_field(
                            self.t("metric.kind"),
                            metric,
                            "kind",
                            s,
                            choice_options(self.lang, "metric.kind", METRIC_KINDS),
                        ),
                        text_field(self.t("metric.unit"), metric, "unit", s),
                        choice_field(
                            self.t("metric.better"),
                            metric,
                            "better",
                            s,
                            choice_options(self.lang, "metric.better", ("higher", "lower")),
                        ),
                    ]
                ),
                widgets.HBox(numbers),
                text_field(self.t("metric.source"), metric, "source", s),
            ]
        )


IDEA_STATUSES = ("proposed", "approved", "rejected", "in_progress", "done")


class IdeaRater(Editor):
    """Prioritize: ideas answering pain points, rated by effort and impact, approved or rejected."""

    def build(self) -> list[widgets.Widget]:
        self.list = EntityListEditor(
            self.session,
            "ideas",
            label=self.t("idea.list"),
            form=self._form,
            describe=self._describe,
            new_values=lambda text: {"text": text},
            placeholder=self.t("idea.new"),
        )
        return [self.list]

    def _describe(self, idea: Any) -> str:
        rating = self.t(
            "idea.rating", effort=idea.effort or NOT_RATED, impact=idea.impact or NOT_RATED
        )
        return f"{idea.text} · {rating} · {self.t(f'status.{idea.status}')}"

    def _form(self, idea: Any) -> widgets.Widget:
        s, ws = self.session, self.workshop
        pains = widgets.SelectMultiple(
            options=[(p.text, p.id) for p in ws.pain_points],
            rows=5,
            layout=widgets.Layout(width="100%"),
        )
        pains_field = Field(
            self.t("idea.pain_points"),
            pains,
            idea,
            "pain_points",
            s,
            to_model=list,
            to_control=tuple,
        )
        return widgets.VBox(
            [
                self.relabel_on(text_field(self.t("idea.text"), idea, "text", s, lines=2)),
                pains_field,
                self.relabel_on(score_field(self.t("idea.effort"), idea, "effort", s, faces=False)),
                self.relabel_on(score_field(self.t("idea.impact"), idea, "impact", s, faces=False)),
                self.relabel_on(
                    choice_field(
                        self.t("idea.status"),
                        idea,
                        "status",
                        s,
                        choice_options(self.lang, "status", IDEA_STATUSES),
                    )
                ),
                text_field(self.t("idea.owner"), idea, "owner", s),
                text_field(self.t("idea.decision_note"), idea, "decision_note", s, lines=2),
                date_field(
                    self.t("idea.launched_on"),
                    idea,
                    "launched_on",
                    s,
                    help_text=self.t("idea.launched_on_help"),
                ),
            ]
        )
