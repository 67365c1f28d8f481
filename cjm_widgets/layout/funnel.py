"""The drop-off chart of one measured journey: a bar per touchpoint, as long as the share
of the journey's paths that got that far.

Reports show it beside the funnel table. Each bar is labelled with its paths and the
share that went on from the previous touchpoint; the step that loses the most is drawn
in the warning colour and says "worst step" in words, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import format_share, translate
from ..model import MeasuredStep
from .blocks import text_block
from .shapes import Box, Layout, Rect, Segment, Shape
from .theme import Theme

BAR = "#0072B2"
WORST = "#D55E00"
TRACK = "#E8EEF4"


def worst_step(steps: Sequence[MeasuredStep]) -> int | None:
    """The index of the step with the lowest step conversion (the first, on a tie)."""
    rates = [
        (index, step.step_conversion_rate)
        for index, step in enumerate(steps)
        if index > 0 and step.step_conversion_rate is not None
    ]
    return min(rates, key=lambda item: item[1])[0] if rates else None


def layout_funnel(
    steps: Sequence[MeasuredStep],
    title: str,
    *,
    lang: str = "en",
    width: float = 760.0,
    theme: Theme | None = None,
    titled: bool = True,
) -> Layout:
    """The chart of ``steps`` (one journey's measured touchpoints, in journey order);
    ``titled=False`` leaves ``title`` out of the drawing, for a page that heads it."""
    theme = theme or Theme()
    label_width = width * 0.34
    figure_width = 150.0
    bar_left = theme.margin + label_width + 8
    bar_width = max(width - bar_left - figure_width - theme.margin, 80.0)
    row = theme.line_px(theme.text_size) * 2 + 8
    shapes: list[Shape] = []
    top = theme.margin
    if titled:
        heading = text_block(
            theme.margin, theme.margin, width - 2 * theme.margin, title,
            size=theme.heading_size, max_lines=2, color=theme.ink, role="funnel-title",
            bold=True,
        )  # fmt: skip
        shapes.append(heading)
        top = heading.box.bottom + 10
    worst = worst_step(steps)
    for index, step in enumerate(steps):
        y = top + index * row
        share = step.conversion_rate if step.conversion_rate is not None else 0.0
        colour = WORST if index == worst else BAR
        shapes.append(
            text_block(
                theme.margin, y + 2, label_width, step.title or step.touchpoint,
                size=theme.text_size, max_lines=2, color=theme.ink, role="funnel-label",
            )
        )  # fmt: skip
        shapes.append(Rect(Box(bar_left, y + 4, bar_width, row - 12), TRACK, "funnel-track"))
        length = max(bar_width * min(max(share, 0.0), 1.0), 1.0)
        shapes.append(
            Rect(
                Box(bar_left, y + 4, length, row - 12), colour,
                "funnel-worst" if index == worst else "funnel-bar", solid=False,
                ref=step.touchpoint,
            )
        )  # fmt: skip
        words = [
            translate("map.measured.paths", lang, count=step.paths or 0)
        ]  # fmt: skip
        if step.step_conversion_rate is not None and index > 0:
            share_text = format_share(step.step_conversion_rate, lang)
            words.append(translate("map.measured.went_on", lang, share=share_text))
        if index == worst:
            words.append(translate("report.measured.worst_step", lang))
        shapes.append(
            text_block(
                bar_left + bar_width + 8, y + 2, figure_width - 8, " · ".join(words[:1]),
                size=theme.small_size, max_lines=1, color=theme.ink, role="funnel-paths",
                bold=True,
            )
        )  # fmt: skip
        if len(words) > 1:
            shapes.append(
                text_block(
                    bar_left + bar_width + 8, y + 2 + theme.line_px(theme.small_size),
                    figure_width - 8, " · ".join(words[1:]), size=theme.small_size,
                    max_lines=2, color=WORST if index == worst else theme.muted,
                    role="funnel-worst-label" if index == worst else "funnel-step",
                    bold=index == worst,
                )
            )  # fmt: skip
    bottom = top + len(steps) * row
    shapes.append(Segment((bar_left, top), (bar_left, bottom), theme.rule, 1, "funnel-axis"))
    return Layout(width, bottom + theme.margin, tuple(shapes), title=title)
