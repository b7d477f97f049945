"""Replies cut to Telegram's 4,096 characters without breaking their HTML."""

from __future__ import annotations

from bot.handlers.replies import clip


def test_short_text_is_left_alone() -> None:
    assert clip("<b>Dupont</b>\n• Jean", limit=50) == "<b>Dupont</b>\n• Jean"


def test_long_text_is_cut_at_the_end_of_the_last_whole_line() -> None:
    text = "<b>Dupont</b>\n" + "\n".join(f"• Contact &amp; {n}" for n in range(100))

    clipped = clip(text, limit=200)

    assert len(clipped) <= 200
    assert clipped.endswith("…") and clipped[:-1] == text[: len(clipped) - 1]
    assert text[len(clipped) - 1] == "\n"


def test_one_long_line_is_not_cut_inside_an_entity() -> None:
    text = "&amp;" * 100

    clipped = clip(text, limit=103)

    assert clipped == "&amp;" * 20 + "…"
