"""Planning a batch of reports: which template, which jobs, and what is refused up front.

Every workshop is validated here, before any kernel starts; a broken file becomes a
refused ``Outcome`` that names the problem, and the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import CjmError, StoreError, WorkshopError
from ..i18n import check_language, translate
from ..templates import report_templates
from ..workshop import Workshop

Format = Literal["html", "ipynb", "pdf"]
Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")


def template_path(template: str) -> Path:
    """A registered template (``report``, ``followup``, a plugin's) or a notebook file."""
    known = report_templates()
    if template in known:
        return known[template]
    path = Path(template)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    raise CjmError(
        translate("report.unknown_template", value=template, choices=", ".join(sorted(known)))
    )


@dataclass(frozen=True)
class Job:
    """One report to make: a workshop file, a template, a persona (or everyone), a language."""

    workshop: Path
    template: Path
    out: Path
    stem: str
    persona: str | None
    lang: str
    to: Format
    parameters: tuple[tuple[str, str], ...] = ()
    """Further template parameters: the monitor template's events and period, the
    follow-up's previous workshop."""
    pptx: bool = False
    """Also write the slide deck beside the handout."""
    paper: Paper = "a4"
    """The sheet the handout is printed on (PDF and the browser's print)."""


@dataclass(frozen=True)
class Outcome:
    """What became of a job: the files written, or why none were (refused while
    planning, or failed while running)."""

    job: Job
    written: tuple[Path, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def plan(
    paths: Sequence[str | Path],
    *,
    template: str = "report",
    out: str | Path | None = None,
    to: Format = "html",
    per_persona: bool = False,
    lang: str | None = None,
    events: str | None = None,
    period: str = "month",
    previous: str | Path | None = None,
    pptx: bool = False,
    paper: Paper = "a4",
) -> tuple[list[Job], list[Outcome]]:
    """The jobs for a batch, and the workshops refused before any kernel starts (invalid files).

    With ``events`` (an event log), each report is made once per ``period`` found in the
    log, with ``events_path``, ``period_start`` and ``period_end`` as parameters.
    """
    source = template_path(template)
    periods = _periods(source, events, period)
    earlier = Path(previous).resolve() if previous is not None else None
    if earlier is not None:
        Workshop.load(earlier)  # a broken previous file is reported before any kernel starts
    earlier_parameter = (("previous", str(earlier)),) if earlier is not None else ()
    if to not in ("html", "ipynb", "pdf"):
        raise CjmError(translate("report.unknown_format", value=to))
    if paper not in PAPERS:
        raise CjmError(translate("print.unknown_paper", value=paper, choices=", ".join(PAPERS)))
    if lang is not None:
        check_language(lang)
    refused: list[Outcome] = []
    jobs: list[Job] = []
    for raw in paths:
        path = Path(raw)
        try:
            ws = Workshop.load(path)
        except (WorkshopError, StoreError) as error:
            stem = path.name.removesuffix(".cjm.json")
            job = Job(path, source, Path(out) if out else path.parent, stem, None, lang or "en", to)
            refused.append(Outcome(job, error=str(error)))
            continue
        folder = Path(out) if out is not None else path.parent
        stem = path.name.removesuffix(".cjm.json").removesuffix(".json")
        base = f"{stem}-{source.stem}"
        language = lang or ws.language
        personas: list[str | None] = (
            [p.id for p in ws.personas] if per_persona and ws.personas else [None]
        )
        for persona in personas:
            name = base if persona is None else f"{base}-{persona}"
            for label, parameters in periods:
                stem_ = f"{name}-{label}" if label else name
                jobs.append(
                    Job(
                        path.resolve(), source, folder, stem_, persona, language, to,
                        parameters=parameters + earlier_parameter, pptx=pptx, paper=paper,
                    )
                )  # fmt: skip
    return jobs, refused


def _periods(
    source: Path, events: str | None, period: str
) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """(file name part, parameters) per period of the log; one plain run without a log."""
    if events is None:
        if source.stem == "monitor":
            raise CjmError(translate("report.monitor_needs_events"))
        return [("", ())]
    from ..monitor.periods import PERIODS, months_in_log

    if period not in PERIODS:
        raise CjmError(translate("report.unknown_period", value=period, choices=", ".join(PERIODS)))
    log = str(Path(events).resolve()) if Path(events).exists() else events
    months = months_in_log(log)
    if not months:
        raise CjmError(translate("report.no_periods", events=events))
    return [
        (
            f"{start:%Y-%m}",
            (
                ("events_path", log),
                ("period_start", start.isoformat()),
                ("period_end", end.isoformat()),
            ),
        )
        for start, end in months
    ]
