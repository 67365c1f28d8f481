"""Stable, readable ids for new entities: slugs of their names, unique within a list."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

ID_PREFIXES = {
    "participants": "pa",
    "personas": "pe",
    "stages": "st",
    "channels": "ch",
    "touchpoints": "tp",
    "pain_points": "pp",
    "ideas": "idea",
    "metrics": "me",
    "nudges": "nu",
}
"""The prefix of new ids per entity list: ``tp-send-bill``, ``st-pay``."""


def slugify(text: str, max_length: int = 40) -> str:
    """ASCII, lower-case, dash-separated ``text``: ``'Lähetä lasku'`` -> ``'laheta-lasku'``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")


def new_id(prefix: str, name: str, taken: Collection[str]) -> str:
    """An id ``prefix-slug`` not in ``taken``, numbered when the slug is already used."""
    base = f"{prefix}-{slugify(name)}" if slugify(name) else prefix
    if base not in taken and base != prefix:
        return base
    number = 2 if base != prefix else 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
