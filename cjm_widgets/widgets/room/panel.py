"""The facilitator's side of the room: the QR code to project, the inbox of notes to sort,
the room's emotion per touchpoint and its verdict per idea, live from the room's log.

Accepting a note makes it a pain point (of middle severity, which the group can change
right there) or an idea on its touchpoint through the session (saved like any edit);
every decision is also written to the log, so the inbox stays sorted when the app is
reopened. Closing the room or giving it a new address is
a row in the log too, which the server reads on every request.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup
from traitlets import Int

from ...i18n import translate
from ...model import Workshop
from ...room.decisions import DEFAULT_SEVERITY, REOPEN, accept_note, log_decision
from ...room.log import FACILITATOR, RoomLog, log_path
from ...room.merge import merge_into
from ...room.runtime import read_address, write_address
from ...room.service import new_key, token_hash
from ...room.tally import Note, Tally, tallied_ratings
from ..fields import score_field
from ..lists import close_tree
from ..map_notes import offer
from ..session import Handle, Scheduler, WorkshopSession, _running_loop, event_loop_scheduler
from .qr import room_qr_html
from .tables import emotions_html, ideas_html

__all__ = ["DEFAULT_SEVERITY", "RoomPanel"]


class RoomPanel(widgets.VBox):  # type: ignore[misc]
    """The room tab: ``RoomPanel(session, "journey.cjm.json")``; refreshes every ``interval``."""

    shown = Int(-1)
    """The last row of the log the tab shows; the map's sticky notes follow it."""

    def __init__(
        self,
        session: WorkshopSession,
        workshop_path: str | Path,
        *,
        interval: float = 0.5,
        schedule: Scheduler = event_loop_scheduler,
    ) -> None:
        self.session = session
        self.lang = session.lang
        self.workshop_path = Path(workshop_path)
        self.room_log = RoomLog(log_path(self.workshop_path))
        self.tally = Tally()
        self._interval = interval
        self._schedule = schedule
        self._timer: Handle | None = None
        self.qr = widgets.HTML()
        self.status = widgets.HTML()
        self.status.add_class("cjm-room-status")
        self.open_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.open_button.on_click(lambda _: self.set_open(not self.tally.open))
        self.rotate_button = widgets.Button(description=self.t("room.panel.rotate"), icon="refresh")
        self.rotate_button.on_click(lambda _: self.rotate_key())
        self.merge_button = widgets.Button(
            description=self.t("room.panel.merge"),
            icon="download",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.merge_button.on_click(lambda _: self.merge())
        self.inbox_title = widgets.HTML()
        self.accepted = widgets.VBox()
        self.accepted.add_class("cjm-room-accepted")
        self.inbox = widgets.VBox()
        self._rows: dict[tuple[Any, ...], widgets.Widget] = {}
        self._accepted: dict[str, tuple[Note, str]] = {}
        """The pain points and ideas accepted here, by id: the note and what it became."""
        self._undone: dict[str, tuple[Note, str]] = {}
        """Those an undo took away (their notes open again), for a redo to bring back."""
        self.inbox.add_class("cjm-room-inbox")
        self.emotions = widgets.HTML()
        self.emotions.add_class("cjm-room-emotions")
        self.ideas = widgets.HTML()
        self.ideas.add_class("cjm-room-ideas")
        controls = widgets.HBox([self.open_button, self.rotate_button, self.merge_button])
        tables = widgets.VBox(
            [self.inbox_title, self.accepted, self.inbox, self.emotions, self.ideas],
            layout=widgets.Layout(width="100%", padding="0 0 0 16px"),
        )
        super().__init__([self.status, controls, widgets.HBox([self.qr, tables])])
        self.add_class("cjm-room-panel")
        session.on_replace(self._forget_accepted, weak=True)
        dropped = weakref.WeakMethod(self._drop_deleted)
        session.observe(lambda _: (method := dropped()) and method(), names="version")
        self._show_qr()
        self.refresh()
        offer(session, self)
        self._tick()

    def _drop_deleted(self) -> None:
        """A pain point or idea that came from a note and is then deleted by an edit was
        the facilitator's choice: its note stays decided, and no later undo of another
        edit opens it again (only an undo that takes the accept itself back does)."""
        ws = self.session.workshop
        present = {item.id for item in (*ws.pain_points, *ws.ideas)}
        for entity in [entity for entity in self._accepted if entity not in present]:
            del self._accepted[entity]

    def _forget_accepted(self, ws: Workshop) -> None:
        """After an undo or a reload the accepted pain point may be gone: its row goes too,
        and a note whose pain point or idea is gone is open again (a redo sorts it again)."""
        old, self.accepted.children = self.accepted.children, []
        for row in old:
            close_tree(row)
        present = {item.id for item in (*ws.pain_points, *ws.ideas)}
        for entity, (note, _) in list(self._accepted.items()):
            if entity not in present:
                self._undone[entity] = self._accepted.pop(entity)
                log_decision(self.room_log, note, REOPEN)
        for entity, (note, kind) in list(self._undone.items()):
            if entity in present:
                self._accepted[entity] = self._undone.pop(entity)
                log_decision(self.room_log, note, "accept", kind=kind, entity=entity)
        self.refresh()

    def t(self, key: str, **params: Any) -> str:
        return str(translate(key, self.lang, **params))

    @property
    def workshop(self) -> Workshop:
        return self.session.workshop

    # -- live reading ------------------------------------------------------------------

    def _tick(self) -> None:
        if self._schedule is event_loop_scheduler and _running_loop() is None:
            return  # a plain script: no loop to read the log again on
        self._timer = self._schedule(self._interval, self._tick_again)

    def _tick_again(self) -> None:
        self.refresh()
        self._tick()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None

    def refresh(self, force: bool = False) -> None:
        """Read new rows of the log; redraw when there were any."""
        self.tally.update(self.room_log)
        if self.tally.seen == self.shown and not force:
            return
        self.shown = self.tally.seen
        count = len(self.tally.members)
        self.status.value = str(
            Markup("<b>{}</b>").format(
                self.t("room.panel.open_status", count=count)
                if self.tally.open
                else self.t("room.panel.closed_status")
            )
        )
        self.open_button.description = self.t(
            "room.panel.close" if self.tally.open else "room.panel.open"
        )
        self._show_inbox()
        self._show_tables()

    def _show_qr(self) -> None:
        self.qr.value = room_qr_html(self.workshop_path, self.lang)

    def _show_tables(self) -> None:
        ratings = tallied_ratings(self.tally)
        self.emotions.value = emotions_html(self.workshop, ratings, self.lang)
        self.ideas.value = ideas_html(self.workshop, ratings, self.lang)

    def _show_inbox(self) -> None:
        notes = self.tally.open_notes()
        self.inbox_title.value = str(
            Markup("<h4>{}</h4>").format(self.t("room.panel.inbox", count=len(notes)))
        )
        titles = {tp.id: tp.title for tp in self.workshop.touchpoints}
        by_touchpoint: dict[str, list[Note]] = {}
        for note in notes:
            by_touchpoint.setdefault(note.touchpoint, []).append(note)
        rows: dict[tuple[Any, ...], widgets.Widget] = {}
        for note in notes:  # a row that would look the same is kept: a decision is quick
            others = tuple(
                (other.text[:40], other.id)
                for other in by_touchpoint[note.touchpoint]
                if other.id != note.id
            )
            key = (note.id, titles.get(note.touchpoint, note.touchpoint), others)
            rows[key] = self._rows.pop(key, None) or self._note_row(note, key[1], others)
        for gone in self._rows.values():
            close_tree(gone)
        self._rows = rows
        self.inbox.children = list(rows.values())

    def _note_row(
        self, note: Note, title: str, others: tuple[tuple[str, int], ...]
    ) -> widgets.Widget:
        label = widgets.HTML(
            str(
                Markup("<b>{}</b> · {}<br>{}").format(
                    self.t(f"room.page.kind.{note.kind}"), title, note.text
                )
            ),
            layout=widgets.Layout(width="50%"),
        )
        label.add_class("cjm-room-note")
        auto = widgets.Layout(width="auto")
        pain = widgets.Button(description=self.t("room.panel.as_pain_point"), layout=auto)
        idea = widgets.Button(description=self.t("room.panel.as_idea"), layout=auto)
        reject = widgets.Button(description=self.t("room.panel.reject"), layout=auto)
        pain.on_click(lambda _: self.accept(note, "pain_points"))
        idea.on_click(lambda _: self.accept(note, "ideas"))
        reject.on_click(lambda _: self.decide(note, "reject"))
        row: list[widgets.Widget] = [label, pain, idea, reject]
        if others:
            into = widgets.Dropdown(
                options=list(others), description=self.t("room.panel.merge_into")
            )
            merge = widgets.Button(description=self.t("room.panel.merge_note"), layout=auto)
            merge.on_click(lambda _: self.decide(note, "merge", into=into.value))
            row += [into, merge]
        return widgets.HBox(row)

    # -- the facilitator's decisions ---------------------------------------------------

    def decide(self, note: Note, action: str, **details: Any) -> None:
        log_decision(self.room_log, note, action, **details)
        self.refresh()

    def accept(self, note: Note, kind: str, touchpoint: str | None = None) -> None:
        """The note becomes a pain point (or an idea) on its touchpoint (or on the
        ``touchpoint`` it was dropped on, on the map), in one click: one step of undo."""
        item = accept_note(self.workshop, note, kind, touchpoint)
        self.session.changed(self.session.action("accept", note.text))
        self.decide(note, "accept", kind=kind, entity=item.id)
        self._undone.pop(item.id, None)
        self._accepted[item.id] = (note, kind)
        self.accepted.children = [self._severity_row(item)] if kind == "pain_points" else []

    def _severity_row(self, pain: Any) -> widgets.Widget:
        """The pain point just accepted, with its severity for the group to change here
        (or later in Encounters): its marker on the map shows from the first click."""
        told = widgets.HTML(
            str(
                Markup("{}: <b>{}</b>").format(
                    self.t("room.panel.accepted_pain", severity=DEFAULT_SEVERITY), pain.text
                )
            )
        )
        severity = score_field(self.t("pain.severity"), pain, "severity", self.session, faces=False)
        return widgets.VBox([told, severity])

    def discuss(self, persona: str | None) -> None:
        """Open the participants' pages on this persona's journey (the one on the screen)."""
        self.tally.update(self.room_log)
        if (persona or None) != self.tally.persona:
            self.room_log.append(FACILITATOR, "room", {"persona": persona or ""})
            self.refresh()

    def set_open(self, is_open: bool) -> None:
        self.room_log.append(FACILITATOR, "room", {"open": is_open})
        self.refresh()

    def rotate_key(self) -> None:
        """A new participants' address: the old one stops working at once."""
        key = new_key()
        address = read_address(self.workshop_path)
        self.room_log.append(FACILITATOR, "room", {"key_hash": token_hash(key)})
        if address is not None:
            write_address(address.with_key(address.key, key))
        self._show_qr()
        self.refresh()

    def merge(self) -> None:
        """The room's ratings and participants into the workshop (saved as any edit)."""
        self.tally.update(self.room_log)
        outcome = merge_into(self.workshop, self.tally)
        if outcome.changed:
            self.session.changed(self.t("history.merge_room"))
        merged = self.t(
            "room.panel.merged",
            ratings=self.t("room.count.ratings", count=len(self.workshop.ratings)),
        )
        told = outcome.notices(self.lang)
        if outcome.unsorted:
            told.append(outcome.left_to_sort(self.lang))
        notices = Markup("").join(Markup("<br>{}").format(notice) for notice in told)
        self.status.value = str(Markup("<b>{}</b>{}").format(merged, notices))
