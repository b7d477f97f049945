"""Field-style queries with known targets, drawn from a seeded database, and their oracle."""

from __future__ import annotations

import bisect
import random
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from bot.search.normalize import LEGAL_FORMS, normalize_text, phone_digits

QUERY_KINDS = ("typo", "accents", "prefix", "swapped", "street", "phone", "contact")
# Neighbouring keys on an AZERTY keyboard, for slips of the finger.
AZERTY_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn")
PHONE_FORMATS = (
    "0{} {} {} {} {}",
    "0{}{}{}{}{}",
    "0{}.{}.{}.{}.{}",
    "+33 {} {} {} {} {}",
    "+33{}{}{}{}{}",
    "0033 {} {} {} {} {}",
    "0{}-{}-{}-{}-{}",
)


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    target_kind: str
    target_id: int
    # How many records share the target's value in the field the query aims at.
    equals: int
    # Prefix queries only: how many names hold a word starting with each typed prefix.
    prefix_matches: int | None = None


@dataclass
class SeededRows:
    customers: list[tuple]
    contacts: list[tuple]
    sites: list[tuple]


def read_records(path: str) -> SeededRows:
    """Read the rows queries are drawn from, straight from the SQLite file."""
    with sqlite3.connect(path) as connection:
        return SeededRows(
            connection.execute("SELECT id, name, phone, address FROM customers").fetchall(),
            connection.execute("SELECT id, name, phone FROM contacts").fetchall(),
            connection.execute("SELECT id, name, address FROM sites").fetchall(),
        )


def name_key(text: str, keep_legal: bool = False) -> tuple[str, ...]:
    """Identify a name whatever its word order (and legal form, unless typed)."""
    words = normalize_text(text).split()
    return tuple(sorted(w for w in words if keep_legal or w not in LEGAL_FORMS))


class Oracle:
    """Count records sharing a value, per field family: names, streets, phones."""

    def __init__(self, records: SeededRows) -> None:
        names = [r[1] for r in records.customers + records.contacts + records.sites]
        self._all_names = names
        self._name_words: dict[str, set[int]] | None = None
        self.names = Counter(name_key(n) for n in names)
        self.full_names = Counter(name_key(n, keep_legal=True) for n in names)
        streets = [r[3] for r in records.customers] + [r[2] for r in records.sites]
        self.streets = Counter(normalize_text(s) for s in streets)
        phones = [r[2] for r in records.customers + records.contacts if r[2]]
        self.phones = Counter(phone_digits(p) for p in phones)

    def prefix_matches(self, text: str) -> int:
        """Count the names holding, for each typed word, a word that starts with it."""
        if self._name_words is None:
            self._name_words = defaultdict(set)
            for position, name in enumerate(self._all_names):
                for word in normalize_text(name).split():
                    self._name_words[word].add(position)
            self._vocabulary = sorted(self._name_words)
        matches = [self._starting_with(prefix) for prefix in normalize_text(text).split()]
        return len(set.intersection(*matches)) if matches else 0

    def _starting_with(self, prefix: str) -> set[int]:
        assert self._name_words is not None
        found: set[int] = set()
        for word in self._vocabulary[bisect.bisect_left(self._vocabulary, prefix) :]:
            if not word.startswith(prefix):
                break
            found |= self._name_words[word]
        return found


def generate(records: SeededRows, count: int, seed: int) -> list[Query]:
    """Draw `count` queries, spread evenly over QUERY_KINDS."""
    rng = random.Random(seed)
    oracle = Oracle(records)
    makers = {
        "typo": _typo_query,
        "accents": _accent_query,
        "prefix": _prefix_query,
        "swapped": _swapped_query,
        "street": _street_query,
        "phone": _phone_query,
        "contact": _contact_query,
    }
    return [makers[QUERY_KINDS[i % len(QUERY_KINDS)]](rng, records, oracle) for i in range(count)]


def _core_words(name: str) -> list[str]:
    return [w for w in name.split() if normalize_text(w) not in LEGAL_FORMS and normalize_text(w)]


def _customer_name_query(kind: str, text: str, row: tuple, oracle: Oracle) -> Query:
    keep_legal = any(normalize_text(w) in LEGAL_FORMS for w in text.split())
    key = name_key(row[1], keep_legal)
    equals = (oracle.full_names if keep_legal else oracle.names)[key]
    return Query(kind, text, "customer", row[0], equals)


