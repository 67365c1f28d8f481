"""``MonitorResult``: what ``monitor()`` measured, as tables, and the CSV files of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..csv_files import write_csv
from ..store import make_folder
from .tables import AB_COLUMNS, IMPACT_COLUMNS, NUDGE_COLUMNS


@dataclass(frozen=True)
class MonitorResult:
    """The measured journeys: ``funnel``, ``unmapped``, ``variants`` and, when the log has
    a segment column, ``segments`` (None otherwise). Full precision; round when showing."""

    funnel: pd.DataFrame
    unmapped: pd.DataFrame
    variants: pd.DataFrame
    segments: pd.DataFrame | None
    engine: str
    felt_vs_measured: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Per journey, the room's emotion against the step conversion, flagged where they
    disagree (``measurements.felt_vs_measured``)."""
    impact: pd.DataFrame | None = None
    """Launched ideas' touchpoints before and after the launch (None: nothing launched).
    Besides ``IMPACT_COLUMNS`` it has ``small_sample``, which ``impact.csv`` leaves out."""
    ab: pd.DataFrame | None = None
    """Each variant's step conversions against control (None: no ``variant_col``)."""
    period: tuple[datetime, datetime] | None = None
    """The first and the last event measured (None: the log had no paths to measure)."""
    signals: pd.DataFrame | None = None
    """Each journey's (step, event) comparisons (``signal_stats.SIGNAL_COLUMNS``; None:
    not asked for)."""
    signals_left_out: int = 0
    """Comparisons left out for too few paths on a side."""
    nudges: pd.DataFrame | None = None
    """Each nudge's treatment against its holdout (``orchestrate.lift``; None: no ledger).
    Besides ``NUDGE_COLUMNS`` it has ``small_sample``, which ``nudges.csv`` leaves out."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """File name -> table, as ``write`` names them."""
        found = {
            "funnel.csv": self.funnel,
            "unmapped.csv": self.unmapped,
            "variants.csv": self.variants,
        }
        if self.segments is not None:
            found["segments.csv"] = self.segments
        found["felt_vs_measured.csv"] = self.felt_vs_measured
        if self.impact is not None:
            found["impact.csv"] = self.impact[IMPACT_COLUMNS]
        if self.ab is not None:
            found["ab.csv"] = self.ab[AB_COLUMNS]
        if self.nudges is not None:
            found["nudges.csv"] = self.nudges[NUDGE_COLUMNS]
        return found

    def small_samples(self) -> int:
        """How many impact and A/B rows rest on too few paths to call significant."""
        count = 0
        if self.impact is not None:
            count += int(self.impact["small_sample"].sum())
        if self.ab is not None:
            count += int(self.ab["small_sample"].sum())
        if self.nudges is not None:
            treated = self.nudges[self.nudges["group"] == "treatment"]
            count += int(treated["small_sample"].sum())
        return count

    def write(self, folder: str | Path) -> list[Path]:
        """The tables as CSV files in ``folder`` (created if missing), event names and
        titles guarded against spreadsheet formulas; returns the paths."""
        target = make_folder(Path(folder))
        return [write_csv(target / name, table) for name, table in self.tables().items()]
