"""The selected card's details over the map: its pain points (with severity), the ideas
answering them, its back office and its metrics, each added, changed or deleted there.

What the map's lower lanes show, edited without leaving the map: every Save or Delete is
one step of the undo history through ``editing``, with the fields and checks of steps 4-6.
An idea is linked to one of the card's pain points, as the prioritize step links ideas;
a card without pain points is told to add one first.
"""

from __future__ import annotations

import html
from typing import Any, Protocol, get_args

import ipywidgets as widgets

from .. import editing
from ..errors import WorkshopError
from ..i18n import translate
from ..layout.shapes import Box, Hotspot
from ..model import BackOffice, Touchpoint
from ..model_types import IdeaStatus
from ..render.canvas import JourneyMapView
from .editor_base import NOT_RATED, choice_options
from .fields import _number_from_text
from .journey_editors import METRIC_KINDS
from .map_items import ItemForm, Popover, Spec, labelled, refusal, show_problems
from .map_popup import ROOM, CardEditor
from .session import WorkshopSession

SECTIONS = ("pains", "ideas", "backoffice", "metrics")

SCORES = [(NOT_RATED, 0), *((str(score), score) for score in range(1, 6))]
"""A severity: not rated yet (0 in the list, None in the model: a list shows no entry
for None), or 1 minor - 5 severe."""


