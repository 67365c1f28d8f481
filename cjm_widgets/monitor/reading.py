"""The run's one read of the log, and each journey's steps reached in order from it.

``read`` stores a row per kept path with its steps' first and last events
(``scan.paths``); ``untold_hits`` reads again only the signalled events of the few paths
whose order the row cannot tell; ``journey_reached`` gives a journey's paths in order
from both: their rows of (path, step, time reached), and their step times.
``monitor()``, ``monthly()`` and ``signals()`` all stand on these.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import ibis
import ibis.expr.types as ir

from ..errors import CjmError
from ..i18n import translate
from . import associations, budget, experiments, measures, scan
from .experiments import Target
from .journeys import Journey
from .source import EventLog, Events, LogOptions
from .tables import Key, Rows


@dataclass(frozen=True)
class Variants:
    """The A/B comparison asked for: the variants and the control."""

    names: tuple[str, ...]
    control: str


@dataclass
class Run:
    """One run's read of the log, stored by the engine, and what it adds up to."""

    log: EventLog
    paths: ir.Table
    signals: tuple[tuple[str, ...], ...]
    by: tuple[str, ...]
    carry: tuple[str, ...]
    targets: list[Target]
    segments: list[str] = field(default_factory=list)
    variants: Variants | None = None
    hits: ir.Table | None = None
    """The signalled events of the paths ``measures.in_order`` cannot tell (any journey)."""
    rows: dict[Key, Rows] = field(default_factory=dict)
    claimed: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(idea, touchpoint) pairs an earlier journey measured the impact on."""
    others: ir.Table | None = None
    """The log's events but the signals every measured journey shares, stored once for
    the unmapped events and the signals (``scan.others``)."""
    _last_event: datetime | None = field(default=None, init=False, repr=False)
    min_customers: int | None = None
    """Compare the events of each step (``associations``) with at least this many paths
    on each side; None: not asked for."""

    def rows_of(self, key: Key) -> Rows:
        return self.rows.setdefault(key, Rows())

    def groups(self) -> list[Key]:
        """The groups measured: ``()``, or every month with paths."""
        return list(self.rows) if self.by else [()]

    def events_besides(self, journey: Journey) -> ir.Table:
        """The log's events but ``journey``'s own (from ``others`` when stored)."""
        events = self.log.events if self.others is None else self.others
        return events.filter(~events.event.isin(sorted(journey.signal_names)))

    def last_event(self) -> datetime:
        """The kept paths' last event, asked of the engine once a run."""
        if self._last_event is None:
            last: datetime = scan.period(self.paths).to_pandas().iloc[0]["last"]
            self._last_event = last
        return self._last_event


def read(
    log: EventLog,
    journeys: list[Journey],
    targets: list[Target],
    options: LogOptions,
    by: tuple[str, ...],
) -> Run:
    """The one read of the log: a row per kept path with its steps' first and last
    events, stored. A log of CSV files is first stored whole, cleaned (the engine would
    otherwise parse the text again for each later read: the untold paths' events and
    the unmapped events)."""
    if log.from_text:
        log = replace(log, events=log.events.cache())
    signals = scan.step_signals(journeys)
    paths = scan.paths(log, signals, options.start, options.end, "month" in by).cache()
    carry = tuple(
        name
        for name, wanted in (
            ("segment", log.has_segment), ("variant", log.has_variant),
            ("first", bool(targets)), ("month", "month" in by),
        )
        if wanted
    )  # fmt: skip
    run = Run(log, paths, signals, by, carry, targets)
    if log.has_segment:
        found = scan.values(paths, "segment").to_pandas()["value"]
        run.segments = sorted(str(value) for value in found)
    return run


def variants(run: Run, column: str | None, control: str | None) -> Variants | None:
    """The paths' variants, checked: at least two, and the control among them."""
    if column is None:
        if control is not None:
            raise CjmError(translate("monitor.control_without_variant"))
        return None
    found = scan.values(run.paths, "variant").to_pandas()["value"]
    names = tuple(sorted(str(value) for value in found))
    return Variants(names, experiments.choose_control(column, names, control))


