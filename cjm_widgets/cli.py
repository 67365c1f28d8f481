"""The ``cjm`` command, for people who never open Python.

User errors print one clear message to stderr and exit 1; wrong usage exits 2
(argparse's own convention). No traceback reaches the user for either.

``cjm`` speaks the user's language: ``cjm --lang fi ...`` (before the command; after
it, ``--lang`` is the workshop's, report's or guide's language), else the locale's
(LC_ALL, LC_MESSAGES, LANG), else English. Help, results and errors use it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import CjmError, CjmWarning, StoreError
from .i18n import (
    SOURCE_LANGUAGE,
    UnknownLanguageError,
    check_language,
    default_language,
    language_from_environment,
    localize,
    supported_languages,
    translate,
    using_language,
)
from .render.svg import PAGE_SIZES_MM
from .render.views import VIEWS
from .samples import SAMPLE_FILE_NAME, sample_workshop
from .store import is_workshop_or_backup, make_folder, write_file
from .workshop import Workshop

T = translate


def _counted(**counts: int) -> dict[str, str]:
    """``personas=2`` -> ``{"personas": "2 personas"}``, in the plural form the count takes."""
    return {name: T(f"count.{name}", count=count) for name, count in counts.items()}


def _summary(ws: Workshop) -> str:
    return T(
        "cli.summary",
        **_counted(
            personas=len(ws.personas),
            stages=len(ws.stages),
            channels=len(ws.channels),
            touchpoints=len(ws.touchpoints),
            pain_points=len(ws.pain_points),
            ideas=len(ws.ideas),
            metrics=len(ws.metrics),
        ),
    )


def _check_outputs(
    outputs: Sequence[Path], workshop: Path | None, force: bool, key: str = "cli.output_exists"
) -> None:
    """Refuse to write over the workshop itself (or its backups), and, unless ``force``,
    over any file that already exists; nothing is written when one is refused."""
    for out in outputs:
        if workshop is not None and is_workshop_or_backup(out, workshop):
            raise CjmError(T("cli.output_is_workshop", path=out, workshop=workshop))
    if force:
        return
    existing = [out for out in outputs if out.exists()]
    if len(existing) == 1 and existing[0].is_dir():
        raise CjmError(T("cli.output_is_folder", path=existing[0]))
    if existing:
        raise CjmError(T(key, count=len(existing), paths=", ".join(map(str, existing))))


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.exists():
        raise StoreError(T("cli.exists", path=path), path)
    check_language(args.lang)
    ws = Workshop(title=args.title, organisation=args.organisation or "", language=args.lang)
    ws.save(path)
    print(T("cli.created", path=path))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    ws = Workshop.load(args.path)
    print(T("cli.valid", path=args.path, summary=_summary(ws), revision=ws.revision))
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    ws = Workshop.load(args.path)
    updated = ws.import_csv(args.csv)
    path = updated.save()
    print(
        T(
            "cli.imported",
            **_counted(
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


def cmd_export(args: argparse.Namespace) -> int:
    from .exporters import ExportRequest, exporters

    available = exporters()
    exporter = available.get(args.to)
    if exporter is None:
        choices = ", ".join(sorted(available))
        raise CjmError(T("cli.unknown_export_format", value=args.to, choices=choices))
    if exporter.needs_workshop and args.path is None:
        raise CjmError(T("cli.export_needs_path", format=args.to))
    path = Path(args.path) if args.path is not None else None
    request = ExportRequest(
        Workshop.load(path) if path is not None else None, path,
        persona=args.persona, view=args.view, page=args.page, zoom=args.zoom,
    )  # fmt: skip
    out = Path(args.output) if args.output else None
    if out is None and exporter.prints:
        sys.stdout.write(exporter.text(request))
        return 0
    out = out or exporter.default_output(request)
    if path is not None and exporter.folder and is_workshop_or_backup(out, path):
        raise CjmError(T("cli.output_is_workshop", path=out, workshop=path))
    _check_outputs(exporter.outputs(request, out), path, args.force)
    for written in exporter.write(request, out):
        print(T("cli.wrote", path=written))
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    from .plugins import GROUPS, registry

    found = registry()
    for kind, group in GROUPS.items():
        print(T("cli.plugins.group", group=group))
        for plugin in found.plugins(kind):
            line = str(
                T(
                    "cli.plugins.line", name=plugin.name, package=plugin.package,
                    version=plugin.version, target=plugin.target,
                )
            )  # fmt: skip
            if not plugin.ok:
                line += " " + T("cli.plugins.broken_mark", error=plugin.error)
            print(line)
    return 0


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CjmError(T("monitor.bad_date", value=text)) from None


def cmd_monitor(args: argparse.Namespace) -> int:
    from .monitor import monitor

    ws = Workshop.load(args.path)
    out = Path(args.out)
    names = (
        "funnel.csv", "unmapped.csv", "variants.csv", "segments.csv", "felt_vs_measured.csv",
        "impact.csv", "ab.csv",
    )  # fmt: skip
    _check_outputs(
        [out / name for name in names], Path(args.path), args.force, "cli.outputs_in_folder_exist"
    )
    result = monitor(
        ws, args.events, persona=args.persona, engine=args.engine,
        spark_master=args.spark_master, path_col=args.path_col, time_col=args.time_col,
        event_col=args.event_col, segment_col=args.segment_col,
        variant_col=args.variant_col, control=args.control,
        start=_date(args.start), end=_date(args.end), memory_limit=args.memory_limit,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )  # fmt: skip
    for written in result.write(out):
        print(T("cli.wrote", path=written))
    firsts = result.funnel.dropna(subset=["paths"]).groupby("persona_id", sort=False).head(1)
    journeys = result.funnel["persona_id"].nunique()
    paths = int(firsts["paths"].sum()) if len(firsts) else 0
    print(T("cli.monitor.summary", count=journeys, engine=result.engine, paths=paths))
    flagged = int((result.felt_vs_measured["flag"] != "agree").sum())
    if flagged:
        print(T("cli.monitor.flagged", count=flagged))
    small = result.small_samples()
    if small:
        print(T("cli.monitor.small_samples", count=small))
    if args.save:
        _save_snapshot(ws, result, args.events)
    return 0


def _save_snapshot(ws: Workshop, result: Any, events: Sequence[str]) -> None:
    """``cjm monitor --save``: the figures (not the log) into the workshop, as a snapshot."""
    from .measurements import keep_snapshot, snapshot

    if result.period is None:
        raise CjmError(T("cli.monitor.nothing_to_save"))
    source = ", ".join(Path(name).name for name in events)
    taken = snapshot(
        ws, result.funnel, result.period, source=source, engine=result.engine,
        impact=result.impact, measured_at=datetime.now().replace(microsecond=0),
    )  # fmt: skip
    replaced = keep_snapshot(ws, taken)
    path = ws.save()
    key = "cli.monitor.snapshot_replaced" if replaced else "cli.monitor.snapshot_saved"
    print(T(key, id=taken.id, path=path, revision=ws.revision, count=len(ws.measurements)))


def cmd_portfolio(args: argparse.Namespace) -> int:
    import time

    from .monitor.portfolio import portfolio
    from .reports.portfolio import portfolio_page
    from .store import write_file

    out = Path(args.out)
    targets = [out / "portfolio.csv", out / "portfolio.html"]
    for path in args.paths:
        _check_outputs(targets, Path(path), args.force, "cli.outputs_in_folder_exist")
    loaded = [
        (Path(path).name.removesuffix(".cjm.json"), Workshop.load(path)) for path in args.paths
    ]
    table = portfolio(loaded, args.events, by=args.by, engine=args.engine)
    lang = args.lang or (loaded[0][1].language if loaded else default_language())
    check_language(lang)
    make_folder(out)
    written = [
        write_file(targets[0], table.to_csv(index=False).encode("utf-8")),
        write_file(
            targets[1],
            portfolio_page(table, lang, time.strftime("%Y-%m-%d %H:%M")).encode("utf-8"),
        ),
    ]
    for path in written:
        print(T("cli.wrote", path=path))
    if len(table):
        first = table.iloc[0]
        print(T("cli.portfolio.first", workshop=first["workshop"], persona=first["persona"] or "-"))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .reports.run import progress_line, render

    outcomes = render(
        args.paths, template=args.template, out=args.out, to=args.to,
        per_persona=args.per_persona, lang=args.lang, jobs=args.jobs,
        progress=progress_line if len(args.paths) > 1 or args.per_persona or args.events else None,
        events=args.events, period=args.period, previous=args.previous,
        pptx=args.pptx, paper=args.paper,
    )  # fmt: skip
    for outcome in outcomes:
        if outcome.ok:
            for path in outcome.written:
                print(T("cli.wrote", path=path))
        else:
            print(
                T("cli.report_failed", stem=outcome.job.stem, error=outcome.error), file=sys.stderr
            )
    made = sum(outcome.ok for outcome in outcomes)
    if len(outcomes) > 1:
        print(T("report.summary", ok=made, count=len(outcomes)))
    return 0 if made == len(outcomes) else 1


def cmd_diff(args: argparse.Namespace) -> int:
    import json

    from .versions.files import diff_files
    from .versions.text import diff_text

    diff = diff_files(Path(args.old), Path(args.new), args.persona)
    if args.to == "json":
        text = json.dumps(diff.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
    elif args.to == "html":
        from .reports.changes import diff_page

        text = diff_page(diff, time.strftime("%Y-%m-%d %H:%M"))
    else:
        text = diff_text(diff)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    _check_outputs([out], Path(args.new), args.force)
    _check_outputs([out], Path(args.old), True)
    write_file(out, text.encode("utf-8"))
    print(T("cli.wrote", path=out))
    return 0


def cmd_git_install(args: argparse.Namespace) -> int:
    from .gitconfig import install

    config, attributes = install(Path.cwd(), user=args.user)
    print(T("versions.git.installed", config=config, attributes=attributes))
    return 0


def cmd_git_textconv(args: argparse.Namespace) -> int:
    """git's view of a workshop; a file that is no workshop (half-merged, empty) is shown
    as it is, so ``git diff`` never fails on it."""
    from .store import read_document, read_file
    from .versions.text import workshop_text

    path = Path(args.path)
    try:
        text = workshop_text(read_document(path))
    except StoreError:
        text = read_file(path).decode("utf-8", errors="replace")
    sys.stdout.write(text)
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from .model import MergeConflict
    from .versions.files import merge_files
    from .versions.text import conflict_line

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
    from .versions.conflicts import resolve
    from .versions.text import conflict_line

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
    numbers = sorted(set(args.numbers or range(1, len(ws.conflicts) + 1)), reverse=True)
    for number in numbers:
        resolve(ws, number - 1, args.take)
    ws.save()
    side = T(f"versions.side.{args.take}")
    print(T("versions.resolved_count", count=len(numbers), side=side, revision=ws.revision))
    return 0


def _open_workshop(args: argparse.Namespace) -> tuple[Path, int, str]:
    """For cjm lab and cjm app: the workshop's path (created if missing), a port, a token."""
    from . import launch

    path = Path(args.path).resolve()
    if args.lang:
        check_language(args.lang)
    launch.ensure_workshop(path, args.title, args.lang or SOURCE_LANGUAGE)
    return path, launch.choose_port(args.port), launch.new_token()


