"""A report template of its own: a one-page brief with the map and the survey scores."""

from __future__ import annotations

from pathlib import Path


def survey_brief() -> Path:
    return Path(__file__).with_name("survey-brief.ipynb")
