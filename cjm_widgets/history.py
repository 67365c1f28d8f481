"""The undo history of one open workshop: a step per user action, each a pair of snapshots.

A step keeps the workshop's content before and after one action as compressed JSON
(a 5,000-touchpoint workshop is a few hundred kilobytes), so undo and redo put a whole,
validated state back rather than replaying edits. The revision is left out of the
snapshots: it belongs to the file, and an undo is saved as the file's next revision.
Consecutive edits of the same field of the same item within a few seconds (typing,
dragging a slider) are one step; a new action after an undo drops what could be redone.
"""

from __future__ import annotations

import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from .limits import shorten
from .model import Workshop

HISTORY_STEPS = 100
"""How many actions can be undone; older ones drop off."""

MERGE_SECONDS = 3.0
"""Edits of the same field this close together are one step (typing, a slider moved)."""

_NOT_CONTENT = {"revision"}

NAME_LENGTH = 40
"""How much of an item's name an action's name shows (the button stays one line)."""


def name_of(item: object, fallback: str = "") -> str:
    """What a person calls ``item`` in an action's name: its title, name or text (or the
    text itself)."""
    if isinstance(item, str) and item.strip():
        return shorten(item.strip(), NAME_LENGTH)
    for attribute in ("title", "name", "text"):
        value = getattr(item, attribute, None)
        if isinstance(value, str) and value.strip():
            return shorten(value.strip(), NAME_LENGTH)
    return shorten(fallback, NAME_LENGTH)


def key_of(item: object, field: str) -> str:
    """The grouping key of an edit of ``field`` of ``item`` (its id, if it has one)."""
    return f"{type(item).__name__}:{getattr(item, 'id', None) or id(item)}:{field}"


def snapshot(workshop: Workshop) -> bytes:
    """The workshop's content (all but its revision) as compressed JSON."""
    serializer = workshop.__pydantic_serializer__
    return zlib.compress(serializer.to_json(workshop, exclude=_NOT_CONTENT), 1)


def put_back(workshop: Workshop, content: bytes) -> None:
    """Make ``workshop`` hold ``content`` again, in place: the object, its file and its
    revision stay, so whoever holds the workshop (a notebook's variable) sees the undo."""
    fresh = type(workshop).model_validate_json(zlib.decompress(content))
    for name in type(workshop).model_fields:
        if name not in _NOT_CONTENT:
            workshop.__dict__[name] = fresh.__dict__[name]
    fields_set = fresh.model_fields_set | (workshop.model_fields_set & _NOT_CONTENT)
    object.__setattr__(workshop, "__pydantic_fields_set__", fields_set)


@dataclass(frozen=True)
class Step:
    """One user action: its readable name and the content before and after it."""

    action: str
    before: bytes
    after: bytes
    key: str | None
    """What the action edited (item and field); equal keys close together merge."""
    at: float
    number: int
    """Counts steps in this history, so a list can tell whether its delete is still the last."""


class History:
    """Undo and redo over snapshots of one workshop; the caller puts the content back."""

    def __init__(
        self,
        workshop: Workshop,
        *,
        steps: int = HISTORY_STEPS,
        merge_seconds: float = MERGE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._done: deque[Step] = deque(maxlen=steps)
        self._undone: list[Step] = []
        self._now = snapshot(workshop)
        self._merge_seconds = merge_seconds
        self._clock = clock
        self._may_merge = False
        self._count = 0
        self.cut_at: int | None = None
        """The revision taken from another window that dropped the steps before it."""

    # -- what can be done -----------------------------------------------------------------

    @property
    def undo_action(self) -> str | None:
        return self._done[-1].action if self._done else None

    @property
    def redo_action(self) -> str | None:
        return self._undone[-1].action if self._undone else None

    @property
    def last_step(self) -> int | None:
        """The number of the step an undo would take back."""
        return self._done[-1].number if self._done else None

    def __len__(self) -> int:
        return len(self._done)

    def size(self) -> int:
        """Bytes held by the snapshots (a step's ``after`` is the next one's ``before``)."""
        steps = (*self._done, *self._undone)
        kept = {id(s): s for step in steps for s in (step.before, step.after)}
        kept[id(self._now)] = self._now
        return sum(len(s) for s in kept.values())

    # -- recording ----------------------------------------------------------------------

    def record(self, workshop: Workshop, action: str, key: str | None = None) -> bool:
        """Note an action just done to ``workshop``; False if it changed no content."""
        after = snapshot(workshop)
        if after == self._now:
            return False
        now = self._clock()
        top = self._done[-1] if self._done else None
        if (
            top is not None
            and self._may_merge
            and key is not None
            and key == top.key
            and now - top.at <= self._merge_seconds
        ):
            self._done.pop()
            if after != top.before:  # typed back to where it was: no step at all
                self._done.append(replace(top, action=action, after=after, at=now))
        else:
            self._count += 1
            self._done.append(Step(action, self._now, after, key, now, self._count))
            self._undone.clear()
        self._now = after
        self._may_merge = True
        return True

    def undo(self) -> Step | None:
        """Take the last step back: its ``before`` is the content to put back."""
        if not self._done:
            return None
        step = self._done.pop()
        self._undone.append(step)
        self._now = step.before
        self._may_merge = False
        return step

    def redo(self) -> Step | None:
        """Do the last undone step again: its ``after`` is the content to put back."""
        if not self._undone:
            return None
        step = self._undone.pop()
        self._done.append(step)
        self._now = step.after
        self._may_merge = False
        return step

    def restart(self, workshop: Workshop, cut_at: int | None = None) -> None:
        """Forget every step: ``workshop`` is what there is now (their version, taken up)."""
        if cut_at is not None and (self._done or self._undone or self.cut_at is not None):
            self.cut_at = cut_at
        self._done.clear()
        self._undone.clear()
        self._now = snapshot(workshop)
        self._may_merge = False
