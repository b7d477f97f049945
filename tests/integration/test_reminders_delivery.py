"""The sender against the Bot API emulator: late, repeated, refused and throttled sends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import telegram
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.error import TimedOut

from bot.emulator import BotApiEmulator
from bot.handlers.context import utc_now
from bot.reminders.pacing import Pacer
from bot.reminders.queue import MAX_ATTEMPTS
from bot.reminders.sender import Sender, SendInterrupted
from bot.reminders.service import ReminderService
from bot.settings import Settings
from storage.database import unit_of_work
from storage.models import Reminder, User

TOKEN = "123456:TEST-TOKEN"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


class SilentBot:
    """A Bot API that takes every message and never answers."""

    async def send_message(self, *args: object, **kwargs: object) -> None:
        raise TimedOut("no answer")


@dataclass
class Rig:
    """A sender wired to the emulator, and the service that drives it."""

    emu: BotApiEmulator
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    bot: telegram.Bot
    settings: Settings

    def service(
        self, pacer: Pacer | None = None, clock: Callable[[], datetime] | None = None
    ) -> ReminderService:
        clock = clock or self.clock
        sender = Sender(self.bot, self.sessions, self.settings, clock, pacer)
        return ReminderService(sender, self.sessions, self.settings, clock)

    async def add_user(self, telegram_id: int, *, language: str = "en") -> int:
        self.emu.user(telegram_id, f"User {telegram_id}")
        async with unit_of_work(self.sessions) as session:
            user = User(telegram_id=telegram_id, name="x", language=language, digest_minute=None)
            session.add(user)
            await session.flush()
            return user.id

    async def add_reminder(self, user_id: int, due_at: datetime, **fields: object) -> int:
        async with unit_of_work(self.sessions) as session:
            row = Reminder(user_id=user_id, text="call Dupont", due_at=due_at, **fields)
            session.add(row)
            await session.flush()
            return row.id

    async def statuses(self) -> list[str]:
        async with self.sessions() as session:
            return list(await session.scalars(select(Reminder.status).order_by(Reminder.id)))


@pytest.fixture
async def rig(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Rig]:
    emu = BotApiEmulator(token=TOKEN)
    await emu.start()
    settings = Settings(_env_file=None, token=TOKEN, bot_api_url=emu.url, language="en")  # type: ignore[call-arg]
    bot = telegram.Bot(TOKEN, base_url=f"{emu.url}/bot")
    async with bot:
        yield Rig(emu, sessions, Clock(), bot, settings)
    await emu.stop()


async def test_reminders_due_while_the_bot_was_down_come_once_at_start_marked_late(
    rig: Rig,
) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, NOW - timedelta(hours=3))
    service = rig.service()

    await service.run_pass()
    late = await rig.emu.state.chats[1001].next_action(2)
    await service.run_pass()

    assert late.text == "🔔 call Dupont\n⏰ Late: it was due Monday 2 March at 06:00."
    await rig.emu.state.chats[1001].expect_silence(0.2)
    assert await rig.statuses() == ["sent"]


async def test_a_row_left_mid_send_by_a_crash_is_resent_once_flagged(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, NOW, status="sending", claimed_at=NOW, attempts=1)
    service = rig.service()

    await service.start()
    resent = await rig.emu.state.chats[1001].next_action(2)
    await service.stop()

    assert resent.text == (
        "🔔 call Dupont\n🕘 Monday 2 March at 09:00\n"
        "⚠️ You may already have this one: I was interrupted while sending it."
    )
    assert await rig.statuses() == ["sent"]


async def test_a_burst_over_telegrams_limits_is_retried_after_429_and_none_is_lost(
    rig: Rig,
) -> None:
    rig.emu.flood_limits = True
    for telegram_id in (1001, 1002):
        user_id = await rig.add_user(telegram_id)
        for _ in range(4):
            await rig.add_reminder(user_id, NOW)
    reckless = Pacer(rate=1000.0, chat_gap=0.0)

    await rig.service(reckless).run_pass()

    assert rig.emu.rejected_429 > 0
    assert rig.emu.sent_count == 8
    assert await rig.statuses() == ["sent"] * 8


async def test_a_paced_burst_gets_no_429_at_all(rig: Rig) -> None:
    rig.emu.flood_limits = True
    for telegram_id in range(1001, 1041):
        await rig.add_reminder(await rig.add_user(telegram_id), NOW)

    await rig.service().run_pass()

    assert (rig.emu.sent_count, rig.emu.rejected_429) == (40, 0)


async def test_a_timed_out_send_is_kept_flagged_and_the_pass_stops(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, NOW)
    await rig.add_reminder(user_id, NOW)

    sender = Sender(SilentBot(), rig.sessions, rig.settings, rig.clock)  # type: ignore[arg-type]
    service = ReminderService(sender, rig.sessions, rig.settings, rig.clock)

    with pytest.raises(SendInterrupted):
        await service.run_pass()

    async with rig.sessions() as session:
        rows = list(await session.scalars(select(Reminder).order_by(Reminder.id)))
    assert [(r.status, r.maybe_sent) for r in rows] == [("pending", True), ("pending", False)]


async def test_a_reminder_that_keeps_failing_is_given_up(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, NOW, attempts=MAX_ATTEMPTS)

    await rig.service().run_pass()

    await rig.emu.state.chats[1001].expect_silence(0.2)
    assert await rig.statuses() == ["undeliverable"]


async def test_reminders_of_a_deactivated_user_are_not_sent(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, NOW)
    async with unit_of_work(rig.sessions) as session:
        await session.execute(update(User).values(active=False))

    await rig.service().run_pass()

    assert await rig.statuses() == ["undeliverable"]
    assert rig.emu.sent_count == 0


async def test_the_next_due_time_is_read_from_the_rows(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, NOW + timedelta(hours=5))
    await rig.add_reminder(user_id, NOW + timedelta(hours=2))

    next_at = await rig.service().run_pass()

    assert next_at == NOW + timedelta(hours=2)


async def test_a_french_users_reminder_is_in_french(rig: Rig) -> None:
    user_id = await rig.add_user(1001, language="fr")
    await rig.add_reminder(user_id, NOW)

    await rig.service().run_pass()
    sent = await rig.emu.state.chats[1001].next_action(2)

    assert sent.text == "🔔 call Dupont\n🕘 lundi 2 mars à 09:00"
    assert [label for label, _ in sent.buttons[0]] == ["✅ Fait", "💤 1 h", "☀️ Demain 9h"]


async def test_the_timer_sends_a_reminder_when_it_falls_due_unasked(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, utc_now() + timedelta(seconds=0.5))
    service = rig.service(clock=utc_now)

    await service.start()
    try:
        sent = await rig.emu.state.chats[1001].next_action(3)
    finally:
        await service.stop()

    assert (sent.text or "").startswith("🔔 call Dupont")


async def test_a_nearer_reminder_rearms_the_sleeping_timer(rig: Rig) -> None:
    user_id = await rig.add_user(1001)
    await rig.add_reminder(user_id, utc_now() + timedelta(hours=1))
    service = rig.service(clock=utc_now)
    await service.start()
    await service.idle()

    due_at = utc_now() + timedelta(seconds=0.3)
    await rig.add_reminder(user_id, due_at)
    service.due_changed(due_at)
    try:
        sent = await rig.emu.state.chats[1001].next_action(3)
    finally:
        await service.stop()

    assert (sent.text or "").startswith("🔔 call Dupont")
    assert await rig.statuses() == ["pending", "sent"]
