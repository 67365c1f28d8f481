"""A data lane: a survey score per touchpoint, from a DataFrame, under the emotion curve."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cjm_widgets.api import Cell, MapContext, Section, TextLane, Workshop, table

EXTENSION = "cjm_jira_example"


def store_scores(ws: Workshop, frame: pd.DataFrame, column: str = "score") -> None:
    """Keep ``frame[column]`` per touchpoint in the workshop, so every map shows it."""
    ws.extensions[EXTENSION] = {**_extension(ws), "survey": _by_touchpoint(ws, frame, column)}


def _extension(ws: Workshop) -> dict[str, Any]:
    value = ws.extensions.get(EXTENSION)
    return value if isinstance(value, dict) else {}


def _by_touchpoint(ws: Workshop, frame: pd.DataFrame, column: str) -> dict[str, float]:
    """Touchpoint id -> score; the frame's ``touchpoint`` column holds ids or titles."""
    ids = {tp.title.casefold(): tp.id for tp in ws.touchpoints}
    ids.update({tp.id: tp.id for tp in ws.touchpoints})
    scores = {}
    for key, value in zip(frame["touchpoint"], frame[column], strict=True):
        found = ids.get(str(key)) or ids.get(str(key).casefold())
        if found is not None and pd.notna(value):
            scores[found] = float(value)
    return scores


class SurveyScoreLane(TextLane):
    """The survey's score at each touchpoint (from ``frame``, or stored in the workshop)."""

    key = "survey"
    label = "Survey score"  # a plain title: plugins need no catalog
    order = 65  # just under the emotion curve (60)
    max_lines = 1

    def __init__(self, frame: pd.DataFrame | None = None, column: str = "score") -> None:
        self.frame, self.column = frame, column

    def cells(self, ctx: MapContext) -> list[Cell | None]:
        if self.frame is not None:
            scores = _by_touchpoint(ctx.ws, self.frame, self.column)
        else:
            scores = _extension(ctx.ws).get("survey", {})
        return [
            Cell(col.x, col.w, f"{scores[col.touchpoint.id]:g}", col.touchpoint.id)
            if col.touchpoint is not None and col.touchpoint.id in scores
            else None
            for col in ctx.columns
        ]


def survey_section(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
    """The report's table of survey scores, in journey order (``table`` escapes every cell)."""
    scores = _extension(ws).get("survey", {})
    rows = [(tp.title, f"{scores[tp.id]:g}") for tp in ws.journey(persona) if tp.id in scores]
    return Section("survey-scores", "Survey scores", table(["Touchpoint", "Score"], rows))
