"""Score documents for a query: candidates from the postings, then a per-field rerank."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.search.documents import FIELD_WEIGHTS, OTHER_FIELD_WEIGHT
from bot.search.postings import Postings
from bot.search.query import QueryWord
from bot.search.store import DocumentStore

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

# Postings read to pick candidates, rarest words first: bounds the work of common words
# ("rue", "de") while every word still counts in the scores.
CANDIDATE_BUDGET = 40_000
# A large index gets this share of its documents as budget: at a million customers even the
# rarest word of a query is held by thousands of records, and a shortlist drawn on it alone
# drops the target that the query's other words would have ranked first.
CANDIDATE_SHARE = 0.05
RERANK_SIZE = 200
# A result's score: how much of the query it matches, and how much of its best field the
# query covers ("dupont" is closer to "Dupont" than to "Dupont Frères Couverture").
COVERAGE_SHARE = 0.8
SCORE_DECIMALS = 1


@dataclass(frozen=True)
class Ranked:
    doc: int
    score: float
    field: int


@dataclass(frozen=True)
class Activity:
    """When the user last touched documents, directly or through their customer."""

    documents: Mapping[int, float]
    customers: Mapping[int, float]

    def of(self, doc: int, owner: int) -> float:
        """Return when the user last touched the document or its customer (0 if never)."""
        return max(self.documents.get(doc, 0.0), self.customers.get(owner, 0.0))


@dataclass(frozen=True)
class Gathered:
    """The tokens of some documents, laid end to end, with each one's similarity per word."""

    offsets: Ints
    lengths: Ints
    terms: npt.NDArray[np.int32]
    fields: npt.NDArray[np.int8]
    similarity: npt.NDArray[np.float32]


def rank(
    store: DocumentStore,
    postings: Postings,
    words: list[QueryWord],
    *,
    legal_terms: npt.NDArray[np.bool_],
    kinds: set[int] | None,
    activity: Activity,
) -> list[Ranked]:
    """Return the best documents for the words, best first."""
    docs = shortlist(store, postings, words, kinds, activity)
    if not len(docs):
        return []
    weights = np.array([word.weight for word in words])
    scores, fields = rerank(gather(store, docs, words), weights, legal_terms)
    return _ordered(store, docs, np.round(scores, SCORE_DECIMALS), fields, activity)


def shortlist(
    store: DocumentStore,
    postings: Postings,
    words: list[QueryWord],
    kinds: set[int] | None,
    activity: Activity,
) -> Ints:
    """Return up to RERANK_SIZE live documents that best match the query's rarest words."""
    budget = max(CANDIDATE_BUDGET, int(CANDIDATE_SHARE * len(store)))
    drivers = _drivers(words, budget)
    if not drivers:
        return np.zeros(0, dtype=np.int64)
    docs, scores = _driver_scores(postings, drivers)
    keep = store.alive.view()[docs]
    if kinds is not None:
        keep &= np.isin(store.kinds.view()[docs], list(kinds))
    return _best(store, docs[keep], scores[keep], activity)


def _drivers(words: list[QueryWord], budget: int) -> list[QueryWord]:
    """Pick the words that find candidates: the rarest, within `budget` postings."""
    usable = [word for word in words if len(word.term_ids)]
    ordered = sorted([w for w in usable if not w.legal_form] or usable, key=lambda w: w.documents)
    chosen: list[QueryWord] = []
    for word in ordered:
        if chosen and sum(w.documents for w in chosen) + word.documents > budget:
            break
        chosen.append(word)
    return chosen


def _driver_scores(postings: Postings, drivers: list[QueryWord]) -> tuple[Ints, Floats]:
    """Return each document holding a driver word, with its weighted similarity summed."""
    all_docs, all_scores = [], []
    for word in drivers:
        docs, similarities = _best_per_doc(*postings.documents(word.term_ids, word.similarities))
        all_docs.append(docs)
        all_scores.append(similarities * word.weight)
    docs, scores = np.concatenate(all_docs), np.concatenate(all_scores)
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order]
    starts = _run_starts(docs)
    return docs[starts], (np.add.reduceat(scores, starts) if len(docs) else scores)


def _best_per_doc(
    docs: npt.NDArray[np.int32], values: npt.NDArray[np.float32]
) -> tuple[Ints, Floats]:
    order = np.lexsort((-values, docs))
    sorted_docs = docs[order].astype(np.int64)
    starts = _run_starts(sorted_docs)
    return sorted_docs[starts], values[order][starts].astype(np.float64)


def _run_starts(sorted_values: Ints) -> Ints:
    if not len(sorted_values):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], sorted_values[1:] != sorted_values[:-1])))


