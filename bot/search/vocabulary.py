"""The words the index knows, and the known words a typed word may stand for."""

from __future__ import annotations

import bisect
import logging

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.arrays import sorted_unique
from bot.search.normalize import BATCH_SEPARATOR

logger = logging.getLogger(__name__)

SEPARATOR_ID = 0
EXACT = 1.0
# A typed prefix is deliberate: it counts a little more than a word with one typo, and the
# same for every word it starts ("mon" fits "monet" as well as "montagnier"), so the user's
# activity and recency choose between them.
PREFIX = 0.9
# A word one typo away scores 0.88, two typos away 0.76.
TYPO_COST = 0.12
MIN_PREFIX = 3
# Bounds the work for a short prefix of a huge vocabulary; the closest lengths are kept.
MAX_PREFIX_TERMS = 2_000
# Words checked for typos against one typed word, at most.
MAX_NEAR_CANDIDATES = 2_000
# Words added since the lookup tables were built are scanned one by one; past this many, the
# next lookup rebuilds the tables first (a bulk load rebuilds them once, at its end).
MAX_UNINDEXED_TERMS = 20_000

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# Code 0 marks the start and end of a word; letters outside ALPHABET share the last code.
CHAR_CODES = {c: i + 1 for i, c in enumerate(ALPHABET)}
OTHER_CHAR = len(ALPHABET) + 1
CODE_RANGE = OTHER_CHAR + 1
# Code of each ASCII character; every other character maps to the last entry, OTHER_CHAR.
CODE_LOOKUP = np.array(
    [CHAR_CODES.get(chr(c), OTHER_CHAR) for c in range(128)] + [OTHER_CHAR], dtype=np.int16
)
CODE_LOOKUP[0] = 0

Expansion = tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]


def allowed_typos(word: str) -> int:
    """Return how many typos a word of this length may carry: none up to 3 letters."""
    if word.isdigit() or len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


def bigram_codes(word: str) -> list[int]:
    """Return the distinct letter-pair codes of a word, its two ends included."""
    codes = [0, *(CHAR_CODES.get(c, OTHER_CHAR) for c in word), 0]
    return list({a * CODE_RANGE + b for a, b in zip(codes, codes[1:], strict=False)})


