"""The process reports run in: ``python -m cjm_widgets.reports.worker JOB OUTCOME`` makes
one; ``... worker --serve`` makes one per line ``JOB<tab>OUTCOME<tab>[more]`` on its stdin
and says ``DONE`` on its stdout after each, with the next report's kernel started
meanwhile when ``more`` says one is likely to follow.

It reads the job ``isolated`` wrote, makes the report (papermill may change this
process's working directory, and nothing else's) and writes the outcome back. Nothing
in the package imports this module: it is only ever run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..store import write_file
from .isolated import DONE, MORE, SERVE, job_from_json, outcome_to_json
from .kernels import Spare


def _spare(folder: Path) -> Spare | None:
    """A kernel started ahead in ``folder``, or None where one cannot start (the report
    then starts its own and says why if that fails too)."""
    try:
        return Spare(folder)
    except Exception:
        return None


def serve() -> int:
    """Make reports as their jobs come, one per line, until the input ends."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else writes to stdout (kernels, libraries) goes to stderr
    sys.stdout = sys.stderr
    spare: Spare | None = None
    try:
        for line in sys.stdin:
            job_text, outcome_text, *rest = line.rstrip("\n").split("\t")
            job_file, outcome_file = Path(job_text), Path(outcome_text)
            job = job_from_json(job_file.read_text(encoding="utf-8"))
            folder = job.workshop.parent
            current = spare if spare is not None and spare.folder == folder else None
            if spare is not None and current is None:
                spare.close()
            current = current or _spare(folder)
            # the next report's kernel, starting while this one runs
            spare = _spare(folder) if rest and rest[0] == MORE else None
            from .execute import run_job  # after the kernels start: they boot meanwhile

            outcome = run_job(job, current)
            write_file(outcome_file, outcome_to_json(outcome).encode("utf-8"))
            protocol.write(f"{DONE}\n")
            protocol.flush()
    finally:
        if spare is not None:
            spare.close()
    return 0


def main(argv: Sequence[str]) -> int:
    """Serve jobs (``--serve``), or run the job in the file ``argv[0]`` with its outcome
    into the file ``argv[1]``."""
    if list(argv) == [SERVE]:
        return serve()
    from .execute import run_job

    job_file, outcome_file = (Path(arg) for arg in argv)
    job = job_from_json(job_file.read_text(encoding="utf-8"))
    outcome = run_job(job)
    write_file(outcome_file, outcome_to_json(outcome).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
