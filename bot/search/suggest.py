"""Closest known spellings, for a search that found nothing."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.search.normalize import normalize_text

MIN_WORD = 3
MIN_SCORE = 60.0


def closest_words(terms: Sequence[str], text: str, *, limit: int = 3) -> list[str]:
    """Return the indexed words nearest to the query's words, best first."""
    found: list[str] = []
    for word in [w for w in normalize_text(text).split() if len(w) >= MIN_WORD][:3]:
        matches = process.extract(
            word, terms, scorer=fuzz.ratio, limit=limit, score_cutoff=MIN_SCORE
        )
        found += [term for term, _, _ in matches if term != word and term not in found]
    return found[:limit]
