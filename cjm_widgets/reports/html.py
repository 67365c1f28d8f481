"""The building blocks of report HTML: a Section, and tags, lists and tables that escape.

Every piece of text goes into the page through ``tag``, ``table`` or ``bullet_list``,
which escape it: what people typed in the workshop is shown as text, never read as
markup. Only a ``markupsafe.Markup`` value (a badge, a line break, a blank to write in)
is kept as it is, so markup is always something the caller chose to write. Plugins'
report sections use the same blocks.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

METADATA_KEY = "cjm_section"
"""Where a displayed Section leaves its anchor and title in the output's ``text/html`` metadata."""


def escape_html(value: object) -> Markup:
    """``value`` as HTML: text is escaped, a ``Markup`` (or anything with ``__html__``) is kept."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value)))


def join_html(pieces: Iterable[object]) -> Markup:
    return Markup("".join(escape_html(piece) for piece in pieces))


def tag(name: str, *content: object, class_: str = "") -> Markup:
    """``<name class="class_">content</name>``, every piece of content escaped unless Markup."""
    attributes = f' class="{html.escape(class_)}"' if class_ else ""
    return Markup(f"<{name}{attributes}>{join_html(content)}</{name}>")


@dataclass(frozen=True)
class Section:
    """One part of a report: ``<h2 id=anchor>title</h2>`` and its body (HTML, already escaped).

    Displayed in a notebook, it also leaves its anchor and title in the output's metadata,
    where the handout finds them for its table of contents.
    """

    anchor: str
    title: str
    body: str

    def _repr_html_(self) -> str:
        heading = f'<h2 id="{html.escape(self.anchor)}">{html.escape(self.title)}</h2>'
        return f'<section class="cjm-section">{heading}{self.body}</section>'

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        entry = {"anchor": self.anchor, "title": self.title}
        return {"text/html": self._repr_html_()}, {"text/html": {METADATA_KEY: entry}}

    def __str__(self) -> str:
        return self._repr_html_()


def empty_line(text: str) -> Markup:
    """The grey line a section shows when it has nothing to show yet."""
    return tag("p", text, class_="cjm-empty")


def bullet_list(items: Iterable[object], empty: str = "") -> Markup:
    """A bulleted list, each item escaped unless Markup; ``empty``, if given, when it has none."""
    rows = [tag("li", item) for item in items]
    return tag("ul", *rows) if rows else (empty_line(empty) if empty else Markup())


def table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    classes: str = "",
    numeric: Collection[int] = (),
) -> Markup:
    """A report table. Every header and cell is text and is escaped, numbers included;
    a cell meant as markup (a badge, a line break, a blank to write in) is passed as Markup.
    The ``numeric`` columns (by index) are set right-aligned in tabular figures, so their
    digits line up down the column."""

    def cell(name: str, index: int, value: object) -> Markup:
        return tag(name, value, class_="cjm-num") if index in numeric else tag(name, value)

    head = tag("thead", tag("tr", *(cell("th", i, header) for i, header in enumerate(headers))))
    body = tag(
        "tbody",
        *(tag("tr", *(cell("td", i, value) for i, value in enumerate(row))) for row in rows),
    )
    return Markup(f'<table class="cjm-table {html.escape(classes)}">{head}{body}</table>')


def table_or_empty(
    headers: Sequence[object],
    rows: Sequence[Sequence[object]],
    empty: str,
    classes: str = "",
    numeric: Collection[int] = (),
) -> Markup:
    """The table of ``rows``, or the grey ``empty`` line when there are none yet."""
    return table(headers, rows, classes, numeric) if rows else empty_line(empty)
