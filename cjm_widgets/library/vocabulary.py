"""Problem kinds read from a pain point's words: the tag vocabulary's keywords, stemmed.

"Long phone queues for simple questions" holds the keywords of ``long-wait`` (queue)
and ``failure-demand`` (simple question); the matcher prefers solutions tagged with
the kinds a pain point reveals. A keyword stem meets a word of the text when it is the
word's stem, or begins it (Snowball leaves some inflections apart: "faktur",
"fakturan"); in compounding languages it may also end it ("puhelinjono" ends in "jono").
Stems shorter than four letters must match whole words. A phrase keyword matches when
each of its stems meets a word; a kind's strength is the number of words its keywords
meet.
"""

from __future__ import annotations

from collections.abc import Sequence

from .schema import Tag
from .text import COMPOUNDING, Analyzer

MIN_AFFIX = 4
"""The shortest keyword stem that may match the start or end of a longer word."""


class TagMatcher:
    """The keywords of every problem kind in one language, ready to look for in texts."""

    def __init__(self, tags: Sequence[Tag], analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.order = [tag.id for tag in tags]
        self.keywords: list[tuple[str, tuple[str, ...]]] = []
        for tag in tags:
            for keyword in tag.keywords[analyzer.lang]:
                terms = tuple(dict.fromkeys(analyzer.terms(keyword)))
                if terms:
                    self.keywords.append((tag.id, terms))

    def _meeting(self, stem: str, terms: frozenset[str]) -> set[str]:
        """The words of the text that ``stem`` meets."""
        if stem in terms:
            return {stem}
        if len(stem) < MIN_AFFIX:
            return set()
        tails = self.analyzer.lang in COMPOUNDING
        return {
            term
            for term in terms
            if len(term) > len(stem) and (term.startswith(stem) or (tails and term.endswith(stem)))
        }

    def counts(self, text: str) -> dict[str, int]:
        """Problem kind -> how many words of ``text`` its keywords meet (kinds with none
        left out); a word counts once per kind however many keywords it meets."""
        terms = frozenset(self.analyzer.terms(text))
        met: dict[str, set[str]] = {}
        for tag, keyword in self.keywords:
            meeting = [self._meeting(stem, terms) for stem in keyword]
            if all(meeting):
                met.setdefault(tag, set()).update(*meeting)
        return {tag: len(words) for tag, words in met.items()}

    def kinds(self, text: str) -> list[str]:
        """The problem kinds ``text`` reveals, the strongest first (then vocabulary order)."""
        found = self.counts(text)
        return sorted(found, key=lambda tag: (-found[tag], self.order.index(tag)))
