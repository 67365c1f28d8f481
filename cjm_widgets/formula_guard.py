"""Text that a spreadsheet would run as a formula, made safe and back again.

Excel and LibreOffice treat a cell starting with ``=``, ``+``, ``-``, ``@``, TAB or CR
as a formula (OWASP, "CSV injection"). Exports put an apostrophe in front of such
cells, which spreadsheets show as plain text; the project's own imports take it off.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula when they start it."""

GUARD = "'"


def guard_formula(text: str) -> str:
    """``text`` safe to open in a spreadsheet: an apostrophe before a formula trigger.

    Text that already starts with apostrophes before a trigger gets one more, so that
    ``unguard_formula`` gives back exactly what was written.
    """
    body = text.lstrip(GUARD)
    return GUARD + text if body.startswith(FORMULA_TRIGGERS) else text


def unguard_formula(text: str) -> str:
    """The text ``guard_formula`` was given (one apostrophe before a trigger removed)."""
    if text.startswith(GUARD) and text.lstrip(GUARD).startswith(FORMULA_TRIGGERS):
        return text[len(GUARD) :]
    return text