def _typo_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    row = rng.choice(records.customers)
    words = _core_words(row[1]) if rng.random() < 0.7 else row[1].split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4]
    for index in rng.sample(long_words, min(len(long_words), rng.choice((1, 1, 2)))):
        words[index] = misspell(rng, words[index], rng.choice((1, 1, 2)))
    return _customer_name_query("typo", " ".join(words).lower(), row, oracle)


def _accent_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    accented = [r for r in rng.sample(records.customers, 50) if not r[1].isascii()]
    row = accented[0] if accented else rng.choice(records.customers)
    text = strip_accents(" ".join(_core_words(row[1]))).lower()
    return _customer_name_query("accents", text, row, oracle)


def _prefix_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    row = rng.choice(records.customers)
    words = [w for w in _core_words(row[1]) if len(normalize_text(w)) >= 3]
    text = " ".join(w[: rng.randint(3, 5)] for w in words).lower()
    query = _customer_name_query("prefix", text, row, oracle)
    return replace(query, prefix_matches=oracle.prefix_matches(text))


def _swapped_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    row = rng.choice(records.customers)
    words = _core_words(row[1])
    shuffled = words[::-1] if len(words) < 3 else rng.sample(words, len(words))
    return _customer_name_query("swapped", " ".join(shuffled).lower(), row, oracle)


def _street_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    if rng.random() < 0.5:
        row, kind, street = (r := rng.choice(records.sites)), "site", r[2]
    else:
        row, kind, street = (r := rng.choice(records.customers)), "customer", r[3]
    text = street.lower()
    if rng.random() < 0.3:
        words = text.split()
        long_words = [i for i, w in enumerate(words) if len(w) >= 5]
        if long_words:
            index = rng.choice(long_words)
            words[index] = misspell(rng, words[index], 1)
        text = " ".join(words)
    return Query("street", text, kind, row[0], oracle.streets[normalize_text(street)])


def _phone_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    kind, table = rng.choice((("customer", records.customers), ("contact", records.contacts)))
    row = rng.choice([r for r in rng.sample(table, 20) if r[2]] or [table[0]])
    digits = phone_digits(row[2]).rjust(9, "0")
    pairs = [digits[1:3], digits[3:5], digits[5:7], digits[7:9]]
    # Written another way than it was stored, as a caller would read it out.
    written = [form.format(digits[0], *pairs) for form in PHONE_FORMATS]
    text = rng.choice([number for number in written if number != row[2]])
    return Query("phone", text, kind, row[0], oracle.phones[phone_digits(row[2])])


def _contact_query(rng: random.Random, records: SeededRows, oracle: Oracle) -> Query:
    row = rng.choice(records.contacts)
    words = row[1].split()
    if rng.random() < 0.3:
        words = words[::-1]
    if rng.random() < 0.5:
        index = rng.randrange(len(words))
        words[index] = misspell(rng, words[index], 1) if len(words[index]) >= 4 else words[index]
    text = " ".join(words).lower()
    return Query("contact", text, "contact", row[0], oracle.names[name_key(row[1])])


def misspell(rng: random.Random, word: str, typos: int) -> str:
    """Make `typos` slips: a neighbouring key, a lost, doubled or swapped letter."""
    for _ in range(typos):
        position = rng.randrange(len(word))
        slip = rng.choice(("neighbour", "drop", "double", "swap"))
        if slip == "neighbour":
            word = word[:position] + _neighbour(rng, word[position]) + word[position + 1 :]
        elif slip == "drop" and len(word) > 3:
            word = word[:position] + word[position + 1 :]
        elif slip == "double":
            word = word[:position] + word[position] + word[position:]
        elif position + 1 < len(word):
            word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word


def _neighbour(rng: random.Random, letter: str) -> str:
    for row in AZERTY_ROWS:
        index = row.find(letter.lower())
        if index >= 0:
            return (
                row[max(0, index - 1)] if rng.random() < 0.5 else row[min(len(row) - 1, index + 1)]
            )
    return letter


def strip_accents(text: str) -> str:
    """Drop accents the way a hurried typist does: "Lévêque" -> "Leveque"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
