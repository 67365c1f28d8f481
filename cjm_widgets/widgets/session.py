"""The open workshop behind the widgets: edits, undo, debounced autosave, conflicts, failed writes.

Every accepted edit calls ``changed(action)``, which records a step of the undo history;
a save follows about a second after the last edit of a burst, so typing does not write
on every key. An undo or redo puts the content back, rebuilds the views as a reload does,
and is saved as the file's next revision. A conflict (someone else saved
the file) stops autosave until the facilitator chooses: reload theirs or keep mine. A
failed write keeps the edits in memory and is retried on the next edit or on request.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from traitlets import Enum, HasTraits, Int, Unicode

from ..errors import ConflictError, StoreError, WorkshopError
from ..history import History, name_of, put_back
from ..i18n import translate
from ..model import Workshop
from ..store import attach, document_of, load_workshop, path_of, save_with_outcome
from ..workshop import Workshop as FacadeWorkshop


class Handle(Protocol):
    def cancel(self) -> None: ...


Scheduler = Callable[[float, Callable[[], None]], Handle]
"""``schedule(delay_seconds, callback)`` -> a handle with ``cancel()``."""


class _Immediate:
    def cancel(self) -> None:
        pass


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's event loop when one is running (always, inside Jupyter)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            return None
    return loop if loop.is_running() else None


def event_loop_scheduler(delay: float, callback: Callable[[], None]) -> Handle:
    """Run ``callback`` on the kernel's event loop after ``delay`` seconds (the main thread).

    With no running loop (a plain script), the callback runs at once.
    """
    loop = _running_loop()
    if loop is None:
        callback()
        return _Immediate()
    return loop.call_later(delay, callback)


class WorkshopSession(HasTraits):
    """One workshop being edited, saved through the store when edits settle.

    ``state`` is ``saved``, ``pending`` (edits not yet written), ``unsaved`` (no file),
    ``conflict`` or ``error``; ``status`` is the line shown to the room; ``version``
    counts edits so views know when to redraw.
    """

    state = Enum(["saved", "pending", "unsaved", "conflict", "error"], default_value="saved")
    status = Unicode("")
    version = Int(0)

    def __init__(
        self,
        workshop: Workshop,
        *,
        delay: float = 1.0,
        schedule: Scheduler = event_loop_scheduler,
        clock: Callable[[], float] = time.time,
        lang: str | None = None,
    ) -> None:
        super().__init__()
        self._workshop = workshop
        self.delay = delay
        self._schedule = schedule
        self._clock = clock
        self.lang = lang or workshop.language
        self._pending: Handle | None = None
        self._watching: Handle | None = None
        self._watch_interval = 2.0
        self._watch_mtime: float | None = None
        self._replaced: list[Callable[[Workshop], Any] | weakref.WeakMethod[Any]] = []
        self.history = History(workshop, clock=clock)
        """The user's actions to undo and redo (``undo()``, ``redo()``)."""
        self.picked: dict[str, str] = {}
        """Each list's item shown last (by kind), so a page rebuilt after an undo shows it."""
        if path_of(workshop) is None:
            self.state = "unsaved"
            self.status = translate("session.no_file", self.lang)
        else:
            self.status = translate("session.opened", self.lang, revision=workshop.revision)

    @classmethod
    def open(cls, path: str | Path, **options: Any) -> WorkshopSession:
        return cls(load_workshop(path, FacadeWorkshop), **options)

    @property
    def workshop(self) -> Workshop:
        return self._workshop

    def on_replace(self, callback: Callable[[Workshop], Any], *, weak: bool = False) -> None:
        """Call ``callback(workshop)`` when the workshop is swapped (their version reloaded)
        or its content put back (undo, redo). ``weak``: a bound method that does not keep
        its widget alive."""
        self._replaced.append(weakref.WeakMethod(callback) if weak else callback)

    # -- edits ------------------------------------------------------------------------

    def action(self, verb: str, item: object = None, fallback: str = "") -> str:
        """An action's readable name: ``action("delete", stage)`` -> delete 'Pays the bill'
        (``item`` a text, or an item named by its title, name or text)."""
        return translate(f"history.{verb}", self.lang, name=name_of(item, fallback))

    def changed(self, action: str = "", *, key: str | None = None) -> None:
        """An accepted edit: a step of the history named ``action`` (edits with the same
        ``key`` close together are one step), and the autosave countdown (re)started."""
        self.history.record(self._workshop, action or translate("history.change", self.lang), key)
        self._edited()

    def _edited(self) -> None:
        self.version += 1
        if self.state == "conflict":
            return  # wait for the facilitator's choice
        if path_of(self._workshop) is None:
            self.state = "unsaved"
            return
        self.state = "pending"
        self.status = translate("session.pending", self.lang)
        if self._pending is not None:
            self._pending.cancel()
        self._pending = self._schedule(self.delay, self._autosave)

    def _autosave(self) -> None:
        self._pending = None
        if self.state == "pending":
            self.save()

    def save(self, *, force: bool = False, keep_theirs: bool = False) -> bool:
        """Write now; returns whether it worked. Problems become the status, never exceptions."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        try:
            outcome = save_with_outcome(self._workshop, force=force, keep_theirs=keep_theirs)
        except ConflictError as error:
            self.state = "conflict"
            self.status = translate("session.conflict", self.lang, theirs=error.theirs)
            return False
        except (StoreError, WorkshopError, OSError) as error:
            self.state = "error"
            self.status = translate("session.failed", self.lang, reason=error)
            return False
        stamp = time.strftime("%H:%M:%S", time.localtime(self._clock()))
        self.state = "saved"
        if outcome.theirs is not None:
            self.status = translate(
                "session.kept_mine", self.lang, revision=outcome.revision, theirs=outcome.theirs
            )
        else:
            self.status = translate(
                "session.saved", self.lang, time=stamp, revision=outcome.revision
            )
        return True

    def start_over(self, fresh: Workshop, action: str = "") -> None:
        """Put ``fresh`` (a workshop made from a template) in place of this one: it takes
        over the file and its revision, so it is saved as the next edit of the same file."""
        fresh.revision = self._workshop.revision
        attach(fresh, document_of(self._workshop))
        self._replace(fresh, theirs=False)
        self.changed(action)

    # -- undo and redo ------------------------------------------------------------------------

    def undo(self) -> bool:
        """Take the last action back; refused (as the status) during a conflict and past a
        revision taken from another window."""
        return self._travel(back=True)

    def redo(self) -> bool:
        """Do the last undone action again."""
        return self._travel(back=False)

    def _travel(self, *, back: bool) -> bool:
        if self.state == "conflict":
            self.status = translate("history.refused_conflict", self.lang)
            return False
        step = self.history.undo() if back else self.history.redo()
        if step is None:
            if back and self.history.cut_at is not None:
                self.status = translate(
                    "history.refused_theirs", self.lang, revision=self.history.cut_at
                )
            return False
        put_back(self._workshop, step.before if back else step.after)
        self._rebuild_views()
        self._edited()
        done = "history.undone" if back else "history.redone"
        self.status = translate(done, self.lang, action=step.action)
        return True

    # -- following other windows ----------------------------------------------------------

    def watch(self, interval: float = 2.0) -> None:
        """Check the file every ``interval`` seconds and load saves made elsewhere.

        A second window (a projector next to the facilitator's laptop, or a second app
        page) saves to the same file; when this copy has no unsaved edits, it takes up
        the newer revision. With unsaved edits, the next save reports the conflict.
        """
        if self._schedule is event_loop_scheduler and _running_loop() is None:
            return  # a plain script: nothing else runs meanwhile, nothing to follow
        self._watch_interval = interval
        self._watch_mtime = self._mtime()
        self._watching = self._schedule(interval, self._check_file)

    def stop_watching(self) -> None:
        handle = getattr(self, "_watching", None)
        if handle is not None:
            handle.cancel()
        self._watching = None

    def _mtime(self) -> float | None:
        path = path_of(self._workshop)
        try:
            return path.stat().st_mtime_ns if path is not None else None
        except OSError:
            return None

    def _check_file(self) -> None:
        self._watching = None
        mtime = self._mtime()
        if mtime is not None and mtime != self._watch_mtime and self.state == "saved":
            path = path_of(self._workshop)
            assert path is not None
            with contextlib.suppress(StoreError, WorkshopError):
                newer = load_workshop(path, type(self._workshop))
                if newer.revision != self._workshop.revision:
                    self._replace(newer, theirs=True)
                    self.status = translate("session.updated", self.lang, revision=newer.revision)
        self._watch_mtime = mtime
        self._watching = self._schedule(self._watch_interval, self._check_file)

    # -- the facilitator's choice after a conflict ------------------------------------

    def keep_mine(self) -> bool:
        """Overwrite the file with this copy; their version is kept in a file of its own."""
        return self.save(force=True, keep_theirs=True)

    def reload_theirs(self) -> None:
        """Drop this copy's unsaved edits and load the file as it is now."""
        path = path_of(self._workshop)
        if path is None:
            return
        try:
            fresh = load_workshop(path, type(self._workshop))
        except (StoreError, WorkshopError) as error:
            self.state = "error"
            self.status = translate("session.failed", self.lang, reason=error)
            return
        self._replace(fresh, theirs=True)
        self.status = translate("session.reloaded", self.lang, revision=fresh.revision)

    def _replace(self, fresh: Workshop, *, theirs: bool) -> None:
        """Swap the workshop; ``theirs``: the file's version taken up, which the history
        cannot undo past (it would overwrite their change)."""
        self._workshop = fresh
        if theirs:
            self.state = "saved"
            self.history.restart(fresh, cut_at=fresh.revision)
        self._rebuild_views()
        self.version += 1

    def _rebuild_views(self) -> None:
        for entry in list(self._replaced):
            callback = entry() if isinstance(entry, weakref.WeakMethod) else entry
            if callback is None:
                self._replaced.remove(entry)
            else:
                callback(self._workshop)
