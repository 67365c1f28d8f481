"""``cjm export`` (any registered format) and ``cjm plugins`` (what the registry found)."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from ..bulk import cycle_collector_paused
from ..errors import CjmError
from ..exporters import ExportRequest, exporters
from ..i18n import check_language, translate
from ..layout.options import MapOptions
from ..model import find_persona
from ..store import is_workshop_or_backup
from ..workshop import Workshop
from .output import check_outputs, print_written

T = translate


def cmd_export(args: argparse.Namespace) -> int:
    """The export with the cycle collector off throughout: its walks over the layout's
    objects, still alive while the SVG is written, cost a 500-touchpoint export a tenth
    of its time."""
    _fewer_collections()
    with cycle_collector_paused():
        return _export(args)


def _export(args: argparse.Namespace) -> int:
    available = exporters()
    exporter = available.get(args.to)
    if exporter is None:
        choices = ", ".join(sorted(available))
        raise CjmError(T("cli.unknown_export_format", value=args.to, choices=choices))
    if exporter.needs_workshop and args.path is None:
        raise CjmError(T("cli.export_needs_path", format=args.to))
    path = Path(args.path) if args.path is not None else None
    ws = Workshop.load(path) if path is not None else None
    persona = args.persona
    if ws is not None and persona is not None:
        persona = find_persona(ws.personas, persona, ws.language)
    options = MapOptions(lang=check_language(args.lang) if args.lang else None)
    request = ExportRequest(
        ws, path, options=options,
        persona=persona, view=args.view, page=args.page, zoom=args.zoom, pages=args.pages,
    )  # fmt: skip
    out = Path(args.output) if args.output else None
    if out is None and exporter.prints:
        sys.stdout.write(exporter.text(request))
        return 0
    out = out or exporter.default_output(request)
    if path is not None and exporter.folder and is_workshop_or_backup(out, path):
        raise CjmError(T("cli.output_is_workshop", path=out, workshop=path))
    check_outputs(exporter.outputs(request, out), path, args.force)
    print_written(exporter.write(request, out))
    return 0


def _fewer_collections() -> None:
    """What the imports made is kept out of the cycle collector's walks, and it runs less
    often: an export makes tens of thousands of small objects and hardly a cycle.
    Reference counting still frees everything else at once."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def cmd_plugins(args: argparse.Namespace) -> int:
    from ..plugins import GROUPS, registry

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
