"""``cjm report`` (papermill reports, in batches), ``cjm guide`` (the facilitator's
guide) and ``cjm demo`` (the sample workshop measured and reported)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import CjmError
from ..i18n import check_language, translate
from ..store import make_folder
from .output import print_written, summary

T = translate


def cmd_report(args: argparse.Namespace) -> int:
    from ..reports.run import progress_line, render

    outcomes = render(
        args.paths, template=args.template, out=args.out, to=args.to,
        per_persona=args.per_persona, lang=args.lang, jobs=args.jobs,
        progress=progress_line if len(args.paths) > 1 or args.per_persona or args.events else None,
        events=args.events, period=args.period, previous=args.previous,
        pptx=args.pptx, paper=args.paper,
    )  # fmt: skip
    for outcome in outcomes:
        if outcome.ok:
            print_written(outcome.written)
        else:
            print(
                T("cli.report_failed", stem=outcome.job.stem, error=outcome.error), file=sys.stderr
            )
    made = sum(outcome.ok for outcome in outcomes)
    if len(outcomes) > 1:
        print(T("report.summary", ok=made, count=len(outcomes)))
    return 0 if made == len(outcomes) else 1


def cmd_guide(args: argparse.Namespace) -> int:
    from ..guide import write_guide

    print_written(write_guide(check_language(args.lang), args.output, args.to))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ..reports.run import render
    from ..samples import SAMPLE_FILE_NAME, sample_workshop
    from ..samples.demo import MONITOR_FOLDER, backtest_sample, monitor_sample
    from .monitor import print_saved

    folder = make_folder(Path(args.out))
    ws = sample_workshop()
    path = ws.save(folder / SAMPLE_FILE_NAME, force=True)
    print(T("cli.demo_built", title=ws.title, summary=summary(ws)))
    print(T("cli.demo_file", path=path.resolve()))
    measured = monitor_sample(ws, folder)
    print_saved(measured.saved)
    tables = folder / MONITOR_FOLDER
    command = f"cjm monitor {path} {measured.events} --out {tables} --save --force"
    print(T("cli.demo_monitor", path=measured.tables[0].resolve(), command=command))
    replayed = backtest_sample(ws, measured.events, folder)
    command = f"cjm nudge backtest {path} {measured.events} --out {replayed[0].parent} --force"
    print(T("cli.demo_nudges", path=replayed[-1].resolve(), command=command))
    (outcome,) = render(path)
    if not outcome.ok:
        raise CjmError(outcome.error)
    handout = next(p for p in outcome.written if p.suffix == ".html")
    print(T("cli.demo_handout", path=handout.resolve()))
    return 0