def cmd_lab(args: argparse.Namespace) -> int:
    from . import launch

    path, port, token = _open_workshop(args)
    notebook = launch.workshop_notebook(path, args.lang, force=args.force)
    url = f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}"
    return launch.serve(launch.lab_command(path, notebook, port, token), port, url, path.parent)


def cmd_app(args: argparse.Namespace) -> int:
    from . import launch

    path, port, token = _open_workshop(args)
    notebook = launch.app_notebook(path, args.lang, force=args.force)
    url = f"http://127.0.0.1:{port}/?token={token}"
    print(T("launch.share"))
    return launch.serve(launch.app_command(notebook, port, token), port, url, path.parent)


def cmd_room(args: argparse.Namespace) -> int:
    """``cjm room WORKSHOP`` serves the room; ``cjm room merge WORKSHOP`` merges its log."""
    if args.path == "merge" and args.workshop:
        from .room.merge import merge_room

        path = Path(args.workshop)
        changed, count = merge_room(path)
        key = "room.merged" if changed else "room.merged_nothing"
        print(T(key, path=path, ratings=T("room.count.ratings", count=count)))
        return 0
    if args.workshop:
        raise CjmError(T("room.usage", value=args.path))
    from .room.command import run_room

    path = Path(args.path).resolve()
    if args.lang:
        check_language(args.lang)
    from . import launch

    launch.ensure_workshop(path, None, args.lang or SOURCE_LANGUAGE)
    return run_room(path, args.host, args.port, args.votes, args.lang)


