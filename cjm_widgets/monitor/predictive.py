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

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from . import budget, features

PREDICTIVE_COLUMNS = (
    "persona_id", "persona", "touchpoint_id", "touchpoint", "customers", "sampled",
    "success_rate", "roc_auc", "roc_auc_sd", "rank", "feature", "importance",
)  # fmt: skip
"""The columns of ``predictive.csv``, in order."""

MAX_CUSTOMERS = 200_000
"""Customers modelled per step at most: a stable AUC, and about 20 s of one core for
five folds (half that on two)."""

TOP_FEATURES = 10
"""Features listed per step, by importance."""

SEGMENT_LEVELS = 10
"""Segments one-hot encoded per step at most (the most common; missing is one level)."""

IMPORTANCE_ROWS = 5_000
"""Held-out customers the permutation importance is measured on at most: each feature
is shuffled ``IMPORTANCE_REPEATS`` times and predicted again, which on a small step
costs more than the fit."""

IMPORTANCE_REPEATS = 3

MAX_ITER = 100
"""Boosting rounds at most; early stopping on a fixed, seeded tenth of the training
customers ends them sooner when the validation loss stops improving."""


@dataclass(frozen=True)
class StepInfo:
    """One measured touchpoint of one journey: its 0-based ``step`` in ``cuts``."""

    step: int
    persona_id: str
    persona: str
    touchpoint_id: str
    touchpoint: str


def _check(option: str, value: int, least: int) -> None:
    """Refuse an option that is no whole number of at least ``least``, by name."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise CjmError(translate("predictive.bad_option", option=option, value=value, least=least))


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


def rank_auc(success: np.ndarray, scores: np.ndarray) -> float:
    """The ROC AUC as the Mann-Whitney statistic (ties count half): scikit-learn's
    figure without its checks of the input, which cost more than the model's
    prediction when permutation importance scores hundreds of shuffles."""
    from scipy.stats import rankdata

    positive = int(success.sum())
    negative = len(success) - positive
    ranks = rankdata(scores)
    return float((ranks[success].sum() - positive * (positive + 1) / 2) / (positive * negative))


def _auc_scorer(model: Any, inputs: np.ndarray, success: np.ndarray) -> float:
    """A scorer for ``permutation_importance``: the ROC AUC of the model's probabilities."""
    return rank_auc(success, model.predict_proba(inputs)[:, 1])


