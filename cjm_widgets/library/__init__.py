"""The library: journey templates to start from, and what others did about the same pain.

- ``journeys``: complete workshops in five languages (``workshop_from_template``)
- ``solutions``: solution patterns tagged with problem kinds (``load_solutions``)
- ``matcher``: the best solutions for each pain point of a workshop (``suggest``)
- ``tables``: suggestions as rows, a DataFrame or CSV
- ``ideas``: a suggestion added to a workshop as an idea that remembers its solution
- ``outcomes``: launched ideas' measured impact kept in a library folder, found again

Every text is written in en, fi, sv, da and nb. docs/library.md explains the data.
"""

from __future__ import annotations

from .ideas import add_suggested_idea, link_idea, linked_solution
from .journeys import (
    JourneyTemplate,
    journey_template,
    journey_templates,
    registered_templates,
    structure_of,
    workshop_from_template,
)
from .matcher import Suggestion, suggest
from .messages import LIBRARY_LANGUAGES, LibraryError
from .outcomes import (
    WorkshopOutcomes,
    default_library_folder,
    outcome_lines,
    read_outcomes,
    record_outcomes,
)
from .schema import Solution, Tag
from .solutions import SolutionLibrary, kit_library, load_solutions, registered_library
from .tables import CSV_COLUMNS, suggestions_csv, suggestions_frame, write_suggestions_csv

__all__ = [
    "CSV_COLUMNS",
    "LIBRARY_LANGUAGES",
    "JourneyTemplate",
    "LibraryError",
    "Solution",
    "SolutionLibrary",
    "Suggestion",
    "Tag",
    "WorkshopOutcomes",
    "add_suggested_idea",
    "default_library_folder",
    "journey_template",
    "journey_templates",
    "kit_library",
    "link_idea",
    "linked_solution",
    "load_solutions",
    "outcome_lines",
    "read_outcomes",
    "record_outcomes",
    "registered_library",
    "registered_templates",
    "structure_of",
    "suggest",
    "suggestions_csv",
    "suggestions_frame",
    "workshop_from_template",
    "write_suggestions_csv",
]
