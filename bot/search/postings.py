"""Which documents hold each word: compact arrays for the bulk, a dict for live changes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.search.arrays import sorted_unique

Int32Array = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
Float32Array = npt.NDArray[np.float32]

# Tokens sorted per pass while building; bounds the memory the build needs on top of the index.
CHUNK_TOKENS = 4_000_000


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
            counts += [len(self._delta.get(t, ())) for t in term_ids.tolist()]
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
        """Rebuild from the forward index (document → words) of every live document."""
        pieces = [
            _sorted_piece(pointers, terms, alive, start, end, words)
            for start, end in _chunks(pointers, CHUNK_TOKENS)
        ]
        self._pointers, self._docs = _merge(pieces, words)
        self._delta = {}


def _chunks(pointers: Int64Array, size: int) -> list[tuple[int, int]]:
    """Split documents into runs of about `size` tokens."""
    documents = len(pointers) - 1
    bounds = np.searchsorted(pointers, np.arange(0, pointers[-1] + size, size))
    bounds = np.unique(np.concatenate(([0], np.minimum(bounds, documents), [documents])))
    return [(int(a), int(b)) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _sorted_piece(
    pointers: Int64Array,
    terms: Int32Array,
    alive: npt.NDArray[np.bool_],
    start: int,
    end: int,
    words: int,
) -> tuple[Int64Array, Int32Array]:
    """Return per-word counts and the (word, doc)-sorted docs of documents start..end."""
    lengths = np.diff(pointers[start : end + 1])
    docs = np.repeat(np.arange(start, end, dtype=np.int64), lengths)
    piece_terms = terms[pointers[start] : pointers[end]].astype(np.int64)
    keep = alive[docs]
    keys = sorted_unique(piece_terms[keep] * (end + 1) + docs[keep])
    counts = np.bincount(keys // (end + 1), minlength=words)
    return counts, (keys % (end + 1)).astype(np.int32)


def _merge(
    pieces: list[tuple[Int64Array, Int32Array]], words: int
) -> tuple[Int64Array, Int32Array]:
    """Concatenate each word's documents across pieces, keeping document order."""
    totals = np.zeros(words, dtype=np.int64)
    for counts, _ in pieces:
        totals += counts
    pointers = np.concatenate(([0], np.cumsum(totals)))
    docs = np.empty(int(pointers[-1]), dtype=np.int32)
    next_free = pointers[:-1].copy()
    for counts, piece_docs in pieces:
        piece_starts = np.cumsum(counts) - counts
        destination = np.repeat(next_free - piece_starts, counts) + np.arange(len(piece_docs))
        docs[destination] = piece_docs
        next_free += counts
    return pointers, docs
