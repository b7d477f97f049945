"""The search index: live add, update and remove, bulk load, and fuzzy search."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import datetime
from itertools import islice

import numpy as np
import numpy.typing as npt

from bot.search.documents import CUSTOMER, PHONE, Document, Hit, Records
from bot.search.normalize import LEGAL_FORMS, looks_like_phone, normalize_text, phone_digits
from bot.search.phones import PhoneBook
from bot.search.postings import Postings
from bot.search.query import read_query
from bot.search.ranking import Activity, Ranked, rank
from bot.search.store import NO_DOC, Batch, DocumentStore
from bot.search.suggest import closest_words
from bot.search.tokens import Tokenizer
from bot.search.vocabulary import Vocabulary

logger = logging.getLogger(__name__)

LOAD_BATCH = 10_000
# A customer holds about 14 words, a contact 6, a site 10; reserving a little more than the
# mean avoids a copy of the largest column during the load.
TOKENS_PER_RECORD = 12
# A written word as the index splits it: "Saint-Étienne" holds "Saint" and "Étienne".
WORD = re.compile(r"\w+")
WHOLE_NUMBER_SCORE = 100.0
PART_NUMBER_SCORE = 80.0

Visible = Callable[[str, int], bool]
RecordKey = tuple[str, int]


class SearchIndex:
    """Customers, contacts and sites (and later other kinds) found from a few typed words.

    Not thread-safe: call it from one thread, such as the event loop's.
    """

    def __init__(self) -> None:
        self._vocabulary = Vocabulary()
        self._store = DocumentStore()
        self._postings = Postings()
        self._phones = PhoneBook()
        self._tokenizer = Tokenizer(self._store, self._vocabulary)
        self._live = 0

    def __len__(self) -> int:
        """Return how many records the index holds."""
        return self._live

    def add(self, document: Document) -> None:
        """Index a record; the next search sees it. A record already held is replaced."""
        batch, phones = self._tokenizer.batch(Records.of([document]))
        first = self._append(batch)
        self._postings.add(first, batch.terms.tolist())
        for digits, _ in phones:
            self._phones.add(digits, first)

    def update(self, document: Document) -> None:
        """Replace a record's indexed fields with new ones (or add the record)."""
        self.add(document)

    def remove(self, kind: str, record_id: int) -> bool:
        """Take a record out of the index; return whether it was there."""
        removed = self._store.retire(kind, record_id) != NO_DOC
        self._live -= removed
        return removed

    def reserve(self, records: int) -> None:
        """Make room for that many more records before a bulk load."""
        store = self._store
        store.reserve(len(store) + records, len(store.terms) + TOKENS_PER_RECORD * records)

    def load(self, documents: Iterable[Document]) -> int:
        """Index many records at once, then compact; return how many were read."""
        count = 0
        for chunk in _chunks(documents, LOAD_BATCH):
            kinds = {document.kind for document in chunk}
            for kind in sorted(kinds):
                self.extend(Records.of([d for d in chunk if d.kind == kind]))
            count += len(chunk)
        self.compact()
        return count

    def extend(self, records: Records) -> None:
        """Append records of one kind for a bulk load; searches see them after compact()."""
        if not len(records):
            return
        batch, phones = self._tokenizer.batch(records)
        first = self._append(batch)
        self._phones.extend([digits for digits, _ in phones], [first + p for _, p in phones])

    def compact(self) -> None:
        """Rebuild the compact arrays from every live record and empty the live deltas.

        Live changes are searched a little more slowly than compacted ones; calling this
        now and then (nightly, say) keeps searches fast. It takes about 4 s at a million
        customers.
        """
        # LIMITATION: a replaced or removed record keeps its words in the forward columns
        # (about 100 bytes); only a rebuild from the database gives that memory back.
        alive = self._store.alive.view()
        self._postings.rebuild(
            self._store.token_pointers.view(),
            self._store.terms.view(),
            alive,
            len(self._vocabulary),
        )
        self._phones.rebuild(alive)
        self._vocabulary.reindex()
        logger.info("search index compacted: %s records", self._live)

    def _append(self, batch: Batch) -> int:
        first, replaced = self._store.append(batch)
        self._live += len(batch.kinds) - len(replaced)
        return first

    def search(
        self,
        text: str,
        *,
        limit: int = 5,
        activity: Mapping[RecordKey, datetime] | None = None,
        visible: Visible | None = None,
        kinds: Collection[str] | None = None,
    ) -> list[Hit]:
        """Return the records that best match the text, best first.

        Equal scores go first to what the user touched last (`activity` maps (kind, id) to
        that time; touching a customer counts for its contacts and sites), then to the most
        recently updated record. `visible(kind, id)` hides what the user may not see.
        """
        touched = self._activity(activity or {})
        kind_codes = None if kinds is None else self._kind_codes(kinds)
        if looks_like_phone(text):
            ranked = self._phone_ranked(text, touched, kind_codes)
            if ranked:
                return self._hits(ranked, limit, visible)
        words = read_query(text, self._vocabulary, self._postings, max(self._live, 1))
        if not words:
            return []
        ranked = rank(
            self._store,
            self._postings,
            words,
            legal_terms=self._legal_terms(),
            kinds=kind_codes,
            activity=touched,
        )
        return self._hits(ranked, limit, visible)

    def suggest(self, text: str, *, limit: int = 3) -> list[str]:
        """Return known spellings closest to the words of a query that found nothing.

        Only words that a record still holds are offered: the vocabulary keeps the words of
        removed and renamed records until the next rebuild.
        """
        words = closest_words(self._vocabulary.terms, text, limit=limit * 3)
        spelled = (self._spelling(word) for word in words)
        return [word for word in spelled if word is not None][:limit]

    def _spelling(self, word: str) -> str | None:
        """Return the word as a record that holds it writes it ("Cœur" for "coeur"), if any."""
        term_id = self._vocabulary.ids.get(word)
        if term_id is None:
            return None
        docs, _ = self._postings.documents(
            np.array([term_id], dtype=np.int32), np.ones(1, dtype=np.float32)
        )
        alive = docs[self._store.alive.view()[docs]]
        if not len(alive):
            return None
        doc = int(alive[0])
        written = f"{self._store.title(doc)} {self._store.city(doc)}"
        return next((w for w in WORD.findall(written) if normalize_text(w) == word), word)

    def find_phone(self, phone: str, *, limit: int = 5) -> list[Hit]:
        """Return the records whose phone number has exactly the same digits."""
        digits = phone_digits(phone)
        if not digits:
            return []
        found = [doc for doc, whole in self._phones.find(digits).items() if whole]
        ranked = self._ranked_by_recency(found, WHOLE_NUMBER_SCORE, Activity({}, {}))
        return self._hits(ranked, limit, None)

    def _phone_ranked(self, text: str, activity: Activity, kinds: set[int] | None) -> list[Ranked]:
        found = self._phones.find(phone_digits(text))
        alive = self._store.alive.view()
        codes = self._store.kinds.view()
        docs = [d for d in found if alive[d] and (kinds is None or int(codes[d]) in kinds)]
        whole = [d for d in docs if found[d]]
        part = [d for d in docs if not found[d]]
        return self._ranked_by_recency(
            whole, WHOLE_NUMBER_SCORE, activity
        ) + self._ranked_by_recency(part, PART_NUMBER_SCORE, activity)

    def _ranked_by_recency(
        self, docs: list[int], score: float, activity: Activity
    ) -> list[Ranked]:
        alive = self._store.alive.view()
        owners = self._store.owners.view()
        updated = self._store.updated.view()
        live = [doc for doc in docs if alive[doc]]
        live.sort(key=lambda d: (-activity.of(d, int(owners[d])), -float(updated[d]), d))
        field = self._store.field_code(PHONE)
        return [Ranked(doc, score, field) for doc in live]

    def _hits(self, ranked: list[Ranked], limit: int, visible: Visible | None) -> list[Hit]:
        # LIMITATION: `visible` is asked about the best RERANK_SIZE matches only; a user who
        # may see few records can get fewer results than exist. Passing `kinds`, or a
        # visibility the index knows before ranking, would lift it.
        hits: list[Hit] = []
        for entry in ranked:
            if len(hits) >= limit:
                break
            hit = self._hit(entry)
            if visible is None or visible(hit.kind, hit.id):
                hits.append(hit)
        return hits

    def _hit(self, entry: Ranked) -> Hit:
        store, doc = self._store, entry.doc
        owner = int(store.owners[doc])
        customer_doc = store.find(CUSTOMER, owner) if owner >= 0 else NO_DOC
        city = store.city(doc)
        if not city and customer_doc != NO_DOC:
            city = store.city(customer_doc)
        return Hit(
            kind=store.kind_names[int(store.kinds[doc])],
            id=int(store.records[doc]),
            field=store.field_names[entry.field],
            score=entry.score,
            name=store.title(doc),
            city=city,
            customer_id=owner if owner >= 0 else None,
            customer_name=store.title(customer_doc) if customer_doc != NO_DOC else "",
        )

    def _activity(self, activity: Mapping[RecordKey, datetime]) -> Activity:
        documents: dict[int, float] = {}
        customers: dict[int, float] = {}
        for (kind, record_id), when in activity.items():
            doc = self._store.find(kind, record_id)
            if doc != NO_DOC:
                documents[doc] = when.timestamp()
            if kind == CUSTOMER:
                customers[record_id] = when.timestamp()
        return Activity(documents, customers)

    def _kind_codes(self, kinds: Collection[str]) -> set[int]:
        codes = (self._store.known_kind(kind) for kind in kinds)
        return {code for code in codes if code is not None}

    def _legal_terms(self) -> npt.NDArray[np.bool_]:
        ids = [self._vocabulary.ids[w] for w in LEGAL_FORMS if w in self._vocabulary.ids]
        legal = np.zeros(max(ids, default=0) + 1, dtype=bool)
        legal[ids] = True
        return legal


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk
