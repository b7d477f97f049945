"""Phone numbers by their national digits, found whole or from their first digits."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Fewer digits than this match too many numbers to mean one.
MIN_PARTIAL_DIGITS = 6
# E.164 numbers have at most 15 digits; longer input is cut there.
MAX_DIGITS = 15
DIGITS_TYPE = f"S{MAX_DIGITS}"

Keys = npt.NDArray[np.bytes_]
Docs = npt.NDArray[np.int32]


class PhoneBook:
    """Sorted digit strings for the bulk, plus a list of live additions."""

    def __init__(self) -> None:
        self._digits, self._docs = _sorted(np.zeros(0, DIGITS_TYPE), np.zeros(0, np.int32))
        self._pending: list[tuple[Keys, Docs]] = []
        self._live: list[tuple[str, int]] = []

    def add(self, digits: str, doc: int) -> None:
        """Record a live document's phone number; the next search sees it."""
        self._live.append((digits[:MAX_DIGITS], doc))

    def extend(self, digits: list[str], docs: list[int]) -> None:
        """Queue a bulk load's numbers; they are searchable after rebuild()."""
        self._pending.append((np.array(digits, DIGITS_TYPE), np.array(docs, np.int32)))

    def rebuild(self, alive: npt.NDArray[np.bool_]) -> None:
        """Sort the numbers of every live document into the arrays."""
        self.extend([digits for digits, _ in self._live], [doc for _, doc in self._live])
        keys = np.concatenate([self._digits, *(keys for keys, _ in self._pending)])
        docs = np.concatenate([self._docs, *(docs for _, docs in self._pending)])
        keep = alive[docs]
        self._digits, self._docs = _sorted(keys[keep], docs[keep])
        self._pending, self._live = [], []

    def find(self, digits: str) -> dict[int, bool]:
        """Map documents whose number equals or starts with the digits to whether the whole
        number matched; a start must hold MIN_PARTIAL_DIGITS digits."""
        digits = digits[:MAX_DIGITS]
        found = dict.fromkeys(self._range(digits, prefix=False), True)
        partial = len(digits) >= MIN_PARTIAL_DIGITS
        if partial:
            for doc in self._range(digits, prefix=True):
                found.setdefault(doc, False)
        # Live numbers are few between compactions; a scan of them costs less than a sort.
        for number, doc in self._live:
            if number == digits:
                found[doc] = True
            elif partial and number.startswith(digits):
                found.setdefault(doc, False)
        return found

    def _range(self, digits: str, *, prefix: bool) -> list[int]:
        key = digits.encode()
        start = np.searchsorted(self._digits, key, side="left")
        # Digits sort below b"\xff": key + b"\xff" bounds every number starting with key.
        end = np.searchsorted(self._digits, key + b"\xff" if prefix else key, side="right")
        return self._docs[start:end].tolist()


def _sorted(keys: Keys, docs: Docs) -> tuple[Keys, Docs]:
    order = np.argsort(keys, kind="stable")
    return keys[order], docs[order]