def cmd_guide(args: argparse.Namespace) -> int:
    from .guide import write_guide

    for path in write_guide(check_language(args.lang), args.output, args.to):
        print(T("cli.wrote", path=path))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .reports.run import render

    folder = make_folder(Path(args.out))
    ws = sample_workshop()
    path = ws.save(folder / SAMPLE_FILE_NAME, force=True)
    print(T("cli.demo_built", title=ws.title, summary=_summary(ws)))
    print(T("cli.demo_file", path=path.resolve()))
    _demo_monitoring(ws, path, folder)
    (outcome,) = render(path)
    if not outcome.ok:
        raise CjmError(outcome.error)
    handout = next(p for p in outcome.written if p.suffix == ".html")
    print(T("cli.demo_handout", path=handout.resolve()))
    return 0


def _demo_monitoring(ws: Workshop, path: Path, folder: Path) -> None:
    """The sample's event log measured and kept in the sample workshop, so the handout and
    the map show measured numbers too, as ``cjm monitor --save`` would."""
    from .monitor import monitor
    from .samples.events import write_sample_events

    events = write_sample_events(folder / "utility-e-invoice-events.csv", ws)
    result = monitor(ws, events)
    written = result.write(folder / "monitor")
    _save_snapshot(ws, result, [str(events)])
    command = f"cjm monitor {path} {events} --out {folder / 'monitor'} --save --force"
    print(T("cli.demo_monitor", path=written[0].resolve(), command=command))


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help with its "usage: " in cjm's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, T("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its own words (usage, headings, -h) in cjm's language; the command
    parsers are made by this class, too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**{**kwargs, "add_help": False})
        self._positionals.title = T("cli.positionals")
        self._optionals.title = T("cli.options")
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=T("cli.arg.help")
        )


