"""The "What predicts success" table of the Measured journey section, and the figures'
formats it shares with the section's other tables.

A snapshot of ``cjm monitor --save`` keeps, per touchpoint, the few events whose
customers reached the journey's last measured touchpoint significantly more or less
often than the others (``Measurement.signals``). The table lists them in journey order,
each with both groups' customers and success, the difference with its 95% interval and
the q-value, and says under it what they are not: causes.
"""

from __future__ import annotations

from babel.numbers import format_decimal
from markupsafe import Markup

from ..i18n import babel_locale, format_count, format_number
from ..model import MeasuredSignal, Measurement, Workshop
from .html import join_html, table, tag
from .lookups import DASH, headings, share_or_dash, translator


def signed_points(value: float, lang: str) -> str:
    """A difference of shares in percentage points, with its sign: ``+12.5``, ``-3``."""
    points = format_number(round(value * 100, 1), lang)
    return f"+{points}" if value > 0 else points


def three_decimals(value: float, lang: str) -> str:
    """A p- or q-value: three decimals, and "< 0.001" below that (in ``lang``'s decimal sign)."""
    locale = babel_locale(lang)
    if value < 0.001:
        return f"< {format_decimal(0.001, '0.000', locale=locale)}"
    return str(format_decimal(value, "0.000", locale=locale))


def interval_text(low: float | None, high: float | None, lang: str) -> str:
    """``+2.1 … +10.3`` in percentage points, or a dash when either end is not known."""
    if low is None or high is None:
        return DASH
    return f"{signed_points(low, lang)} … {signed_points(high, lang)}"


def _shown(ws: Workshop, taken: Measurement, persona: str | None) -> list[MeasuredSignal]:
    """The signals of ``persona``'s journey and of every customer's (or all of them), by
    journey (the workshop's personas first), then touchpoint in journey order; within a
    touchpoint the snapshot's order, strongest first. Touchpoints deleted since go last."""
    shown = [s for s in taken.signals if persona is None or s.persona in (None, persona)]
    journeys = {p.id: index for index, p in enumerate(ws.personas)}
    places = {tp.id: index for index, tp in enumerate(ws.journey())}

    def place(signal: MeasuredSignal) -> tuple[int, int]:
        journey = journeys.get(signal.persona or "", len(journeys))
        return journey, places.get(signal.touchpoint, len(places))

    return sorted(shown, key=place)


def signals_table(ws: Workshop, taken: Measurement, persona: str | None, lang: str) -> Markup:
    """The table of the signals ``persona``'s report shows (nothing when there are none),
    with the line that they are associations and how a cause is proved. A journey column
    comes first when the rows are of more than one journey."""
    shown = _shown(ws, taken, persona)
    if not shown:
        return Markup()
    t = translator(lang)
    names = {p.id: p.name for p in ws.personas}
    touchpoints = ws.by_id("touchpoints")
    several = len({signal.persona for signal in shown}) > 1
    rows = []
    for signal in shown:
        tp = touchpoints.get(signal.touchpoint)
        row = [
            tp.title if tp else signal.touchpoint,
            signal.event,
            " / ".join(
                format_count(n, lang) for n in (signal.customers_with, signal.customers_without)
            ),
            share_or_dash(signal.success_with, lang),
            share_or_dash(signal.success_without, lang),
            DASH if signal.difference is None else signed_points(signal.difference, lang),
            interval_text(signal.ci_low, signal.ci_high, lang),
            DASH if signal.q_value is None else three_decimals(signal.q_value, lang),
        ]
        if several:
            row.insert(0, names.get(signal.persona or "", ws.title))
        rows.append(row)
    headers = headings(
        t,
        "touchpoint.title report.signals.event report.signals.customers",
        "report.signals.success_with report.signals.success_without",
        "report.measured.difference report.measured.interval report.signals.q_value",
    )
    if several:
        headers.insert(0, t("report.measured.journey"))
    first = 3 if several else 2
    body = table(headers, rows, "cjm-numbers", numeric=range(first, len(headers)))
    return join_html(
        [
            tag("h3", t("report.signals.title")),
            tag("p", t("report.signals.intro"), class_="cjm-muted"),
            body,
            tag("p", t("report.signals.not_causes")),
        ]
    )
