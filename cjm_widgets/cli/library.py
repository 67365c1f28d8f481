"""``cjm templates``, ``cjm new --from``, ``cjm library suggest`` and ``cjm library add``:
journey templates to start from, what others did about the same pain, and the measured
outcomes of your own past workshops."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..errors import CjmError, StoreError
from ..i18n import default_language, format_number, localize, translate
from ..library import (
    LibraryError,
    Suggestion,
    outcome_lines,
    read_outcomes,
    record_outcomes,
    registered_templates,
    suggest,
    suggestions_csv,
    workshop_from_template,
)
from ..library.matcher import pain_points_of
from ..library.outcomes import WorkshopOutcomes, launched_ideas
from ..model import PainPoint
from ..store import write_file
from ..workshop import Workshop
from .output import check_outputs, print_written

T = translate
Result = TypeVar("Result")


def for_option(option: str, call: Callable[[], Result]) -> Result:
    """``call()``, a library refusal named by the option it answers (``--from: ...``)."""
    try:
        return call()
    except LibraryError as error:
        raise CjmError(T("cli.library.option", option=option, error=error)) from None


def cmd_templates(args: argparse.Namespace) -> int:
    lang = default_language()
    for name, template in registered_templates().items():
        shown = lang if lang in template.languages else template.languages[0]
        languages = ", ".join(template.languages)
        print(T("cli.templates.line", name=name, title=template.title(shown), languages=languages))
    return 0


def new_from_template(args: argparse.Namespace) -> Workshop:
    """``cjm new --from TEMPLATE``: the template's workshop in ``--lang``, titled by
    ``--title`` or the template."""
    known = registered_templates()
    if args.template not in known:
        refusal = LibraryError.of(
            "library.unknown_template", value=args.template, choices=", ".join(known)
        )
        raise CjmError(T("cli.library.option", option="--from", error=refusal))
    ws = for_option(
        "--lang",
        lambda: workshop_from_template(args.template, args.lang, args.title, templates=known),
    )
    if args.organisation:
        ws.organisation = args.organisation
    return ws


def suggestions_text(
    pains: list[PainPoint], found: list[Suggestion], outcomes: list[WorkshopOutcomes]
) -> str:
    """The suggestions for the terminal: each pain point, its solutions ranked with their
    evidence, tags and score, and under each where it was tried; in cjm's language."""
    lang = default_language()
    by_pain: dict[str, list[Suggestion]] = {}
    for item in found:
        by_pain.setdefault(item.pain_point_id, []).append(item)
    lines: list[str] = []
    for pain in pains:
        lines.append(T("cli.library.pain_point", text=pain.text, id=pain.id))
        items = by_pain.get(pain.id, [])
        if not items:
            lines.append("   " + T("cli.library.no_match"))
        for item in items:
            evidence = T(f"library.evidence.{item.evidence}")
            line = T(
                "cli.library.suggestion", rank=item.rank, title=item.title, evidence=evidence,
                tags=", ".join(item.tags), score=format_number(item.score, lang),
            )  # fmt: skip
            lines.append(f"   {line}")
            lines.extend(
                f"      {tried}" for tried in outcome_lines(item.solution_id, outcomes, lang)
            )
        lines.append("")
    return "\n".join(lines)


def cmd_suggest(args: argparse.Namespace) -> int:
    path = Path(args.path)
    ws = Workshop.load(path)
    pains = for_option("--persona", lambda: pain_points_of(ws, args.persona))
    if not pains:
        raise CjmError(T("cli.library.no_pain_points", workshop=ws.title))
    found = for_option("--top", lambda: suggest(ws, args.persona, args.top))
    outcomes = read_outcomes(args.library)
    if args.to == "html":
        from ..reports.inspiration import inspiration_page

        text = inspiration_page(ws, args.persona, top=args.top, outcomes=outcomes)
        default = path.with_name(f"{path.name.removesuffix('.cjm.json')}.suggestions.html")
        out = Path(args.output) if args.output else default
    else:
        if args.to == "csv":
            text = suggestions_csv(found)
        else:
            text = suggestions_text(pains, found, outcomes)
        if args.output is None:
            sys.stdout.write(text)
            return 0
        out = Path(args.output)
    check_outputs([out], path, args.force)
    bom = b"\xef\xbb\xbf" if args.to == "csv" else b""  # Excel reads UTF-8 CSV with it
    print_written([write_file(out, bom + text.encode("utf-8"))])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            ws = Workshop.load(path)
            count = len(launched_ideas(ws).ideas)
            written = record_outcomes(ws, args.library)
        except (CjmError, StoreError) as error:
            print(f"cjm library add: {localize(error, default_language())}", file=sys.stderr)
            failed += 1
            continue
        print(T("cli.library.recorded", count=count, workshop=ws.title, path=written))
    return 1 if failed else 0


__all__ = [
    "cmd_add", "cmd_suggest", "cmd_templates", "for_option", "new_from_template",
    "suggestions_text",
]  # fmt: skip
