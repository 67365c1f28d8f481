"""``cjm nudge backtest|run|status``: a workshop's nudges replayed on history, run on
fresh data (handed to a file or a webhook, recorded in the ledger beside the workshop),
and accounted for."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..csv_files import csv_text
from ..errors import CjmError
from ..i18n import translate
from ..orchestrate.delivery import check_delivery
from ..orchestrate.due_set import now
from ..orchestrate.ledger import Ledger, ledger_path
from ..orchestrate.replay import BACKTEST_FILES, backtest
from ..orchestrate.runs import check_output, run
from ..workshop import Workshop
from .monitor import day, log_options
from .output import check_folder_outputs, check_outputs, print_written

T = translate

TOKEN_VARIABLE = "CJM_WEBHOOK_TOKEN"
"""The environment variable a webhook's bearer token is read from (never the file)."""


def _moment(text: str | None) -> datetime | None:
    """``--as-of``: an ISO date or time; one with an offset is turned into UTC."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CjmError(T("nudge.bad_as_of", value=text)) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def cmd_backtest(args: argparse.Namespace) -> int:
    ws = Workshop.load(args.path)
    out = Path(args.out)
    check_folder_outputs(out, BACKTEST_FILES, Path(args.path), args.force)
    result = backtest(
        ws, args.events, start=day(args.start, "--from"), end=day(args.end, "--to"),
        every_hours=args.every, nudges=args.nudges, **log_options(args),
    )  # fmt: skip
    print_written(result.write(out))
    for row in result.summary.itertuples(index=False):
        runs = result.runs[result.runs["nudge_id"] == row.nudge_id]
        days = max(len(runs) * args.every / 24, 1 / 24)
        per_day = round(float(runs["treatment"].sum()) / days, 1)
        print(
            T(
                "cli.nudge.backtest_line", nudge=row.nudge_id, due=row.customers_due,
                entered=row.customers_entered, per_day=per_day,
                recovered=row.recovered_without_nudge,
            )
        )  # fmt: skip
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.out is None and args.webhook is None and not args.dry_run:
        raise CjmError(T("nudge.no_target"))
    ws = Workshop.load(args.path)
    as_of = _moment(args.as_of) or now()
    named = None if args.out is None else args.out.replace("{as_of}", f"{as_of:%Y-%m-%dT%H%M}")
    out = check_output(Path(named)) if named is not None else None
    if out is not None:
        check_outputs([out], Path(args.path), args.force)
    webhook = args.webhook
    if args.dry_run and webhook is not None:  # a dry run checks the address, sends nothing
        check_delivery(
            webhook, args.fmt, rate=args.rate, timeout=args.timeout, attempts=1,
            allow_http=args.allow_http,
        )  # fmt: skip
        webhook = None
    result = run(
        ws, args.events, ledger=ledger_path(args.path), as_of=as_of,
        nudges=args.nudges, out=out, webhook=webhook, fmt=args.fmt,
        token=os.environ.get(TOKEN_VARIABLE) or None, rate=args.rate, timeout=args.timeout,
        allow_http=args.allow_http, dry_run=args.dry_run,
        progress=lambda line: print(line, file=sys.stderr, flush=True), **log_options(args),
    )  # fmt: skip
    if args.dry_run and out is None:
        sys.stdout.write(csv_text(result.due))
    if out is not None:
        print_written([out])
    due = result.due
    treated = int((due["group"] == "treatment").sum())
    print(
        T(
            "cli.nudge.run_line", due=len(due), treatment=treated, holdout=len(due) - treated,
            expired=len(result.expired),
        )
    )  # fmt: skip
    if result.delivery is not None:
        print(T("cli.nudge.delivered", sent=result.delivery.sent, failed=result.delivery.failed))
    if args.dry_run:
        print(T("cli.nudge.dry_run"))
    return 1 if result.delivery is not None and result.delivery.failed else 0


def cmd_status(args: argparse.Namespace) -> int:
    Workshop.load(args.path)  # a broken workshop is said before its ledger is read
    book = Ledger(ledger_path(args.path))
    if not book.exists():
        print(T("cli.nudge.no_ledger", path=book.path))
        return 0
    with book:
        table = book.status()
    print(table.to_string(index=False))
    return 0