def _lines(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


class DetailsHost(Protocol):
    """What the details need of the map editor (``MapEditor`` is one)."""

    session: WorkshopSession
    lang: str
    view: JourneyMapView
    popup: CardEditor

    @property
    def selected(self) -> Touchpoint | None: ...

    def card(self, tp_id: str | None) -> Hotspot | None: ...

    def beside(self, box: Box, room: int = ...) -> tuple[str, str]: ...

    def _after_edit(self) -> None: ...


class DetailsEditor(Popover):
    """The details of one card at a time: ``open()`` shows the selected card's beside it."""

    def __init__(self, host: DetailsHost) -> None:
        self.host, self.session, self.lang = host, host.session, host.lang
        self.touchpoint: Touchpoint | None = None
        self.forms: dict[str, ItemForm] = {}
        self.office: dict[str, widgets.ValueWidget] = {}
        self.office_errors: dict[str, widgets.HTML] = {}
        self.office_error = widgets.HTML()
        self.heading = widgets.HTML()
        self.tabs = widgets.Accordion()
        self.close_button = widgets.Button(description=translate("mapedit.close", self.lang))
        self.close_button.on_click(lambda _: self.close_details())
        super().__init__([self.heading, self.tabs, self.close_button], "cjm-map-details")
        self.session.on_replace(self._put_back, weak=True)

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    @property
    def is_open(self) -> bool:
        return self.touchpoint is not None

    def _put_back(self, _: Any) -> None:
        """Undo or their version: the card may be gone or changed; the details close."""
        self.close_details()

    def show_selected(self) -> bool:
        """The selected card's pain points, ideas, back office and metrics, over the map
        beside the card (the card editor, if open, is closed without saving)."""
        host = self.host
        tp, spot = host.selected, host.card(host.view.selected)
        if spot is None or tp is None:
            return False
        host.popup.cancel()
        self.show_for(tp, host.beside(spot.box, 2 * ROOM))
        return True

    def show_for(self, tp: Touchpoint, where: tuple[str, str]) -> None:
        self.touchpoint = tp
        self.heading.value = f"<b>{html.escape(self.t('mapedit.details_of', title=tp.title))}</b>"
        self.forms = {"pains": self._pains(tp), "ideas": self._ideas(tp)}
        self.forms["metrics"] = self._metrics(tp)
        pages = {**self.forms, "backoffice": self._backoffice(tp)}
        self.tabs.children = [pages[name] for name in SECTIONS]
        for index, name in enumerate(SECTIONS):
            self.tabs.set_title(index, self.t(f"mapedit.section.{name}"))
        self.tabs.selected_index = 0
        self.show_at(where)

    def close_details(self) -> None:
        if self.is_open:
            self.touchpoint = None
            self.hide()
            self.host._after_edit()

    def _changed(self) -> None:
        """A pain point saved or deleted: the ideas' list of pain points follows (an idea
        being typed stays)."""
        if "ideas" in self.forms and self.touchpoint is not None:
            control = self.forms["ideas"].specs["pain_points"].control
            chosen, options = control.value, self._pain_options(self.touchpoint)
            control.options = options
            control.value = chosen if chosen in {value for _, value in options} else None

    # -- the sections ----------------------------------------------------------------------

    def _pain_options(self, tp: Touchpoint) -> list[tuple[str, str]]:
        return [(p.text, p.id) for p in self.session.workshop.pain_points if tp.id in p.touchpoints]

    def _pains(self, tp: Touchpoint) -> ItemForm:
        ws = self.session.workshop
        scores = widgets.Dropdown(options=SCORES)
        severity = Spec("pain.severity", scores, lambda v, _: v or None, lambda v: v or 0, 0)
        return ItemForm(
            self.session,
            "pain_points",
            {
                "text": Spec("pain.text", widgets.Text()),
                "severity": severity,
            },
            members=lambda: [p for p in ws.pain_points if tp.id in p.touchpoints],
            new_values=lambda: {"touchpoints": [tp.id]},
            new_label=self.t("mapedit.new_pain"),
            on_change=self._changed,
        )

    def _ideas(self, tp: Touchpoint) -> ItemForm:
        ws = self.session.workshop

        def mine() -> set[str]:
            """The card's pain points as they are now (one may have been added meanwhile)."""
            return {p for _, p in self._pain_options(tp)}

        def linked(value: str | None, idea: Any) -> list[str]:
            """The chosen pain point in place of the one the form showed; the idea's other
            links (to this card's other pain points and to other cards') are kept."""
            if not value:
                raise refusal("pain_points", "mapedit.idea_needs_pain", self.lang)
            links = list(idea.pain_points) if idea else []
            shown = first_mine(links)
            return [value, *(p for p in links if p not in (shown, value))]

        def first_mine(links: list[str]) -> str | None:
            return next((p for p in links if p in mine()), None)

        pains = widgets.Dropdown(options=self._pain_options(tp))
        return ItemForm(
            self.session,
            "ideas",
            {
                "text": Spec("idea.text", widgets.Textarea(rows=2)),
                "pain_points": Spec("mapedit.idea_pain", pains, linked, first_mine, blank=None),
                "status": Spec("idea.status", self._statuses(), blank="proposed"),
            },
            members=lambda: [i for i in ws.ideas if mine() & set(i.pain_points)],
            new_values=dict,
            new_label=self.t("mapedit.new_idea"),
        )

    def _statuses(self) -> widgets.Dropdown:
        """The group's decision on an idea: the map colours the idea's mark by it."""
        return widgets.Dropdown(
            options=[(self.t(f"status.{status}"), status) for status in get_args(IdeaStatus)]
        )

    def _metrics(self, tp: Touchpoint) -> ItemForm:
        ws = self.session.workshop

        def number(name: str) -> Spec:
            def to_model(text: str, _item: Any) -> float | None:
                try:
                    return _number_from_text(text)
                except ValueError:
                    raise refusal(name, "field.not_a_number", self.lang, value=text) from None

            return Spec(f"metric.{name}", widgets.Text(), to_model, lambda v: _text(v))

        kinds = choice_options(self.lang, "metric.kind", METRIC_KINDS)
        better = choice_options(self.lang, "metric.better", ("higher", "lower"))
        return ItemForm(
            self.session,
            "metrics",
            {
                "name": Spec("metric.name", widgets.Text()),
                "kind": Spec("metric.kind", widgets.Dropdown(options=kinds), blank="other"),
                "unit": Spec("metric.unit", widgets.Text()),
                "better": Spec("metric.better", widgets.Dropdown(options=better), blank="higher"),
                **{name: number(name) for name in ("baseline", "target", "actual")},
                "source": Spec("metric.source", widgets.Text()),
            },
            members=lambda: [m for m in ws.metrics if m.touchpoint == tp.id],
            new_values=lambda: {"touchpoint": tp.id},
            new_label=self.t("mapedit.new_metric"),
        )

    def _backoffice(self, tp: Touchpoint) -> widgets.VBox:
        office = tp.backoffice
        self.office = {
            "processes": widgets.Textarea("\n".join(office.processes), rows=3),
            "systems": widgets.Text(", ".join(office.systems)),
            "department": widgets.Text(office.department),
        }
        self.office_errors = {name: widgets.HTML() for name in self.office}
        parts: list[widgets.Widget] = []
        for name, control in self.office.items():
            control.add_class(f"cjm-backoffice-{name}")
            label = self.t(f"mapedit.backoffice.{name}")
            parts += labelled(label, control, self.office_errors[name])
        save = widgets.Button(description=self.t("mapedit.save"), icon="check")
        save.add_class("cjm-backoffice-save")
        save.on_click(lambda _: self.save_backoffice())
        self.office_save = save
        return widgets.VBox([*parts, self.office_error, save])

    def save_backoffice(self) -> bool:
        """The card's processes (one a line), systems (comma-separated) and owning
        department, as one step; a refused one is named under its field."""
        tp = self.touchpoint
        if tp is None:
            return False
        for message in (*self.office_errors.values(), self.office_error):
            message.value = ""
        try:
            office = BackOffice(
                processes=_lines(self.office["processes"].value, "\n"),
                systems=_lines(self.office["systems"].value, ","),
                department=self.office["department"].value.strip(),
            )
            changed = editing.update(self.session.workshop, tp, {"backoffice": office})
        except WorkshopError as error:
            show_problems(error, self.office_errors, self.office_error, self.lang)
            return False
        if changed:
            self.session.changed(self.session.action("edit", tp))
        return True


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