class Vocabulary:
    """Word ↔ id mapping with prefix and typo-tolerant lookup."""

    def __init__(self) -> None:
        # Id 0 stands for the separator of batched texts, so that a bulk load finds text
        # boundaries with the same dict lookups as words. Normalised input never holds it.
        self.ids: dict[str, int] = {BATCH_SEPARATOR: SEPARATOR_ID}
        self.terms: list[str] = [BATCH_SEPARATOR]
        self._indexed = 0
        self._sorted_terms: list[str] = []
        self._sorted_ids = np.zeros(0, dtype=np.int32)
        self._gram_ptr = np.zeros(CODE_RANGE * CODE_RANGE + 1, dtype=np.int64)
        self._gram_terms = np.zeros(0, dtype=np.int32)
        self._lengths = np.zeros(0, dtype=np.int16)
        self._term_array = np.zeros(0, dtype=object)

    def __len__(self) -> int:
        return len(self.terms)

    def id_of(self, term: str) -> int:
        """Return the id of a word, adding the word if it is new."""
        term_id = self.ids.get(term)
        if term_id is None:
            term_id = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return term_id

    def reindex(self) -> None:
        """Rebuild the prefix and typo lookup tables over every known word."""
        count = len(self.terms)
        order = sorted(range(count), key=self.terms.__getitem__)
        self._sorted_terms = [self.terms[i] for i in order]
        self._sorted_ids = np.array(order, dtype=np.int32)
        self._lengths = np.fromiter(map(len, self.terms), dtype=np.int16, count=count)
        self._term_array = np.array(self.terms, dtype=object)
        self._gram_ptr, self._gram_terms = _bigram_postings(self.terms)
        self._indexed = count
        logger.debug("vocabulary lookup rebuilt over %s words", count)

    def expand(self, word: str) -> Expansion:
        """Return known words the typed word may stand for, with a similarity in (0, 1]."""
        if len(self.terms) - self._indexed > MAX_UNINDEXED_TERMS:
            self.reindex()
        found: dict[int, float] = {}
        if len(word) >= MIN_PREFIX:
            self._add_prefixed(word, found)
        typos = allowed_typos(word)
        if typos:
            self._add_near(word, typos, found)
        exact = self.ids.get(word)
        if exact is not None:
            found[exact] = EXACT
        ids = np.fromiter(found.keys(), dtype=np.int32, count=len(found))
        sims = np.fromiter(found.values(), dtype=np.float32, count=len(found))
        return ids, sims

    def _add_prefixed(self, word: str, found: dict[int, float]) -> None:
        start = bisect.bisect_left(self._sorted_terms, word)
        end = bisect.bisect_left(self._sorted_terms, word + "\uffff", lo=start)
        ids = self._sorted_ids[start:end].tolist()
        ids += [i for i in range(self._indexed, len(self.terms)) if self.terms[i].startswith(word)]
        if len(ids) > MAX_PREFIX_TERMS:
            ids = sorted(ids, key=lambda i: len(self.terms[i]))[:MAX_PREFIX_TERMS]
        found.update(dict.fromkeys(ids, PREFIX))

    def _add_near(self, word: str, typos: int, found: dict[int, float]) -> None:
        candidates = np.concatenate(
            [self._near_candidates(word, typos), np.arange(self._indexed, len(self.terms))]
        )
        if not len(candidates):
            return
        choices = self._term_array[candidates[candidates < self._indexed]].tolist()
        choices += self.terms[self._indexed :]
        distances = process.cdist([word], choices, scorer=OSA.distance, score_cutoff=typos)[0]
        close = np.flatnonzero(distances <= typos)
        matched = zip(candidates[close].tolist(), distances[close].tolist(), strict=True)
        for term_id, distance in matched:
            similarity = EXACT - TYPO_COST * distance
            if similarity > found.get(term_id, 0.0):
                found[term_id] = similarity

    def _near_candidates(self, word: str, typos: int) -> npt.NDArray[np.int64]:
        if not self._indexed:
            return np.zeros(0, dtype=np.int64)
        grams = bigram_codes(word)
        slices = [self._gram_terms[self._gram_ptr[g] : self._gram_ptr[g + 1]] for g in grams]
        counts = np.bincount(np.concatenate(slices), minlength=self._indexed)
        # A typo changes at most three letter pairs (a swap of two letters does).
        needed = max(1, len(grams) - 3 * typos)
        close_length = np.abs(self._lengths - len(word)) <= typos
        candidates = np.flatnonzero((counts >= needed) & close_length)
        if len(candidates) > MAX_NEAR_CANDIDATES:
            # Words of few distinct letter pairs ("pererere") match too much: keep the closest.
            best = np.argpartition(-counts[candidates], MAX_NEAR_CANDIDATES)
            candidates = candidates[best[:MAX_NEAR_CANDIDATES]]
        return candidates


def _bigram_postings(terms: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Return, per letter-pair code, the ids of the terms holding it (CSR form)."""
    # Terms end to end, each framed by a zero: every neighbouring pair is one letter pair of
    # one term, the frame included, as bigram_codes() reads them.
    joined = "\x00" + "\x00".join(terms) + "\x00"
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    codes = CODE_LOOKUP[np.minimum(points, len(CODE_LOOKUP) - 1)]
    framing = points == 0
    inside = ~(framing[:-1] & framing[1:])
    owners = (np.cumsum(framing[:-1], dtype=np.int64) - 1)[inside]
    pairs = (codes[:-1] * CODE_RANGE + codes[1:])[inside]
    keys = sorted_unique(owners * CODE_RANGE**2 + pairs)
    grams = keys % CODE_RANGE**2
    order = np.argsort(grams, kind="stable")
    counts = np.bincount(grams, minlength=CODE_RANGE**2)
    pointers = np.concatenate(([0], np.cumsum(counts)))
    return pointers, (keys // CODE_RANGE**2)[order].astype(np.int32)
