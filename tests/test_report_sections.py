"""Report sections show what people typed as text, and the handout's contents come from them.

No kernel here: the section functions are called directly, and handouts are made from
notebooks whose outputs are written the way a kernel would write them.
"""

from __future__ import annotations

import html
import inspect
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import nbformat
import pytest
from markupsafe import Markup

from cjm_widgets import Workshop
from cjm_widgets.reports import sections
from cjm_widgets.reports.handout import handout_html
from cjm_widgets.reports.sections import Section
from cjm_widgets.samples import sample_workshop
from tests.messages import said
from tests.payloads import LIST_PAYLOADS, PAYLOADS, fill_every_text_field

SECTIONS: list[Callable[..., Section]] = [
    sections.overview, sections.persona_cards, sections.vision, sections.journey_maps,
    sections.touchpoint_table, sections.emotion_curves, sections.moments_of_truth,
    sections.ranked_pain_points, sections.priority_matrix, sections.approved_actions,
    sections.metrics_table, sections.open_questions, sections.findings_summary,
    sections.rating_sheet,
]  # fmt: skip
FIGURES_ONLY = {sections.journey_maps, sections.emotion_curves}
"""Sections whose text is all inside an SVG figure, escaped by the SVG writer."""

HTML_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="x',
    "' onfocus='x' autofocus='",
    "&amp;",
    "&lt;b&gt;not bold&lt;/b&gt;",
    "</td></tr></table><iframe src=//evil.example>",
    "]]><svg onload=alert(1)><![CDATA[",
)
INJECTED_TAGS = {"script", "img", "iframe", "object", "embed", "a", "foreignobject"}


