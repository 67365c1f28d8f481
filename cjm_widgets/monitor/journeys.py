"""Which journeys to measure: each persona's touchpoints of today, in journey order."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from ..model import find_persona as find_persona_in


@dataclass(frozen=True)
class Step:
    """One touchpoint of a measured journey; ``index`` counts only signalled ones."""

    touchpoint_id: str
    title: str
    stage: str
    signals: tuple[str, ...]
    index: int | None  # None: no signals, so not measured


@dataclass(frozen=True)
class Journey:
    """One persona's journey (or the whole map's, with no personas) and its log segment."""

    persona_id: str
    persona: str
    segment: str  # lower-cased; "" = every path
    steps: tuple[Step, ...]

    @property
    def measured(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.index is not None)

    @property
    def signal_names(self) -> frozenset[str]:
        """Every event name the journey's measured steps signal: its own events."""
        return frozenset(signal for step in self.measured for signal in step.signals)


def _journey(ws: Workshop, persona_id: str | None) -> Journey:
    stages = ws.by_id("stages")
    persona = ws.by_id("personas").get(persona_id) if persona_id else None
    steps = []
    counter = 0
    for tp in ws.journey(persona_id, state="current"):
        signals = tuple(dict.fromkeys(tp.signals))
        stage = stages.get(tp.stage)
        steps.append(
            Step(
                tp.id, tp.title, stage.name if stage else "", signals, counter if signals else None
            )
        )
        counter += bool(signals)
    return Journey(
        persona_id or "",
        persona.name if persona else "",
        persona.segment.strip().casefold() if persona else "",
        tuple(steps),
    )


def find_persona(ws: Workshop, wanted: str) -> str:
    """The id of the persona ``wanted`` names (``model.find_persona``), or a CjmError."""
    return find_persona_in(ws.personas, wanted)


def journeys_to_measure(ws: Workshop, persona: str | None = None) -> list[Journey]:
    """The journeys of ``persona`` (id or name) or of every persona; refused without signals."""
    if persona is not None:
        chosen = [_journey(ws, find_persona(ws, persona))]
    elif ws.personas:
        chosen = [_journey(ws, p.id) for p in ws.personas]
    else:
        chosen = [_journey(ws, None)]
    if not any(journey.measured for journey in chosen):
        raise CjmError(translate("monitor.no_signals"))
    return chosen


def all_signals(ws: Workshop) -> set[str]:
    """Every event name any touchpoint of the workshop signals (any persona, any state)."""
    return {signal.strip() for tp in ws.touchpoints for signal in tp.signals}
