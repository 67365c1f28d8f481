"""One step's gradient boosting model, cross-validated (used by ``predictive``).

``submit`` hands a step's folds to a thread pool shared by every step of a batch, so
the two cores stay busy from the first fold of the first step to the last fold of the
last (five folds of one step on two threads would leave one idle a third of the time);
``combine`` gathers them into the step's figures. Each fold's figures depend only on
its rows and the seed, so the table is the same whatever the order the folds ran in.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

import numpy as np

IMPORTANCE_ROWS = 5_000
"""Held-out customers the permutation importance is measured on at most: each feature
is shuffled ``IMPORTANCE_REPEATS`` times and predicted again."""

IMPORTANCE_REPEATS = 3

MAX_ITER = 30
"""Boosting rounds at most, of trees of at most ``LEAVES`` leaves at a learning rate
of ``LEARNING_RATE``; early stopping on a fixed, seeded tenth of the training
customers ends them sooner when the validation loss has not improved for
``STOP_AFTER`` rounds. On a few thousand customers a fit's time goes to growing the
trees in Python, not to the data, and folds on two threads do not run faster than on
one: on the benchmark's seven steps this takes 0.4 times the time of 100 rounds of 31
leaves at 0.1 (scikit-learn's defaults), for the same AUC within 0.003."""

LEARNING_RATE = 0.3

LEAVES = 15

STOP_AFTER = 5


def warm_up() -> None:
    """Import scikit-learn and SciPy's statistics on a thread of their own, so the
    second they take passes while the engine reads the log instead of after it."""

    def load() -> None:
        with contextlib.suppress(ImportError):
            import scipy.stats  # noqa: F401
            import sklearn.ensemble
            import sklearn.model_selection  # noqa: F401

    threading.Thread(target=load, name="cjm-warm-up", daemon=True).start()


def rank_auc(success: np.ndarray, scores: np.ndarray) -> float:
    """The ROC AUC as the Mann-Whitney statistic (ties count half): scikit-learn's
    figure without its checks of the input, which cost more than the model's
    prediction when permutation importance scores hundreds of shuffles."""
    from scipy.stats import rankdata

    positive = int(success.sum())
    negative = len(success) - positive
    ranks = rankdata(scores)
    return float((ranks[success].sum() - positive * (positive + 1) / 2) / (positive * negative))


def _importance(
    model: Any, inputs: np.ndarray, success: np.ndarray, seed: int, repeats: int
) -> np.ndarray:
    """Each input's permutation importance on ``inputs``: the ROC AUC lost, on average
    over ``repeats`` seeded shuffles, when that input's column is shuffled. Every
    shuffled copy of one repeat is scored in one prediction (scikit-learn's
    ``permutation_importance`` predicts once per column and shuffle, and on a few
    thousand customers that call's overhead costs more than the model's work)."""
    rows, width = inputs.shape
    if width == 0:
        return np.zeros(0)
    base = rank_auc(success, model.predict_proba(inputs)[:, 1])
    random = np.random.default_rng(seed)
    lost = np.zeros((repeats, width))
    for repeat in range(repeats):
        shuffled = np.tile(inputs, (width, 1))
        for column in range(width):
            block = slice(column * rows, (column + 1) * rows)
            shuffled[block, column] = inputs[random.permutation(rows), column]
        scores = model.predict_proba(shuffled)[:, 1]
        for column in range(width):
            block = scores[column * rows : (column + 1) * rows]
            lost[repeat, column] = base - rank_auc(success, block)
    return np.asarray(lost.mean(axis=0), dtype=float)


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
    runs one thread here (its thread count is each thread's own setting, so it is set
    in the fold): folds run side by side instead, which never makes threads spin for
    cores another process holds (on a busy machine that made a fit ten times slower)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import train_test_split
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        model = HistGradientBoostingClassifier(
            max_iter=MAX_ITER,
            learning_rate=LEARNING_RATE,
            max_leaf_nodes=LEAVES,
            early_stopping=True,
            validation_fraction=0.1,
            n_iter_no_change=STOP_AFTER,
            random_state=seed,
        )
        model.fit(inputs[train], success[train])
        score = rank_auc(success[test], model.predict_proba(inputs[test])[:, 1])
        held = test
        if len(held) > rows:
            held, _rest = train_test_split(
                held, train_size=rows, stratify=success[held], random_state=seed
            )
        found = _importance(model, inputs[held], success[held], seed, IMPORTANCE_REPEATS)
    return score, found


@dataclass(frozen=True)
class Figures:
    """A step's model: the mean and standard deviation over the folds of the held-out
    ROC AUC, and each input's permutation importance (mean over the folds)."""

    auc: float
    spread: float
    importance: np.ndarray


def submit(
    pool: Executor, inputs: np.ndarray, success: np.ndarray, *, seed: int, folds: int
) -> list[Future[tuple[float, np.ndarray]]]:
    """A stratified ``folds``-fold cross-validation of one step, its folds queued on
    ``pool``; the importance on at most ``IMPORTANCE_ROWS`` held-out customers in all."""
    from sklearn.model_selection import StratifiedKFold

    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    rows = max(2, -(-IMPORTANCE_ROWS // folds))
    return [
        pool.submit(_fold, inputs, success, train, test, seed, rows)
        for train, test in splits.split(inputs, success)
    ]


def combine(done: list[Future[tuple[float, np.ndarray]]]) -> Figures:
    """The step's figures once its folds are done (an error of a fold is raised here)."""
    found = [future.result() for future in done]
    scores = [score for score, _importance in found]
    importance = np.mean([shuffled for _score, shuffled in found], axis=0)
    return Figures(float(np.mean(scores)), float(np.std(scores)), importance)


__all__ = ["Figures", "combine", "rank_auc", "submit", "warm_up"]
