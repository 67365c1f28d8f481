"""One term per concept per language: every catalog text that speaks of a concept of
``tests/glossary.json`` uses that language's term and none of its forbidden variants
(the Finnish texts once said both "Vaikutus" and "vaikuttavuus" for an idea's impact)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cjm_widgets.i18n import catalog

GLOSSARY = json.loads((Path(__file__).with_name("glossary.json")).read_text(encoding="utf-8"))
CONCEPTS = {name: entry for name, entry in GLOSSARY.items() if not name.startswith("_")}
LANGUAGES = ("en", "fi", "sv", "da", "nb")


def _texts(lang: str) -> dict[str, str]:
    """Every text of the kit's catalogs (the library's messages among them) in ``lang``."""
    return dict(catalog(lang))


def _misuses(concept: dict[str, object], lang: str) -> list[str]:
    english = _texts("en")
    texts = _texts(lang)
    rule = concept[lang]
    assert isinstance(rule, dict)
    found = []
    for key, source in english.items():
        if not re.search(str(concept["english"]), source, re.IGNORECASE):
            continue
        if re.search(str(concept["except_keys"]), key):
            continue
        text = texts.get(key, "").casefold()
        if rule["term"] not in text:
            found.append(f"{key}: no '{rule['term']}' in {texts.get(key, '')!r}")
        found += [f"{key}: '{bad}' in {text!r}" for bad in rule["forbidden"] if bad in text]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(CONCEPTS))
def test_one_term_per_concept(name: str, lang: str) -> None:
    assert _misuses(CONCEPTS[name], lang) == []


def test_the_glossary_finds_what_it_checks() -> None:
    """A concept that matched no text would check nothing."""
    english = _texts("en")
    for concept in CONCEPTS.values():
        assert any(re.search(concept["english"], text, re.IGNORECASE) for text in english.values())
