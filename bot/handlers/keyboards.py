"""Inline keyboards. Buttons carry short ids only; every press is re-checked."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

ROW_WIDTH = 3


def button(text: str, data: str) -> InlineKeyboardButton:
    """Make one callback button; `data` must stay within Telegram's 64 bytes."""
    if not 1 <= len(data.encode()) <= 64:
        raise ValueError("callback data must be 1-64 bytes")
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: Sequence[InlineKeyboardButton], width: int = ROW_WIDTH) -> list[list]:
    """Lay buttons out at most `width` to a row, which old phones can still tap."""
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def keyboard(*lines: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """Build a keyboard from rows, dropping empty ones."""
    return InlineKeyboardMarkup([list(line) for line in lines if line])


def column(buttons: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """One button per row: for lists of records whose labels are long."""
    return InlineKeyboardMarkup([[b] for b in buttons])


def parse_data(data: str | None, prefix: str, count: int) -> list[str] | None:
    """Split `prefix:a:b` into its parts, or None when it is not that shape."""
    if not data:
        return None
    parts = data.split(":")
    if parts[0] != prefix or len(parts) != count + 1 or not all(parts[1:]):
        return None
    return parts[1:]


def parse_ids(data: str | None, prefix: str, count: int = 1) -> list[int] | None:
    """Like parse_data, but every part must be a positive integer id."""
    parts = parse_data(data, prefix, count)
    if parts is None or not all(is_id(p) for p in parts):
        return None
    return [int(p) for p in parts]


def is_id(text: str) -> bool:
    """Tell whether `text` can be a database id.

    ASCII digits only ("²" and "٣" are digits too), and at most nine of them: a larger number
    overflows PostgreSQL's 32-bit id columns and would fail instead of finding nothing.
    """
    return text.isascii() and text.isdigit() and len(text) <= 9
