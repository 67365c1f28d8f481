"""Versions of a workshop: what changed between two files, three-way merges, open conflicts.

Everything here works on the files' plain data, item by item through the ids, so lists
this version's model does not know yet (another tool's snapshots) compare and merge too.
"""

from .conflicts import open_conflicts, resolve
from .diff import Change, Diff, DifferentWorkshopsError, diff_documents
from .merge import MergeResult, merge_documents

__all__ = [
    "Change",
    "Diff",
    "DifferentWorkshopsError",
    "MergeResult",
    "diff_documents",
    "merge_documents",
    "open_conflicts",
    "resolve",
]
