"""Prioritize's nudges: an idea turned into a message that reaches customers stuck on the map.

"Turn this idea into a nudge" makes one prefilled from the chosen idea (approved ideas
first), switched off so the group checks it before it sends anything; the list below
edits every nudge, with delete and undo, through fields that refuse what the model
refuses. Every accepted edit goes through the session like the other forms (autosave,
next revision, the second screen).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .. import editing
from ..errors import WorkshopError
from ..i18n import translate
from ..model import Idea, Nudge, Touchpoint, Workshop
from .editor_base import Editor
from .fields import (
    HINT_STYLE,
    Field,
    choice_field,
    date_field,
    error_html,
    flag_field,
    number_field,
    text_field,
)
from .lists import EntityListEditor, close_tree
from .session import WorkshopSession

WAIT_HOURS = 48
"""A new nudge's wait: two days after entry, long enough for most to finish by themselves."""

CHANNEL = "e-mail"
HOLDOUT = 0.1
CHANNELS = ("e-mail", "SMS", "push", "letter", "call")
"""What sending tools route on; the workshop's own channel names are offered after them."""

PLACEHOLDER_EXAMPLE = "{first_name}"


def ideas_in_order(ws: Workshop) -> list[Idea]:
    """The ideas a nudge may carry out, approved ones first (otherwise in list order)."""
    return sorted(ws.ideas, key=lambda idea: idea.status != "approved")


def _refused(key: str, lang: str | None, **params: Any) -> WorkshopError:
    return WorkshopError.single("nudges", translate(key, lang, **params), lang=lang)


def _entry(ws: Workshop, idea: Idea | None, order: list[Touchpoint]) -> Touchpoint:
    """The first touchpoint, in journey order, of a pain point the idea answers; else the
    journey's first."""
    if idea is not None:
        painful = {
            tp for pain in ws.pain_points if pain.id in idea.pain_points for tp in pain.touchpoints
        }
        for tp in order:
            if tp.id in painful:
                return tp
    return order[0]


def _goal(ws: Workshop, entry: Touchpoint, lang: str | None) -> Touchpoint:
    """The next touchpoint with signals after ``entry`` on its own journey (the log can
    tell when it is reached); else simply the next one."""
    journey = ws.journey(entry.persona, entry.journey)
    later = journey[journey.index(entry) + 1 :]
    if not later:
        raise _refused("nudge.no_goal", lang, touchpoint=entry.title)
    return next((tp for tp in later if tp.signals), later[0])


def nudge_values(
    ws: Workshop, idea_id: str | None = None, *, title: str = "", lang: str | None = None
) -> dict[str, Any]:
    """The fields of a new nudge for ``editing.add``: from the idea ``idea_id`` (its text,
    owner and pain points), or titled ``title`` from the journey's start.

    It starts switched off, waits 48 hours, goes by e-mail and holds back one customer in
    ten. Raises WorkshopError when the journey has no two touchpoints to go between.
    """
    order = ws.journey(None, "current") or ws.journey(None)
    if len(order) < 2:
        raise _refused("nudge.needs_touchpoints", lang)
    idea = ws.by_id("ideas")[idea_id] if idea_id is not None else None
    entry = _entry(ws, idea, order)
    text = idea.text if idea is not None else title
    return {
        "title": text,
        "idea": idea.id if idea is not None else None,
        "owner": idea.owner if idea is not None else "",
        "after": entry.id,
        "until": _goal(ws, entry, lang).id,
        "wait_hours": WAIT_HOURS,
        "channel": CHANNEL,
        "message": text,
        "holdout": HOLDOUT,
        "active": False,
    }


def _optional_text(label: str, target: Any, name: str, session: WorkshopSession) -> Field:
    """Text that may be left empty (stored as None, not as an empty string)."""
    control = widgets.Text(continuous_update=False, layout=widgets.Layout(width="100%"))
    return Field(
        label,
        control,
        target,
        name,
        session,
        to_model=lambda text: text.strip() or None,
        to_control=lambda value: value or "",
    )


def _hours(label: str, target: Any, name: str, session: WorkshopSession) -> Field:
    control = widgets.IntText(continuous_update=False, layout=widgets.Layout(width="8em"))
    return Field(label, control, target, name, session)


