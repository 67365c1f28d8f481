"""The demo's measured journey: the sample's event log written beside the sample
workshop, measured, and kept in it as a snapshot, as ``cjm monitor --save`` would, so
the handout and the map show measured numbers too; and the sample's nudge back-tested
on the same log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..monitor import monitor
from ..monitor.outcome import SavedSnapshot, save_snapshot
from ..workshop import Workshop
from .events import write_sample_events

EVENTS_FILE_NAME = "utility-e-invoice-events.csv"
MONITOR_FOLDER = "monitor"
NUDGE_FOLDER = "nudges"


@dataclass(frozen=True)
class SampleMonitoring:
    """The event log written, the monitor's tables written, and the snapshot kept."""

    events: Path
    tables: list[Path]
    saved: SavedSnapshot


def monitor_sample(ws: Workshop, folder: Path) -> SampleMonitoring:
    """Write the sample's event log into ``folder``, measure ``ws`` on it (tables under
    ``folder/monitor``) and keep the figures in ``ws``, saved."""
    events = write_sample_events(folder / EVENTS_FILE_NAME, ws)
    result = monitor(ws, events)
    tables = result.write(folder / MONITOR_FOLDER)
    return SampleMonitoring(events, tables, save_snapshot(ws, result, [events]))


def backtest_sample(ws: Workshop, events: Path, folder: Path) -> list[Path]:
    """What the sample's nudges would have done on its log (``folder/nudges``)."""
    from ..orchestrate.replay import backtest

    return backtest(ws, events).write(folder / NUDGE_FOLDER)
