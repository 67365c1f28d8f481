"""cjm diff, the merge and git's text form of a 5,000-touchpoint workshop; prints the figures.

Target: a diff or a merge of two versions under 1 s, so git's merge driver and
`git log -p` stay quick. Run:
    python benchmarks/bench_versions.py [--touchpoints 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import timed
from cjm_widgets import Workshop
from cjm_widgets.versions import diff_documents, merge_documents
from cjm_widgets.versions.files import merge_files
from cjm_widgets.versions.text import diff_text, workshop_text
from tests.synthetic import synthetic_workshop


def versions(touchpoints: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A base, ours (every 10th emotion changed) and theirs (every 7th touchpoint renamed,
    200 touchpoints added in the middle)."""
    base = synthetic_workshop(touchpoints).to_dict()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for index, tp in enumerate(ours["touchpoints"]):
        if index % 10 == 0:
            tp["emotion"] = 1 + (index // 10) % 5
    for index, tp in enumerate(theirs["touchpoints"]):
        if index % 7 == 0:
            tp["title"] += " (renamed)"
    middle = len(theirs["touchpoints"]) // 2
    template = theirs["touchpoints"][0]
    for number in range(200):
        added = {**copy.deepcopy(template), "id": f"tp-added-{number}", "title": f"New {number}"}
        theirs["touchpoints"].insert(middle + number, added)
    return base, ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base, ours, theirs = versions(args.touchpoints)
    diff = diff_documents(base, theirs)
    print(
        f"{args.touchpoints} touchpoints; theirs differs from base in {len(diff.changes)} changes"
    )
    timed(
        "diff (by id and field, with the summary)",
        lambda: diff_documents(base, theirs),
        args.repeat,
    )
    timed("diff as text", lambda: diff_text(diff), args.repeat)
    timed("three-way merge (plain data)", lambda: merge_documents(base, ours, theirs), args.repeat)
    timed("workshop as text (git textconv)", lambda: workshop_text(theirs), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, document in (("base", base), ("ours", ours), ("theirs", theirs)):
            paths[name] = Workshop.from_dict(document).save(Path(folder) / f"{name}.cjm.json")
        ours_bytes = paths["ours"].read_bytes()
        timed(
            "for scale: Workshop.load of one version",
            lambda: Workshop.load(paths["ours"]),
            args.repeat,
        )

        def merge() -> None:
            paths["ours"].write_bytes(ours_bytes)
            merge_files(paths["base"], paths["ours"], paths["theirs"])

        timed("merge driver's work: read, check, merge, write", merge, args.repeat)
        cjm = Path(sys.executable).parent / "cjm"
        if cjm.is_file():
            command = [str(cjm), "git", "textconv", str(paths["theirs"])]
            timed(
                "cjm git textconv as git runs it (a process)",
                lambda: subprocess.run(command, check=True, capture_output=True),
                args.repeat,
            )


if __name__ == "__main__":
    main()
