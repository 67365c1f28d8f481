"""``cjm diff``, ``cjm git install|textconv``, ``cjm merge-driver`` and ``cjm conflicts``:
workshop files in version control, compared and merged by id and field."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..i18n import default_language, translate
from ..store import write_file
from ..workshop import Workshop
from .output import check_outputs

T = translate


def cmd_diff(args: argparse.Namespace) -> int:
    from ..versions.files import diff_files
    from ..versions.text import diff_json, diff_text

    if args.to == "html":  # a page to share: the room's participants as Participant 1..n
        from ..model import Workshop
        from ..model.privacy import for_sharing
        from ..versions.diff import diff_documents
        from ..versions.files import read_valid

        old, new = (
            for_sharing(Workshop.from_dict(read_valid(Path(p)))) for p in (args.old, args.new)
        )
        diff = diff_documents(old, new, args.persona)
    else:
        diff = diff_files(Path(args.old), Path(args.new), args.persona)
    if args.to == "json":
        text = diff_json(diff)
    elif args.to == "html":
        from ..reports.changes import diff_page

        text = diff_page(diff, time.strftime("%Y-%m-%d %H:%M"))
    else:
        text = diff_text(diff)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    check_outputs([out], Path(args.new), args.force)
    check_outputs([out], Path(args.old), True)
    write_file(out, text.encode("utf-8"))
    print(T("cli.wrote", path=out))
    return 0


def cmd_git_install(args: argparse.Namespace) -> int:
    from ..gitconfig import install

    config, attributes = install(Path.cwd(), user=args.user)
    print(T("versions.git.installed", config=config, attributes=attributes))
    return 0


def cmd_git_textconv(args: argparse.Namespace) -> int:
    """git's view of a workshop (a file that is no workshop shown as it is)."""
    from ..versions.files import textconv

    sys.stdout.write(textconv(Path(args.path)))
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from ..model import MergeConflict
    from ..versions.files import merge_files
    from ..versions.text import conflict_line

    name = args.pathname or args.ours
    outcome = merge_files(Path(args.base), Path(args.ours), Path(args.theirs))
    if not outcome.conflicts:
        print(T("versions.merge.clean", path=name, revision=outcome.revision), file=sys.stderr)
        return 0
    count = len(outcome.conflicts)
    print(T("versions.merge.conflicts", path=name, count=count), file=sys.stderr)
    lang = default_language()
    for number, raw in enumerate(outcome.conflicts, 1):
        line = conflict_line(number, MergeConflict.model_validate(raw), lang)
        print(f"  {line}", file=sys.stderr)
    return 1


def cmd_conflicts(args: argparse.Namespace) -> int:
    from ..versions.conflicts import resolve_numbers
    from ..versions.text import conflict_line

    ws = Workshop.load(args.path)
    lang = default_language()
    if args.take is None:
        if not ws.conflicts:
            print(T("versions.no_conflicts", path=args.path))
            return 0
        print(T("versions.open_conflicts", count=len(ws.conflicts)))
        for number, conflict in enumerate(ws.conflicts, 1):
            print(f"  {conflict_line(number, conflict, lang)}")
        print(T("versions.conflicts_hint", path=args.path))
        return 0
    count = resolve_numbers(ws, args.numbers, args.take)
    ws.save()
    side = T(f"versions.side.{args.take}")
    print(T("versions.resolved_count", count=count, side=side, revision=ws.revision))
    return 0
