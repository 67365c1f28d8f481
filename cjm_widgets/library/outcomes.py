"""Measured outcomes of your own past workshops, kept on this machine and found again.

``record_outcomes`` writes a finished workshop's launched ideas, with the impact rows of
its current measurement snapshot (before, after, difference and 95% interval of the
step conversion), into the library folder: one ``<name>.outcomes.json`` per workshop,
written atomically, by default in the user's data folder (platformdirs). Nothing is
sent anywhere. ``outcome_lines`` then tells, for a suggested solution, where it was
tried and what it did, in the reader's language.

An idea taken from the library remembers its solution (``ideas.linked_solution``); ideas
typed by hand are matched to solutions by their text.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..errors import CjmError, CjmWarning
from ..i18n import format_date, format_number, translate
from ..ids import slugify
from ..model import MeasuredImpact, Workshop
from ..model_types import EntityId, IdeaStatus
from ..store import make_folder, path_of, stem_of, write_file
from .ideas import linked_solution
from .matcher import similar_solution
from .messages import LibraryError
from .schema import LibraryRecord, parse, read_json
from .solutions import SolutionLibrary, registered_library

OUTCOMES_SUFFIX = ".outcomes.json"


class LibraryWarning(CjmWarning):
    """A file in the library folder could not be read and was skipped."""


class Figure(MeasuredImpact):
    """A launched idea's measured effect on one touchpoint's step conversion (shares 0-1),
    as the snapshot had it, with the touchpoint's title of the time."""

    touchpoint_title: str = ""


class LaunchedIdea(LibraryRecord):
    """An idea that reached customers, the solution it came from (if known) and its figures."""

    idea: str
    text: str
    solution: EntityId | None = None
    status: IdeaStatus = "done"
    launched_on: date | None = None
    figures: list[Figure] = Field(default_factory=list)


class WorkshopOutcomes(LibraryRecord):
    """One workshop's launched ideas as recorded in the library folder."""

    format: Literal[1] = 1
    name: str
    workshop: str
    organisation: str = ""
    language: str
    recorded_at: datetime
    period_start: datetime | None = None
    period_end: datetime | None = None
    ideas: list[LaunchedIdea]


def default_library_folder() -> Path:
    """The user's own library folder (``~/.local/share/cjm-widgets/library`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("cjm-widgets", appauthor=False) / "library"


# -- recording ---------------------------------------------------------------------------


def launched_ideas(workshop: Workshop) -> WorkshopOutcomes:
    """The workshop's launched ideas (those with a launch date) and the impact rows of its
    current measurement snapshot; a LibraryError if no idea was launched."""
    launched = [idea for idea in workshop.ideas if idea.launched_on is not None]
    if not launched:
        raise LibraryError.of("library.no_launched", workshop=workshop.title)
    snapshot = workshop.current_measurement()
    titles = {tp.id: tp.title for tp in workshop.touchpoints}
    impact = snapshot.impact if snapshot else []
    ideas = [
        LaunchedIdea(
            idea=idea.id,
            text=idea.text,
            solution=linked_solution(workshop, idea.id),
            status=idea.status,
            launched_on=idea.launched_on,
            figures=[
                Figure(touchpoint_title=titles.get(row.touchpoint, ""), **row.model_dump())
                for row in impact
                if row.idea == idea.id
            ],
        )
        for idea in launched
    ]
    return WorkshopOutcomes(
        name=_name_of(workshop),
        workshop=workshop.title,
        organisation=workshop.organisation,
        language=workshop.language,
        recorded_at=datetime.now().replace(microsecond=0),
        period_start=snapshot.period_start if snapshot else None,
        period_end=snapshot.period_end if snapshot else None,
        ideas=ideas,
    )


def _name_of(workshop: Workshop) -> str:
    path = path_of(workshop)
    return slugify(stem_of(path) if path else workshop.title) or "workshop"


def record_outcomes(
    workshop: Workshop, folder: str | Path | None = None, name: str | None = None
) -> Path:
    """Write the workshop's launched ideas and their measured impact to the library folder
    (replacing what was recorded for it before); returns the file written."""
    outcomes = launched_ideas(workshop)
    if name:
        outcomes = outcomes.model_copy(update={"name": slugify(name) or outcomes.name})
    target = make_folder(Path(folder) if folder else default_library_folder())
    payload = outcomes.model_dump_json(indent=2) + "\n"
    return write_file(target / f"{outcomes.name}{OUTCOMES_SUFFIX}", payload.encode("utf-8"))


def read_outcomes(folder: str | Path | None = None) -> list[WorkshopOutcomes]:
    """Every workshop recorded in the library folder, by file name; a file that cannot be
    read is named in a warning and skipped, so one broken file hides nothing else."""
    chosen = Path(folder) if folder else default_library_folder()
    if not chosen.is_dir():
        return []
    found = []
    for path in sorted(chosen.glob(f"*{OUTCOMES_SUFFIX}")):
        try:
            found.append(parse(WorkshopOutcomes, read_json(path), str(path)))
        except CjmError as error:
            warnings.warn(
                str(translate("library.outcomes_skipped", reason=error)),
                LibraryWarning,
                stacklevel=2,
            )
    return found


# -- finding and telling -----------------------------------------------------------------


def tried(
    solution_id: str,
    outcomes: Iterable[WorkshopOutcomes],
    library: SolutionLibrary | None = None,
) -> list[tuple[WorkshopOutcomes, LaunchedIdea]]:
    """The recorded ideas that were this solution: linked to it, or (not linked to any)
    described by a text most alike to it in the workshop's language."""
    chosen = library or registered_library()
    found = []
    for record in outcomes:
        for idea in record.ideas:
            same = idea.solution == solution_id
            if idea.solution is None:
                same = similar_solution(chosen, idea.text, record.language) == solution_id
            if same:
                found.append((record, idea))
    return found


def _points(share: float, lang: str, signed: bool = False) -> str:
    """A difference of shares in percentage points, as readers of ``lang`` write it."""
    text = format_number(round(share * 100, 1), lang)
    return f"+{text}" if signed and share > 0 else text


def idea_outcome_lines(record: WorkshopOutcomes, idea: LaunchedIdea, lang: str) -> list[str]:
    """What one launched idea did, one line per measured touchpoint, in ``lang``:
    "tried at WORKSHOP: step conversion +13.9 points (95% CI 9.4 to 18.1)"."""
    if not idea.figures or all(figure.difference is None for figure in idea.figures):
        launched = format_date(idea.launched_on, lang) if idea.launched_on else "-"
        return [
            translate("library.outcome.not_measured", lang, workshop=record.workshop, date=launched)
        ]
    lines: list[str] = []
    for figure in idea.figures:
        if figure.difference is None:
            continue
        params = {"workshop": record.workshop, "difference": _points(figure.difference, lang, True)}
        if figure.small_sample:
            key = "library.outcome.small_sample"
        elif figure.ci_low is not None and figure.ci_high is not None:
            key = "library.outcome.measured"
            params.update(low=_points(figure.ci_low, lang), high=_points(figure.ci_high, lang))
        else:
            key = "library.outcome.no_interval"
        lines.append(translate(key, lang, **params))
    return lines


def outcome_lines(
    solution_id: str,
    outcomes: Iterable[WorkshopOutcomes],
    lang: str,
    library: SolutionLibrary | None = None,
) -> list[str]:
    """Where a solution was tried and what it did, one line per measured touchpoint."""
    return [
        line
        for record, idea in tried(solution_id, outcomes, library)
        for line in idea_outcome_lines(record, idea, lang)
    ]