def _ui_language(code: str) -> str:
    try:
        return check_language(code)
    except UnknownLanguageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def requested_language(argv: Sequence[str]) -> str | None:
    """The language of ``cjm --lang CODE COMMAND ...``, if CODE has a catalog. A ``--lang``
    after the command is the command's own (the workshop's, report's or guide's)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            code = next(words, "")
        elif word.startswith("--lang="):
            code = word.removeprefix("--lang=")
        elif word.startswith("-"):
            continue
        else:
            return None
        return code if code in supported_languages() else None
    return None


def build_parser() -> argparse.ArgumentParser:
    """The ``cjm`` parser, its help in the process's language (``i18n.default_language``)."""
    parser = _Parser(prog="cjm", description=T("cli.description"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"cjm-widgets {__version__}",
        help=T("cli.arg.version"),
    )
    parser.add_argument(
        "--lang",
        dest="ui_lang",
        metavar="LANG",
        type=_ui_language,
        help=T("cli.arg.ui_lang", choices=", ".join(supported_languages())),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], key: str = ""
    ) -> argparse.ArgumentParser:
        text = T(key or f"cli.{name}.help")
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    new = command("new", cmd_new)
    new.add_argument("path", metavar="PATH", help=T("cli.arg.path_new"))
    new.add_argument("--title", required=True, help=T("cli.arg.title"))
    new.add_argument("--organisation", help=T("cli.arg.organisation"))
    new.add_argument("--lang", default=SOURCE_LANGUAGE, help=T("cli.arg.lang"))

    validate = command("validate", cmd_validate)
    validate.add_argument("path", metavar="PATH", help=T("cli.arg.path"))

    import_csv = command("import-csv", cmd_import_csv)
    import_csv.add_argument("path", metavar="PATH", help=T("cli.arg.path"))
    import_csv.add_argument("csv", metavar="CSV", help=T("cli.arg.csv"))

    export = command("export", cmd_export)
    export.add_argument("path", metavar="PATH", nargs="?", help=T("cli.arg.path"))
    export.add_argument("--to", required=True, metavar="FORMAT", help=T("cli.arg.to"))
    export.add_argument("-o", "--output", metavar="OUT", help=T("cli.arg.output"))
    export.add_argument("--persona", metavar="ID", help=T("cli.arg.persona"))
    export.add_argument("--view", default="map", choices=VIEWS, help=T("cli.arg.view"))
    export.add_argument(
        "--page", default="screen", choices=tuple(PAGE_SIZES_MM), help=T("cli.arg.page")
    )
    export.add_argument("--zoom", type=float, default=1.0, help=T("cli.arg.zoom"))
    export.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))

    report = command("report", cmd_report)
    report.add_argument("paths", metavar="PATH", nargs="+", help=T("cli.arg.paths"))
    report.add_argument(
        "--template", default="report", metavar="NAME|FILE.ipynb", help=T("cli.arg.template")
    )
    report.add_argument("--out", metavar="DIR", help=T("cli.arg.out"))
    report.add_argument(
        "--to", default="html", choices=("html", "ipynb", "pdf"), help=T("cli.arg.report_to")
    )
    report.add_argument("--per-persona", action="store_true", help=T("cli.arg.per_persona"))
    report.add_argument("--lang", help=T("cli.arg.report_lang"))
    report.add_argument("--jobs", type=int, default=1, metavar="N", help=T("cli.arg.jobs"))
    report.add_argument("--events", metavar="LOG", help=T("cli.arg.report_events"))
    report.add_argument(
        "--period", default="month", choices=("month",), help=T("cli.arg.report_period")
    )
    report.add_argument("--previous", metavar="OLD", help=T("versions.arg.previous"))
    report.add_argument("--pptx", action="store_true", help=T("slides.arg.pptx"))
    report.add_argument(
        "--paper", default="a4", choices=("a4", "letter"), help=T("print.arg.paper")
    )

    for name, handler in (("lab", cmd_lab), ("app", cmd_app)):
        server = command(name, handler)
        server.add_argument("path", metavar="PATH", help=T("cli.arg.path_open"))
        server.add_argument("--port", type=int, metavar="N", help=T("cli.arg.port"))
        server.add_argument("--lang", help=T("cli.arg.lang"))
        server.add_argument("--title", help=T("cli.arg.title_new"))
        server.add_argument("--force", action="store_true", help=T("cli.arg.force_notebook"))

    room = commands.add_parser("room", help=T("room.help"), description=T("room.help"))
    room.set_defaults(handler=cmd_room)
    room.add_argument("path", metavar="WORKSHOP|merge", help=T("room.arg.path"))
    room.add_argument("workshop", metavar="WORKSHOP", nargs="?", help=T("room.arg.merge"))
    room.add_argument("--host", default="127.0.0.1", help=T("room.arg.host"))
    room.add_argument("--port", type=int, metavar="N", help=T("cli.arg.port"))
    room.add_argument("--votes", type=int, default=3, metavar="N", help=T("room.arg.votes"))
    room.add_argument("--lang", help=T("cli.arg.lang"))

    guide = command("guide", cmd_guide)
    guide.add_argument("--lang", default=SOURCE_LANGUAGE, help=T("cli.arg.guide_lang"))
    guide.add_argument("--to", default="html", choices=("html", "pdf"), help=T("cli.arg.guide_to"))
    guide.add_argument(
        "-o", "--output", default="cjm-guide", metavar="DIR", help=T("cli.arg.guide_out")
    )

    command("plugins", cmd_plugins)

    watch = command("monitor", cmd_monitor)
    watch.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
    watch.add_argument("events", metavar="EVENTS", nargs="+", help=T("cli.arg.events"))
    watch.add_argument("--out", required=True, metavar="DIR", help=T("cli.arg.monitor_out"))
    watch.add_argument("--persona", metavar="ID|NAME", help=T("cli.arg.monitor_persona"))
    watch.add_argument(
        "--engine", default="duckdb", choices=("duckdb", "spark"), help=T("cli.arg.engine")
    )
    watch.add_argument(
        "--spark-master", default="local[*]", metavar="URL", help=T("cli.arg.spark_master")
    )
    for column in ("path", "time", "event", "segment"):
        watch.add_argument(
            f"--{column}-col", dest=f"{column}_col", metavar="COLUMN",
            help=T(f"cli.arg.{column}_col"),
        )  # fmt: skip
    watch.add_argument(
        "--variant-col", dest="variant_col", metavar="COLUMN", help=T("cli.arg.variant_col")
    )
    watch.add_argument("--control", metavar="VALUE", help=T("cli.arg.control"))
    watch.add_argument("--save", action="store_true", help=T("cli.arg.monitor_save"))
    watch.add_argument("--from", dest="start", metavar="DATE", help=T("cli.arg.from_date"))
    watch.add_argument("--to", dest="end", metavar="DATE", help=T("cli.arg.to_date"))
    watch.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))
    watch.add_argument("--memory-limit", metavar="SIZE", help=T("cli.arg.memory_limit"))

    folio = command("portfolio", cmd_portfolio)
    folio.add_argument("paths", metavar="WORKSHOP", nargs="+", help=T("cli.arg.paths"))
    folio.add_argument(
        "--events", required=True, nargs="+", metavar="LOG", help=T("cli.arg.events")
    )
    folio.add_argument("--out", required=True, metavar="DIR", help=T("cli.arg.monitor_out"))
    folio.add_argument(
        "--by", default="end_to_end_conversion", metavar="COLUMN", help=T("cli.arg.portfolio_by")
    )
    folio.add_argument(
        "--engine", default="duckdb", choices=("duckdb", "spark"), help=T("cli.arg.engine")
    )
    folio.add_argument("--lang", help=T("cli.arg.report_lang"))
    folio.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))

    _version_commands(command)

    demo = command("demo", cmd_demo)
    demo.add_argument("--out", default="cjm-demo", metavar="DIR", help=T("cli.arg.demo_out"))
    return parser


