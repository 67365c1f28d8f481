"""Every ``cjm`` command: its arguments, its help, and the module that runs it.

A command names its handler as ``"module.function"`` inside ``cjm_widgets.cli``; the
module is imported only when the command runs, so building the parser (and ``cjm
--help``) loads no data frames, query engines, notebooks or widgets. Commands are
added in the order ``cjm --help`` lists them.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import SOURCE_LANGUAGE, translate
from ..layout.theme import THEMES
from ..render.svg import PAGE_SIZES_MM
from ..render.views import VIEWS

T = translate

Command = Callable[..., argparse.ArgumentParser]
"""``command(name, handler, key="")``: a command's parser, its help from ``key`` (or
``cli.NAME.help``) and ``handler`` (``"module.function"``, or a function) to run it."""


@dataclass(frozen=True)
class Handler:
    """A command's handler by name (``"files.cmd_new"``), imported when the command runs."""

    target: str

    def resolve(self) -> Callable[[argparse.Namespace], int]:
        module, _, name = self.target.rpartition(".")
        handler: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(f"{__package__}.{module}"), name
        )
        return handler

    def __call__(self, args: argparse.Namespace) -> int:
        return self.resolve()(args)


def add_commands(command: Command) -> None:
    """All the commands, each family's arguments beside its neighbours'."""
    _workshop_files(command)
    _exports(command)
    _reports(command)
    _servers(command)
    guide = command("guide", "reports.cmd_guide")
    guide.add_argument("--lang", default=SOURCE_LANGUAGE, help=T("cli.arg.guide_lang"))
    guide.add_argument("--to", default="html", choices=("html", "pdf"), help=T("cli.arg.guide_to"))
    guide.add_argument(
        "-o", "--output", default="cjm-guide", metavar="DIR", help=T("cli.arg.guide_out")
    )
    command("plugins", "exports.cmd_plugins")
    _monitoring(command)
    _nudging(command)
    _versions(command)
    _library(command)
    demo = command("demo", "reports.cmd_demo")
    demo.add_argument("--out", default="cjm-demo", metavar="DIR", help=T("cli.arg.demo_out"))


def _workshop_files(command: Command) -> None:
    """cjm new, validate, import-csv."""
    new = command("new", "files.cmd_new")
    new.add_argument("path", metavar="PATH", help=T("cli.arg.path_new"))
    new.add_argument("--title", help=T("cli.arg.title_or_template"))
    new.add_argument("--organisation", help=T("cli.arg.organisation"))
    new.add_argument("--lang", default=SOURCE_LANGUAGE, help=T("cli.arg.lang"))
    new.add_argument("--from", dest="template", metavar="TEMPLATE", help=T("cli.arg.from_template"))
    command("templates", "library.cmd_templates")

    validate = command("validate", "files.cmd_validate")
    validate.add_argument("path", metavar="PATH", help=T("cli.arg.path"))

    import_csv = command("import-csv", "files.cmd_import_csv")
    import_csv.add_argument("path", metavar="PATH", help=T("cli.arg.path"))
    import_csv.add_argument("csv", metavar="CSV", help=T("cli.arg.csv"))


def _exports(command: Command) -> None:
    export = command("export", "exports.cmd_export")
    export.add_argument("path", metavar="PATH", nargs="?", help=T("cli.arg.path"))
    export.add_argument("--to", required=True, metavar="FORMAT", help=T("cli.arg.to"))
    export.add_argument("-o", "--output", metavar="OUT", help=T("cli.arg.output"))
    export.add_argument("--persona", metavar="ID|NAME", help=T("cli.arg.persona"))
    export.add_argument("--lang", help=T("cli.arg.export_lang"))
    export.add_argument("--view", default="map", choices=VIEWS, help=T("cli.arg.view"))
    export.add_argument(
        "--page", default="screen", choices=tuple(PAGE_SIZES_MM), help=T("cli.arg.page")
    )
    export.add_argument("--zoom", type=float, default=1.0, help=T("cli.arg.zoom"))
    export.add_argument("--pages", metavar="N[-M]", help=T("cli.arg.pages"))
    export.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))


def _reports(command: Command) -> None:
    report = command("report", "reports.cmd_report")
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


