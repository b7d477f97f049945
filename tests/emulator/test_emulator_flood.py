"""Flood limits: off by default; when on, 429 with retry_after like Telegram."""

import pytest

from bot.emulator.flood import FloodControl


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_flood_limits_are_off_by_default(emu, api):
    emu.user(1001, "Alice")

    for number in range(10):
        await api.ok("sendMessage", chat_id=1001, text=f"m{number}")

    assert (emu.sent_count, emu.rejected_429) == (10, 0)


async def test_burst_over_the_chat_limit_is_answered_429_with_retry_after(emu, api):
    emu.user(1001, "Alice")
    emu.flood_limits = True
    for number in range(3):
        await api.ok("sendMessage", chat_id=1001, text=f"m{number}")

    response = await api.call("sendMessage", chat_id=1001, text="one too many")

    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert emu.rejected_429 == 1


async def test_edits_count_against_the_chat_limit(emu, api):
    emu.user(1001, "Alice")
    emu.flood_limits = True
    sent = await api.ok("sendMessage", chat_id=1001, text="v0")
    for version in (1, 2):
        await api.ok(
            "editMessageText", chat_id=1001, message_id=sent["message_id"], text=f"v{version}"
        )

    status, _ = await api.error(
        "editMessageText", chat_id=1001, message_id=sent["message_id"], text="v3"
    )

    assert status == 429


async def test_other_chats_are_not_slowed_by_a_busy_chat(emu, api):
    emu.user(1001, "Alice")
    emu.user(1002, "Bob")
    emu.flood_limits = True
    for number in range(3):
        await api.ok("sendMessage", chat_id=1001, text=f"m{number}")

    result = await api.ok("sendMessage", chat_id=1002, text="hi Bob")

    assert result["chat"]["id"] == 1002


def test_over_30_messages_a_second_overall_are_refused():
    flood = FloodControl(clock=FakeClock())
    for chat_id in range(30):
        assert flood.admit(chat_id) is None

    retry_after = flood.admit(30)

    assert retry_after == 1


async def test_the_overall_limit_is_applied_over_http(emu, api):
    emu.state.flood = FloodControl(clock=FakeClock())
    emu.flood_limits = True
    for user_id in range(1, 32):
        emu.user(user_id, f"User {user_id}")

    statuses = [
        (await api.call("sendMessage", chat_id=user_id, text="x")).status_code
        for user_id in range(1, 32)
    ]

    assert statuses == [200] * 30 + [429]
    assert emu.rejected_429 == 1


def test_chat_bucket_refills_at_one_message_per_second():
    clock = FakeClock()
    flood = FloodControl(clock=clock)
    for _ in range(3):
        assert flood.admit(7) is None

    refused = flood.admit(7)
    clock.now += 1.0
    admitted = flood.admit(7)

    assert (refused, admitted) == (1, None)


@pytest.mark.parametrize(("elapsed", "expected"), [(0.0, 4), (2.0, 2), (3.9, 1)])
def test_retry_after_rounds_the_wait_up_to_whole_seconds(elapsed, expected):
    clock = FakeClock()
    flood = FloodControl(clock=clock, per_chat=(1, 0.25))
    flood.admit(7)
    clock.now += elapsed

    retry_after = flood.admit(7)

    assert retry_after == expected
