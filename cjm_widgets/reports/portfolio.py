"""The portfolio page: every measured journey ranked, as one offline HTML page."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pandas as pd

from ..csv_files import write_csv
from ..i18n import format_count
from ..store import make_folder, write_file
from .handout import page_html
from .html import Section, table, tag
from .lookups import DASH, headings, share_or_dash, translator

PORTFOLIO_FILES = ("portfolio.csv", "portfolio.html")
"""What ``cjm portfolio`` writes into its folder: the ranking as CSV and as a page."""


def _count(value: Any, lang: str) -> str:
    return DASH if value is None or pd.isna(value) else format_count(int(value), lang)


def _gap(value: Any, lang: str) -> str:
    if value is None or pd.isna(value) or math.isnan(float(value)):
        return DASH
    return format_count(float(value), lang) if abs(float(value)) >= 10 else f"{float(value):.1f}"


def portfolio_section(frame: pd.DataFrame, lang: str) -> Section:
    """The ranking as a table, worst first, with what each column means."""
    t = translator(lang)
    rows = [
        (
            index + 1,
            row["workshop"],
            row["persona"] or DASH,
            share_or_dash(row["end_to_end_conversion"], lang),
            _count(row["paths"], lang),
            row["worst_step"] or DASH,
            share_or_dash(row["worst_step_conversion"], lang),
            _gap(row["target_gap"], lang),
            share_or_dash(row["repeat_rate"], lang),
            " / ".join(
                _count(row[column], lang)
                for column in ("felt_better_flags", "measured_better_flags")
            ),
            _count(row["nudges"], lang),
        )
        for index, row in enumerate(frame.to_dict("records"))
    ]
    headers = headings(
        t,
        "portfolio.rank portfolio.workshop report.measured.journey portfolio.end_to_end",
        "report.measured.paths portfolio.worst_step report.measured.step_conversion",
        "portfolio.target_gap portfolio.repeat_rate portfolio.flags portfolio.nudges",
    )
    body = tag("p", t("portfolio.intro"), class_="cjm-muted") + table(
        headers, rows, "cjm-numbers", numeric=(0, 3, 4, 6, 7, 8, 9, 10)
    )
    return Section("portfolio", t("portfolio.title"), body)


def portfolio_page(frame: pd.DataFrame, lang: str, generated: str) -> str:
    """The offline page ``cjm portfolio`` writes beside portfolio.csv."""
    t = translator(lang)
    section = portfolio_section(frame, lang)
    return page_html(
        section._repr_html_(),
        title=t("portfolio.title"),
        subtitle=t("portfolio.subtitle", count=len(frame)),
        lang=lang,
        generated=generated,
    )


def write_portfolio(frame: pd.DataFrame, folder: Path, lang: str) -> list[Path]:
    """The ranking as ``PORTFOLIO_FILES`` in ``folder`` (created if missing), each written
    atomically; returns their paths."""
    make_folder(folder)
    table_file, page_file = (folder / name for name in PORTFOLIO_FILES)
    page = portfolio_page(frame, lang, time.strftime("%Y-%m-%d %H:%M"))
    return [
        write_csv(table_file, frame),  # names and titles guarded against formulas
        write_file(page_file, page.encode("utf-8")),
    ]
