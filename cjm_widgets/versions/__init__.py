"""Versions of a workshop: what changed between two files, three-way merges, open conflicts.

Item by item through each list's key (an id, a rating's participant, target and field, or
the whole item: ``keys.py``). A diff compares two validated workshops under the field
names of the declared tables; a merge works on the files' plain data, so lists this
version's model does not know yet merge too, by id, or are refused when both sides
changed one whose items nothing tells apart.
"""

from .conflicts import open_conflicts, resolve
from .diff import Change, Diff, DifferentWorkshopsError, diff_documents, diff_workshops
from .merge import MergeResult, UnmergeableListError, merge_documents

__all__ = [
    "Change",
    "Diff",
    "DifferentWorkshopsError",
    "MergeResult",
    "UnmergeableListError",
    "diff_documents",
    "diff_workshops",
    "merge_documents",
    "open_conflicts",
    "resolve",
]
