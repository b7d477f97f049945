"""Which documents hold each word: compact arrays for the bulk, a dict for live changes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.search.arrays import sorted_unique

Int32Array = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
Float32Array = npt.NDArray[np.float32]

# Tokens sorted per pass while building; bounds the memory the build needs on top of the index.
CHUNK_TOKENS = 1_000_000


class Postings:
    """Word id → document numbers, in CSR form (pointers + one flat array) plus a delta."""

    def __init__(self) -> None:
        self._pointers = np.zeros(1, dtype=np.int64)
        self._docs = np.zeros(0, dtype=np.int32)
        self._delta: dict[int, list[int]] = {}

    def add(self, doc: int, term_ids: list[int]) -> None:
        """Record a live document under each of its words."""
        for term_id in set(term_ids):
            self._delta.setdefault(term_id, []).append(doc)

    def counts(self, term_ids: Int32Array) -> Int64Array:
        """Return how many documents hold each word (removed ones included)."""
        known = len(self._pointers) - 1
        inside = term_ids < known
        counts = np.zeros(len(term_ids), dtype=np.int64)
        ids = term_ids[inside]
        counts[inside] = self._pointers[ids + 1] - self._pointers[ids]
        if self._delta:
            delta = (len(self._delta.get(t, ())) for t in term_ids.tolist())
            counts += np.fromiter(delta, dtype=np.int64, count=len(term_ids))
        return counts

    def documents(
        self, term_ids: Int32Array, values: Float32Array
    ) -> tuple[Int32Array, Float32Array]:
        """Return the documents holding any of the words, each with its word's value; a
        document holding several of the words comes several times."""
        known = len(self._pointers) - 1
        inside = term_ids[term_ids < known]
        parts = [self._docs[self._pointers[t] : self._pointers[t + 1]] for t in inside.tolist()]
        counts = self._pointers[inside + 1] - self._pointers[inside]
        part_values = [np.repeat(values[term_ids < known], counts)]
        for term_id, value in zip(term_ids.tolist(), values.tolist(), strict=True):
            if term_id in self._delta:
                parts.append(np.array(self._delta[term_id], np.int32))
                part_values.append(np.full(len(parts[-1]), value, np.float32))
        if not parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(parts), np.concatenate(part_values)

    def rebuild(
        self, pointers: Int64Array, terms: Int32Array, alive: npt.NDArray[np.bool_], words: int
    ) -> None:
        """Rebuild from the forward index (document → words) of every live document.

        A document holding a word twice (a name, again in the e-mail address) is listed
        twice: searches keep its best match, and the build saves a sort of every token.
        """
        # Two passes over runs of documents, so the build never holds every token twice.
        runs = _chunks(pointers)
        counts = np.zeros(words, dtype=np.int64)
        for start, end in runs:
            live_terms, _ = _live_tokens(pointers, terms, alive, start, end)
            counts += np.bincount(live_terms, minlength=words)
        self._pointers = np.concatenate(([0], np.cumsum(counts)))
        self._docs = np.empty(int(self._pointers[-1]), dtype=np.int32)
        next_free = self._pointers[:-1].copy()
        for start, end in runs:
            live_terms, live_docs = _live_tokens(pointers, terms, alive, start, end)
            next_free += _place(self._docs, next_free, live_terms, live_docs, words)
        self._delta = {}


def _place(
    docs: Int32Array, next_free: Int64Array, terms: Int32Array, owners: Int32Array, words: int
) -> Int64Array:
    """Write each token's document at its word's next free slot; return the slots used."""
    order = np.argsort(terms)
    sorted_terms = terms[order]
    counts = np.bincount(sorted_terms, minlength=words)
    rank = np.arange(len(order)) - (np.cumsum(counts) - counts)[sorted_terms]
    docs[next_free[sorted_terms] + rank] = owners[order]
    return counts


def _chunks(pointers: Int64Array, size: int = CHUNK_TOKENS) -> list[tuple[int, int]]:
    """Split documents into runs of about `size` tokens, to bound the build's memory."""
    documents = len(pointers) - 1
    bounds = np.searchsorted(pointers, np.arange(0, pointers[-1] + size, size))
    bounds = sorted_unique(np.concatenate(([0], np.minimum(bounds, documents), [documents])))
    return [(int(a), int(b)) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _live_tokens(
    pointers: Int64Array, terms: Int32Array, alive: npt.NDArray[np.bool_], start: int, end: int
) -> tuple[Int32Array, Int32Array]:
    """Return the words of live documents start..end and the document of each."""
    lengths = np.diff(pointers[start : end + 1])
    docs = np.repeat(np.arange(start, end, dtype=np.int32), lengths)
    keep = np.repeat(alive[start:end], lengths)
    return terms[pointers[start] : pointers[end]][keep], docs[keep]
