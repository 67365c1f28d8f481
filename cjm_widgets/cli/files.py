"""``cjm new`` (empty, or ``--from`` a journey template), ``cjm validate``,
``cjm import-csv``: a workshop file made, checked, filled."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

from ..errors import CjmError, CjmWarning, StoreError
from ..i18n import check_language, translate
from ..references import rating_target_problems
from ..workshop import Workshop
from .output import counted, summary

T = translate


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.exists():
        raise StoreError(T("cli.exists", path=path), path)
    if args.template:  # the template names the languages it is written in
        from .library import new_from_template

        ws = new_from_template(args)
    elif args.title is None:
        raise CjmError(T("cli.new.needs_title"))
    else:
        check_language(args.lang)
        ws = Workshop(title=args.title, organisation=args.organisation or "", language=args.lang)
    ws.save(path)
    print(T("cli.created", path=path))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    ws = Workshop.load(args.path)
    print(T("cli.valid", path=args.path, summary=summary(ws), revision=ws.revision))
    for problem in rating_target_problems(ws):  # kept as a record of the room, but named
        warnings.warn(CjmWarning(problem.translated()), stacklevel=1)
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    ws = Workshop.load(args.path)
    updated = ws.import_csv(args.csv)
    path = updated.save()
    print(
        T(
            "cli.imported",
            **counted(
                touchpoints=len(updated.touchpoints) - len(ws.touchpoints),
                stages=len(updated.stages) - len(ws.stages),
                channels=len(updated.channels) - len(ws.channels),
                personas=len(updated.personas) - len(ws.personas),
                pain_points=len(updated.pain_points) - len(ws.pain_points),
            ),
            path=path,
            revision=updated.revision,
        )
    )
    return 0
