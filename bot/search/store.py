"""The documents of the index as columns: who they are, what they show, which words they hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

from bot.search.arrays import GrowableArray, sorted_unique

NO_DOC = -1
NO_OWNER = -1
# Record ids below this are found through an array indexed by id; autoincrement ids are
# dense, and an array costs 4 bytes a record where a dict costs about 100.
DENSE_IDS = 1 << 24


@dataclass
class Batch:
    """Records tokenised and waiting to be appended, column by column."""

    kinds: npt.NDArray[np.int8]
    records: npt.NDArray[np.int64]
    owners: npt.NDArray[np.int64]
    places: npt.NDArray[np.int32]
    updated: npt.NDArray[np.float64]
    titles: list[bytes]
    token_counts: npt.NDArray[np.int64]
    terms: npt.NDArray[np.int32]
    fields: npt.NDArray[np.int8]


class RecordSlots:
    """Record id → current document number, for one kind."""

    def __init__(self) -> None:
        self._dense = GrowableArray(np.int32)
        self._sparse: dict[int, int] = {}

    def get(self, record_id: int) -> int:
        """Return the document number of a record, or NO_DOC."""
        if 0 <= record_id < len(self._dense):
            return int(self._dense[record_id])
        return self._sparse.get(record_id, NO_DOC)

    def replace(self, record_ids: npt.NDArray[np.int64], docs: npt.NDArray[np.int64]) -> list[int]:
        """Point records at new documents; return the documents they pointed at before."""
        dense = (record_ids >= 0) & (record_ids < DENSE_IDS)
        ids = record_ids[dense]
        if len(ids) and ids.max() >= len(self._dense):
            self._dense.extend(np.full(ids.max() + 1 - len(self._dense), NO_DOC, np.int32))
        view = self._dense.view()
        previous = view[ids].tolist()
        view[ids] = docs[dense]
        # A record given twice in one batch keeps its last document only.
        previous += docs[dense][view[ids] != docs[dense]].tolist()
        for record_id, doc in zip(record_ids[~dense].tolist(), docs[~dense].tolist(), strict=True):
            previous.append(self._sparse.get(record_id, NO_DOC))
            self._sparse[record_id] = doc
        return [doc for doc in previous if doc != NO_DOC]

    def clear(self, record_id: int) -> None:
        """Forget a record."""
        if 0 <= record_id < len(self._dense):
            self._dense[record_id] = NO_DOC
        self._sparse.pop(record_id, None)


class DocumentStore:
    """Columns per document, a forward index (document → words, fields) and lookups."""

    def __init__(self) -> None:
        self.kind_names: list[str] = []
        self.field_names: list[str] = []
        self.place_names: list[str] = []
        self._kind_codes: dict[str, int] = {}
        self._field_codes: dict[str, int] = {}
        self._place_ids: dict[str, int] = {}
        self._slots: list[RecordSlots] = []
        self.kinds = GrowableArray(np.int8)
        self.records = GrowableArray(np.int64)
        self.owners = GrowableArray(np.int64)
        self.places = GrowableArray(np.int32)
        # Seconds since 1970 fit 32 bits until 2106; recency needs no finer grain.
        self.updated = GrowableArray(np.uint32)
        self.alive = GrowableArray(np.bool_)
        self.title_pointers = GrowableArray(np.int64)
        self.title_bytes = GrowableArray(np.uint8)
        self.token_pointers = GrowableArray(np.int64)
        self.terms = GrowableArray(np.int32)
        self.fields = GrowableArray(np.int8)
        self.title_pointers.append(0)
        self.token_pointers.append(0)

    def __len__(self) -> int:
        return len(self.kinds)

    def kind_code(self, kind: str) -> int:
        """Return the code of a document kind, registering it on first use."""
        if kind not in self._kind_codes:
            self._kind_codes[kind] = len(self.kind_names)
            self.kind_names.append(kind)
            self._slots.append(RecordSlots())
        return self._kind_codes[kind]

    def known_kind(self, kind: str) -> int | None:
        """Return the code of a kind already seen, or None."""
        return self._kind_codes.get(kind)

    def field_code(self, name: str) -> int:
        """Return the code of a field name, registering it on first use."""
        if name not in self._field_codes:
            self._field_codes[name] = len(self.field_names)
            self.field_names.append(name)
        return self._field_codes[name]

    def place_id(self, city: str) -> int:
        """Return the id of a city as shown, registering it on first use."""
        if city not in self._place_ids:
            self._place_ids[city] = len(self.place_names)
            self.place_names.append(city)
        return self._place_ids[city]

    def place_ids(self, cities: Sequence[str]) -> npt.NDArray[np.int32]:
        """Return the ids of many cities as shown, registering new ones."""
        ids = np.fromiter(map(self._place_ids.get, cities, repeat(-1)), np.int32, len(cities))
        for position in np.flatnonzero(ids < 0).tolist():
            ids[position] = self.place_id(cities[position])
        return ids

    def reserve(self, documents: int, tokens: int) -> None:
        """Make room ahead of a bulk load, so columns are not copied while growing.

        Room never filled costs address space only: the system gives memory to a page when
        it is first written.
        """
        for column in (self.kinds, self.records, self.owners, self.places, self.updated):
            column.reserve(documents)
        self.alive.reserve(documents)
        self.title_pointers.reserve(documents + 1)
        self.token_pointers.reserve(documents + 1)
        self.terms.reserve(tokens)
        self.fields.reserve(tokens)

    def append(self, batch: Batch) -> tuple[int, list[int]]:
        """Append a batch; return its first document number and the documents it replaced."""
        first = len(self)
        self.kinds.extend(batch.kinds)
        self.records.extend(batch.records)
        self.owners.extend(batch.owners)
        self.places.extend(batch.places)
        self.updated.extend(np.clip(batch.updated, 0, np.iinfo(np.uint32).max))
        self.alive.extend(np.ones(len(batch.kinds), np.bool_))
        self._append_titles(batch.titles)
        self.token_pointers.extend(len(self.terms) + np.cumsum(batch.token_counts))
        self.terms.extend(batch.terms)
        self.fields.extend(batch.fields)
        return first, self._point_slots(first)

    def _append_titles(self, titles: list[bytes]) -> None:
        lengths = np.fromiter(map(len, titles), np.int64, count=len(titles))
        self.title_pointers.extend(len(self.title_bytes) + np.cumsum(lengths))
        self.title_bytes.extend(np.frombuffer(b"".join(titles), np.uint8))

    def _point_slots(self, first: int) -> list[int]:
        kinds = self.kinds.view()[first:]
        records = self.records.view()[first:]
        docs = np.arange(first, len(self), dtype=np.int64)
        replaced: list[int] = []
        for code in sorted_unique(kinds).tolist():
            mine = kinds == code
            replaced += self._slots[code].replace(records[mine], docs[mine])
        for doc in replaced:
            self.alive[doc] = False
        return replaced

    def find(self, kind: str, record_id: int) -> int:
        """Return the live document of a record, or NO_DOC."""
        code = self._kind_codes.get(kind)
        return NO_DOC if code is None else self._slots[code].get(record_id)

    def retire(self, kind: str, record_id: int) -> int:
        """Take a record out of the index; return its document number, or NO_DOC."""
        doc = self.find(kind, record_id)
        if doc != NO_DOC:
            self.alive[doc] = False
            self._slots[self._kind_codes[kind]].clear(record_id)
        return doc

    def title(self, doc: int) -> str:
        """Return the name a document shows."""
        start, end = self.title_pointers[doc], self.title_pointers[doc + 1]
        return self.title_bytes.view()[int(start) : int(end)].tobytes().decode()

    def city(self, doc: int) -> str:
        """Return the city a document shows."""
        return self.place_names[int(self.places[doc])]