class Parsed(HTMLParser):
    """The elements, attribute names and text of a piece of HTML, as a browser reads them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.chunks: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def renderings(ws: Workshop) -> Iterator[tuple[Callable[..., Section], str]]:
    """Every section, for the whole journey and for each persona where it takes one."""
    for function in SECTIONS:
        takes_persona = "persona" in inspect.signature(function).parameters
        for persona in [None, *(p.id for p in ws.personas)] if takes_persona else [None]:
            section = function(ws, persona=persona) if takes_persona else function(ws)
            yield function, section._repr_html_()


def _swap(value: Any, typed: set[str], payload: str) -> Any:
    if isinstance(value, dict):
        return {key: _swap(item, typed, payload) for key, item in value.items()}
    if isinstance(value, list):
        return [_swap(item, typed, payload) for item in value]
    return payload if isinstance(value, str) and value in typed else value


def workshop_saying(payload: str) -> Workshop:
    """The sample workshop with ``payload`` in every free-text field and text-list item."""
    ws = sample_workshop()
    fill_every_text_field(ws)
    typed = set(PAYLOADS) | set(LIST_PAYLOADS)
    return Workshop.from_dict(_swap(ws.to_dict(), typed, payload))


@pytest.fixture(scope="module")
def sample_markup() -> tuple[set[str], set[str]]:
    """The elements and attribute names the sections write for the plain sample workshop."""
    tags: set[str] = set()
    attributes: set[str] = set()
    for _, page in renderings(sample_workshop()):
        parsed = Parsed(page)
        tags |= parsed.tags
        attributes |= parsed.attributes
    assert not tags & INJECTED_TAGS
    assert not any(name.startswith("on") for name in attributes)
    return tags, attributes


def assert_nothing_injected(page: str, markup: tuple[set[str], set[str]], where: str) -> Parsed:
    tags, attributes = markup
    parsed = Parsed(page)
    assert not parsed.tags & INJECTED_TAGS, where
    assert parsed.tags <= tags, (where, parsed.tags - tags)
    assert parsed.attributes <= attributes, (where, parsed.attributes - attributes)
    assert not any(name.startswith("on") for name in parsed.attributes), where
    return parsed


@pytest.mark.parametrize("payload", HTML_PAYLOADS)
def test_every_section_shows_typed_markup_as_text(
    payload: str, sample_markup: tuple[set[str], set[str]]
) -> None:
    ws = workshop_saying(payload)
    assert ws.organisation == payload and ws.personas[0].goals[0] == payload
    for function, page in renderings(ws):
        where = f"{function.__name__}: {payload}"
        parsed = assert_nothing_injected(page, sample_markup, where)
        assert payload in parsed.text, where  # the reader sees exactly what was typed
        if function in FIGURES_ONLY:  # SVG text needs no quotes escaped
            assert html.escape(payload, quote=False) in page, where
        else:
            assert html.escape(payload) in page, where


def test_every_section_with_every_payload_at_once(
    sample_markup: tuple[set[str], set[str]],
) -> None:
    ws = sample_workshop()
    assert fill_every_text_field(ws) > 300
    shown = 0
    for function, page in renderings(ws):
        parsed = assert_nothing_injected(page, sample_markup, function.__name__)
        shown += sum(payload in parsed.text for payload in PAYLOADS)
    assert shown > 100


def test_sample_sections_keep_their_markup() -> None:
    ws = sample_workshop()
    actions = sections.approved_actions(ws)._repr_html_()
    assert '<table class="cjm-table ">' in actions and f"<th>{said('idea.owner')}</th>" in actions
    ws.ideas[0].owner = ""
    ws.ideas[0].status = "approved"
    assert '<td><span class="cjm-missing">' in sections.approved_actions(ws)._repr_html_()
    overview = sections.overview(ws)._repr_html_()
    assert f"<br>{html.escape(ws.scope.note)}</dd>" in overview
    sheet = sections.rating_sheet(ws)._repr_html_()
    assert '<table class="cjm-table cjm-sheet">' in sheet
    assert '<td><span class="cjm-blank"></span></td>' in sheet
    metrics = sections.metrics_table(ws)._repr_html_()
    assert '<table class="cjm-table cjm-numbers">' in metrics


def test_a_table_escapes_every_cell_but_markup() -> None:
    table = sections.table(
        ["<th>", 'say "hi"'],
        [("<b>typed</b>", 3), (Markup('<span class="cjm-blank"></span>'), None)],
        "cjm-sheet",
    )
    assert table == (
        '<table class="cjm-table cjm-sheet"><thead><tr><th>&lt;th&gt;</th>'
        "<th>say &quot;hi&quot;</th></tr></thead><tbody>"
        "<tr><td>&lt;b&gt;typed&lt;/b&gt;</td><td>3</td></tr>"
        '<tr><td><span class="cjm-blank"></span></td><td>None</td></tr></tbody></table>'
    )


# -- the handout's table of contents ---------------------------------------------------------


def test_a_displayed_section_publishes_its_anchor_and_title() -> None:
    from IPython.core.formatters import DisplayFormatter

    section = Section("costs", "Costs <b>per</b> customer", "<p>body</p>")
    data, metadata = DisplayFormatter().format(section)
    assert data["text/html"] == section._repr_html_()
    assert metadata == {
        "text/html": {"cjm_section": {"anchor": "costs", "title": "Costs <b>per</b> customer"}}
    }


def shown(section: Section, tags: tuple[str, ...] = ()) -> Any:
    """A code cell that displayed ``section``, its output as a kernel records it."""
    data, metadata = section._repr_mimebundle_()
    data["text/plain"] = repr(section.title)
    output = nbformat.v4.new_output("execute_result", data, metadata=metadata, execution_count=1)
    return nbformat.v4.new_code_cell(
        "section", outputs=[output], metadata={"tags": list(tags)}, execution_count=1
    )


class Contents(HTMLParser):
    """The links of the handout's contents list: (href, text) in order."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.tags_in_nav: list[str] = []
        self._in_nav = False
        self._href: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._in_nav = True
        elif self._in_nav:
            self.tags_in_nav.append(tag)
            if tag == "a":
                self._href = dict(attrs)["href"]
                self.links.append((self._href or "", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav = False
        elif tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)


def handout(cells: list[Any]) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    return handout_html(notebook, title="Report", subtitle="", lang="en", generated="now")


def test_contents_list_exactly_the_shown_sections_in_order() -> None:
    ws = sample_workshop()
    custom = Section("costs", "Costs <b>per</b> customer & more", "<p>Our own analysis</p>")
    no_metadata = nbformat.v4.new_output(
        "display_data", {"text/html": '<h2 id="fake">Not a section</h2>'}
    )
    cells = [
        nbformat.v4.new_markdown_cell("## Notes for the analyst"),
        shown(sections.vision(ws), tags=("remove-cell",)),
        shown(sections.metrics_table(ws), tags=("remove-output",)),
        shown(sections.vision(ws)),
        nbformat.v4.new_code_cell("plain html", outputs=[no_metadata]),
        shown(custom),
        shown(sections.overview(ws)),
    ]
    page = handout(cells)
    contents = Contents(page)
    assert contents.links == [
        ("#vision", said("guide.vision.title")),
        ("#costs", "Costs <b>per</b> customer & more"),
        ("#overview", said("report.overview")),
    ]
    assert contents.tags_in_nav == ["h2", "ol", "li", "a", "li", "a", "li", "a"]  # no <b>
    assert '<a href="#costs">Costs &lt;b&gt;per&lt;/b&gt; customer &amp; more</a>' in page
    for href, _ in contents.links:
        assert f'id="{href[1:]}"' in page  # each entry leads to its section
    assert '<h2 id="fake">Not a section</h2>' in page  # shown, but not a section


def test_no_sections_no_contents() -> None:
    page = handout([nbformat.v4.new_markdown_cell("## Only notes")])
    assert "<nav" not in page and "Only notes" in page
