"""Running report templates in batches: plan, then each job in a process of its own.

Every workshop is validated before any kernel starts (``plan``). Each report, even a
batch of one, runs in a new Python process (``isolated``): papermill changes the working
directory, which the caller shares with its other threads (a Jupyter server's requests
too). Threads here only wait for those processes, ``workers`` at a time, and one failure
in a batch does not stop the others. The planning, executing and printing names are
re-exported here, where callers have always found them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from ..i18n import translate
from .execute import KERNEL_START_TRIES, run_job
from .isolated import run_isolated
from .pdf import chromium, print_pdf
from .plan import PAPERS, Format, Job, Outcome, Paper, plan, template_path

__all__ = [
    "KERNEL_START_TRIES", "PAPERS", "Format", "Job", "Outcome", "Paper", "chromium", "plan",
    "print_pdf", "progress_line", "render", "run_batch", "run_isolated", "run_job", "template_path",
]  # fmt: skip


def run_batch(
    jobs: Sequence[Job],
    *,
    workers: int = 1,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job in a process of its own, ``workers`` at a time; returns outcomes in
    job order."""
    outcomes: dict[int, Outcome] = {}
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        futures = {pool.submit(run_isolated, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcomes[index] = future.result()
            except Exception as error:  # a report must not take the batch down
                outcomes[index] = Outcome(jobs[index], error=f"{type(error).__name__}: {error}")
            if progress:
                progress(len(outcomes), len(jobs), outcomes[index])
    return [outcomes[i] for i in range(len(jobs))]


def render(
    paths: str | Path | Sequence[str | Path],
    *,
    template: str = "report",
    out: str | Path | None = None,
    to: Format = "html",
    per_persona: bool = False,
    lang: str | None = None,
    jobs: int = 1,
    progress: Callable[[int, int, Outcome], None] | None = None,
    events: str | None = None,
    period: str = "month",
    previous: str | Path | None = None,
    pptx: bool = False,
    paper: Paper = "a4",
) -> list[Outcome]:
    """Make reports (handouts) for one or more workshop files; see ``cjm report``.

    ``previous``: an earlier version of the workshop, for templates that show what changed
    since (the follow-up's "What changed since the last workshop").
    """
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    planned, refused = plan(
        files, template=template, out=out, to=to, per_persona=per_persona, lang=lang,
        events=events, period=period, previous=previous, pptx=pptx, paper=paper,
    )  # fmt: skip
    return refused + run_batch(planned, workers=max(1, jobs), progress=progress)


def progress_line(done: int, total: int, outcome: Outcome) -> None:
    """The command line's progress: a bar, the count, and what just finished."""
    width = 24
    filled = round(width * done / total)
    mark = translate("report.ok") if outcome.ok else translate("report.failed")
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {mark}: {outcome.job.stem}\n"
    )
