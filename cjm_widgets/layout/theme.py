"""Colours and sizes of the map, chosen to read from the back of a workshop room.

Channel colours are the Okabe-Ito palette, which stays distinct for the common
forms of colour blindness; emotions run from vermillion (1) through grey (3) to
blue (5), a diverging scale that does not rely on telling red from green. Colour is
never the only cue: chips name their channel, emotion dots carry their score.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

CHANNEL_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
EMOTION_COLOURS = {1: "#D55E00", 2: "#E69F00", 3: "#8C8C8C", 4: "#56B4E9", 5: "#0072B2"}
SEVERITY_COLOURS = {1: "#F2E6D9", 2: "#F5D3AE", 3: "#F0B070", 4: "#E07B39", 5: "#B8420F"}
STATUS_COLOURS = {
    "proposed": "#8C8C8C",
    "approved": "#009E73",
    "in_progress": "#0072B2",
    "done": "#000000",
    "rejected": "#D55E00",
}


@cache
def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour: 0 for black, 1 for white."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours, from 1 (the same) to 21 (black on
    white); text needs at least 4.5 to be read by people with low vision."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@cache
def readable_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    return "#000000" if luminance(fill) > 0.179 else "#FFFFFF"


@dataclass(frozen=True)
class Theme:
    """Sizes in pixels at zoom 1 and the neutral colours."""

    column_width: float = 190.0
    column_gap: float = 10.0
    label_width: float = 130.0
    margin: float = 24.0
    lane_padding: float = 8.0
    lane_gap: float = 4.0
    text_size: float = 12.0
    small_size: float = 10.0
    heading_size: float = 14.0
    title_size: float = 22.0
    line_height: float = 1.25
    chip_radius: float = 6.0
    emotion_band: float = 26.0
    ink: str = "#1A1A1A"
    muted: str = "#5C5C5C"
    paper: str = "#FFFFFF"
    band: str = "#F4F5F7"
    band_alt: str = "#FAFAFB"
    rule: str = "#D0D3D9"
    stage_fill: str = "#27323F"
    before_after_fill: str = "#5B6877"
    moment_of_truth: str = "#F0E442"

    def line_px(self, size: float) -> float:
        return size * self.line_height

    @property
    def dark(self) -> bool:
        """Whether this is a dark theme (light text on dark paper)."""
        return luminance(self.paper) < luminance(self.ink)


THEMES = ("light", "dark")
"""The page themes a map follows (JupyterLab's and the code-free app's)."""

THEME_VARIABLE = "CJM_PAGE_THEME"
"""Where ``cjm app --theme`` tells the app's kernels the page's theme, which they cannot
see: Voilà renders the page in it and no probe is needed."""

LIGHT = Theme()
"""The light theme: the default, and always the one of exports, reports and handouts."""

DARK = Theme(
    ink="#E6E8EB",
    muted="#A9AFB8",
    paper="#1B1D21",
    band="#262A30",
    band_alt="#202328",
    rule="#3E444D",
    stage_fill="#3B5571",
    before_after_fill="#4A5563",
)
"""JupyterLab's dark theme: the same sizes, neutral colours turned round with the same
contrast; channel, emotion and severity colours stay (their text is chosen by
``readable_on``, and emotions keep their score)."""


def theme_for(dark: bool, base: Theme = LIGHT) -> Theme:
    """``base``'s sizes with the dark or the light colours."""
    colours = DARK if dark else LIGHT
    names = ("ink", "muted", "paper", "band", "band_alt", "rule", "stage_fill", "before_after_fill")
    return replace(base, **{name: getattr(colours, name) for name in names})
