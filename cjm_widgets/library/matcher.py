"""What others tried: the library's best solutions for each pain point of a workshop.

Each pain point is a query in the workshop's language. A solution's score (0-1) is

    0.45 text + 0.35 kind + 0.10 channel + 0.10 stage

``text``: BM25 of the pain point (its touchpoints' titles at 0.3 weight) against the
solution's title, description and tag labels, divided by the best solution's BM25 for
that pain point. ``kind``: the pain point's problem kinds, each as strong as the number
of its words the kind's keywords meet; the solution scores the strength of the kinds it
is tagged with, over that of the pain point's two strongest kinds (at most 1). ``channel`` and
``stage``: the share of the pain point's touchpoints' channel kinds and contact phases
the solution fits. Ties go to the higher impact, then the lower effort, then
the id: the same workshop always gets the same list. docs/library.md explains more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import PainPoint, Workshop, find_persona
from .bm25 import BM25, weighted_query
from .messages import LibraryError
from .schema import Solution
from .solutions import SolutionLibrary, registered_library
from .text import Analyzer, check_library_language, stems
from .vocabulary import TagMatcher

WEIGHTS = {"text": 0.45, "kind": 0.35, "channel": 0.10, "stage": 0.10}
"""How much each part of the score counts; they add up to 1."""

CONTEXT_WEIGHT = 0.3
"""How much the pain point's touchpoints' titles count in the query, against its own text."""

MAX_KINDS = 2
"""A solution answering a pain point's two strongest problem kinds fits it fully."""

DEFAULT_TOP = 3


@dataclass(frozen=True)
class Suggestion:
    """One solution suggested for one pain point, with what a group needs to rate it."""

    pain_point_id: str
    pain_point: str
    rank: int
    solution_id: str
    title: str
    tags: tuple[str, ...]
    score: float
    evidence: str
    description: str
    effort: int
    impact: int
    kinds: tuple[str, ...]
    """The problem kinds read from the pain point's text."""


@dataclass(frozen=True)
class LanguageIndex:
    """The library searchable in one language: words, BM25 index and problem kinds."""

    lang: str
    analyzer: Analyzer
    bm25: BM25
    tags: TagMatcher
    solutions: tuple[Solution, ...]

    def relevance(self, query: dict[str, float]) -> list[float]:
        """Each solution's BM25 for ``query``, divided by the best (all 0 if none match)."""
        scores = self.bm25.scores(query)
        best = max(scores, default=0.0)
        return [score / best if best > 0 else 0.0 for score in scores]


def _document(solution: Solution, labels: dict[str, str], lang: str) -> str:
    text = solution.text(lang)
    tag_labels = " ".join(labels[tag] for tag in solution.tags if tag in labels)
    return f"{text.title} {text.title} {text.description} {tag_labels}"


def language_index(library: SolutionLibrary, lang: str) -> LanguageIndex:
    """The library's index in ``lang``, built once per library and language."""
    check_library_language(lang)
    index = library.indexes.get(lang)
    if isinstance(index, LanguageIndex):
        return index
    labels = {tag.id: tag.label[lang] for tag in library.tags}
    documents = [_document(solution, labels, lang) for solution in library.solutions]
    keywords = [word for tag in library.tags for word in tag.keywords[lang]]
    known = {stem for text in [*documents, *keywords] for stem in stems(text, lang)}
    analyzer = Analyzer(lang, known)
    index = LanguageIndex(
        lang,
        analyzer,
        BM25([analyzer.terms(document) for document in documents]),
        TagMatcher(library.tags, analyzer),
        library.solutions,
    )
    library.indexes[lang] = index
    return index


SIMILAR = 0.35
"""The cosine similarity from which an idea's text counts as the same as a solution's."""


