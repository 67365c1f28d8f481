"""Every text of the map can be read: at least 4.5:1 contrast (WCAG AA) against what it
is drawn on, for every persona's map of the sample with every lane."""

from __future__ import annotations

import pytest

from cjm_widgets.layout.journey import layout_journey
from cjm_widgets.layout.shapes import Circle, Layout, Rect, Text
from cjm_widgets.layout.theme import DARK, LIGHT, Theme, contrast, readable_on
from cjm_widgets.model import Workshop


def backgrounds(layout: Layout, paper: str) -> list[tuple[Text, str]]:
    """Each text with the colour under its middle: the topmost filled shape painted
    before it there, or the paper."""
    under: list[tuple[float, float, float, float, str]] = []
    found = []
    for shape in layout.shapes:
        if isinstance(shape, Rect) and shape.fill.startswith("#"):
            box = shape.box
            under.append((box.x, box.y, box.right, box.bottom, shape.fill))
        elif isinstance(shape, Circle) and shape.fill.startswith("#"):
            r = shape.r
            under.append((shape.cx - r, shape.cy - r, shape.cx + r, shape.cy + r, shape.fill))
        elif isinstance(shape, Text):
            x, y = shape.box.x + shape.box.w / 2, shape.box.y + shape.box.h / 2
            fill = next(
                (f for left, top, right, bottom, f in reversed(under)
                 if left <= x <= right and top <= y <= bottom),
                paper,
            )  # fmt: skip
            found.append((shape, fill))
    return found


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#FFFFFF", "#FFFFFF") == 1.0
    assert readable_on("#0072B2") == "#FFFFFF" and readable_on("#F0E442") == "#000000"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_on_the_map_has_a_contrast_of_at_least_4_5(
    sample: Workshop, theme: Theme
) -> None:
    checked = 0
    for persona in sample.personas:
        layout = layout_journey(sample, persona.id, theme=theme)
        for text, fill in backgrounds(layout, theme.paper):
            ratio = contrast(text.color, fill)
            assert ratio >= 4.5, f"{text.role} {text.lines[:1]} {text.color} on {fill}: {ratio:.2f}"
            checked += 1
    assert checked > 100  # the map's titles, cards, chips, scores and lanes


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_of_the_priority_matrix_has_a_contrast_of_at_least_4_5(
    sample: Workshop, theme: Theme
) -> None:
    from cjm_widgets.layout.matrix import layout_matrix

    layout = layout_matrix(sample, theme=theme)
    checked = 0
    for text, fill in backgrounds(layout, theme.paper):
        ratio = contrast(text.color, fill)
        assert ratio >= 4.5, f"{text.role} {text.lines[:1]} {text.color} on {fill}: {ratio:.2f}"
        checked += 1
    assert checked > 20  # title, axes, quadrant names, idea numbers, the list


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_the_rooms_sticky_notes_on_the_live_map_read_in_both_themes(theme: Theme) -> None:
    from cjm_widgets.layout.room_notes import NOTE_FILLS

    for kind, fill in NOTE_FILLS[theme.dark].items():
        ratio = contrast(theme.ink, fill)
        assert ratio >= 4.5, f"{kind}: {theme.ink} on {fill}: {ratio:.2f}"
    assert contrast(theme.paper, theme.ink) >= 4.5  # the "+N" badge: paper on ink
