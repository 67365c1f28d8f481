"""Okapi BM25 over a few hundred short documents: text relevance without a model.

The library's corpus is small (one document per solution and language), so a plain
Python index answers a query in well under a millisecond and needs no sparse matrices.
The IDF is Lucene's (``ln(1 + (N - df + 0.5) / (df + 0.5))``), never negative, so a
word that appears in most documents still counts a little instead of against.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

K1 = 1.5
"""How quickly repeating a term stops adding to the score."""

B = 0.75
"""How much a long document is discounted against the average length."""


class BM25:
    """An index of documents given as lists of terms, scored against weighted queries."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.counts = [Counter(terms) for terms in documents]
        self.lengths = [len(terms) for terms in documents]
        self.average = max(sum(self.lengths) / max(len(self.lengths), 1), 1.0)
        frequency: Counter[str] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        size = len(self.counts)
        self.idf = {
            term: math.log(1 + (size - df + 0.5) / (df + 0.5)) for term, df in frequency.items()
        }
        self.norms = [
            math.sqrt(sum((tf * self.idf[term]) ** 2 for term, tf in counts.items()))
            for counts in self.counts
        ]

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every term of every document."""
        return frozenset(self.idf)

    def scores(self, query: Mapping[str, float]) -> list[float]:
        """Each document's BM25 score for ``query`` (term -> weight), in document order."""
        known = {term: weight for term, weight in query.items() if term in self.idf}
        results = []
        for counts, length in zip(self.counts, self.lengths, strict=True):
            norm = K1 * (1 - B + B * length / self.average)
            total = 0.0
            for term, weight in known.items():
                tf = counts.get(term, 0)
                if tf:
                    total += weight * self.idf[term] * tf * (K1 + 1) / (tf + norm)
            results.append(total)
        return results

    def cosines(self, terms: Sequence[str]) -> list[float]:
        """Each document's cosine similarity (0-1) to ``terms``, both weighted by IDF: how
        alike two texts are, where BM25 says only which document answers a query best."""
        query = Counter(term for term in terms if term in self.idf)
        weights = {term: tf * self.idf[term] for term, tf in query.items()}
        norm = math.sqrt(sum(weight**2 for weight in weights.values()))
        if not norm:
            return [0.0] * len(self.counts)
        return [
            sum(weight * counts.get(term, 0) * self.idf[term] for term, weight in weights.items())
            / (norm * doc_norm)
            if doc_norm
            else 0.0
            for counts, doc_norm in zip(self.counts, self.norms, strict=True)
        ]


def weighted_query(*parts: tuple[Sequence[str], float]) -> dict[str, float]:
    """Terms of several texts with a weight per text, each term counted once per use:
    ``weighted_query((pain_terms, 1.0), (context_terms, 0.3))``."""
    query: dict[str, float] = {}
    for terms, weight in parts:
        for term in terms:
            query[term] = query.get(term, 0.0) + weight
    return query
