"""``cjm monitor`` (the mapped journeys measured on an event log) and ``cjm portfolio``
(every journey of several workshops ranked on one log)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CjmError
from ..i18n import check_language, default_language, translate
from ..monitor import monitor
from ..monitor.outcome import SavedSnapshot, save_snapshot, totals
from ..workshop import Workshop
from .output import check_folder_outputs, print_written

if TYPE_CHECKING:
    import pandas as pd

T = translate

MONITOR_FILES = (
    "funnel.csv", "unmapped.csv", "variants.csv", "segments.csv", "felt_vs_measured.csv",
    "impact.csv", "ab.csv", "nudges.csv",
)  # fmt: skip
"""Every file ``cjm monitor`` may write, checked before measuring."""


def log_options(args: argparse.Namespace) -> dict[str, Any]:
    """How the command's event log is read (``commands._log_options``' flags), as the
    keyword arguments ``monitor()``, ``signals()`` and the nudges take."""
    return {
        "engine": args.engine, "spark_master": args.spark_master, "spark_conf": args.spark_conf,
        "path_col": args.path_col, "time_col": args.time_col, "time_unit": args.time_unit,
        "event_col": args.event_col, "segment_col": args.segment_col,
        "memory_limit": args.memory_limit,
    }  # fmt: skip


def day(text: str | None, flag: str) -> date | None:
    """A ``--from``/``--to`` date (YYYY-MM-DD), or a message naming the flag."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CjmError(T("cli.bad_date", flag=flag, value=text)) from None


def cmd_monitor(args: argparse.Namespace) -> int:
    ws = Workshop.load(args.path)
    out = Path(args.out)
    check_folder_outputs(out, MONITOR_FILES, Path(args.path), args.force)
    options = log_options(args)
    result = monitor(
        ws, args.events, persona=args.persona, variant_col=args.variant_col,
        control=args.control, start=day(args.start, "--from"), end=day(args.end, "--to"),
        progress=lambda line: print(line, file=sys.stderr, flush=True), **options,
    )  # fmt: skip
    lift = nudges_measured(ws, Path(args.path), args.events, options)
    if lift is not None:
        result = replace(result, nudges=lift)
    print_written(result.write(out))
    found = totals(result)
    print(T("cli.monitor.summary", count=found.journeys, engine=result.engine, paths=found.paths))
    if found.flagged:
        print(T("cli.monitor.flagged", count=found.flagged))
    if found.small_samples:
        print(T("cli.monitor.small_samples", count=found.small_samples))
    if args.save:
        print_saved(save_snapshot(ws, result, args.events))
    return 0


def nudges_measured(
    ws: Workshop, path: Path, events: list[str], log_options: dict[str, Any]
) -> pd.DataFrame | None:
    """Each nudge's lift when the ledger beside the workshop has its messages (None:
    no nudge has run)."""
    if not ws.nudges:
        return None
    from ..orchestrate.ledger import Ledger, ledger_path
    from ..orchestrate.lift import nudge_lift

    book = Ledger(ledger_path(path))
    if not book.exists():
        return None
    with book:
        messages = book.messages()
    return nudge_lift(ws, events, messages, **log_options)


def print_saved(saved: SavedSnapshot) -> None:
    """``cjm monitor --save``'s line: the snapshot kept (or replaced) and the file saved."""
    key = "cli.monitor.snapshot_replaced" if saved.replaced else "cli.monitor.snapshot_saved"
    print(
        T(key, id=saved.snapshot.id, path=saved.path, revision=saved.revision,
          count=saved.snapshots)
    )  # fmt: skip


SIGNALS_FILES = ("signals.csv", "predictive.csv")


def cmd_signals(args: argparse.Namespace) -> int:
    from ..monitor.signal_run import signals
    from ..monitor.signal_stats import significant

    ws = Workshop.load(args.path)
    out = Path(args.out)
    check_folder_outputs(out, SIGNALS_FILES, Path(args.path), args.force)
    found = signals(
        ws, args.events, persona=args.persona, min_customers=args.min_customers,
        sample=args.sample, **log_options(args),
    )  # fmt: skip
    print_written(found.write(out))
    print(
        T(
            "cli.signals.summary", count=len(significant(found.signals)),
            compared=len(found.signals), left_out=found.left_out, least=args.min_customers,
        )
    )  # fmt: skip
    return 0


def cmd_portfolio(args: argparse.Namespace) -> int:
    from ..monitor.portfolio import portfolio
    from ..reports.portfolio import PORTFOLIO_FILES, write_portfolio

    out = Path(args.out)
    for path in args.paths:
        check_folder_outputs(out, PORTFOLIO_FILES, Path(path), args.force)
    loaded = [
        (Path(path).name.removesuffix(".cjm.json"), Workshop.load(path)) for path in args.paths
    ]
    table = portfolio(
        loaded, args.events, by=args.by, engine=args.engine, memory_limit=args.memory_limit
    )
    lang = args.lang or (loaded[0][1].language if loaded else default_language())
    check_language(lang)
    print_written(write_portfolio(table, out, lang))
    if len(table):
        first = table.iloc[0]
        print(T("cli.portfolio.first", workshop=first["workshop"], persona=first["persona"] or "-"))
    return 0
