"""Report speed, measured in one run on this machine.

Prints: one report end to end (`cjm report`); a batch of 8 reports with --jobs 2; the
same 8 through the plain pipeline a user would otherwise script (the `papermill`
command, then `jupyter nbconvert --to html --no-input`, per report, one after another);
and a bare papermill run of an empty notebook plus its nbconvert export.
Targets: batch <= 0.15 of the plain pipeline (issue 29); one report <= 1.5 x the bare run.
    python benchmarks/bench_reports.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BATCH_SHARE = 0.15
"""The batch's time as a share of the plain papermill + nbconvert pipeline's, at most."""


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    import nbformat

    sys.path.insert(0, str(ROOT))
    from cjm_widgets.samples import sample_workshop

    template = ROOT / "templates" / "notebooks" / "report.ipynb"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = []
        for index in range(8):
            ws = sample_workshop()
            ws.title = f"{ws.title} {index + 1}"
            files.append(ws.save(work / f"w{index + 1}.cjm.json"))
        empty = nbformat.v4.new_notebook()
        empty.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        empty.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
        nbformat.write(empty, work / "empty.ipynb")

        cjm, papermill, jupyter = str(BIN / "cjm"), str(BIN / "papermill"), str(BIN / "jupyter")
        bare = timed([papermill, "empty.ipynb", "empty-out.ipynb", "-k", "python3"], work)
        bare += timed([jupyter, "nbconvert", "--to", "html", "--no-input", "empty-out.ipynb"], work)
        one = timed([cjm, "report", str(files[0]), "--out", "one"], work)
        batch = timed([cjm, "report", *map(str, files), "--jobs", "2", "--out", "batch"], work)
        plain = 0.0
        for path in files:
            out = work / f"{path.stem}-plain.ipynb"
            plain += timed(
                [
                    papermill,
                    str(template),
                    str(out),
                    "-k",
                    "python3",
                    "-p",
                    "workshop_path",
                    str(path),
                ],
                work,
            )
            plain += timed([jupyter, "nbconvert", "--to", "html", "--no-input", str(out)], work)
        print(f"bare papermill (empty notebook) + nbconvert   {bare:6.2f} s")
        verdict = "met" if one <= 1.5 * bare else "MISSED"
        print(
            f"one report end to end (cjm report)            {one:6.2f} s   {one / bare:.2f} x bare"
        )
        print(f"   target one report <= 1.5 x bare: {verdict}")
        print(f"8 reports, cjm report --jobs 2                {batch:6.2f} s")
        verdict = "met" if batch <= BATCH_SHARE * plain else "MISSED"
        share = batch / plain
        print(f"8 reports, papermill + jupyter nbconvert      {plain:6.2f} s   share {share:.2f}")
        print(f"   target batch <= {BATCH_SHARE} of the plain pipeline: {verdict}")
        shutil.rmtree(work / "batch", ignore_errors=True)


if __name__ == "__main__":
    main()
