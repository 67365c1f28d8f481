"""The ``cjm`` parser: argparse in cjm's language (usage, headings, ``-h``), ``--version``
and ``--lang`` before the command; the commands themselves are in ``commands``."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .._version import __version__
from ..i18n import UnknownLanguageError, check_language, supported_languages, translate
from .commands import Handler, add_commands

T = translate


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
        name: str, handler: str | Callable[[argparse.Namespace], int], key: str = ""
    ) -> argparse.ArgumentParser:
        text = T(key or f"cli.{name}.help")
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=Handler(handler) if isinstance(handler, str) else handler)
        return sub

    add_commands(command)
    return parser
