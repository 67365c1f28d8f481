"""The process one report runs in (``python -m cjm_widgets.reports.worker JOB OUTCOME``).

It reads the job ``isolated.run_isolated`` wrote, makes the report (papermill may change
this process's working directory, and nothing else's) and writes the outcome back.
Nothing in the package imports this module: it is only ever run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..store import write_file
from .execute import run_job
from .isolated import job_from_json, outcome_to_json


def main(argv: Sequence[str]) -> int:
    """Run the job in the file ``argv[0]``; its outcome into the file ``argv[1]``."""
    job_file, outcome_file = (Path(arg) for arg in argv)
    job = job_from_json(job_file.read_text(encoding="utf-8"))
    outcome = run_job(job)
    write_file(outcome_file, outcome_to_json(outcome).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