def similar_solution(library: SolutionLibrary, text: str, lang: str) -> str | None:
    """The solution an idea's ``text`` describes, if one is clearly alike: the most similar
    solution (IDF-weighted cosine of the stems) at ``SIMILAR`` or above, else None."""
    index = language_index(library, lang)
    similarity = index.bm25.cosines(index.analyzer.terms(text))
    best = max(range(len(similarity)), key=lambda k: (similarity[k], -k), default=None)
    if best is None or similarity[best] < SIMILAR:
        return None
    return index.solutions[best].id


def persona_id(workshop: Workshop, persona: str) -> str:
    """The id of the persona ``persona`` names (``model.find_persona``), or a CjmError."""
    return find_persona(workshop.personas, persona, workshop.language)


def pain_points_of(workshop: Workshop, persona: str | None = None) -> list[PainPoint]:
    """The workshop's pain points in its order; with ``persona``, those at its touchpoints."""
    if persona is None:
        return list(workshop.pain_points)
    chosen = {tp.id for tp in workshop.journey(persona_id(workshop, persona))}
    return [pain for pain in workshop.pain_points if chosen.intersection(pain.touchpoints)]


def _share(wanted: set[str], offered: Sequence[str]) -> float:
    return len(wanted.intersection(offered)) / len(wanted) if wanted else 0.0


def _rank_one(
    workshop: Workshop, pain: PainPoint, index: LanguageIndex, top: int
) -> list[Suggestion]:
    touchpoints = [tp for tp in workshop.touchpoints if tp.id in pain.touchpoints]
    channels = workshop.by_id("channels")
    stages = workshop.by_id("stages")
    channel_kinds = {channels[tp.channel].kind for tp in touchpoints if tp.channel in channels}
    phases = {stages[tp.stage].contact for tp in touchpoints if tp.stage in stages}
    context = [term for tp in touchpoints for term in index.analyzer.terms(tp.title)]
    query = weighted_query((index.analyzer.terms(pain.text), 1.0), (context, CONTEXT_WEIGHT))
    found = index.tags.counts(pain.text)
    kinds = sorted(found, key=lambda tag: (-found[tag], index.tags.order.index(tag)))
    full = sum(found[tag] for tag in kinds[:MAX_KINDS])
    scored = []
    for solution, text in zip(index.solutions, index.relevance(query), strict=True):
        kind = min(1.0, sum(found.get(tag, 0) for tag in solution.tags) / full) if full else 0.0
        score = (
            WEIGHTS["text"] * text
            + WEIGHTS["kind"] * kind
            + WEIGHTS["channel"] * _share(channel_kinds, solution.channels)
            + WEIGHTS["stage"] * _share(phases, solution.stages)
        )
        scored.append((round(score, 4), solution))
    scored.sort(key=lambda row: (-row[0], -row[1].impact, row[1].effort, row[1].id))
    return [
        Suggestion(
            pain_point_id=pain.id,
            pain_point=pain.text,
            rank=rank,
            solution_id=solution.id,
            title=solution.text(index.lang).title,
            tags=solution.tags,
            score=score,
            evidence=solution.evidence,
            description=solution.text(index.lang).description,
            effort=solution.effort,
            impact=solution.impact,
            kinds=tuple(kinds),
        )
        for rank, (score, solution) in enumerate(scored[:top], start=1)
        if score > 0
    ]


def suggest(
    workshop: Workshop,
    persona: str | None = None,
    top: int = DEFAULT_TOP,
    *,
    library: SolutionLibrary | None = None,
    lang: str | None = None,
) -> list[Suggestion]:
    """For each pain point (of ``persona``'s journey, by id or name), the ``top`` best
    solutions of ``library`` (default: the kit's), in the workshop's language or ``lang``."""
    if top < 1:
        raise LibraryError.of("library.bad_top", value=top)
    chosen_lang = check_library_language(lang or workshop.language)
    index = language_index(library or registered_library(), chosen_lang)
    return [
        suggestion
        for pain in pain_points_of(workshop, persona)
        for suggestion in _rank_one(workshop, pain, index, top)
    ]
