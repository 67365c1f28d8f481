"""Every ``cjm`` command line in README.md and docs/*.md, tried on the sample workshop.

Each line runs in a fresh folder (a block that creates a workshop with ``cjm new`` is one
session in one folder): a workshop file it names is the sample workshop, an event log
it names is the sample's log. Every line must parse with the real parser and name personas the workshop
has; the cheap commands run and must succeed, the costly ones (monitor, portfolio) run
as slow tests, and those that start servers, build reports or change git's settings
are parsed only.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.cli.parser import build_parser
from cjm_widgets.model import find_persona
from cjm_widgets.samples import sample_workshop
from cjm_widgets.samples.events import write_sample_events

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

PARSE_ONLY = {"app", "lab", "room", "report", "git"}
"""Servers, notebooks run to reports, and git's settings: parsed, never run here."""
SLOW = {"monitor", "portfolio"}
SLOW_EXPORTS = {"png", "pptx", "pdf"}
EVENT_LOG = re.compile(r"(^|/)(events?|export|history|new-events)[^/]*\.(csv|parquet)$")


@dataclass(frozen=True)
class Block:
    doc: str
    number: int
    lines: tuple[tuple[str, ...], ...]

    @property
    def name(self) -> str:
        return f"{self.doc}#{self.number}"


def _blocks() -> list[Block]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for number, body in enumerate(re.findall(r"```(?:sh|bash|shell)\n(.*?)```", text, re.S)):
            joined = body.replace("\\\n", " ")
            lines = tuple(
                tuple(shlex.split(line, comments=True))[1:]
                for line in joined.splitlines()
                if line.strip().startswith("cjm ")
            )
            if lines:
                found.append(Block(doc.name, number, lines))
    return found


BLOCKS = _blocks()
LINES = [(block, line) for block in BLOCKS for line in block.lines]


def _remote(args: list[str]) -> bool:
    """A line about a cluster, a bucket or a webhook this machine does not have, a plugin's
    format (examples/cjm-jira-example, not installed here) or a conflict the sample has not
    got. Tests send nothing beyond 127.0.0.1."""
    return (
        any(
            a.startswith(("s3a://", "/mnt/", "spark://", "https://", "http://")) or a == "spark"
            for a in args
        )
        or "jira-csv" in args
        or (args[:1] == ["conflicts"] and "--only" in args)
    )


def test_the_docs_have_command_lines() -> None:
    assert len(LINES) > 40
    assert any(line[:1] == ("monitor",) and "--persona" in line for _, line in LINES)


@pytest.mark.parametrize(("block", "line"), LINES, ids=[" ".join(line) for _, line in LINES])
def test_every_documented_line_parses_and_names_real_personas(
    block: Block, line: tuple[str, ...]
) -> None:
    args = build_parser().parse_args(list(line))
    persona = getattr(args, "persona", None)
    if persona is not None:
        ws = _workshop_of(block)
        find_persona(ws.personas, persona)


def _workshop_of(block: Block) -> Workshop:
    """The workshop a block's lines work on: the sample, or what the block builds itself."""
    if any(line[:1] == ("new",) for line in block.lines):
        imported = [line for line in block.lines if line[:1] == ("import-csv",)]
        if imported:  # a journey typed into a spreadsheet; else the block's lines use the sample
            return _built(tuple(imported[0][-1:]))
    return sample_workshop()


def _built(csv: tuple[str, ...]) -> Workshop:
    from cjm_widgets.csv_import import import_touchpoints_csv

    return import_touchpoints_csv(Workshop(title="x"), ROOT / csv[0])


def _prepare(folder: Path, line: tuple[str, ...], made: set[str]) -> list[str]:
    """Create what ``line`` reads; returns the line with globs expanded as a shell would."""
    args: list[str] = []
    for arg in line:
        workshop = arg.endswith(".cjm.json") and line[0] != "new" and arg not in made
        if workshop and not (folder / arg).exists() and line[line.index(arg) - 1] != "-o":
            sample_workshop().save(folder / arg)
        log = arg.rstrip("/")
        if EVENT_LOG.search(log) or log == "events" or log.startswith("events/"):
            target = folder / (log if "." in log.rsplit("/", 1)[-1] else f"{log}/part.parquet")
            if "*" in target.name:
                target = target.with_name(target.name.replace("*", "part"))
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                write_sample_events(target, paths=200)
        if arg.startswith("examples/"):
            (folder / "examples").mkdir(exist_ok=True)
            shutil.copy(ROOT / arg, folder / arg)
        if "*" in arg:
            args.extend(sorted(str(p.relative_to(folder)) for p in folder.glob(arg)) or [arg])
        else:
            args.append(arg)
    if line[0] == "new":
        made.add(line[1])
    return args


def _runs(block: Block, slow: bool) -> bool:
    lines = [line for line in block.lines if line[0] not in PARSE_ONLY and not _remote(list(line))]
    costly = [line for line in lines if line[0] in SLOW or set(line) & SLOW_EXPORTS]
    return bool(lines) and (bool(costly) == slow)


def _run_block(
    block: Block, folder: Path, monkeypatch: pytest.MonkeyPatch, slow: bool
) -> list[str]:
    made: set[str] = set()
    failed = []
    session = any(line[:1] == ("new",) for line in block.lines)
    for number, line in enumerate(block.lines):
        if line[0] in PARSE_ONLY or _remote(list(line)):
            continue
        if not slow and (line[0] in SLOW or set(line) & SLOW_EXPORTS):
            continue
        # a block building a workshop is one session; other lines are alternatives
        here = folder if session else folder / str(number)
        here.mkdir(exist_ok=True)
        monkeypatch.chdir(here)
        args = _prepare(here, line, made)
        if main(args) != 0:
            failed.append(" ".join(line))
    return failed


QUICK = [block for block in BLOCKS if _runs(block, slow=False)]
COSTLY = [block for block in BLOCKS if _runs(block, slow=True)]


@pytest.mark.parametrize("block", QUICK, ids=[block.name for block in QUICK])
def test_the_cheap_documented_commands_run(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run_block(block, tmp_path, monkeypatch, slow=False) == []


@pytest.mark.slow
@pytest.mark.parametrize("block", COSTLY, ids=[block.name for block in COSTLY])
def test_the_costly_documented_commands_run(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run_block(block, tmp_path, monkeypatch, slow=True) == []
