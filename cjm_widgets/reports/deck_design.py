"""The deck's designed master: the handout's colours and type, four named layouts, a footer.

python-pptx starts from a plain 4:3 template whose placeholders sit where a 16:9 slide
leaves gaps. Here the master is rebuilt for 16:9 once per deck: the theme carries the
handout's palette and font, so a slide the reader adds in PowerPoint or LibreOffice looks
like the rest; the layouts are ``Title``, ``Section``, ``Content`` and ``Picture``
(the other defaults go); the master draws a footer with the workshop's name and the page
("3 / 18") on every slide but the title. Everything stays editable in the slide master view.
"""

from __future__ import annotations

import re
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches, Pt

from ..fonts import FAMILY
from ..layout.theme import Theme

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
"""16:9, PowerPoint's and Google Slides' default."""
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.85)
BODY_TOP = Emu(int(TITLE_TOP + TITLE_HEIGHT + Inches(0.2)))
FOOTER_TOP = Inches(7.0)
"""Where the footer's rule runs; every slide's body ends above it."""
BODY_BOTTOM = Emu(int(FOOTER_TOP - Inches(0.12)))
BODY_WIDTH = Emu(int(SLIDE_WIDTH - 2 * MARGIN))
CAPTION_HEIGHT = Inches(0.45)
"""The caption's line under a picture (the Picture layout's text place)."""

_THEME = Theme()
ACCENT = "0072B2"
"""The handout's accent (links, rules), also the map's most positive emotion."""
INK, MUTED, BAND, RULE = (
    c.lstrip("#") for c in (_THEME.ink, _THEME.muted, _THEME.band, _THEME.rule)
)
DARK = _THEME.stage_fill.lstrip("#")
"""The stage headers' slate: the title slide's ground and every slide title's colour."""
ON_DARK = "DDE3EA"

TITLE, SECTION, CONTENT, PICTURE = "Title", "Section", "Content", "Picture"
_KEPT = {0: TITLE, 2: SECTION, 5: CONTENT, 8: PICTURE}
"""python-pptx's default layouts by index, and the names they get here."""

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
_PALETTE = {
    "dk1": INK, "lt1": "FFFFFF", "dk2": DARK, "lt2": BAND, "accent1": ACCENT,
    "accent2": "E69F00", "accent3": "56B4E9", "accent4": "D55E00", "accent5": "00704F",
    "accent6": MUTED, "hlink": ACCENT, "folHlink": "5B6877",
}  # fmt: skip
_FOOTER_NAME, _PAGE_NAME = "Workshop footer", "Page number"


def _theme(blob: bytes) -> bytes:
    """The default theme with the handout's palette and its font for headings and text."""
    text = blob.decode("utf-8")
    for slot, colour in _PALETTE.items():
        text = re.sub(
            rf"<a:{slot}>.*?</a:{slot}>",
            f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>',
            text,
            count=1,
            flags=re.S,
        )
    text = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rf'\g<1>{FAMILY}"', text)
    return text.encode("utf-8")


def _solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def _rectangle(shape_id: int, name: str, box: tuple[int, int, int, int], colour: str) -> Any:
    left, top, width, height = box
    return parse_xml(
        f'<p:sp xmlns:p="{_NS["p"]}" xmlns:a="{_NS["a"]}"><p:nvSpPr>'
        f'<p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_solid(colour)}<a:ln><a:noFill/></a:ln>'
        "</p:spPr></p:sp>"
    )


def _footer_text(shape_id: int, name: str, box: tuple[int, int, int, int], align: str,
                 runs: str) -> Any:  # fmt: skip
    left, top, width, height = box
    return parse_xml(
        f'<p:sp xmlns:p="{_NS["p"]}" xmlns:a="{_NS["a"]}"><p:nvSpPr>'
        f'<p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{left}" y="{top}"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="none" lIns="0" rIns="0" '
        'tIns="0" bIns="0" anchor="ctr"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        f'<a:p><a:pPr algn="{align}"/>{runs}</a:p></p:txBody></p:sp>'
    )


_SMALL = f'<a:rPr sz="1000" dirty="0">{_solid(MUTED)}</a:rPr>'
"""The footer's run properties: 10 pt in the muted grey."""
_PAGE_FIELD = (
    '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
    f"{_SMALL}<a:t>\u2039#\u203a</a:t></a:fld>"
)
"""The slide's number, which PowerPoint and LibreOffice fill in on each slide."""


