"""The nudges of a workshop resolved against its map: the events that enter, end and
qualify each one, and the segment of the persona it is for.

A nudge names touchpoints; the log has events. A touchpoint the nudge enters at or ends
at must signal at least one event, or the nudge could never be due (or never end): that is
refused with the nudge's and the touchpoint's names and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import CjmError
from ..i18n import translate
from ..model import Nudge, Workshop


@dataclass(frozen=True)
class NudgeRule:
    """One nudge with what the log has to say about it."""

    nudge: Nudge
    after: tuple[str, ...]
    """The events of the entry touchpoint."""
    until: tuple[str, ...]
    """The events of the goal touchpoint."""
    segment: str
    """The persona's segment, lower-cased as the monitor matches it ("" = every customer)."""

    @property
    def events(self) -> tuple[str, ...]:
        """Every event name the nudge reads after entry (goal and conditions)."""
        extra = (self.nudge.only_if_event, self.nudge.unless_event)
        return tuple(dict.fromkeys([*self.until, *(name for name in extra if name)]))


def _signals(ws: Workshop, nudge: Nudge, touchpoint_id: str, role: str) -> tuple[str, ...]:
    touchpoint = ws.by_id("touchpoints")[touchpoint_id]
    signals = tuple(dict.fromkeys(signal.strip() for signal in touchpoint.signals))
    if not signals:
        raise CjmError(
            translate(
                "nudge.no_signals", ws.language, nudge=nudge.title, role=role,
                touchpoint=touchpoint.title,
            )
        )  # fmt: skip
    return signals


def nudge_rules(
    ws: Workshop, wanted: Iterable[str] | None = None, *, inactive: bool = False
) -> list[NudgeRule]:
    """The workshop's nudges to run: every active one, or those ``wanted`` names (by id or
    title) whether active or not, or with ``inactive`` all of them."""
    chosen = list(ws.nudges)
    if wanted is not None:
        names = list(wanted)
        by_name = {n.id: n for n in ws.nudges} | {n.title.casefold(): n for n in ws.nudges}
        unknown = [name for name in names if name not in by_name and name.casefold() not in by_name]
        if unknown:
            raise CjmError(
                translate(
                    "nudge.unknown", value=unknown[0],
                    choices=", ".join(n.id for n in ws.nudges) or "-",
                )
            )  # fmt: skip
        found = {(by_name.get(name) or by_name[name.casefold()]).id for name in names}
        chosen = [n for n in ws.nudges if n.id in found]
    elif not inactive:
        chosen = [n for n in chosen if n.active]
    personas = ws.by_id("personas")
    return [
        NudgeRule(
            nudge,
            _signals(ws, nudge, nudge.after, "after"),
            _signals(ws, nudge, nudge.until, "until"),
            personas[nudge.persona].segment.strip().casefold() if nudge.persona else "",
        )
        for nudge in chosen
    ]


__all__ = ["NudgeRule", "nudge_rules"]