def _servers(command: Command) -> None:
    """cjm lab, app and room: a workshop opened in the browser."""
    for name in ("lab", "app"):
        server = command(name, f"lab.cmd_{name}")
        server.add_argument("path", metavar="PATH", help=T("cli.arg.path_open"))
        server.add_argument("--port", type=int, metavar="N", help=T("cli.arg.port"))
        server.add_argument("--lang", help=T("cli.arg.lang"))
        server.add_argument("--title", help=T("cli.arg.title_new"))
        server.add_argument("--force", action="store_true", help=T("cli.arg.force_notebook"))
        if name == "app":
            server.add_argument("--theme", default="light", choices=THEMES, help=T("cli.arg.theme"))

    room = command("room", "room.cmd_room", "room.help")
    room.add_argument("path", metavar="WORKSHOP|merge", help=T("room.arg.path"))
    room.add_argument("workshop", metavar="WORKSHOP", nargs="?", help=T("room.arg.merge"))
    room.add_argument("--host", default="127.0.0.1", help=T("room.arg.host"))
    room.add_argument("--port", type=int, metavar="N", help=T("cli.arg.port"))
    room.add_argument("--votes", type=int, default=3, metavar="N", help=T("room.arg.votes"))
    room.add_argument("--max-participants", type=int, default=250, metavar="N",
                      help=T("room.arg.max_participants"))  # fmt: skip
    room.add_argument("--lang", help=T("cli.arg.lang"))


def _log_options(parser: argparse.ArgumentParser) -> None:
    """How an event log is read: the engine and the log's columns (``cjm monitor``'s)."""
    parser.add_argument(
        "--engine", default="duckdb", choices=("duckdb", "spark"), help=T("cli.arg.engine")
    )
    parser.add_argument(
        "--spark-master", default="local[*]", metavar="URL", help=T("cli.arg.spark_master")
    )
    parser.add_argument(
        "--spark-conf", action="append", metavar="KEY=VALUE", help=T("cli.arg.spark_conf")
    )
    for column in ("path", "time", "event", "segment"):
        parser.add_argument(
            f"--{column}-col", dest=f"{column}_col", metavar="COLUMN",
            help=T(f"cli.arg.{column}_col"),
        )  # fmt: skip
    parser.add_argument("--time-unit", choices=("s", "ms", "us", "ns"), help=T("cli.arg.time_unit"))
    parser.add_argument("--memory-limit", metavar="SIZE", help=T("cli.arg.memory_limit"))


def _nudging(command: Command) -> None:
    """cjm nudge backtest|run|status: nudges replayed on history, run, and accounted for."""
    nudge = command("nudge", lambda _: 0)
    actions = nudge.add_subparsers(dest="nudge_command", metavar="COMMAND", required=True)

    def action(name: str) -> argparse.ArgumentParser:
        text = T(f"cli.nudge.{name}.help")
        parser = actions.add_parser(name, help=text, description=text)
        parser.set_defaults(handler=Handler(f"nudge.cmd_{name}"))
        parser.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
        return parser

    replay = action("backtest")
    replay.add_argument("events", metavar="EVENTS", nargs="+", help=T("cli.arg.events"))
    replay.add_argument("--out", required=True, metavar="DIR", help=T("cli.arg.backtest_out"))
    replay.add_argument("--from", dest="start", metavar="DATE", help=T("cli.arg.backtest_from"))
    replay.add_argument("--to", dest="end", metavar="DATE", help=T("cli.arg.backtest_to"))
    replay.add_argument(
        "--every", type=int, default=24, metavar="HOURS", help=T("cli.arg.backtest_every")
    )
    send = action("run")
    send.add_argument("events", metavar="EVENTS", nargs="+", help=T("cli.arg.events"))
    send.add_argument("--as-of", metavar="TIME", help=T("cli.arg.nudge_as_of"))
    where = send.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="FILE", help=T("cli.arg.nudge_out"))
    where.add_argument("--webhook", metavar="URL", help=T("cli.arg.nudge_webhook"))
    send.add_argument(
        "--format", dest="fmt", default="cjm", choices=("cjm", "segment"),
        help=T("cli.arg.nudge_format"),
    )  # fmt: skip
    send.add_argument("--rate", type=float, default=10.0, metavar="N", help=T("cli.arg.nudge_rate"))
    send.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help=T("cli.arg.nudge_timeout")
    )
    send.add_argument("--allow-http", action="store_true", help=T("cli.arg.nudge_allow_http"))
    send.add_argument("--dry-run", action="store_true", help=T("cli.arg.nudge_dry_run"))
    for parser in (replay, send):
        parser.add_argument(
            "--nudge",
            dest="nudges",
            action="append",
            metavar="ID|TITLE",
            help=T("cli.arg.nudge_only"),
        )
        _log_options(parser)
        parser.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))
    action("status")


