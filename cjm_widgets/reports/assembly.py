"""A job's documents around the executed notebook: the handout page and the slide deck.

nbconvert and python-pptx load only when a report asks for them.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..i18n import SOURCE_LANGUAGE, catalog, translate
from ..store import write_file
from ..workshop import Workshop
from .plan import Job


def deck(job: Job) -> Path:
    """The slide deck beside the handout (``--pptx``): the inspiration template's own
    cards, or the workshop's deck."""
    ws = Workshop.load(job.workshop)
    if job.template.stem == "inspiration":
        from .inspiration_slides import inspiration_deck

        slides = inspiration_deck(ws, persona=job.persona, lang=job.lang)
    else:
        from .slides import deck_bytes

        slides = deck_bytes(ws, persona=job.persona, lang=job.lang)
    return write_file(job.out / f"{job.stem}.pptx", slides)


def handout(job: Job, notebook: object) -> str:
    """The executed notebook as the offline handout page, with its cover."""
    from .cover import cover_html
    from .handout import handout_html

    ws = Workshop.load(job.workshop)
    title = ws.title
    if job.persona is not None:
        title = f"{ws.title}: {ws.by_id('personas')[job.persona].name}"
    kind_key = f"report.kind.{job.template.stem}"
    kind = (
        translate(kind_key, job.lang) if kind_key in catalog(SOURCE_LANGUAGE) else job.template.stem
    )
    subtitle = " · ".join(part for part in (ws.organisation, kind) if part)
    generated = time.strftime("%Y-%m-%d %H:%M")
    cover = cover_html(ws, title=title, subtitle=subtitle, lang=job.lang, persona=job.persona)
    return handout_html(
        notebook, title=title, subtitle=subtitle, lang=job.lang, generated=generated,
        cover=cover, paper=job.paper,
    )  # fmt: skip
