"""Button data: ids are read strictly, since a client can send any callback data."""

from __future__ import annotations

import pytest

from bot.handlers.keyboards import button, parse_ids


@pytest.mark.parametrize(
    ("data", "ids"),
    [
        ("rd:12", [12]),
        ("rd:0012", [12]),
        ("rd:999999999", [999999999]),
        ("rd:", None),
        ("rd:12:13", None),
        ("rs:12", None),
        ("rd:²", None),
        ("rd:٣", None),
        ("rd:-1", None),
        ("rd:1234567890", None),
        ("rd:99999999999", None),
        (None, None),
    ],
)
def test_button_ids_are_read_strictly(data: str | None, ids: list[int] | None) -> None:
    assert parse_ids(data, "rd") == ids


def test_two_ids_are_read_in_order() -> None:
    assert parse_ids("ua:7:0", "ua", 2) == [7, 0]


@pytest.mark.parametrize("data", ["", "x" * 65, "é" * 33])
def test_button_refuses_data_outside_telegrams_64_bytes(data: str) -> None:
    with pytest.raises(ValueError, match="1-64 bytes"):
        button("label", data)