def _monitoring(command: Command) -> None:
    """cjm monitor, portfolio."""
    watch = command("monitor", "monitor.cmd_monitor")
    watch.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
    watch.add_argument("events", metavar="EVENTS", nargs="+", help=T("cli.arg.events"))
    watch.add_argument("--out", required=True, metavar="DIR", help=T("cli.arg.monitor_out"))
    watch.add_argument("--persona", metavar="ID|NAME", help=T("cli.arg.monitor_persona"))
    _log_options(watch)
    watch.add_argument(
        "--variant-col", dest="variant_col", metavar="COLUMN", help=T("cli.arg.variant_col")
    )
    watch.add_argument("--control", metavar="VALUE", help=T("cli.arg.control"))
    watch.add_argument("--save", action="store_true", help=T("cli.arg.monitor_save"))
    watch.add_argument("--from", dest="start", metavar="DATE", help=T("cli.arg.from_date"))
    watch.add_argument("--to", dest="end", metavar="DATE", help=T("cli.arg.to_date"))
    watch.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))

    drivers = command("signals", "monitor.cmd_signals")
    drivers.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
    drivers.add_argument("events", metavar="EVENTS", nargs="+", help=T("cli.arg.events"))
    drivers.add_argument("--out", required=True, metavar="DIR", help=T("cli.arg.signals_out"))
    drivers.add_argument("--persona", metavar="ID|NAME", help=T("cli.arg.monitor_persona"))
    drivers.add_argument(
        "--min-customers", type=int, default=30, metavar="N", help=T("cli.arg.min_customers")
    )
    drivers.add_argument(
        "--sample", type=int, default=20_000, metavar="N", help=T("cli.arg.signals_sample")
    )
    _log_options(drivers)
    drivers.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))

    folio = command("portfolio", "monitor.cmd_portfolio")
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
    folio.add_argument("--memory-limit", metavar="SIZE", help=T("cli.arg.memory_limit"))


def _library(command: Command) -> None:
    """cjm library suggest|add: solutions for a workshop's pain points, outcomes recorded."""
    library = command("library", lambda _: 0)
    actions = library.add_subparsers(dest="library_command", metavar="COMMAND", required=True)
    text = T("cli.library.suggest.help")
    suggest = actions.add_parser("suggest", help=text, description=text)
    suggest.set_defaults(handler=Handler("library.cmd_suggest"))
    suggest.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
    suggest.add_argument("--persona", metavar="ID|NAME", help=T("cli.arg.suggest_persona"))
    suggest.add_argument("--top", type=int, default=3, metavar="N", help=T("cli.arg.suggest_top"))
    suggest.add_argument(
        "--to", default="text", choices=("text", "html", "csv"), help=T("cli.arg.suggest_to")
    )
    suggest.add_argument("-o", "--output", metavar="OUT", help=T("cli.arg.suggest_output"))
    suggest.add_argument("--library", metavar="DIR", help=T("cli.arg.library_dir"))
    suggest.add_argument("--force", action="store_true", help=T("cli.arg.force_export"))
    text = T("cli.library.add.help")
    add = actions.add_parser("add", help=text, description=text)
    add.set_defaults(handler=Handler("library.cmd_add"))
    add.add_argument("paths", metavar="WORKSHOP", nargs="+", help=T("cli.arg.library_workshops"))
    add.add_argument("--library", metavar="DIR", help=T("cli.arg.library_dir"))


GIT_PLACEHOLDERS = {"base": "%O", "ours": "%A", "theirs": "%B"}
"""What git passes a merge driver: the common ancestor, ours (the result goes there), theirs."""


def _versions(command: Command) -> None:
    """cjm diff, cjm git install|textconv, cjm merge-driver, cjm conflicts."""
    diff = command("diff", "versions.cmd_diff", "versions.cli.diff")
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
    for name in ("install", "textconv"):
        text = T(f"versions.cli.git_{name}")
        sub = actions.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=Handler(f"versions.cmd_git_{name}"))
        if name == "install":
            sub.add_argument(
                "--global", dest="user", action="store_true", help=T("versions.arg.global")
            )
        else:
            sub.add_argument("path", metavar="FILE", help=T("versions.arg.file"))

    driver = command("merge-driver", "versions.cmd_merge_driver", "versions.cli.merge_driver")
    for name in ("base", "ours", "theirs"):
        driver.add_argument(name, metavar=GIT_PLACEHOLDERS[name], help=T(f"versions.arg.{name}"))
    driver.add_argument("pathname", metavar="%P", nargs="?", help=T("versions.arg.pathname"))

    conflicts = command("conflicts", "versions.cmd_conflicts", "versions.cli.conflicts")
    conflicts.add_argument("path", metavar="WORKSHOP", help=T("cli.arg.path"))
    conflicts.add_argument("--take", choices=("ours", "theirs"), help=T("versions.arg.take"))
    conflicts.add_argument(
        "--only", dest="numbers", metavar="NUMBER", nargs="+", type=int,
        help=T("versions.arg.numbers"),
    )  # fmt: skip