def untold_hits(run: Run, journeys: list[Journey]) -> ir.Table:
    """The signalled events of every path some journey's ``in_order`` cannot tell, stored:
    one more read of the log, kept to those few paths."""
    untold = []
    for journey in journeys:
        ordered = measures.in_order(run.paths, scan.step_columns(journey, run.signals), ())
        untold.append(ordered.filter(ordered.ambiguous).select("path"))
    wanted = ibis.union(*untold, distinct=True) if len(untold) > 1 else untold[0]
    signals = frozenset().union(*(journey.signal_names for journey in journeys))
    return scan.hits(run.log, signals, wanted).cache()


def store_others(run: Run, journeys: list[Journey]) -> None:
    """Store the log's events but the signals every measured journey shares (``others``):
    the unmapped events and each journey's signals read them instead of the log."""
    names = [journey.signal_names for journey in journeys if journey.measured]
    shared = frozenset.intersection(*names) if names else frozenset()
    run.others = scan.others(run.log, shared).cache()


@contextmanager
def engine_errors(engine: str, size: int) -> Iterator[None]:
    """The engine's own errors as one line: out of memory names the budget (DuckDB) or
    the Spark setting to raise; anything else (a broken file, a cluster down) says what
    the engine said."""
    try:
        yield
    except CjmError:
        raise
    except Exception as error:
        if budget.is_out_of_memory(error):
            raise budget.out_of_memory(size) from None
        reason = _said(error)
        if "java.lang.OutOfMemoryError" in str(error):  # also in a later "Caused by"
            raise CjmError(translate("monitor.spark_out_of_memory", reason=reason)) from None
        raise CjmError(translate("monitor.engine_failed", engine=engine, reason=reason)) from None


def _said(error: BaseException) -> str:
    """The line of an engine's error that says what went wrong: Spark's errors start
    with the call that failed ("An error occurred while calling o154.collectToPython.")
    and name the Java exception on the next line, after a colon."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    if len(lines) > 1 and lines[1].startswith(":"):
        return lines[1].lstrip(": ")
    return lines[0]


def backend_of(events: Events) -> Any:
    """The engine an Ibis table already lives on (its measures run there), or None."""
    if isinstance(events, ir.Table):
        try:
            return events.get_backend()
        except Exception:  # an in-memory table with no engine yet: use the chosen one
            return None
    return None


@dataclass
class Reached:
    """A journey's paths in order, stored by the engine: ``ordered`` (a row per path,
    ``measures.in_order``) and ``chain`` (per step, the ambiguous paths that reached it:
    ``measures.first_step``, ``next_step``)."""

    ordered: ir.Table
    chain: list[ir.Table]
    count: int
    carry: tuple[str, ...]

    def rows(self) -> ir.Table:
        """A row per path and step reached in order (``measures.reached``: ``path``,
        ``t``, ``previous``, ``step`` and the carried columns)."""
        return measures.reached(measures.told(self.ordered, self.count, self.carry), self.chain)

    def times(self, journey: Journey, has_segment: bool, carry: Sequence[str] = ()) -> ir.Table:
        """Per path of the journey's segment (``measures.keep``): ``t<k>``, when it
        reached step k (``associations.step_times`` of the rows, made cheaper), and the
        ``carry`` columns."""
        ordered = measures.keep(self.ordered, journey, has_segment)
        chain = [measures.keep(table, journey, has_segment) for table in self.chain]
        return associations.told_times(ordered, chain, self.count, carry)

    def release(self) -> None:
        for table in (self.ordered, *self.chain):
            table.release()


def journey_reached(run: Run, journey: Journey) -> Reached:
    """``journey``'s paths in order, from the paths' rows and, for the ambiguous ones,
    their signalled events; the caller releases them when done."""
    count = len(journey.measured)
    columns = scan.step_columns(journey, run.signals)
    ordered = measures.in_order(run.paths, columns, run.carry).cache()
    chain: list[ir.Table] = []
    if run.hits is not None:
        untold = ordered.filter(ordered.ambiguous)
        signals = [step.signals for step in journey.measured]
        try:
            chain = [measures.first_step(run.hits, signals[0], untold, run.carry).cache()]
            for wanted in signals[1:]:
                chain.append(measures.next_step(run.hits, wanted, chain[-1], run.carry).cache())
        except BaseException:
            for table in (ordered, *chain):
                table.release()
            raise
    return Reached(ordered, chain, count, run.carry)


__all__ = [
    "Reached", "Run", "Variants", "backend_of", "engine_errors", "journey_reached", "read",
    "store_others", "untold_hits", "variants",
]  # fmt: skip
