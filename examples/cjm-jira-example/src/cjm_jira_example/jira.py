"""``cjm export W --to jira-csv``: approved ideas as issues for Jira's CSV importer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cjm_widgets.api import Exporter, ExportRequest, Idea, Workshop, guard_formula, write_file

SUMMARY_LIMIT = 255  # Jira refuses longer summaries
HEADER = ["Summary", "Description", "Assignee", "Due date", "Labels", "Labels"]


def _label(text: str) -> str:
    """Jira labels hold no spaces."""
    return "-".join(text.lower().split())


def _description(ws: Workshop, idea: Idea) -> str:
    pains = ws.by_id("pain_points")
    touchpoints = ws.by_id("touchpoints")
    stages = ws.by_id("stages")
    lines = [idea.decision_note] if idea.decision_note else []
    for pain_id in idea.pain_points:
        pain = pains[pain_id]
        lines.append(f"Pain point: {pain.text}")
        for tp_id in pain.touchpoints:
            tp = touchpoints[tp_id]
            lines.append(f"  at touchpoint: {tp.title} ({stages[tp.stage].name})")
    lines.append(f"Effort {idea.effort or '-'} / 5, impact {idea.impact or '-'} / 5")
    return "\n".join(lines)


def jira_rows(ws: Workshop) -> list[list[str]]:
    """One row per approved idea, in the columns of ``HEADER``."""
    extension = ws.extensions.get("cjm_jira_example")
    due = extension.get("due_dates", {}) if isinstance(extension, dict) else {}
    rows = []
    for idea in ws.ideas:
        if idea.status != "approved":
            continue
        summary = idea.text if len(idea.text) <= SUMMARY_LIMIT else idea.text[:254] + "…"
        due_date = due.get(idea.id, "") if isinstance(due, dict) else ""
        rows.append([summary, _description(ws, idea), idea.owner, str(due_date),
                     "customer-journey", _label(ws.title)])  # fmt: skip
    return rows


class JiraCsvExporter(Exporter):
    title = "approved ideas as a Jira import CSV"
    suffix = "-jira.csv"

    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        for row in jira_rows(request.ws):
            writer.writerow([guard_formula(cell) for cell in row])
        return [write_file(out, buffer.getvalue().encode("utf-8"))]
