"""Words as the library compares them: lower case, no stop words, Snowball stems.

Finnish, Swedish, Danish and Norwegian write compounds as one word ("asiakasnumero",
"betalningspåminnelse"); an ``Analyzer`` knows the library's vocabulary and adds the
known parts of a compound as terms of their own, so "customer number" in a solution
meets "asiakasnumero" in a pain point. Stemmers come from ``snowballstemmer`` (pure
Python, no downloads), loaded on first use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Protocol, cast

from .messages import LIBRARY_LANGUAGES, LibraryError

SNOWBALL_NAMES = {
    "en": "english",
    "fi": "finnish",
    "sv": "swedish",
    "da": "danish",
    "nb": "norwegian",
}
"""Snowball's algorithm for each library language (Bokmål uses Snowball's Norwegian)."""

COMPOUNDING = frozenset({"fi", "sv", "da", "nb"})
"""Languages that write compounds as one word: their words are split into known parts."""

MIN_PART = 4
"""The shortest part of a compound taken as a word of its own (shorter ones mislead)."""

LINKING = ("s", "e")
"""Letters that join the parts of Nordic compounds (betalning-s-påminnelse)."""

_WORD = re.compile(r"[^\W_]+")

_FINNISH_US = re.compile(r"(?<=.{4}[uy])(?:ks|st)$")
"""Snowball's Finnish leaves the -us/-ys nouns' inflected stems apart ("muistutus",
"muistutuks", "muistutust"); ``_finnish`` joins them again."""


def _finnish(stem: str) -> str:
    return _FINNISH_US.sub("s", stem)


FINNISH_NEGATION = frozenset({"en", "et", "emme", "ette", "eivät", "eikä", "enkä", "etkä"})
"""The Finnish negative verb's forms, read as "ei" so that "ei löydä" meets "eivät löydä"."""


def check_library_language(lang: str) -> str:
    """``lang`` if the library is written in it, else a LibraryError naming the choices."""
    if lang not in LIBRARY_LANGUAGES:
        raise LibraryError.of(
            "library.unknown_language", value=lang, choices=", ".join(LIBRARY_LANGUAGES)
        )
    return lang


class _Stemmer(Protocol):
    def stemWords(self, words: list[str]) -> list[str]: ...  # noqa: N802 (Snowball's name)


@cache
def _stemmer(lang: str) -> _Stemmer:
    import snowballstemmer  # type: ignore[import-untyped]

    return cast(_Stemmer, snowballstemmer.stemmer(SNOWBALL_NAMES[check_library_language(lang)]))


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Words too common in ``lang`` to tell texts apart (and, or, the...)."""
    text = resources.files(__package__).joinpath("stopwords.json").read_text(encoding="utf-8")
    lists: dict[str, list[str]] = json.loads(text)
    return frozenset(lists[check_library_language(lang)])


def words(text: str, lang: str) -> list[str]:
    """The words of ``text`` that carry meaning: lower case, two letters or more, no stop
    words; hyphens and apostrophes split words ("e-invoice" gives "invoice")."""
    stop = stop_words(lang)
    found = (word.casefold() for word in _WORD.findall(text))
    if lang == "fi":
        found = ("ei" if word in FINNISH_NEGATION else word for word in found)
    return [word for word in found if len(word) > 1 and word not in stop]


@cache
def _stem_cache(lang: str) -> dict[str, str]:
    return {}


def stem_words(items: Iterable[str], lang: str) -> list[str]:
    """Each word's Snowball stem in ``lang`` (each word stemmed once per process: the pure
    Python stemmer takes a fraction of a millisecond a word)."""
    known = _stem_cache(lang)
    chosen = list(items)
    new = [word for word in dict.fromkeys(chosen) if word not in known]
    if new:
        stemmed = _stemmer(lang).stemWords(new)
        if lang == "fi":
            stemmed = [_finnish(stem) for stem in stemmed]
        known.update(zip(new, stemmed, strict=True))
    return [known[word] for word in chosen]


def stems(text: str, lang: str) -> list[str]:
    """The stems of the meaningful words of ``text``."""
    return stem_words(words(text, lang), lang)


class Analyzer:
    """Texts of one language as terms: stems, plus the known parts of compound words.

    ``known`` is the vocabulary (stems) a compound's parts are looked up in: the
    library's own texts and keywords, so a part counts only when it can match something.
    """

    def __init__(self, lang: str, known: Iterable[str]) -> None:
        self.lang = check_library_language(lang)
        self.known = frozenset(known)
        self._parts: dict[str, tuple[str, ...]] = {}

    def terms(self, text: str) -> list[str]:
        """Stems of ``text`` in order, each compound followed by its known parts."""
        found = words(text, self.lang)
        stemmed = stem_words(found, self.lang)
        if self.lang not in COMPOUNDING:
            return stemmed
        terms: list[str] = []
        for word, stem in zip(found, stemmed, strict=True):
            terms.append(stem)
            if stem not in self.known:
                terms.extend(self.parts(word))
        return terms

    def parts(self, word: str) -> tuple[str, ...]:
        """The stems of ``word``'s known parts (empty when it does not split into them)."""
        if word not in self._parts:
            self._parts[word] = tuple(self._split(word))
        return self._parts[word]

    def _is_known(self, part: str) -> str | None:
        if len(part) < MIN_PART:
            return None
        if part in self.known:
            return part
        stem = stem_words([part], self.lang)[0]
        return stem if stem in self.known else None

    def _split(self, word: str) -> list[str]:
        """Longest known head first; the rest known, or split again."""
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_stem = self._is_known(head)
            if head_stem is None and head.endswith(LINKING):
                head_stem = self._is_known(head[:-1])
            if head_stem is None:
                continue
            tail_stem = self._is_known(tail)
            if tail_stem is not None:
                return [head_stem, tail_stem]
            rest = self._split(tail)
            if rest:
                return [head_stem, *rest]
        return []