def _run(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<a:r>{_SMALL}<a:t>{escaped}</a:t></a:r>"


def _page_runs(total: int | None) -> str:
    return _PAGE_FIELD + (_run(f" / {total}") if total else "")


def _next_id(tree: Any) -> int:
    ids = [int(v) for v in tree.xpath(".//p:cNvPr/@id") if str(v).isdigit()]
    return max(ids, default=1) + 1


_FOOTERS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


def _drop_footers(shapes: Any) -> None:
    """Remove the date, footer and slide number placeholders: the master draws its own."""
    for shape in list(shapes):
        if shape.is_placeholder and shape.placeholder_format.type in _FOOTERS:
            shape._element.getparent().remove(shape._element)


def _is_title(shape: Any) -> bool:
    return shape.placeholder_format.type in _TITLES


def _place(shape: Any, box: tuple[int, int, int, int]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(int(v)) for v in box)


def _style(shape: Any, size: int, colour: str, *, bold: bool = False, anchor: str = "t") -> None:
    """The placeholder's list style (left aligned, no bullet, size, weight, colour) and its
    anchor: what every slide made from the layout inherits, unless a run says otherwise."""
    body = shape._element.txBody
    properties = body.find("a:bodyPr", _NS)
    properties.set("anchor", anchor)
    properties.set("wrap", "square")
    style = body.find("a:lstStyle", _NS)
    fresh = parse_xml(
        f'<a:lstStyle xmlns:a="{_NS["a"]}"><a:lvl1pPr marL="0" indent="0" algn="l"><a:buNone/>'
        f'<a:defRPr sz="{size * 100}" b="{int(bold)}">{_solid(colour)}</a:defRPr>'
        "</a:lvl1pPr></a:lstStyle>"
    )
    if style is None:
        properties.addnext(fresh)
    else:
        style.getparent().replace(style, fresh)


def _background(layout: Any, colour: str) -> None:
    layout.background.fill.solid()
    layout.background.fill.fore_color.rgb = RGBColor.from_string(colour)


def designed_presentation(footer: str) -> Any:
    """A new 16:9 presentation whose master and four layouts carry the handout's design;
    ``footer`` (the workshop and organisation) runs along the bottom of every slide."""
    prs: Any = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    master = prs.slide_master
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = _theme(theme.blob)
    for index, layout in reversed(list(enumerate(prs.slide_layouts))):
        if index not in _KEPT:
            prs.slide_layouts.remove(layout)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for index, name in _KEPT.items():
        default = {
            0: "Title Slide",
            2: "Section Header",
            5: "Title Only",
            8: "Picture with Caption",
        }[index]
        layouts[default].name = name
    _design_master(master, footer)
    named = {layout.name: layout for layout in prs.slide_layouts}
    _design_title(named[TITLE])
    _design_section(named[SECTION])
    _design_content(named[CONTENT])
    _design_picture(named[PICTURE])
    return prs


def layout(prs: Any, name: str) -> Any:
    """The layout called ``name`` (``TITLE``, ``SECTION``, ``CONTENT``, ``PICTURE``)."""
    return next(each for each in prs.slide_layouts if each.name == name)


def _design_master(master: Any, footer: str) -> None:
    _drop_footers(master.placeholders)
    for shape in master.placeholders:
        if _is_title(shape):
            _place(shape, (MARGIN, TITLE_TOP, BODY_WIDTH, TITLE_HEIGHT))
            shape._element.txBody.find("a:bodyPr", _NS).set("anchor", "b")
        else:
            _place(shape, (MARGIN, BODY_TOP, BODY_WIDTH, BODY_BOTTOM - BODY_TOP))
    tree = master.shapes._spTree
    title_style = master._element.find(".//p:txStyles/p:titleStyle/a:lvl1pPr", _NS)
    if title_style is not None:
        title_style.set("algn", "l")
        rpr = title_style.find("a:defRPr", _NS)
        if rpr is not None:
            rpr.set("sz", "2800")
            rpr.set("b", "1")
            for fill in rpr.findall("a:solidFill", _NS):
                rpr.remove(fill)
            rpr.insert(
                0,
                parse_xml(
                    f'<a:solidFill xmlns:a="{_NS["a"]}"><a:srgbClr val="{DARK}"/></a:solidFill>'
                ),
            )
    bar_top = int(TITLE_TOP + TITLE_HEIGHT - Inches(0.62))
    shape_id = _next_id(tree)
    tree.append(
        _rectangle(
            shape_id,
            "Title mark",
            (int(Inches(0.22)), bar_top, int(Inches(0.1)), int(Inches(0.55))),
            ACCENT,
        )
    )
    tree.append(
        _rectangle(
            shape_id + 1,
            "Footer rule",
            (int(MARGIN), int(FOOTER_TOP), int(BODY_WIDTH), int(Pt(0.75))),
            RULE,
        )
    )
    box_top, box_height = int(FOOTER_TOP + Inches(0.08)), int(Inches(0.3))
    tree.append(
        _footer_text(
            shape_id + 2,
            _FOOTER_NAME,
            (int(MARGIN), box_top, int(BODY_WIDTH - Inches(1.5)), box_height),
            "l",
            _run(footer),
        )
    )
    tree.append(
        _footer_text(
            shape_id + 3,
            _PAGE_NAME,
            (int(SLIDE_WIDTH - MARGIN - Inches(1.4)), box_top, int(Inches(1.4)), box_height),
            "r",
            _page_runs(None),
        )
    )


def count_pages(prs: Any) -> None:
    """Write the deck's length beside the master's page number ("3 / 18"), once it is known."""
    tree = prs.slide_master.shapes._spTree
    for shape in tree.iter(f"{{{_NS['p']}}}sp"):
        name = shape.find("p:nvSpPr/p:cNvPr", _NS)
        if name is not None and name.get("name") == _PAGE_NAME:
            paragraph = shape.find("p:txBody/a:p", _NS)
            for child in list(paragraph):
                if child.tag != f"{{{_NS['a']}}}pPr":
                    paragraph.remove(child)
            for element in parse_xml(
                f'<a:p xmlns:a="{_NS["a"]}">{_page_runs(len(prs.slides))}</a:p>'
            ):
                paragraph.append(element)


def _accent_rule(tree: Any, name: str, left: int, top: int) -> None:
    """The short accent bar under a title slide's or a section slide's title."""
    box = (int(left), int(top), int(Inches(1.6)), int(Inches(0.08)))
    tree.append(_rectangle(_next_id(tree), name, box, ACCENT))


def _design_title(title_layout: Any) -> None:
    """Dark ground, the workshop's name large in white, an accent rule, the details below."""
    title_layout._element.set("showMasterSp", "0")
    _background(title_layout, DARK)
    _drop_footers(title_layout.placeholders)
    for shape in title_layout.placeholders:
        if _is_title(shape):
            _place(shape, (Inches(0.8), Inches(0.9), Inches(11.7), Inches(2.3)))
            _style(shape, 40, "FFFFFF", bold=True, anchor="b")
        else:
            _place(shape, (Inches(0.8), Inches(3.55), Inches(11.7), Inches(3.4)))
            _style(shape, 18, ON_DARK)
    _accent_rule(title_layout.shapes._spTree, "Title rule", Inches(0.8), Inches(3.3))


def _design_section(section_layout: Any) -> None:
    """A band of the handout's grey with an accent edge: a part of the deck begins."""
    _background(section_layout, BAND)
    _drop_footers(section_layout.placeholders)
    for shape in section_layout.placeholders:
        if _is_title(shape):
            _place(shape, (Inches(1.1), Inches(1.2), Inches(11.2), Inches(2.4)))
            _style(shape, 36, DARK, bold=True, anchor="b")
        else:
            _place(shape, (Inches(1.1), Inches(3.85), Inches(11.2), Inches(2.8)))
            _style(shape, 20, MUTED)
    tree = section_layout.shapes._spTree
    tree.append(
        _rectangle(
            _next_id(tree), "Section edge", (0, 0, int(Inches(0.45)), int(SLIDE_HEIGHT)), ACCENT
        )
    )
    _accent_rule(tree, "Section rule", Inches(1.1), Inches(3.65))


def _design_content(content_layout: Any) -> None:
    _drop_footers(content_layout.placeholders)
    for shape in content_layout.placeholders:
        _place(shape, (MARGIN, TITLE_TOP, BODY_WIDTH, TITLE_HEIGHT))


def _design_picture(picture_layout: Any) -> None:
    """The title, the picture across the body, a one-line caption under it."""
    _drop_footers(picture_layout.placeholders)
    caption = CAPTION_HEIGHT
    for shape in picture_layout.placeholders:
        if _is_title(shape):
            _place(shape, (MARGIN, TITLE_TOP, BODY_WIDTH, TITLE_HEIGHT))
            _style(shape, 28, DARK, bold=True, anchor="b")
        elif shape.placeholder_format.type == PP_PLACEHOLDER.PICTURE:
            _place(shape, (MARGIN, BODY_TOP, BODY_WIDTH, BODY_BOTTOM - BODY_TOP - caption))
        else:
            _place(shape, (MARGIN, BODY_BOTTOM - caption, BODY_WIDTH, caption))
            _style(shape, 12, MUTED, anchor="b")
