"""Ideas taken from the library: added to a workshop in one step, and remembered as such.

An idea remembers the solution it came from in the workshop's ``extensions``
(``{"library": {"solutions": {idea id: solution id}}}``): the document's schema stays as
it is, the link travels with the file, and ``cjm library add`` records it with the
idea's measured impact.
"""

from __future__ import annotations

from pydantic import JsonValue

from ..editing import add
from ..model import Idea, Workshop
from .matcher import Suggestion
from .messages import LibraryError

EXTENSION_KEY = "library"
"""The key of the library's data in a workshop's ``extensions``."""


def link_idea(workshop: Workshop, idea_id: str, solution_id: str) -> None:
    """Remember that idea ``idea_id`` was taken from library solution ``solution_id``."""
    if idea_id not in workshop.by_id("ideas"):
        raise LibraryError.of("library.unknown_idea", value=idea_id)
    current = workshop.extensions.get(EXTENSION_KEY)
    data: dict[str, JsonValue] = dict(current) if isinstance(current, dict) else {}
    found = data.get("solutions")
    links: dict[str, JsonValue] = dict(found) if isinstance(found, dict) else {}
    links[idea_id] = solution_id
    data["solutions"] = links
    workshop.extensions = {**workshop.extensions, EXTENSION_KEY: data}


def linked_solution(workshop: Workshop, idea_id: str) -> str | None:
    """The library solution idea ``idea_id`` was taken from, if it was."""
    data = workshop.extensions.get(EXTENSION_KEY)
    links = data.get("solutions") if isinstance(data, dict) else None
    found = links.get(idea_id) if isinstance(links, dict) else None
    return found if isinstance(found, str) else None


def add_suggested_idea(workshop: Workshop, suggestion: Suggestion) -> Idea:
    """The suggested solution as a new idea of the workshop: its title as the text, linked
    to the pain point it was suggested for, the library's typical effort and impact
    filled in for the group to rate, and its solution remembered."""
    idea = add(
        workshop,
        "ideas",
        {
            "text": suggestion.title,
            "pain_points": [suggestion.pain_point_id],
            "effort": suggestion.effort,
            "impact": suggestion.impact,
        },
    )
    assert isinstance(idea, Idea)
    link_idea(workshop, idea.id, suggestion.solution_id)
    return idea
