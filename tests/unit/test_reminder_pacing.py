"""Pacing: 30 messages a second overall, one a second per chat, and holding after a 429."""

from __future__ import annotations

import pytest

from bot.reminders.pacing import Pacer


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sends_to_different_chats_are_spaced_by_a_thirtieth_of_a_second() -> None:
    clock = FakeClock()
    pacer = Pacer(clock)

    pacer.sent(1)
    wait = pacer.wait_for(2)

    assert wait == pytest.approx(1 / 30)


def test_thirty_sends_to_different_chats_take_a_second() -> None:
    clock = FakeClock()
    pacer = Pacer(clock)
    start = clock.now

    for chat in range(31):
        clock.now += pacer.wait_for(chat)
        pacer.sent(chat)

    assert clock.now - start == pytest.approx(1.0)


def test_a_chat_waits_a_second_between_its_own_messages() -> None:
    clock = FakeClock()
    pacer = Pacer(clock)
    pacer.sent(7)

    clock.now += 0.5
    half_way = pacer.wait_for(7)
    other_chat = pacer.wait_for(8)

    assert (half_way, other_chat) == (pytest.approx(0.5), 0.0)


def test_a_retry_after_holds_every_send() -> None:
    clock = FakeClock()
    pacer = Pacer(clock)

    pacer.hold(3)

    assert pacer.wait_for(1) == pytest.approx(3.0)
