"""What the commands share when they print and write: counts in words, a workshop's
summary line, the files written, and the refusal to write over what should stay."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate
from ..model import Workshop
from ..store import is_workshop_or_backup

T = translate


def counted(**counts: int) -> dict[str, str]:
    """``personas=2`` -> ``{"personas": "2 personas"}``, in the plural form the count takes."""
    return {name: T(f"count.{name}", count=count) for name, count in counts.items()}


def summary(ws: Workshop) -> str:
    """How much the workshop holds, list by list, in one line."""
    return T(
        "cli.summary",
        **counted(
            personas=len(ws.personas),
            stages=len(ws.stages),
            channels=len(ws.channels),
            touchpoints=len(ws.touchpoints),
            pain_points=len(ws.pain_points),
            ideas=len(ws.ideas),
            metrics=len(ws.metrics),
        ),
    )


def print_written(paths: Iterable[Path]) -> None:
    for path in paths:
        print(T("cli.wrote", path=path))


def check_outputs(
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


def check_folder_outputs(folder: Path, names: Sequence[str], workshop: Path, force: bool) -> None:
    """``check_outputs`` for the files a command writes into its ``--out`` folder: the
    refusal names the folder option."""
    check_outputs([folder / name for name in names], workshop, force, "cli.outputs_in_folder_exist")
