"""The reminder rows as a delivery queue: find what is due, claim it, record the outcome.

Each step is its own short transaction, so a claim is committed before the Bot API call and
the outcome right after it. Nothing here knows Telegram.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reminders import RecordRef, Status
from bot.domain.when import next_daily
from storage.models import Reminder, User

logger = logging.getLogger(__name__)

# A morning digest read in the afternoon is noise: past this, that day's digest is skipped.
DIGEST_STALE = timedelta(hours=3)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Outgoing:
    """A due reminder with what its delivery needs to know about its user."""

    id: int
    user_id: int
    chat_id: int
    language: str | None
    timezone: str | None
    text: str
    due_at: datetime
    reason: str | None
    record: RecordRef | None
    maybe_sent: bool
    attempts: int


async def recover_orphans(session: AsyncSession, *, claimed_before: datetime | None) -> int:
    """Put rows left in "sending" back to pending, flagged as maybe sent already.

    With `claimed_before` None every such row is taken (at start: their sender is gone);
    otherwise only claims older than it (a sender that failed without recording).
    """
    statement = (
        update(Reminder)
        .where(Reminder.status == Status.SENDING)
        .values(status=Status.PENDING, maybe_sent=True)
    )
    if claimed_before is not None:
        statement = statement.where(Reminder.claimed_at < claimed_before)
    count = int((await session.execute(statement)).rowcount or 0)  # type: ignore[attr-defined]
    if count:
        logger.warning("%s reminders were left mid-send; they will be resent, flagged", count)
    return count


async def give_up_inactive(session: AsyncSession, *, now: datetime) -> int:
    """Mark due reminders of deactivated users undeliverable: nobody may receive them."""
    inactive = select(User.id).where(User.active.is_(False))
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.status == Status.PENDING,
            Reminder.due_at <= now,
            Reminder.user_id.in_(inactive),
        )
        .values(status=Status.UNDELIVERABLE, closed_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def due_reminders(session: AsyncSession, *, now: datetime, limit: int) -> list[Outgoing]:
    """Return up to `limit` pending reminders due by `now`, oldest first."""
    rows = await session.execute(
        select(Reminder, User.telegram_id, User.language, User.chat_language, User.timezone)
        .join(User, User.id == Reminder.user_id)
        .where(Reminder.status == Status.PENDING, Reminder.due_at <= now, User.active)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(limit)
    )
    return [_outgoing(row, *user) for row, *user in rows]


def _outgoing(
    row: Reminder, chat_id: int, chosen: str | None, seen: str | None, zone: str | None
) -> Outgoing:
    record = (
        RecordRef(row.record_type, row.record_id) if row.record_type and row.record_id else None
    )
    return Outgoing(
        row.id,
        row.user_id,
        chat_id,
        chosen or seen,
        zone,
        row.text,
        row.due_at,
        row.reason,
        record,
        row.maybe_sent,
        row.attempts,
    )


async def claim(session: AsyncSession, reminder_id: int, *, now: datetime) -> bool:
    """Take a pending reminder for sending; False if another sender or a user changed it."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == Status.PENDING)
        .values(status=Status.SENDING, claimed_at=now, attempts=Reminder.attempts + 1)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def settle(
    session: AsyncSession, reminder_id: int, status: Status, *, now: datetime
) -> None:
    """Record how a send ended: sent or undeliverable."""
    values: dict[str, object] = {"status": status, "maybe_sent": False}
    values["sent_at" if status == Status.SENT else "closed_at"] = now
    await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == Status.SENDING)
        .values(**values)
    )


async def release(session: AsyncSession, reminder_id: int, *, maybe_sent: bool) -> None:
    """Give a claimed reminder back: refused for now (429) or lost on the way (maybe sent)."""
    values: dict[str, object] = {"status": Status.PENDING}
    if maybe_sent:
        values["maybe_sent"] = True
    else:
        # A 429 is a refusal before sending: it is no attempt.
        values["attempts"] = Reminder.attempts - 1
    await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == Status.SENDING)
        .values(**values)
    )


async def next_due(session: AsyncSession) -> datetime | None:
    """Return when the next pending reminder falls due."""
    return await session.scalar(
        select(func.min(Reminder.due_at)).where(Reminder.status == Status.PENDING)
    )


async def plan_digests(session: AsyncSession, *, now: datetime, default_zone: ZoneInfo) -> int:
    """Give every active user with a digest time and no next date their next digest date."""
    users = await session.scalars(
        select(User).where(
            User.active, User.digest_minute.is_not(None), User.digest_next_at.is_(None)
        )
    )
    planned = 0
    for user in users:
        zone = ZoneInfo(user.timezone) if user.timezone else default_zone
        user.digest_next_at = next_daily(now, zone, user.digest_minute or 0)
        planned += 1
    return planned


async def due_digests(session: AsyncSession, *, now: datetime) -> list[int]:
    """Return the ids of active users whose digest is due."""
    return list(
        await session.scalars(
            select(User.id)
            .where(User.active, User.digest_next_at <= now, User.digest_minute.is_not(None))
            .order_by(User.digest_next_at, User.id)
        )
    )


async def next_digest(session: AsyncSession) -> datetime | None:
    """Return when the next digest falls due."""
    return await session.scalar(
        select(func.min(User.digest_next_at)).where(User.active, User.digest_minute.is_not(None))
    )


async def take_digest(
    session: AsyncSession, user_id: int, *, now: datetime, default_zone: ZoneInfo
) -> User | None:
    """Move a due digest to its next date and return its user; None if already taken.

    The move commits before the digest is sent: a crash in between loses that day's digest
    rather than sending it twice. A digest more than DIGEST_STALE late (the bot was down all
    morning, or the user was deactivated) is moved without being sent.
    """
    user = await session.get(User, user_id)
    if user is None or user.digest_next_at is None or user.digest_next_at > now:
        return None
    stale = now - user.digest_next_at > DIGEST_STALE
    zone = ZoneInfo(user.timezone) if user.timezone else default_zone
    user.digest_next_at = next_daily(now, zone, user.digest_minute or 0)
    return None if stale else user
