"""The ``cjm`` command, for people who never open Python.

User errors print one clear message to stderr and exit 1; wrong usage exits 2
(argparse's own convention). No traceback reaches the user for either.

``cjm`` speaks the user's language: ``cjm --lang fi ...`` (before the command; after
it, ``--lang`` is the workshop's, report's or guide's language), else the locale's
(LC_ALL, LC_MESSAGES, LANG), else English. Help, results and errors use it.

``parser`` knows every command's arguments; each command family's module (``files``,
``exports``, ``reports``, ``monitor``, ``room``, ``versions``, ``lab``) is imported only
when one of its commands runs, so a quick command starts quickly.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Sequence

from ..errors import CjmError, CjmWarning
from ..i18n import (
    UnknownLanguageError,
    default_language,
    language_from_environment,
    localize,
    translate,
    using_language,
)
from .parser import build_parser, requested_language

__all__ = ["build_parser", "main", "requested_language"]


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
            print(translate("cli.interrupted"), file=sys.stderr)
            code = 130
        except BrokenPipeError:
            # the reader went away (cjm plugins | head): stop quietly, as Unix tools do
            _silence_stdout()
            code = 0
    for warning in caught:
        if isinstance(warning.message, CjmWarning):
            print(
                translate("cli.warning", command=args.command, message=warning.message),
                file=sys.stderr,
            )
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
