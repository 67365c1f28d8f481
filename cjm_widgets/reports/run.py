"""Running report templates in batches: plan, then each job in a process of its own.

Every workshop is validated before any kernel starts (``plan``). Each report, even a
batch of one, runs in a new Python process (``isolated``): papermill changes the working
directory, which the caller shares with its other threads (a Jupyter server's requests
too). Threads here only wait for those processes, ``workers`` at a time, and one failure
in a batch does not stop the others. The planning, executing and printing names are
re-exported here, where callers have always found them.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from ..i18n import translate
from .execute import KERNEL_START_TRIES, run_job
from .isolated import ReportProcess, run_isolated
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
    """Run every job in report processes (never this one), ``workers`` at a time, each
    process making report after report; returns outcomes in job order."""
    if not jobs:
        return []
    waiting: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        waiting.put(index)
    outcomes: dict[int, Outcome] = {}
    lock = threading.Lock()

    def work() -> None:
        process = ReportProcess()
        try:
            while True:
                try:
                    index = waiting.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome = process.run(jobs[index], more=not waiting.empty())
                except Exception as error:  # a report must not take the batch down
                    outcome = Outcome(jobs[index], error=f"{type(error).__name__}: {error}")
                with lock:
                    outcomes[index] = outcome
                    if progress:
                        progress(len(outcomes), len(jobs), outcome)
        finally:
            process.close()

    threads = [threading.Thread(target=work) for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
