"""Problem kinds read from a pain point's words: the tag vocabulary's keywords, stemmed.

"Long phone queues for simple questions" holds the keywords of ``long-wait`` (queue)
and ``failure-demand`` (simple question); the matcher prefers solutions tagged with
the kinds a pain point reveals. A keyword stem meets a word of the text when it is the
word's stem, or begins it (Snowball leaves some inflections apart: "faktur",
"fakturan"); in compounding languages it may also end it ("puhelinjono" ends in "jono").
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

    def _meets(self, stem: str, terms: frozenset[str]) -> bool:
        if stem in terms:
            return True
        if len(stem) < MIN_AFFIX:
            return False
        tails = self.analyzer.lang in COMPOUNDING
        return any(
            term.startswith(stem) or (tails and term.endswith(stem))
            for term in terms
            if len(term) > len(stem)
        )

    def counts(self, text: str) -> dict[str, int]:
        """Problem kind -> how many of its keywords ``text`` holds (kinds with none left out)."""
        terms = frozenset(self.analyzer.terms(text))
        found: dict[str, int] = {}
        for tag, keyword in self.keywords:
            if all(self._meets(stem, terms) for stem in keyword):
                found[tag] = found.get(tag, 0) + 1
        return found

    def kinds(self, text: str) -> list[str]:
        """The problem kinds ``text`` reveals, the most keywords first (then vocabulary order)."""
        found = self.counts(text)
        return sorted(found, key=lambda tag: (-found[tag], self.order.index(tag)))
