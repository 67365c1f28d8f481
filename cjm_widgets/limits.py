"""How big and how deep an input may be before it is refused with a clear message.

A workshop is a day of a room's work, not a data set: these limits sit far above any
real workshop (the 5,000-touchpoint benchmark is well inside them) and far below what
would exhaust memory or Python's recursion on a hostile or broken file.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A workshop file, a sticky-note CSV or a workbook read in: at most 64 MiB."""

MAX_NESTING = 32
"""JSON objects and arrays nested at most this deep (the model itself needs 4)."""

MAX_LIST_ITEMS = 100_000
"""Items in any one list of the document (touchpoints, pain points, goals...)."""

MAX_CSV_FIELD = 131_072
"""Characters in one CSV cell (Python's csv module's own default limit)."""

EXCEL_CELL_LIMIT = 32_767
"""Characters Excel keeps in one cell; longer text is cut there, with a warning."""

# C0 controls except TAB (09) and LF (0A); CR (0D) is line-ending noise, normalised to LF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Everything XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def control_character_code(text: str) -> str | None:
    """The code point (``U+001B``) of the first character a text field may not hold (NUL,
    ESC, ...), as messages name it; None when the text has none."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings as the LF the file keeps."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold, so any SVG or HTML stays well-formed."""
    return _NOT_XML.sub("", text)


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: cut between whole characters (a letter
    keeps its accents, a joined emoji stays whole or goes) and ended with an ellipsis,
    for fields a format caps (PowerPoint's file properties hold 255)."""
    if len(text) <= limit:
        return text
    end = max(limit - 1, 0)
    while end > 0 and (_joins_previous(text[end]) or text[end - 1] == "\u200d"):
        end -= 1  # the character at the cut belongs with the one before: leave both out
    return text[:end].rstrip() + "…"


def _joins_previous(char: str) -> bool:
    """A combining mark, variation selector, zero-width joiner or emoji modifier, which
    belongs to the character before it."""
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me")
        or char == "\u200d"
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


def nesting_depth(value: Any, limit: int = MAX_NESTING) -> int:
    """How deep lists and dicts nest in ``value``, counting no further than ``limit + 1``.

    Iterative, so a hostile document cannot exhaust the interpreter's stack.
    """
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest
