"""A numpy array that grows at its end, for index columns that live changes extend."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

GROWTH = 1.5


class GrowableArray:
    """Append-only storage whose filled part is a numpy view.

    Views handed out stay valid after growth: numpy keeps the old buffer alive for them.
    """

    def __init__(self, dtype: npt.DTypeLike, capacity: int = 1024) -> None:
        self._data = np.empty(max(capacity, 16), dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def reserve(self, capacity: int) -> None:
        """Make room for `capacity` values in total, so a bulk load copies only once."""
        if capacity > len(self._data):
            data = np.empty(capacity, dtype=self._data.dtype)
            data[: self._size] = self._data[: self._size]
            self._data = data

    def append(self, value: int | float) -> None:
        """Add one value at the end."""
        if self._size == len(self._data):
            self.reserve(int(len(self._data) * GROWTH) + 1)
        self._data[self._size] = value
        self._size += 1

    def extend(self, values: Sequence[int] | Sequence[float] | npt.NDArray[np.generic]) -> None:
        """Add many values at the end."""
        count = len(values)
        if self._size + count > len(self._data):
            self.reserve(max(int(len(self._data) * GROWTH), self._size + count))
        self._data[self._size : self._size + count] = values
        self._size += count

    def view(self) -> npt.NDArray[np.generic]:
        """Return the filled part without copying."""
        return self._data[: self._size]

    def __getitem__(self, position: int) -> int | float:
        self._check(position)
        return self._data[position].item()

    def __setitem__(self, position: int, value: int | float) -> None:
        self._check(position)
        self._data[position] = value

    def _check(self, position: int) -> None:
        if not 0 <= position < self._size:
            raise IndexError(f"position {position} is outside the {self._size} values held")


def sorted_unique(values: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
    """Return the distinct values, sorted.

    np.unique is avoided: in numpy 2.4 it takes seconds on a few million integers, where a
    sort and a comparison take a tenth of a second.
    """
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
