"""Turn records into columns of word ids, a batch at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import repeat

import numpy as np
import numpy.typing as npt

from bot.search.documents import EMAIL, PHONE, Records
from bot.search.normalize import email_text, fold_joined, phone_digits_many
from bot.search.store import NO_OWNER, Batch, DocumentStore
from bot.search.vocabulary import SEPARATOR_ID, Vocabulary

NAIVE_EPOCH = datetime(1970, 1, 1)
# Values looked at to tell a column of repeated values (cities) from one of distinct ones.
SAMPLE = 1_000

Int8s = npt.NDArray[np.int8]
Int32s = npt.NDArray[np.int32]
Int64s = npt.NDArray[np.int64]
Float64s = npt.NDArray[np.float64]


class Tokenizer:
    """Fill batches for the store, registering new words in the vocabulary."""

    def __init__(self, store: DocumentStore, vocabulary: Vocabulary) -> None:
        self._store = store
        self._vocabulary = vocabulary

    def batch(self, records: Records) -> tuple[Batch, list[tuple[str, int]]]:
        """Return the batch for the records and their phones as (digits, position)."""
        terms, fields, counts = self._words(records)
        batch = Batch(
            kinds=np.full(len(records), self._store.kind_code(records.kind), np.int8),
            records=np.array(records.ids, np.int64),
            owners=_owners(records.customer_ids),
            places=self._store.place_ids(records.cities),
            updated=timestamps(records.updated_at),
            titles=list(map(str.encode, records.titles)),
            token_counts=counts,
            terms=terms,
            fields=fields,
        )
        return batch, _phones(records)

    def _words(self, records: Records) -> tuple[Int32s, Int8s, Int64s]:
        """Return word ids and field codes, grouped by record then field, and their counts."""
        terms, fields, owners = [], [], []
        for name, texts in records.fields.items():
            if name == PHONE:
                continue
            if name == EMAIL:
                texts = list(map(email_text, texts))
            term_ids, counts = self.column_ids(texts)
            terms.append(term_ids)
            fields.append(np.full(len(term_ids), self._store.field_code(name), np.int8))
            owners.append(np.repeat(np.arange(len(texts)), counts))
        if not terms:
            return np.zeros(0, np.int32), np.zeros(0, np.int8), np.zeros(len(records), np.int64)
        owner = np.concatenate(owners)
        # A stable sort by record keeps each record's fields in order, as the rerank expects.
        order = np.argsort(owner, kind="stable")
        counts = np.bincount(owner, minlength=len(records)).astype(np.int64)
        return np.concatenate(terms)[order], np.concatenate(fields)[order], counts

    def column_ids(self, texts: Sequence[str]) -> tuple[Int32s, Int64s]:
        """Return the word ids of every text, end to end, and how many each text holds."""
        sample = texts[:SAMPLE]
        if len(set(sample)) * 2 > len(sample):
            return self._distinct_ids(texts)
        distinct = list(dict.fromkeys(texts))
        # Cities, postcodes and first names repeat: fold each value once.
        term_ids, counts = self._distinct_ids(distinct)
        position = {text: number for number, text in enumerate(distinct)}
        rows = np.fromiter(map(position.__getitem__, texts), np.int64, count=len(texts))
        starts = np.cumsum(counts) - counts
        lengths = counts[rows]
        offsets = np.cumsum(lengths) - lengths
        gather = np.repeat(starts[rows] - offsets, lengths) + np.arange(int(lengths.sum()))
        return term_ids[gather], lengths

    def _distinct_ids(self, texts: Sequence[str]) -> tuple[Int32s, Int64s]:
        if not texts:
            return np.zeros(0, np.int32), np.zeros(0, np.int64)
        words = fold_joined(texts).split()
        # map() with a default keeps the per-word loop in C: a few million words a load.
        known = self._vocabulary.ids.get
        term_ids = np.fromiter(map(known, words, repeat(-1)), np.int32, count=len(words))
        for position in np.flatnonzero(term_ids < 0).tolist():
            term_ids[position] = self._vocabulary.id_of(words[position])
        separators = term_ids == SEPARATOR_ID
        bounds = np.concatenate(([-1], np.flatnonzero(separators), [len(term_ids)]))
        return term_ids[~separators], np.diff(bounds) - 1


def _owners(customer_ids: Sequence[int | None]) -> Int64s:
    try:
        return np.array(customer_ids, dtype=np.int64)
    except TypeError:
        return np.array([NO_OWNER if c is None else c for c in customer_ids], dtype=np.int64)


def timestamps(values: Sequence[datetime | float | None]) -> Float64s:
    """Return POSIX seconds; a naive datetime (as SQLite returns) is taken as UTC."""
    try:
        # The bulk load reads seconds already; numpy turns a missing one into nan.
        return np.nan_to_num(np.array(values, dtype=np.float64))
    except TypeError:
        return np.array([_timestamp(value) for value in values], dtype=np.float64)


def _timestamp(value: datetime | float | None) -> float:
    if value is None:
        return 0.0
    if not isinstance(value, datetime):
        return float(value)
    if value.tzinfo is None:
        return (value - NAIVE_EPOCH).total_seconds()
    return value.timestamp()


def _phones(records: Records) -> list[tuple[str, int]]:
    numbers = phone_digits_many(records.fields.get(PHONE, ()))
    return [(digits, position) for position, digits in enumerate(numbers) if digits]
