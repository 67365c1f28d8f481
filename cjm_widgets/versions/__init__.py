"""Versions of a workshop: what changed between two files, three-way merges, open conflicts.

Item by item through the ids. A diff compares two validated workshops under the field
names of the declared tables; a merge works on the files' plain data, so lists this
version's model does not know yet (another tool's snapshots) merge too.
"""

from .conflicts import open_conflicts, resolve
from .diff import Change, Diff, DifferentWorkshopsError, diff_documents, diff_workshops
from .merge import MergeResult, merge_documents

__all__ = [
    "Change",
    "Diff",
    "DifferentWorkshopsError",
    "MergeResult",
    "diff_documents",
    "diff_workshops",
    "merge_documents",
    "open_conflicts",
    "resolve",
]
