"""End-to-end harness: the real Application polling the local Bot API emulator over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from bot.app import build_application, start_polling, stop_polling
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.settings import Settings

TOKEN = "123456:TEST-TOKEN"
ADMIN_ID = 1001


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class World:
    """What an end-to-end test drives: the emulator, the running bot, its database."""

    emu: BotApiEmulator
    app: Application  # type: ignore[type-arg]
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock

    def user(self, user_id: int, first_name: str, language_code: str = "fr") -> EmulatedUser:
        return self.emu.user(user_id, first_name, language_code=language_code)

    async def count(self, model: type) -> int:
        """Return how many rows of a model the database holds."""
        async with self.sessions() as session:
            return await session.scalar(select(func.count()).select_from(model)) or 0

    async def admin(self) -> EmulatedUser:
        """Return the install-time admin, signed up and with the welcome read."""
        admin = self.user(ADMIN_ID, "Claire")
        await admin.send_text("/start")
        await admin.next_message()
        return admin

    async def member(
        self, user_id: int, first_name: str, role: str, language_code: str = "fr"
    ) -> EmulatedUser:
        """Bring a user in through a real invite made by the admin."""
        admin = await self.admin() if not hasattr(self, "_admin") else self._admin
        self._admin = admin
        await admin.send_text("/invite")
        picker = await admin.next_message()
        await admin.press(picker, callback_data=f"inv:{role}")
        link = (await admin.next_message()).text or ""
        code = link.rsplit("start=", 1)[1].split()[0]

        member = self.user(user_id, first_name, language_code)
        await member.send_text(f"/start {code}")
        await member.next_message()
        return member


def settings_for(emu: BotApiEmulator, data_dir: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        token=TOKEN,
        bot_api_url=emu.url,
        data_dir=data_dir,
        admin_ids=frozenset({ADMIN_ID}),
        timezone="Europe/Paris",
        language="fr",
    )


@pytest.fixture
async def world(engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[World]:
    """Start the emulator and the bot on a fresh database; stop both afterwards."""
    emu = BotApiEmulator(token=TOKEN, bot_username="fieldbot_test_bot")
    await emu.start()
    clock = Clock()
    app = build_application(settings_for(emu, tmp_path), engine, clock=clock)
    await start_polling(app)
    try:
        # The bot's own sessions: what a test stores reaches the search index as a bot write.
        yield World(emu, app, app.bot_data["services"].sessions, clock)
    finally:
        await stop_polling(app)
        await emu.stop()