def _best(store: DocumentStore, docs: Ints, scores: Floats, activity: Activity) -> Ints:
    """Keep the RERANK_SIZE best; equal ones by the user's activity, then recency."""
    if len(docs) <= RERANK_SIZE:
        return docs
    touched = np.isin(docs, list(activity.documents)) | np.isin(
        store.owners.view()[docs], list(activity.customers)
    )
    updated = store.updated.view()[docs].astype(np.float64)
    recency = (updated - updated.min()) / (np.ptp(updated) + 1)
    # Scores step by 0.001; activity and then recency only order documents within a step.
    key = np.round(scores, 3) + touched * 5e-4 + recency * 4e-4
    return docs[np.argpartition(-key, RERANK_SIZE)[:RERANK_SIZE]]


def gather(store: DocumentStore, docs: Ints, words: list[QueryWord]) -> Gathered:
    """Collect the tokens of the documents and score each token against each word."""
    pointers = store.token_pointers.view()
    starts = pointers[docs]
    lengths = pointers[docs + 1] - starts
    offsets = np.cumsum(lengths) - lengths
    positions = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
    terms = store.terms.view()[positions]
    fields = store.fields.view()[positions]
    similarity = np.empty((len(terms), len(words)), dtype=np.float32)
    lookup = np.zeros(int(terms.max()) + 1 if len(terms) else 1, dtype=np.float32)
    for column, word in enumerate(words):
        inside = word.term_ids < len(lookup)
        lookup[word.term_ids[inside]] = word.similarities[inside]
        similarity[:, column] = lookup[terms]
        lookup[word.term_ids[inside]] = 0.0
    similarity *= _field_weights(store)[fields][:, None]
    return Gathered(offsets, lengths, terms, fields, similarity)


def _field_weights(store: DocumentStore) -> npt.NDArray[np.float32]:
    weights = [FIELD_WEIGHTS.get(name, OTHER_FIELD_WEIGHT) for name in store.field_names]
    return np.array(weights or [1.0], dtype=np.float32)


def rerank(
    gathered: Gathered, weights: Floats, legal_terms: npt.NDArray[np.bool_]
) -> tuple[Floats, npt.NDArray[np.int8]]:
    """Score each document per field; return its score (0–100) and its best field."""
    similarity, fields = gathered.similarity, gathered.fields
    boundary = np.zeros(len(fields), dtype=bool)
    boundary[gathered.offsets] = True
    boundary[1:] |= fields[1:] != fields[:-1]
    segments = np.flatnonzero(boundary)
    segment_doc = np.repeat(np.arange(len(gathered.offsets)), gathered.lengths)[segments]
    segment_best = np.maximum.reduceat(similarity, segments, axis=0)
    first_segment = np.searchsorted(segments, gathered.offsets)
    doc_best = np.maximum.reduceat(segment_best, first_segment, axis=0)
    coverage = doc_best @ weights / weights.sum()

    wins = (segment_best == doc_best[segment_doc]) & (segment_best > 0)
    contribution = (wins * segment_best) @ weights
    completeness = _completeness(gathered, segments, legal_terms)
    order = np.lexsort((-completeness, -contribution, segment_doc))
    primary = order[np.searchsorted(segment_doc[order], np.arange(len(gathered.offsets)))]
    scores = 100 * (COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * completeness[primary])
    return scores, fields[segments[primary]]


def _completeness(
    gathered: Gathered, segments: Ints, legal_terms: npt.NDArray[np.bool_]
) -> Floats:
    """Return, per field segment, how well the query covers its words (legal forms aside)."""
    terms = gathered.terms
    core = ~legal_terms[np.minimum(terms, len(legal_terms) - 1)] | (terms >= len(legal_terms))
    token_best = gathered.similarity.max(axis=1) * core
    covered = np.add.reduceat(token_best, segments)
    counted = np.add.reduceat(core.astype(np.float64), segments)
    return np.where(counted > 0, covered / np.maximum(counted, 1), 0.0)


def _ordered(
    store: DocumentStore,
    docs: Ints,
    scores: Floats,
    fields: npt.NDArray[np.int8],
    activity: Activity,
) -> list[Ranked]:
    updated = store.updated.view()[docs].tolist()
    owners = store.owners.view()[docs].tolist()
    rows = [
        (-score, -activity.of(doc, owner), -stamp, doc, field)
        for doc, score, field, stamp, owner in zip(
            docs.tolist(), scores.tolist(), fields.tolist(), updated, owners, strict=True
        )
    ]
    rows.sort()
    return [Ranked(doc, -score, field) for score, _, _, doc, field in rows]
