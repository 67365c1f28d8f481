"""Each report in a Python process of its own, started afresh for it.

papermill changes the working directory while a template runs, and a working directory
belongs to a whole process: a report run in a thread of the Jupyter server (the
JupyterLab extension's "Export handout") would move it under every other request, and
reports run side by side would move it under each other. So every report runs as
``python -m cjm_widgets.reports.worker JOB OUTCOME``: the job goes in as JSON, its
outcome comes back as JSON, and the caller's working directory never changes. A fresh
interpreter (not a fork, not ``multiprocessing``) needs no ``__main__`` guard in the
caller's script and shares no threads or locks with a server.
"""

from __future__ import annotations

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


def run_isolated(job: Job) -> Outcome:
    """Make one report in a new Python process; never raises, like ``run_job``."""
    with tempfile.TemporaryDirectory(prefix="cjm-job-") as scratch:
        job_file = Path(scratch) / "job.json"
        outcome_file = Path(scratch) / "outcome.json"
        job_file.write_text(job_to_json(job), encoding="utf-8")
        command = [sys.executable, "-m", WORKER, str(job_file), str(outcome_file)]
        environment = {**os.environ, "PYTHONPATH": _import_path()}
        try:
            finished = subprocess.run(
                command, env=environment, stdin=subprocess.DEVNULL, check=False
            )
        except OSError as error:
            return Outcome(job, error=f"{type(error).__name__}: {error}")
        if not outcome_file.is_file():
            code = finished.returncode
            return Outcome(job, error=str(translate("report.process_failed", job.lang, code=code)))
        data = json.loads(outcome_file.read_text(encoding="utf-8"))
        written = tuple(Path(path) for path in data["written"])
        return Outcome(job, written, str(data["error"]))


__all__ = ["WORKER", "job_from_json", "job_to_json", "outcome_to_json", "run_isolated"]
