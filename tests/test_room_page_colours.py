"""The participant page follows the phone's light or dark setting (``prefers-color-scheme``)
with every text at least 4.5:1 against what it is on, in both."""

from __future__ import annotations

import re

import pytest

from cjm_widgets.layout.theme import contrast
from cjm_widgets.room.page import participant_page

PAIRS = [  # (text, what it is on): each text of the page and its background
    ("ink", "paper"), ("ink", "card"), ("bar-ink", "bar"), ("muted", "paper"),
    ("label", "card"), ("accent", "paper"), ("accent", "card"), ("ink", "button"),
    ("ink", "pressed"), ("ink", "note"), ("note-kind", "note"), ("error-ink", "error-bg"),
]  # fmt: skip


def page_colours(scheme: str) -> dict[str, str]:
    """The page's colour variables as a phone in the ``scheme`` setting sees them
    (``dark-only``: those the dark setting sets)."""
    css = re.search(r"<style[^>]*>(.*?)</style>", participant_page("ROOM", "en", "nonce"), re.S)
    assert css is not None
    light = re.search(r"^:root\{(.*?)\}", css.group(1), re.M)
    dark = re.search(r"@media \(prefers-color-scheme:dark\)\{:root\{(.*?)\}\}", css.group(1))
    assert light is not None and dark is not None, "the page has no dark colours"
    values = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,6})", light.group(1)))
    if scheme == "dark-only":
        values = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,6})", dark.group(1)))
    elif scheme == "dark":
        values |= dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,6})", dark.group(1)))
    return {name: six_digits(value) for name, value in values.items()}


def six_digits(colour: str) -> str:
    digits = colour[1:]
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits).upper()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_of_the_participant_page_reads_in_both_schemes(scheme: str) -> None:
    colours = page_colours(scheme)
    for text, under in PAIRS:
        ratio = contrast(colours[text], colours[under])
        assert ratio >= 4.5, f"{scheme}: --{text} on --{under}: {ratio:.2f}"


def test_the_dark_scheme_is_dark() -> None:
    light, dark = page_colours("light"), page_colours("dark")
    assert contrast(dark["paper"], "#000000") < 1.5 and contrast(light["paper"], "#FFFFFF") < 1.2
    assert set(page_colours("dark-only")) == set(light)  # no light colour left on dark