def _fold(
    inputs: np.ndarray,
    success: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    seed: int,
    rows: int,
) -> tuple[float, np.ndarray]:
    """One fold: the held-out ROC AUC of a model fitted on ``train``, and each input's
    mean permutation importance on (at most ``rows`` of, stratified) ``test``. OpenMP
    runs one thread here: folds run side by side instead, which never makes threads
    spin for cores another process holds (on a busy machine that made a fit ten times
    slower)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.inspection import permutation_importance
    from sklearn.model_selection import train_test_split
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        model = HistGradientBoostingClassifier(
            max_iter=MAX_ITER,
            early_stopping=True,
            validation_fraction=0.1,
            n_iter_no_change=10,
            random_state=seed,
        )
        model.fit(inputs[train], success[train])
        score = rank_auc(success[test], model.predict_proba(inputs[test])[:, 1])
        held = test
        if len(held) > rows:
            held, _rest = train_test_split(
                held, train_size=rows, stratify=success[held], random_state=seed
            )
        found = permutation_importance(
            model,
            inputs[held],
            success[held],
            scoring=_auc_scorer,
            n_repeats=IMPORTANCE_REPEATS,
            random_state=seed,
        )
    return score, np.asarray(found.importances_mean, dtype=float)


def _model(
    inputs: np.ndarray, success: np.ndarray, *, seed: int, folds: int
) -> tuple[float, float, np.ndarray]:
    """The cross-validated ROC AUC (mean, standard deviation over the folds) and each
    input's permutation importance (mean over the folds' held-out customers, at most
    ``IMPORTANCE_ROWS`` in all). The folds run on as many threads as the process has
    cores; each fold's figures depend only on its rows and the seed."""
    from sklearn.model_selection import StratifiedKFold

    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    rows = max(2, -(-IMPORTANCE_ROWS // folds))
    with ThreadPoolExecutor(max_workers=min(folds, budget.threads())) as pool:
        done = list(
            pool.map(
                lambda split: _fold(inputs, success, split[0], split[1], seed, rows),
                splits.split(inputs, success),
            )
        )
    scores = [score for score, _importance in done]
    importance = np.mean([found for _score, found in done], axis=0)
    return float(np.mean(scores)), float(np.std(scores)), importance


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


def _step_rows(
    info: StepInfo,
    totals: tuple[int, int],
    frame_of: Callable[[], pd.DataFrame],
    names: Sequence[str],
    *,
    seed: int,
    folds: int,
) -> list[dict[str, Any]]:
    """The rows of one step: its features whose shuffling costs AUC, up to
    ``TOP_FEATURES`` ranked ones (one row with an empty rank when none does: the model
    tells nothing), or one row with empty model figures when the step cannot be
    modelled (one outcome only, fewer than ``2 * folds`` customers, fewer than ``folds``
    of either outcome in the sample, or nothing that differs between customers)."""
    customers, successes = totals
    rate = successes / customers if customers else None
    alone = _row(info, customers=customers, success_rate=rate)
    if customers < 2 * folds or successes in (0, customers):
        return [alone]
    frame = frame_of()
    success = frame["success"].to_numpy(dtype=bool)
    alone["sampled"] = len(frame)
    fewer = min(int(success.sum()), int((~success).sum()))
    inputs, labels = _matrix(frame, names)
    if fewer < folds or not labels:
        return [alone]
    auc, spread, importance = _model(inputs, success, seed=seed, folds=folds)
    model = {"sampled": len(frame), "roc_auc": auc, "roc_auc_sd": spread}
    telling = [place for place in range(len(labels)) if importance[place] > 0]
    order = sorted(telling, key=lambda place: (-importance[place], place))[:TOP_FEATURES]
    if not order:
        return [_row(info, customers=customers, success_rate=rate, **model)]
    return [
        _row(
            info,
            customers=customers,
            success_rate=rate,
            **model,
            rank=rank,
            feature=labels[place],
            importance=float(importance[place]),
        )
        for rank, place in enumerate(order, start=1)
    ]


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


def predictive(
    cuts: ir.Table,
    events: ir.Table,
    steps: Sequence[StepInfo],
    *,
    sample: int = MAX_CUSTOMERS,
    seed: int = 0,
    top_events: int = 50,
    folds: int = 5,
) -> pd.DataFrame:
    """``predictive.csv``'s rows for one journey's ``steps`` (the last one is left out:
    its outcome is known). ``cuts``: one row per customer and step reached (``path``,
    ``step``, ``cut``, ``first``, ``success``, optional ``segment``); ``events``: the
    log (``path``, ``time``, ``event``). Features are named in the default language."""
    _check("sample", sample, 1)
    _check("seed", seed, 0)
    _check("top_events", top_events, 0)
    _check("folds", folds, 2)
    ordered = sorted(steps, key=lambda info: info.step)[:-1]
    if not ordered:
        return _table([])
    names = features.top_events(events, top_events)
    totals = features.step_totals(cuts)
    rows: list[dict[str, Any]] = []
    for info in ordered:
        reached = totals.get(info.step, (0, 0))

        def frame_of(step: int = info.step, reached: int = reached[0]) -> pd.DataFrame:
            kept = sample if reached > sample else None
            return features.step_features(cuts, events, step, names, sample=kept, seed=seed)

        rows += _step_rows(info, reached, frame_of, names, seed=seed, folds=folds)
    return _table(rows)


__all__ = ["MAX_CUSTOMERS", "PREDICTIVE_COLUMNS", "StepInfo", "predictive"]
