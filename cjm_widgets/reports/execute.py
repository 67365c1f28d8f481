"""One report made: papermill runs the template in a kernel, then the handout, PDF and deck.

Kernels talk over local sockets where the system has them; a kernel that fails to start
under load is retried; files are replaced atomically, so a failed report never leaves a
half-written handout that looks finished. ``run_job`` never raises: a batch goes on.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate
from ..store import make_folder, write_file
from .assembly import deck, handout
from .kernels import ENGINE, Spare, kernel_manager, register_engine
from .pdf import print_pdf
from .plan import Job, Outcome

KERNEL_START_TRIES = 3


def _execute(job: Job, executed: Path, spare: Spare | None = None) -> None:
    """Run the template; in ``spare``'s kernel when it was started in the job's folder."""
    import papermill

    manager = kernel_manager()
    fresh: dict[str, object] = {"kernel_manager_class": manager} if manager is not None else {}
    options = fresh
    if spare is not None and spare.folder == job.workshop.parent:
        register_engine()
        options = {"engine_name": ENGINE, "km": spare.manager}
    elif spare is not None:
        spare.close()  # started in another folder: a kernel's directory is set at its start

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
                request_save_on_cell_execute=False,  # one save at the end, not one per cell
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
            options = fresh  # a spare that failed too: the next try starts a kernel afresh


def run_job(job: Job, spare: Spare | None = None) -> Outcome:
    """Make one report (in ``spare``'s kernel, if given: it is used up either way); never
    raises: problems come back in the outcome."""
    import nbformat
    import papermill

    try:
        make_folder(job.out)
        with tempfile.TemporaryDirectory(prefix="cjm-report-") as scratch:
            executed = Path(scratch) / f"{job.stem}.ipynb"
            try:
                _execute(job, executed, spare)
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
                page = handout(job, nbformat.read(str(executed), as_version=4))
                html_path = write_file(job.out / f"{job.stem}.html", page.encode("utf-8"))
                written.append(html_path)
                if job.to == "pdf":
                    written.append(print_pdf(html_path, job.out / f"{job.stem}.pdf", job.lang))
            if job.pptx:
                written.append(deck(job))
            return Outcome(job, tuple(written))
    except CjmError as error:
        return Outcome(job, error=str(error))
    except Exception as error:  # a report must not take the batch down
        return Outcome(job, error=f"{type(error).__name__}: {error}")
    finally:
        if spare is not None:
            spare.close()


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
