"""SIGKILL mid-burst: the real `fieldbot run` in a subprocess, the emulator in this one.

The kill lands inside the emulator's sendMessage, after Telegram has taken the message and
before the bot hears back: the moment no bot can tell whether a message went out. The rule under
test (see bot/reminders/sender.py): the rows in flight then, and only those, are resent once,
flagged; every other reminder arrives exactly once, and none is lost.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator
from bot.reminders.sender import IN_FLIGHT
from storage.database import unit_of_work
from storage.models import Reminder, User

TOKEN = "123456:TEST-TOKEN"
USERS = 10
PER_USER = 2
KILL_AT = 8
REPEAT_FLAG = "You may already have this one"
ROOT = Path(__file__).resolve().parents[2]
# What the `fieldbot` console script runs, without depending on the script being installed.
ENTRY_POINT = "from bot.main import main; main()"


async def seed(sessions: async_sessionmaker[AsyncSession], emu: BotApiEmulator) -> None:
    due_at = datetime.now(UTC) - timedelta(seconds=10)
    async with unit_of_work(sessions) as session:
        for number in range(USERS):
            telegram_id = 5000 + number
            emu.user(telegram_id, f"User {number}")
            user = User(telegram_id=telegram_id, name="x", language="en", digest_minute=None)
            session.add(user)
            await session.flush()
            for _ in range(PER_USER):
                session.add(Reminder(user_id=user.id, text=f"call {number}", due_at=due_at))


async def start_bot(engine: AsyncEngine, emu: BotApiEmulator, tmp_path: Path) -> Any:
    """Run `fieldbot run` against the emulator and this test's database."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FIELDBOT_TOKEN": TOKEN,
        "FIELDBOT_BOT_API_URL": emu.url,
        "FIELDBOT_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "FIELDBOT_DATA_DIR": str(tmp_path),
        "FIELDBOT_LANGUAGE": "en",
    }
    log = (tmp_path / "bot.log").open("ab")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", ENTRY_POINT, "run", cwd=tmp_path, env=env, stderr=log
    )


def watch_sends(emu: BotApiEmulator, kill: list[int]) -> list[dict[str, Any]]:
    """Record every message the bot sends; SIGKILL the pid in `kill` at the KILL_AT-th."""
    sent: list[dict[str, Any]] = []
    post = emu.state.post_bot_message

    def record(*args: Any, **kwargs: Any) -> dict[str, Any]:
        message = post(*args, **kwargs)
        sent.append(message)
        if len(sent) == KILL_AT and kill:
            os.kill(kill.pop(), signal.SIGKILL)
        return message

    emu.state.post_bot_message = record  # type: ignore[method-assign]
    return sent


def reminder_id(message: dict[str, Any]) -> int:
    first = message["reply_markup"]["inline_keyboard"][0][0]
    return int(first["callback_data"].split(":")[1])


async def count(sessions: async_sessionmaker[AsyncSession], status: str) -> int:
    async with sessions() as session:
        query = select(func.count()).select_from(Reminder).where(Reminder.status == status)
        return await session.scalar(query) or 0


async def wait_all_sent(sessions: async_sessionmaker[AsyncSession], within: float) -> None:
    # Polling the database: the bot runs in another process, so no event can be awaited.
    async with asyncio.timeout(within):
        while await count(sessions, "sent") < USERS * PER_USER:  # noqa: ASYNC110
            await asyncio.sleep(0.1)


async def test_a_bot_killed_mid_burst_loses_nothing_and_repeats_only_the_message_in_doubt(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    emu = BotApiEmulator(token=TOKEN, flood_limits=True)
    await emu.start()
    await seed(sessions, emu)
    kill: list[int] = []
    sent = watch_sends(emu, kill)
    try:
        first = await start_bot(engine, emu, tmp_path)
        kill.append(first.pid)
        killed_with = await asyncio.wait_for(first.wait(), 30)
        in_doubt = await count(sessions, "sending")

        second = await start_bot(engine, emu, tmp_path)
        await wait_all_sent(sessions, 30)
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), 30)
    finally:
        await emu.stop()

    deliveries = Counter(reminder_id(m) for m in sent)
    repeated = {rid for rid, times in deliveries.items() if times > 1}
    flagged = {reminder_id(m) for m in sent if REPEAT_FLAG in m["text"]}
    assert killed_with == -signal.SIGKILL
    assert 1 <= in_doubt <= IN_FLIGHT
    assert len(deliveries) == USERS * PER_USER
    assert len(flagged) == in_doubt
    assert repeated <= flagged and len(repeated) >= 1
    assert all(deliveries[rid] == 2 for rid in repeated)
    assert emu.rejected_429 == 0
