"""Running report templates: papermill executes, nbconvert turns the result into a handout.

Every workshop is validated before any kernel starts. Each report runs in a process of
its own (papermill changes the working directory, so threads would collide), a kernel
that fails to start under load is retried, and files are replaced atomically: a failed
report never leaves a half-written handout that looks finished. One failure in a batch
does not stop the others.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import CjmError, StoreError, WorkshopError
from ..i18n import SOURCE_LANGUAGE, catalog, check_language, translate
from ..store import make_folder, write_file
from ..templates import report_templates
from ..workshop import Workshop

Format = Literal["html", "ipynb", "pdf"]
KERNEL_START_TRIES = 3


def template_path(template: str) -> Path:
    """A registered template (``report``, ``followup``, a plugin's) or a notebook file."""
    known = report_templates()
    if template in known:
        return known[template]
    path = Path(template)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    raise CjmError(
        translate("report.unknown_template", value=template, choices=", ".join(sorted(known)))
    )


@dataclass(frozen=True)
class Job:
    """One report to make: a workshop file, a template, a persona (or everyone), a language."""

    workshop: Path
    template: Path
    out: Path
    stem: str
    persona: str | None
    lang: str
    to: Format
    parameters: tuple[tuple[str, str], ...] = ()
    """Further template parameters (the monitor template's events and period)."""


@dataclass(frozen=True)
class Outcome:
    job: Job
    written: tuple[Path, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def plan(
    paths: Sequence[str | Path],
    *,
    template: str = "report",
    out: str | Path | None = None,
    to: Format = "html",
    per_persona: bool = False,
    lang: str | None = None,
    events: str | None = None,
    period: str = "month",
) -> tuple[list[Job], list[Outcome]]:
    """The jobs for a batch, and the workshops refused before any kernel starts (invalid files).

    With ``events`` (an event log), each report is made once per ``period`` found in the
    log, with ``events_path``, ``period_start`` and ``period_end`` as parameters.
    """
    source = template_path(template)
    periods = _periods(source, events, period)
    if to not in ("html", "ipynb", "pdf"):
        raise CjmError(translate("report.unknown_format", value=to))
    if lang is not None:
        check_language(lang)
    refused: list[Outcome] = []
    jobs: list[Job] = []
    for raw in paths:
        path = Path(raw)
        try:
            ws = Workshop.load(path)
        except (WorkshopError, StoreError) as error:
            stem = path.name.removesuffix(".cjm.json")
            job = Job(path, source, Path(out) if out else path.parent, stem, None, lang or "en", to)
            refused.append(Outcome(job, error=str(error)))
            continue
        folder = Path(out) if out is not None else path.parent
        stem = path.name.removesuffix(".cjm.json").removesuffix(".json")
        base = f"{stem}-{source.stem}"
        language = lang or ws.language
        personas: list[str | None] = (
            [p.id for p in ws.personas] if per_persona and ws.personas else [None]
        )
        for persona in personas:
            name = base if persona is None else f"{base}-{persona}"
            for label, parameters in periods:
                stem_ = f"{name}-{label}" if label else name
                jobs.append(
                    Job(path.resolve(), source, folder, stem_, persona, language, to, parameters)
                )
    return jobs, refused


def _periods(
    source: Path, events: str | None, period: str
) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """(file name part, parameters) per period of the log; one plain run without a log."""
    if events is None:
        if source.stem == "monitor":
            raise CjmError(translate("report.monitor_needs_events"))
        return [("", ())]
    from ..monitor.periods import PERIODS, months_in_log

    if period not in PERIODS:
        raise CjmError(translate("report.unknown_period", value=period, choices=", ".join(PERIODS)))
    log = str(Path(events).resolve()) if Path(events).exists() else events
    months = months_in_log(log)
    if not months:
        raise CjmError(translate("report.no_periods", events=events))
    return [
        (
            f"{start:%Y-%m}",
            (
                ("events_path", log),
                ("period_start", start.isoformat()),
                ("period_end", end.isoformat()),
            ),
        )
        for start, end in months
    ]


def _kernel_manager() -> type | None:
    """Kernels talk over local sockets where the system has them (no TCP ports, no warning)."""
    if os.name != "posix":
        return None
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class LocalSocketKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            # a socket path of its own, so kernels started side by side never collide
            return str(Path(tempfile.gettempdir()) / f"cjm-kernel-{secrets.token_hex(6)}")

    return LocalSocketKernelManager


def _execute(job: Job, executed: Path) -> None:
    import papermill

    manager = _kernel_manager()
    options = {"kernel_manager_class": manager} if manager is not None else {}

    parameters = {"workshop_path": str(job.workshop), "persona": job.persona, "lang": job.lang}
    parameters.update(dict(job.parameters))
    for attempt in range(1, KERNEL_START_TRIES + 1):
        try:
            papermill.execute_notebook(
                str(job.template),
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                language="python",
                cwd=str(job.workshop.parent),
                progress_bar=False,
                log_output=False,
                **options,
            )
            return
        except papermill.PapermillExecutionError:
            raise
        except (RuntimeError, TimeoutError, OSError) as error:
            # kernels started many at once fail with start timeouts or 'Address already in use'
            if attempt == KERNEL_START_TRIES or (
                "kernel" not in str(error).lower() and "address" not in str(error).lower()
            ):
                raise
            time.sleep(0.5 * attempt)


def run_job(job: Job) -> Outcome:
    """Make one report; never raises: problems come back in the outcome."""
    import nbformat
    import papermill

    try:
        make_folder(job.out)
        with tempfile.TemporaryDirectory(prefix="cjm-report-") as scratch:
            executed = Path(scratch) / f"{job.stem}.ipynb"
            try:
                _execute(job, executed)
            except papermill.PapermillExecutionError as error:
                cell, first_line = _template_cell(job.template, error.cell_index)
                message = translate(
                    "report.cell_failed",
                    template=job.template.name,
                    cell=cell,
                    line=first_line,
                    ename=error.ename,
                    evalue=error.evalue,
                )
                return Outcome(job, error=message)
            notebook_path = write_file(job.out / f"{job.stem}.ipynb", executed.read_bytes())
            written = [notebook_path]
            if job.to in ("html", "pdf"):
                page = _handout(job, nbformat.read(str(executed), as_version=4))
                html_path = write_file(job.out / f"{job.stem}.html", page.encode("utf-8"))
                written.append(html_path)
                if job.to == "pdf":
                    written.append(print_pdf(html_path, job.out / f"{job.stem}.pdf", job.lang))
            return Outcome(job, tuple(written))
    except CjmError as error:
        return Outcome(job, error=str(error))
    except Exception as error:  # a report must not take the batch down
        return Outcome(job, error=f"{type(error).__name__}: {error}")


def _template_cell(template: Path, index: int) -> tuple[int, str]:
    """The failing cell's number (from 1) and first line in the template itself.

    ``index`` counts the executed notebook's cells, where papermill injected a cell
    right after the one tagged ``parameters``.
    """
    import nbformat

    cells = nbformat.read(str(template), as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
    position = index - 1 if tagged and index > tagged[0] else index
    lines = cells[position].source.strip().splitlines() if 0 <= position < len(cells) else []
    return position + 1, lines[0] if lines else ""


def _handout(job: Job, notebook: object) -> str:
    from .handout import handout_html

    ws = Workshop.load(job.workshop)
    title = ws.title
    if job.persona is not None:
        title = f"{ws.title}: {ws.by_id('personas')[job.persona].name}"
    kind_key = f"report.kind.{job.template.stem}"
    kind = (
        translate(kind_key, job.lang) if kind_key in catalog(SOURCE_LANGUAGE) else job.template.stem
    )
    subtitle = " · ".join(part for part in (ws.organisation, kind) if part)
    generated = time.strftime("%Y-%m-%d %H:%M")
    return handout_html(
        notebook, title=title, subtitle=subtitle, lang=job.lang, generated=generated
    )


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: Path, pdf_path: Path, lang: str) -> Path:
    """Print the handout to PDF with headless Chromium (its print stylesheet applies)."""
    browser = chromium()
    if browser is None:
        raise CjmError(translate("report.no_chromium", lang))
    with tempfile.TemporaryDirectory(prefix="cjm-pdf-") as scratch:
        target = Path(scratch) / "handout.pdf"
        command = [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={scratch}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            html_path.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
        if result.returncode != 0 or not target.is_file():
            raise CjmError(
                translate("report.pdf_failed", lang, reason=result.stderr.strip()[-300:])
            )
        return write_file(pdf_path, target.read_bytes())


def run_batch(
    jobs: Sequence[Job],
    *,
    workers: int = 1,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job, ``workers`` at a time in separate processes; returns outcomes in job order."""
    outcomes: dict[int, Outcome] = {}
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            outcomes[index] = run_job(job)
            if progress:
                progress(len(outcomes), len(jobs), outcomes[index])
        return [outcomes[i] for i in range(len(jobs))]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_job, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcomes[index] = future.result()
            except Exception as error:  # the worker process itself died
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
) -> list[Outcome]:
    """Make reports (handouts) for one or more workshop files; see ``cjm report``."""
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    planned, refused = plan(
        files, template=template, out=out, to=to, per_persona=per_persona, lang=lang,
        events=events, period=period,
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
