"""Reports in Python processes of their own, never in the caller's.

papermill changes the working directory while a template runs, and a working directory
belongs to a whole process: a report run in a thread of the Jupyter server (the
JupyterLab extension's "Export handout") would move it under every other request, and
reports run side by side would move it under each other. So reports run in report
processes: ``python -m cjm_widgets.reports.worker JOB OUTCOME`` for one report
(``run_isolated``), or ``... worker --serve`` for one after another (``ReportProcess``,
a batch's worker: its imports and the next report's kernel are ready when a report
ends). The job goes in as JSON, its outcome comes back as JSON, and the caller's working
directory never changes. A fresh interpreter (not a fork, not ``multiprocessing``) needs
no ``__main__`` guard in the caller's script and shares no threads or locks with a server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..i18n import translate
from .plan import Job, Outcome

WORKER = "cjm_widgets.reports.worker"
"""The module the report's process runs."""
SERVE = "--serve"
"""The worker's argument for making reports one after another, as they come on its stdin."""
MORE = "more"
"""The job line's third field when another report is likely to follow."""
DONE = "cjm-report-done"
"""The line a serving worker writes on its stdout when a report's outcome is written."""

CLOSE_SECONDS = 60
"""How long a batch's report process may take to shut its last kernels down."""
_PATH_FIELDS = ("workshop", "template", "out")


def job_to_json(job: Job) -> str:
    """``job`` as JSON text (paths as text), for the report's process."""
    return json.dumps(dataclasses.asdict(job), default=str)


def job_from_json(text: str) -> Job:
    """The ``Job`` that ``job_to_json`` wrote."""
    data: dict[str, Any] = json.loads(text)
    for name in _PATH_FIELDS:
        data[name] = Path(data[name])
    data["parameters"] = tuple((str(key), str(value)) for key, value in data["parameters"])
    return Job(**data)


def outcome_to_json(outcome: Outcome) -> str:
    """What the report's process hands back: the files written, or why none were."""
    return json.dumps({"written": [str(path) for path in outcome.written], "error": outcome.error})


def _import_path() -> str:
    """The caller's ``sys.path``, so the report's process imports this same package (a
    checkout, a notebook's added folder) and the plugins the caller can import."""
    entries = [str(Path(entry).absolute()) for entry in sys.path if entry]
    return os.pathsep.join(dict.fromkeys(entries))


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": _import_path()}


def _outcome(job: Job, outcome_file: Path, code: int | None) -> Outcome:
    """The outcome the report's process wrote, or that it ended (``code``) without one."""
    if not outcome_file.is_file():
        return Outcome(job, error=str(translate("report.process_failed", job.lang, code=code)))
    data = json.loads(outcome_file.read_text(encoding="utf-8"))
    written = tuple(Path(path) for path in data["written"])
    return Outcome(job, written, str(data["error"]))


class ReportProcess:
    """A report process kept for a batch: it makes the reports it is given one after
    another, and is started again if one of them takes it down."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._scratch = tempfile.TemporaryDirectory(prefix="cjm-jobs-")
        self._count = 0

    def _running(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", WORKER, SERVE], env=_environment(),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            )  # fmt: skip
        return self._process

    def run(self, job: Job, more: bool = False) -> Outcome:
        """Make ``job``'s report; never raises, like ``run_job``. ``more``: another report
        is likely to follow, so the process starts its kernel meanwhile."""
        self._count += 1
        folder = Path(self._scratch.name)
        job_file, outcome_file = (
            folder / f"job-{self._count}.json",
            folder / f"outcome-{self._count}.json",
        )
        job_file.write_text(job_to_json(job), encoding="utf-8")
        try:
            process = self._running()
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(f"{job_file}\t{outcome_file}\t{MORE if more else ''}\n")
            process.stdin.flush()
            for line in process.stdout:
                if line.strip() == DONE:
                    return _outcome(job, outcome_file, None)
        except OSError as error:  # it could not start, or it ended before reading the job
            if self._process is None:
                return Outcome(job, error=f"{type(error).__name__}: {error}")
        return _outcome(job, outcome_file, self._ended())

    def _ended(self, timeout: float | None = None) -> int | None:
        """Wait for the process to end (killed after ``timeout`` s), close its pipes, and
        give its exit code; the next report starts a new one."""
        process, self._process = self._process, None
        if process is None:
            return None
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        if process.stdout is not None:
            process.stdout.close()
        return code

    def close(self) -> None:
        """Let the process finish (it ends when its input does) and remove the job files."""
        self._ended(timeout=CLOSE_SECONDS)
        self._scratch.cleanup()


def run_isolated(job: Job) -> Outcome:
    """Make one report in a new Python process; never raises, like ``run_job``."""
    with tempfile.TemporaryDirectory(prefix="cjm-job-") as scratch:
        job_file = Path(scratch) / "job.json"
        outcome_file = Path(scratch) / "outcome.json"
        job_file.write_text(job_to_json(job), encoding="utf-8")
        command = [sys.executable, "-m", WORKER, str(job_file), str(outcome_file)]
        try:
            finished = subprocess.run(
                command, env=_environment(), stdin=subprocess.DEVNULL, check=False
            )
        except OSError as error:
            return Outcome(job, error=f"{type(error).__name__}: {error}")
        return _outcome(job, outcome_file, finished.returncode)


__all__ = [
    "DONE", "MORE", "SERVE", "WORKER", "ReportProcess", "job_from_json", "job_to_json",
    "outcome_to_json", "run_isolated",
]  # fmt: skip
