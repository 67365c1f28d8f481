"""A new channel made from the card editor over the map: its name and kind (digital,
physical, human), created when the card is saved, so a facilitator never leaves the map
to add a channel in step 3. Open from the start when the workshop has no channel yet."""

from __future__ import annotations

import ipywidgets as widgets

from .. import editing
from ..errors import Problem, WorkshopError
from ..i18n import translate
from ..model import Channel, Workshop
from .editor_base import choice_options

KINDS = ("digital", "physical", "human")


class ChannelMaker(widgets.VBox):  # type: ignore[misc]
    """The "New channel" part under the card editor's channel list: a toggle that opens a name and
    a kind; ``create(ws)`` adds that channel (None while closed)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.toggle = widgets.ToggleButton(
            description=translate("mapedit.new_channel", lang), icon="plus"
        )
        self.toggle.add_class("cjm-card-new-channel")
        self.name = widgets.Text(
            placeholder=translate("mapedit.new_channel_name", lang),
            layout=widgets.Layout(width="100%"),
        )
        self.name.add_class("cjm-card-channel-name")
        self.kind = widgets.Dropdown(
            options=choice_options(lang, "channel.kind", KINDS),
            description=translate("channel.kind", lang),
        )
        self.kind.add_class("cjm-card-channel-kind")
        self.fields = widgets.VBox([self.name, self.kind])
        self.toggle.observe(lambda _: self._shown(), names="value")
        super().__init__([self.toggle, self.fields])
        self._shown()

    @property
    def is_open(self) -> bool:
        return bool(self.toggle.value)

    def _shown(self) -> None:
        self.fields.layout.display = None if self.is_open else "none"

    def reset(self, ws: Workshop) -> None:
        """Closed with empty fields, or open when there is no channel to pick."""
        self.name.value, self.kind.value = "", KINDS[0]
        self.toggle.value = not ws.channels

    def create(self, ws: Workshop) -> Channel | None:
        """The new channel added to ``ws`` (None when none was asked for); a refusal is
        reported as a problem of the card's ``channel`` field."""
        if not self.is_open:
            if not ws.channels:
                raise self._refused(translate("mapedit.channel_missing", self.lang))
            return None
        name = self.name.value.strip()
        if not name:
            raise self._refused(translate("mapedit.channel_missing", self.lang))
        try:
            made = editing.add(ws, "channels", {"name": name, "kind": self.kind.value})
        except WorkshopError as error:
            raise self._refused(*(problem.message for problem in error.problems)) from None
        assert isinstance(made, Channel)
        return made

    def _refused(self, *messages: str) -> WorkshopError:
        return WorkshopError([Problem("channel", message) for message in messages], lang=self.lang)
