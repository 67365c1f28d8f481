"""Mermaid ``journey`` diagrams of a workshop, for wikis, issues and slides.

Mermaid's journey syntax is line-based: ``section NAME`` and ``Task: SCORE: Actor, Actor``.
A ``:`` in a task breaks the line, so user text is written with Mermaid's entity codes
(``#58;``), which Mermaid shows as the original characters.
"""

from __future__ import annotations

from .errors import WorkshopError
from .i18n import translate
from .model import Workshop

NEUTRAL_SCORE = 3
"""The score shown for a touchpoint the group has not rated yet."""

_ENTITIES = {"#": "#35;", ":": "#58;", ";": "#59;", ",": "#44;"}


def mermaid_text(text: str) -> str:
    """``text`` on one line, with the characters Mermaid's journey syntax reserves encoded."""
    one_line = " ".join(text.split())
    return "".join(_ENTITIES.get(char, char) for char in one_line)


def workshop_to_mermaid(
    ws: Workshop, persona: str | None = None, *, lang: str | None = None
) -> str:
    """The current journey of ``persona`` (default: every persona) as a Mermaid diagram.

    A touchpoint's actors are its persona, or every persona when it is shared.
    """
    personas = ws.by_id("personas")
    if persona is not None and persona not in personas:
        raise WorkshopError.single(
            "persona",
            translate("error.reference", value=persona, target="personas"),
        )
    title = ws.title if persona is None else f"{ws.title}: {personas[persona].name}"
    everyone = [p.name for p in ws.personas] or [translate("mermaid.customer", lang or ws.language)]
    stage_names = {stage.id: stage.name for stage in ws.stages}
    lines = ["journey", f"    title {mermaid_text(title)}"]
    current_stage = None
    for tp in ws.journey(persona, state="current"):
        if tp.stage != current_stage:
            current_stage = tp.stage
            lines.append(f"    section {mermaid_text(stage_names[tp.stage])}")
        if persona is not None:
            actors = [personas[persona].name]
        elif tp.persona in personas:
            actors = [personas[tp.persona].name]
        else:
            actors = everyone
        score = tp.emotion if tp.emotion is not None else NEUTRAL_SCORE
        actor_text = ", ".join(mermaid_text(name) for name in actors)
        lines.append(f"      {mermaid_text(tp.title)}: {score}: {actor_text}")
    return "\n".join(lines) + "\n"
