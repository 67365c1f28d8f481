"""The few CLDR facts a map needs for the catalogs' own languages, kept here.

A map counts ("+3 more") and writes numbers (a metric's target, a nudge's wait), which
needs a language's plural rule and its decimal and group signs. Babel reads them from
its locale data, and the first read of a language costs a short ``cjm export`` about
26 ms, more than a tenth of its whole budget. These are Babel's own values for the
languages we have catalogs for (a test compares them with Babel); any other language,
and everything else (percentages, dates), still goes to Babel.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import NamedTuple


class NumberSigns(NamedTuple):
    """CLDR's ``decimal``, ``group`` and ``minusSign`` of a language's Latin digits."""

    decimal: str
    group: str
    minus: str


NUMBER_SIGNS: dict[str, NumberSigns] = {
    "en_GB": NumberSigns(".", ",", "-"),
    "da": NumberSigns(",", ".", "-"),
    "fi": NumberSigns(",", "\u00a0", "\u2212"),
    "nb": NumberSigns(",", "\u00a0", "\u2212"),
    "sv": NumberSigns(",", "\u00a0", "\u2212"),
}
"""By Babel locale name (``babel_locale``): the English catalog reads as British."""

PLURAL_RULES: dict[str, dict[str, str]] = {
    "en_GB": {"one": "i in 1 and v in 0"},
    "da": {"one": "n in 1 or t not in 0 and i in 0,1"},
    "fi": {"one": "i in 1 and v in 0"},
    "nb": {"one": "n in 1"},
    "sv": {"one": "i in 1 and v in 0"},
}
"""CLDR's plural rules as Babel has them (``Locale.plural_form.rules``), by locale name."""

_HUNDREDTH = Decimal("0.01")
_LARGEST = Decimal(10) ** 15
"""Beyond this (or not finite), Babel formats: the quick path keeps to what a map shows."""


def grouped_decimal(value: float, signs: NumberSigns) -> str | None:
    """``value`` in Babel's pattern ``#,##0.##`` with ``signs``, exactly as Babel writes
    it (half-even to two decimals, trailing zeros dropped, a hyphen for negatives as
    Babel's pattern has), or None for what only Babel should write."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= _LARGEST:
        return None
    negative = number.is_signed()
    whole, _, fraction = f"{abs(number).normalize().quantize(_HUNDREDTH):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = f"{int(whole):,}".replace(",", signs.group)
    if fraction:
        text = f"{text}{signs.decimal}{fraction}"
    return f"-{text}" if negative else text
