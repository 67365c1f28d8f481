"""What a monitor run comes to for whoever ran it: its totals, and the snapshot it keeps.

``cjm monitor`` prints the totals after the tables; ``--save`` (and ``cjm demo``) keep
the figures, not the log, in the workshop as a measurement snapshot, so the map and
the reports show measured numbers without the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate
from ..measurements import disagreements, keep_snapshot, snapshot
from ..model import Measurement
from ..workshop import Workshop
from .run import MonitorResult
from .signal_stats import kept_for_snapshot


@dataclass(frozen=True)
class Totals:
    """How many journeys were measured, on how many paths (each journey's first measured
    step), how many touchpoints felt and measured disagree, how many rows rest on small
    samples."""

    journeys: int
    paths: int
    flagged: int
    small_samples: int


def totals(result: MonitorResult) -> Totals:
    funnel = result.funnel
    firsts = funnel.dropna(subset=["paths"]).groupby("persona_id", sort=False).head(1)
    return Totals(
        journeys=funnel["persona_id"].nunique(),
        paths=int(firsts["paths"].sum()) if len(firsts) else 0,
        flagged=len(disagreements(result.felt_vs_measured)),
        small_samples=result.small_samples(),
    )


@dataclass(frozen=True)
class SavedSnapshot:
    """The snapshot kept, whether it replaced one of the same period and source, where
    the workshop was saved, its revision then, and how many snapshots it holds."""

    snapshot: Measurement
    replaced: bool
    path: Path
    revision: int
    snapshots: int


def save_snapshot(
    ws: Workshop, result: MonitorResult, events: Sequence[str | Path]
) -> SavedSnapshot:
    """The run's figures into ``ws`` as a snapshot named after the log files, then ``ws``
    saved; a run that measured no paths has nothing to keep and is refused."""
    if result.period is None:
        raise CjmError(translate("cli.monitor.nothing_to_save"))
    source = ", ".join(Path(name).name for name in events)
    taken = snapshot(
        ws, result.funnel, result.period, source=source, engine=result.engine,
        impact=result.impact, measured_at=datetime.now().replace(microsecond=0),
        nudges=result.nudges,
        signals=None if result.signals is None else kept_for_snapshot(result.signals),
    )  # fmt: skip
    replaced = keep_snapshot(ws, taken)
    path = ws.save()
    return SavedSnapshot(taken, replaced, path, ws.revision, len(ws.measurements))