class NudgeEditor(Editor):
    """The Prioritize step's nudges: "Turn this idea into a nudge" and the list of nudges."""

    def __init__(self, source: WorkshopSession | Workshop) -> None:
        super().__init__(source)
        self.session.observe(self._on_version, names="version")
        self._following = True

    def close(self) -> None:
        """Stop following the session's edits, so a closed panel is not kept alive by it."""
        if getattr(self, "_following", False):
            self.session.unobserve(self._on_version, names="version")
            self._following = False
        super().close()

    def rebuild(self) -> None:
        old = self.children
        super().rebuild()
        for widget in old:
            close_tree(widget)

    def build(self) -> list[widgets.Widget]:
        intro = (
            f"<h4 style='margin:12px 0 4px 0'>{html.escape(self.t('nudge.panel.title'))}</h4>"
            f"<p style='margin:0 0 4px 0'>{html.escape(self.t('nudge.panel.intro'))}</p>"
        )
        self.idea_picker = widgets.Dropdown(
            description=self.t("nudge.idea_to_turn"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.idea_picker.add_class("cjm-nudge-idea")
        self.turn_button = widgets.Button(
            description=self.t("nudge.turn_into"),
            tooltip=self.t("nudge.turn_into_tooltip"),
            icon="paper-plane",
            layout=widgets.Layout(width="auto"),
        )
        self.turn_button.on_click(lambda _: self.turn_into_nudge())
        self.turn_button.add_class("cjm-nudge-turn")
        self.note = widgets.HTML()
        self.no_ideas = self._hint("nudge.no_ideas")
        self._fill_ideas()
        self.list = EntityListEditor(
            self.session,
            "nudges",
            label=self.t("nudge.list"),
            form=self._form,
            describe=self.describe,
            new_values=lambda title: nudge_values(self.workshop, title=title, lang=self.lang),
            placeholder=self.t("nudge.new"),
        )
        return [
            widgets.HTML(intro),
            widgets.HBox([self.idea_picker, self.turn_button]),
            self.no_ideas,
            self.note,
            self.list,
        ]

    # -- turning an idea into a nudge -------------------------------------------------------

    def _idea_options(self) -> list[tuple[str, str]]:
        return [
            (f"{idea.text} · {self.t(f'status.{idea.status}')}", idea.id)
            for idea in ideas_in_order(self.workshop)
        ]

    def _fill_ideas(self) -> None:
        """Offer the workshop's ideas again (renamed, approved or added since), keeping the
        one chosen."""
        options = self._idea_options()
        if list(self.idea_picker.options) != options:
            chosen = self.idea_picker.value
            self.idea_picker.options = options
            ids = [value for _, value in options]
            self.idea_picker.value = chosen if chosen in ids else (ids[0] if ids else None)
        has_ideas = bool(options)
        self.idea_picker.layout.display = None if has_ideas else "none"
        self.no_ideas.layout.display = "none" if has_ideas else None
        self.turn_button.disabled = not has_ideas

    def _on_version(self, change: dict[str, Any]) -> None:
        self._fill_ideas()

    def select_idea(self, idea_id: str) -> bool:
        """Choose the idea to turn into a nudge; False if the workshop has no such idea."""
        if idea_id not in [value for _, value in self.idea_picker.options]:
            return False
        self.idea_picker.value = idea_id
        return True

    def turn_into_nudge(self) -> Nudge | None:
        """A new nudge from the chosen idea, selected in the list below (what the button does).

        When the journey leaves it no entry and goal, nothing is added and the note says
        what to add first.
        """
        idea_id = self.idea_picker.value
        if not idea_id:
            return None
        try:
            values = nudge_values(self.workshop, idea_id, lang=self.lang)
            nudge = editing.add(self.workshop, "nudges", values)
        except WorkshopError as error:
            self.note.value = error_html(error, self.lang)
            return None
        assert isinstance(nudge, Nudge)
        self.session.changed(self.session.action("add", nudge))
        self.note.value = html.escape(self.t("nudge.created", title=nudge.title))
        self.list.refresh(keep=nudge.id)
        return nudge

    # -- the list of nudges -----------------------------------------------------------------

    def _title_of(self, touchpoint_id: str) -> str:
        tp = self.workshop.by_id("touchpoints").get(touchpoint_id)
        return tp.title if tp is not None else touchpoint_id

    def describe(self, nudge: Nudge) -> str:
        """A nudge's line in the list: title, entry → goal, wait, channel, and if it is off."""
        text = self.t(
            "nudge.describe",
            title=nudge.title,
            after=self._title_of(nudge.after),
            until=self._title_of(nudge.until),
            wait=nudge.wait_hours,
            channel=nudge.channel,
        )
        return text if nudge.active else f"{text} · {self.t('nudge.state.off')}"

    def _touchpoint_options(self, nudge: Nudge) -> list[tuple[str, str]]:
        """The current journey's touchpoints by title, and those the nudge already names."""
        shown = self.workshop.journey(None, "current")
        named = [
            self.workshop.by_id("touchpoints")[ref]
            for ref in (nudge.after, nudge.until)
            if ref not in {tp.id for tp in shown}
        ]
        return [(tp.title, tp.id) for tp in [*shown, *named]]

    def _channel_options(self) -> list[str]:
        offered = list(CHANNELS)
        for channel in self.workshop.channels:
            if channel.name.casefold() not in {name.casefold() for name in offered}:
                offered.append(channel.name)
        return offered

    def _form(self, nudge: Nudge) -> widgets.Widget:
        s, ws, relabel = self.session, self.workshop, self.relabel_on
        personas = [(self.t("nudge.every_customer"), None), *((p.name, p.id) for p in ws.personas)]
        ideas = [(self.t("nudge.no_idea"), None), *((i.text, i.id) for i in ws.ideas)]
        touchpoints = self._touchpoint_options(nudge)
        channel = widgets.Combobox(
            options=self._channel_options(),
            ensure_option=False,
            continuous_update=False,
            layout=widgets.Layout(width="20em"),
        )
        hint = self.t("nudge.message_help", example=PLACEHOLDER_EXAMPLE)
        return widgets.VBox(
            [
                relabel(text_field(self.t("nudge.field.title"), nudge, "title", s)),
                widgets.HBox(
                    [
                        choice_field(self.t("nudge.field.persona"), nudge, "persona", s, personas),
                        choice_field(self.t("nudge.field.idea"), nudge, "idea", s, ideas),
                    ]
                ),
                text_field(self.t("nudge.field.owner"), nudge, "owner", s),
                widgets.HBox(
                    [
                        relabel(
                            choice_field(
                                self.t("nudge.field.after"), nudge, "after", s, touchpoints
                            )
                        ),
                        relabel(
                            choice_field(
                                self.t("nudge.field.until"), nudge, "until", s, touchpoints
                            )
                        ),
                    ]
                ),
                widgets.HBox(
                    [
                        relabel(_hours(self.t("nudge.field.wait_hours"), nudge, "wait_hours", s)),
                        _hours(self.t("nudge.field.expire_hours"), nudge, "expire_hours", s),
                    ]
                ),
                self._hint("nudge.expire_help"),
                relabel(
                    Field(
                        self.t("nudge.field.channel"),
                        channel,
                        nudge,
                        "channel",
                        s,
                        help_text=self.t("nudge.channel_help"),
                    )
                ),
                text_field(
                    self.t("nudge.field.message"), nudge, "message", s, lines=4, help_text=hint
                ),
                self._holdout(nudge),
                self._quiet_hours(nudge),
                relabel(flag_field(self.t("nudge.field.active"), nudge, "active", s)),
                widgets.HBox(
                    [
                        date_field(self.t("nudge.field.start"), nudge, "start", s),
                        date_field(self.t("nudge.field.end"), nudge, "end", s),
                    ]
                ),
                self._hint("nudge.period_help"),
                _optional_text(self.t("nudge.field.only_if_event"), nudge, "only_if_event", s),
                _optional_text(self.t("nudge.field.unless_event"), nudge, "unless_event", s),
                self._hint("nudge.events_help"),
            ]
        )

    def _hint(self, key: str, **params: Any) -> widgets.HTML:
        return widgets.HTML(
            f'<span style="{HINT_STYLE}">{html.escape(self.t(key, **params))}</span>'
        )

    def _holdout(self, nudge: Nudge) -> widgets.Widget:
        field = number_field(self.t("nudge.field.holdout"), nudge, "holdout", self.session)
        return widgets.VBox([field, self._hint("nudge.holdout_help")])

    def _quiet_hours(self, nudge: Nudge) -> widgets.Widget:
        field = _optional_text(
            self.t("nudge.field.quiet_hours"), nudge, "quiet_hours", self.session
        )
        field.control.placeholder = "21-08"
        zone = self.workshop.timezone
        return widgets.VBox([field, self._hint("nudge.quiet_hours_help", timezone=zone)])
