"""How early a journey's outcome can be told (``predictive.csv`` of ``cjm signals``).

For each measured touchpoint but the last, a gradient boosting model (scikit-learn's
``HistGradientBoostingClassifier``) predicts, for the customers who reached it, whether
they reach the journey's last measured touchpoint, from what was known when they
reached it (``features``: counts of the log's most frequent events at or before that
moment, hours since the first step, segment). ``roc_auc`` is the mean ROC AUC of a
stratified k-fold cross-validation (0.5: the outcome cannot be told yet; 1: it is
decided), and the ten features whose shuffling costs the most AUC (permutation
importance on held-out customers; a feature whose shuffling costs nothing is not
listed) say what tells it. These are associations, not causes. At most ``sample``
customers per step are modelled (the number is stated in ``sampled``); the same input
and seed give the same table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from . import budget, features, step_model
from .step_model import rank_auc, warm_up

PREDICTIVE_COLUMNS = (
    "persona_id", "persona", "touchpoint_id", "touchpoint", "customers", "sampled",
    "success_rate", "roc_auc", "roc_auc_sd", "rank", "feature", "importance",
)  # fmt: skip
"""The columns of ``predictive.csv``, in order."""

MAX_CUSTOMERS = 200_000
"""Customers modelled per step at most, whatever ``sample`` asks for."""

SAMPLE = 20_000
"""Customers modelled per step unless asked otherwise: the AUC's standard error is
then about 0.005, the importance is measured on at most 5,000 held-out customers
whatever the sample, and the seven models of a journey of eight steps take a few
seconds on two cores (at 200,000, about ten times as long)."""

TOP_FEATURES = 10
"""Features listed per step, by importance."""

SEGMENT_LEVELS = 10
"""Segments one-hot encoded per step at most (the most common; missing is one level)."""


@dataclass(frozen=True)
class StepInfo:
    """One measured touchpoint of one journey: its 0-based ``step`` in ``cuts``."""

    step: int
    persona_id: str
    persona: str
    touchpoint_id: str
    touchpoint: str


def _check(option: str, value: int, least: int, most: int | None = None) -> None:
    """Refuse an option that is no whole number from ``least`` (to ``most``), by name."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise CjmError(translate("predictive.bad_option", option=option, value=value, least=least))
    if most is not None and value > most:
        limits = {"option": option, "value": value, "least": least, "most": most}
        raise CjmError(translate("predictive.sample_range", **limits))