GIT_PLACEHOLDERS = {"base": "%O", "ours": "%A", "theirs": "%B"}
"""What git passes a merge driver: the common ancestor, ours (the result goes there), theirs."""


def _version_commands(
    command: Callable[..., argparse.ArgumentParser],
) -> None:
    """cjm diff, cjm git install|textconv, cjm merge-driver, cjm conflicts."""
    diff = command("diff", cmd_diff, "versions.cli.diff")
    diff.add_argument("old", metavar="OLD", help=T("versions.arg.old"))
    diff.add_argument("new", metavar="NEW", help=T("versions.arg.new"))
    diff.add_argument("--persona", metavar="ID|NAME", help=T("versions.arg.persona"))
    diff.add_argument(
        "--to", default="text", choices=("text", "html", "json"), help=T("versions.arg.to")
    )
    diff.add_argument("-o", "--output", metavar="OUT", help=T("versions.arg.output"))
    diff.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))

    git = command("git", lambda _: 0, "versions.cli.git")
    actions = git.add_subparsers(dest="git_command", metavar="COMMAND", required=True)
    for name, handler in (("install", cmd_git_install), ("textconv", cmd_git_textconv)):
        text = T(f"versions.cli.git_{name}")
        sub = actions.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        if name == "install":
            sub.add_argument(
                "--global", dest="user", action="store_true", help=T("versions.arg.global")
            )
        else:
            sub.add_argument("path", metavar="FILE", help=T("versions.arg.file"))

    driver = command("merge-driver", cmd_merge_driver, "versions.cli.merge_driver")
    for name in ("base", "ours", "theirs"):
        driver.add_argument(name, metavar=GIT_PLACEHOLDERS[name], help=T(f"versions.arg.{name}"))
    driver.add_argument("pathname", metavar="%P", nargs="?", help=T("versions.arg.pathname"))

    conflicts = command("conflicts", cmd_conflicts, "versions.cli.conflicts")
    conflicts.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
    conflicts.add_argument("--take", choices=("ours", "theirs"), help=T("versions.arg.take"))
    conflicts.add_argument(
        "--only", dest="numbers", metavar="NUMBER", nargs="+", type=int,
        help=T("versions.arg.numbers"),
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cjm`` with ``argv``; returns the exit code.

    Messages are in the language of ``--lang`` before the command, else the locale's.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    with using_language(requested_language(arguments) or language_from_environment()):
        return _run(arguments)


def _run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CjmWarning)
        try:
            code: int = args.handler(args)
        except (CjmError, UnknownLanguageError) as error:
            print(f"cjm {args.command}: {localize(error, default_language())}", file=sys.stderr)
            code = 1
        except KeyboardInterrupt:
            print(T("cli.interrupted"), file=sys.stderr)
            code = 130
        except BrokenPipeError:
            # the reader went away (cjm plugins | head): stop quietly, as Unix tools do
            _silence_stdout()
            code = 0
    for warning in caught:
        if isinstance(warning.message, CjmWarning):
            print(T("cli.warning", command=args.command, message=warning.message), file=sys.stderr)
        else:
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so flushing at exit raises no second BrokenPipeError."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
