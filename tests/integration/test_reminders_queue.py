"""The reminder rows as a delivery queue: claims, orphans, digests, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reminders import queue
from storage.database import unit_of_work
from storage.models import Reminder, User

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


async def a_user(session: AsyncSession, **fields: object) -> User:
    user = User(telegram_id=42, name="x", **fields)
    session.add(user)
    await session.flush()
    return user


async def a_reminder(session: AsyncSession, user: User, **fields: object) -> int:
    row = Reminder(user_id=user.id, text="call", due_at=NOW, **fields)
    session.add(row)
    await session.flush()
    return row.id


async def test_a_reminder_is_claimed_by_one_sender_only(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        reminder_id = await a_reminder(session, await a_user(session))

    async with unit_of_work(sessions) as session:
        first = await queue.claim(session, reminder_id, now=NOW)
    async with unit_of_work(sessions) as session:
        second = await queue.claim(session, reminder_id, now=NOW)

    assert (first, second) == (True, False)


async def test_only_claims_older_than_the_lease_are_taken_back_while_running(
    sessions: Sessions,
) -> None:
    async with unit_of_work(sessions) as session:
        user = await a_user(session)
        stale = await a_reminder(session, user, status="sending", claimed_at=NOW - timedelta(1))
        live = await a_reminder(session, user, status="sending", claimed_at=NOW)

    async with unit_of_work(sessions) as session:
        taken = await queue.recover_orphans(session, claimed_before=NOW - timedelta(minutes=5))
        rows = {r.id: (r.status, r.maybe_sent) for r in await session.scalars(select(Reminder))}

    assert taken == 1
    assert rows == {stale: ("pending", True), live: ("sending", False)}


async def test_a_due_digest_is_taken_once_and_moved_to_the_next_morning(
    sessions: Sessions,
) -> None:
    async with unit_of_work(sessions) as session:
        user = await a_user(session, digest_minute=450, digest_next_at=NOW - timedelta(hours=1))

    async with unit_of_work(sessions) as session:
        first = await queue.take_digest(session, user.id, now=NOW, default_zone=PARIS)
    async with unit_of_work(sessions) as session:
        second = await queue.take_digest(session, user.id, now=NOW, default_zone=PARIS)

    assert first is not None and second is None
    assert first.digest_next_at == datetime(2026, 3, 3, 6, 30, tzinfo=UTC)


async def test_new_users_get_their_first_digest_planned(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        user = await a_user(session, timezone="America/Montreal")

    async with unit_of_work(sessions) as session:
        planned = await queue.plan_digests(session, now=NOW, default_zone=PARIS)
        next_at = await queue.next_digest(session)

    assert (user.digest_minute, planned) == (450, 1)
    assert next_at == datetime(2026, 3, 2, 12, 30, tzinfo=UTC)  # 07:30 in Montreal


async def test_a_digest_hours_late_is_moved_to_the_next_morning_without_being_sent(
    sessions: Sessions,
) -> None:
    async with unit_of_work(sessions) as session:
        user = await a_user(session, digest_minute=450, digest_next_at=NOW - timedelta(days=2))

    async with unit_of_work(sessions) as session:
        taken = await queue.take_digest(session, user.id, now=NOW, default_zone=PARIS)
        moved_to = (await session.get(User, user.id)).digest_next_at  # type: ignore[union-attr]

    assert taken is None
    assert moved_to == datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