def _matrix(frame: pd.DataFrame, names: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """The model's inputs and their readable names: every count, the hours and the
    segments' indicators, less the columns that are the same for every customer (they
    cannot tell anyone apart)."""
    columns: list[np.ndarray] = []
    labels: list[str] = []
    for place, name in enumerate(names):
        columns.append(frame[features.count_column(place)].to_numpy(dtype=float))
        labels.append(str(translate("predictive.feature.count", event=name)))
    columns.append(frame[features.SECONDS].to_numpy(dtype=float) / 3600.0)
    labels.append(str(translate("predictive.feature.hours")))
    if "segment" in frame.columns:
        missing = frame["segment"].isna().to_numpy()
        present = frame["segment"][~missing].astype(str)
        levels: list[tuple[int, str, np.ndarray, str]] = [
            (int(missing.sum()), "", missing, str(translate("predictive.feature.no_segment")))
        ]
        for value, count in present.value_counts().items():
            shown = str(translate("predictive.feature.segment", value=value))
            levels.append((int(count), str(value), (frame["segment"] == value).to_numpy(), shown))
        levels.sort(key=lambda level: (-level[0], level[1]))
        for _count, _value, member, shown in levels[:SEGMENT_LEVELS]:
            columns.append(member.astype(float))
            labels.append(shown)
    varied = [place for place, column in enumerate(columns) if np.ptp(column) > 0]
    if not varied:
        return np.empty((len(frame), 0)), []
    return np.column_stack([columns[place] for place in varied]), [labels[p] for p in varied]


def _row(info: StepInfo, **figures: Any) -> dict[str, Any]:
    """One row of the table: the step's names and ``figures``, the rest empty."""
    row: dict[str, Any] = dict.fromkeys(PREDICTIVE_COLUMNS)
    row.update(
        persona_id=info.persona_id,
        persona=info.persona,
        touchpoint_id=info.touchpoint_id,
        touchpoint=info.touchpoint,
        **figures,
    )
    return row


def _may_model(totals: tuple[int, int], folds: int) -> bool:
    """Whether a step (customers, successes) can be modelled at all: two outcomes, and
    at least two customers a fold."""
    customers, successes = totals
    return customers >= 2 * folds and successes not in (0, customers)


@dataclass
class _Step:
    """A step's rows: final ones, or the figures it waits for from its folds."""

    info: StepInfo
    customers: int
    rate: float | None
    sampled: int | None = None
    labels: Sequence[str] = ()
    folds: list[Future[tuple[float, np.ndarray]]] = field(default_factory=list)
    rows: list[dict[str, Any]] | None = None

    def finish(self) -> list[dict[str, Any]]:
        """The rows: the step's features whose shuffling costs AUC, up to
        ``TOP_FEATURES`` ranked ones (one row with an empty rank when none does: the
        model tells nothing)."""
        if self.rows is None:
            figures = step_model.combine(self.folds)
            self.folds = []  # the fold's inputs can go
            self.rows = _ranked(self, figures)
        return self.rows


def _ranked(step: _Step, figures: step_model.Figures) -> list[dict[str, Any]]:
    """The rows of a modelled step, by importance."""
    importance = figures.importance
    model = {"sampled": step.sampled, "roc_auc": figures.auc, "roc_auc_sd": figures.spread}
    common = {"customers": step.customers, "success_rate": step.rate, **model}
    telling = [place for place in range(len(step.labels)) if importance[place] > 0]
    order = sorted(telling, key=lambda place: (-importance[place], place))[:TOP_FEATURES]
    if not order:
        return [_row(step.info, **common)]
    return [
        _row(
            step.info,
            **common,
            rank=rank,
            feature=step.labels[place],
            importance=float(importance[place]),
        )
        for rank, place in enumerate(order, start=1)
    ]


def _start_step(
    info: StepInfo,
    totals: tuple[int, int],
    frame_of: Callable[[], pd.DataFrame],
    names: Sequence[str],
    pool: Executor,
    *,
    seed: int,
    folds: int,
) -> _Step:
    """One step, its folds queued on ``pool``; or its one row with empty model figures
    when it cannot be modelled (one outcome only, fewer than ``2 * folds`` customers,
    fewer than ``folds`` of either outcome in the sample, or nothing that differs
    between customers)."""
    customers, successes = totals
    step = _Step(info, customers, successes / customers if customers else None)
    if not _may_model(totals, folds):
        step.rows = [_row(info, customers=customers, success_rate=step.rate)]
        return step
    frame = frame_of()
    success = frame["success"].to_numpy(dtype=bool)
    step.sampled = len(frame)
    fewer = min(int(success.sum()), int((~success).sum()))
    inputs, step.labels = _matrix(frame, names)
    if fewer < folds or not step.labels:
        step.rows = [_row(info, customers=customers, success_rate=step.rate, sampled=step.sampled)]
        return step
    step.folds = step_model.submit(pool, inputs, success, seed=seed, folds=folds)
    return step


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as ``PREDICTIVE_COLUMNS``: counts and ranks as whole numbers (empty
    where there is none), figures as floats."""
    frame = pd.DataFrame(rows, columns=list(PREDICTIVE_COLUMNS))
    for column in ("customers", "sampled", "rank"):
        frame[column] = frame[column].astype("Int64")
    for column in ("success_rate", "roc_auc", "roc_auc_sd", "importance"):
        frame[column] = frame[column].astype(float)
    for column in ("persona_id", "persona", "touchpoint_id", "touchpoint", "feature"):
        frame[column] = frame[column].astype(object)
    return frame


FEATURE_ROWS = 400_000
"""Customers whose features one query fetches at most: the steps are fetched in
batches of about this many rows (55 counts of 4 bytes each: about 100 MB)."""


def _batches(
    ordered: Sequence[StepInfo], totals: dict[int, tuple[int, int]], sample: int, folds: int
) -> list[dict[int, int | None]]:
    """The steps that can be modelled (``_may_model``), in groups whose samples add up
    to at most ``FEATURE_ROWS`` (a step bigger than that alone): step -> how many
    customers to sample (None: all)."""
    batches: list[dict[int, int | None]] = [{}]
    size = 0
    for info in ordered:
        found = totals.get(info.step, (0, 0))
        if not _may_model(found, folds):
            continue
        reached = found[0]
        rows = min(reached, sample)
        if batches[-1] and size + rows > FEATURE_ROWS:
            batches.append({})
            size = 0
        batches[-1][info.step] = sample if reached > sample else None
        size += rows
    return [batch for batch in batches if batch]


class Pending:
    """A journey's models on their way: the folds fit on their own threads while the
    caller asks the engine for something else; ``result`` waits for them."""

    def __init__(self, pool: ThreadPoolExecutor | None, started: list[_Step]) -> None:
        self._pool = pool
        self._started = started

    def result(self) -> pd.DataFrame:
        """``predictive.csv``'s rows, once every fold is done."""
        try:
            rows = [row for step in self._started for row in step.finish()]
        finally:
            self.cancel()
        return _table(rows)

    def cancel(self) -> None:
        """Let the threads go, dropping folds not started (the caller failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def start_predictive(
    cuts: features.Cuts,
    events: ir.Table,
    steps: Sequence[StepInfo],
    *,
    sample: int = SAMPLE,
    seed: int = 0,
    top_events: int = 50,
    folds: int = 5,
) -> Pending:
    """``predictive``, its features fetched and its folds started on a thread pool, so
    that the caller can use the engine while the models fit."""
    _check("sample", sample, 1, MAX_CUSTOMERS)
    _check("seed", seed, 0)
    _check("top_events", top_events, 0)
    _check("folds", folds, 2)
    ordered = sorted(steps, key=lambda info: info.step)[:-1]
    if not ordered:
        return Pending(None, [])
    names = features.top_events(events, top_events)
    totals = features.step_totals(cuts)
    reached = {step: customers for step, (customers, _successes) in totals.items()}
    batches = _batches(ordered, totals, sample, folds)
    batch_of = {step: batch for batch in batches for step in batch}
    fetched: dict[int, pd.DataFrame] = {}  # one batch's frames at a time
    started: list[_Step] = []

    def frame_of(step: int) -> pd.DataFrame:
        if step not in fetched:
            for earlier in started:  # the batch before lets go of its inputs first
                earlier.finish()
            fetched.clear()
            batch = features.steps_features(
                cuts, events, batch_of[step], names, seed=seed, reached=reached
            )
            fetched.update(batch)
        return fetched[step]

    pool = ThreadPoolExecutor(budget.threads())
    pending = Pending(pool, started)
    try:
        for info in ordered:
            started.append(
                _start_step(
                    info,
                    totals.get(info.step, (0, 0)),
                    functools.partial(frame_of, info.step),
                    names,
                    pool,
                    seed=seed,
                    folds=folds,
                )
            )
    except BaseException:
        pending.cancel()
        raise
    return pending


def predictive(
    cuts: features.Cuts, events: ir.Table, steps: Sequence[StepInfo], **options: int
) -> pd.DataFrame:
    """``predictive.csv``'s rows for one journey's ``steps`` (the last one is left out:
    its outcome is known). ``cuts``: one row per customer and step reached (``path``,
    ``step``, ``cut``, ``first``, ``success``, optional ``segment``); ``events``: the
    log (``path``, ``time``, ``event``); ``options``: ``start_predictive``'s (``sample``,
    ``seed``, ``top_events``, ``folds``). Features are named in the default language."""
    return start_predictive(cuts, events, steps, **options).result()


__all__ = [
    "MAX_CUSTOMERS", "PREDICTIVE_COLUMNS", "SAMPLE", "Pending", "StepInfo", "predictive",
    "rank_auc", "start_predictive", "warm_up",
]  # fmt: skip
