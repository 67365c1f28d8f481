"""``cjm lab`` and ``cjm app``: a workshop opened in JupyterLab or in the code-free app
(``launch`` makes the files and runs the servers)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import launch
from ..i18n import SOURCE_LANGUAGE, check_language, translate

T = translate


def _open_workshop(args: argparse.Namespace) -> tuple[Path, int, str]:
    """The workshop's path (created if missing), a port, a token."""
    path = Path(args.path).resolve()
    if args.lang:
        check_language(args.lang)
    launch.ensure_workshop(path, args.title, args.lang or SOURCE_LANGUAGE)
    return path, launch.choose_port(args.port), launch.new_token()


def cmd_lab(args: argparse.Namespace) -> int:
    path, port, token = _open_workshop(args)
    notebook = launch.workshop_notebook(path, args.lang, force=args.force)
    url = f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}"
    return launch.serve(launch.lab_command(path, notebook, port, token), port, url, path.parent)


def cmd_app(args: argparse.Namespace) -> int:
    path, port, token = _open_workshop(args)
    notebook = launch.app_notebook(path, args.lang, force=args.force)
    url = f"http://127.0.0.1:{port}/?token={token}"
    print(T("launch.share"))
    return launch.serve(
        launch.app_command(notebook, port, token, theme=args.theme), port, url, path.parent
    )
