"""Read a search text: its words, how telling each is, and the known words each may mean."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.search.normalize import is_legal_form, normalize_text
from bot.search.postings import Postings
from bot.search.vocabulary import Vocabulary

# Field staff type a few words; a pasted paragraph is cut instead of refused.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
MIN_QUERY_CHARS = 2
# "SARL" or "Ets" tells little about which company is meant.
LEGAL_FORM_WEIGHT = 0.3
MIN_WEIGHT = 0.2


@dataclass(frozen=True)
class QueryWord:
    """A typed word, its weight, and the known words it may stand for."""

    text: str
    weight: float
    term_ids: npt.NDArray[np.int32]
    similarities: npt.NDArray[np.float32]
    documents: int
    legal_form: bool


def read_query(
    text: str, vocabulary: Vocabulary, postings: Postings, total: int
) -> list[QueryWord]:
    """Return the words of a search text, or [] when there is nothing to search for."""
    normalised = normalize_text(text[:MAX_QUERY_CHARS])
    if len(normalised.replace(" ", "")) < MIN_QUERY_CHARS:
        return []
    return [
        _query_word(word, vocabulary, postings, total)
        for word in normalised.split()[:MAX_QUERY_WORDS]
    ]


def _query_word(word: str, vocabulary: Vocabulary, postings: Postings, total: int) -> QueryWord:
    term_ids, similarities = vocabulary.expand(word)
    documents = int(postings.counts(term_ids).sum())
    # Inverse document frequency: a word few documents hold tells more about the target.
    weight = max(MIN_WEIGHT, math.log(1 + total / (1 + documents)))
    legal_form = is_legal_form(word)
    if legal_form:
        weight *= LEGAL_FORM_WEIGHT
    return QueryWord(word, weight, term_ids, similarities, documents, legal_form)
