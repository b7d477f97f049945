"""Follow-ups: reminders that other use-cases create about a record, and cancel.

One open follow-up exists per (user, record, reason): scheduling again moves it, and when its
reason goes away (the customer was called, the quote was answered) the use-case cancels it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import InvalidInput, NotFound
from bot.domain.reminders import (
    OPEN,
    RecordRef,
    ReminderView,
    Status,
    clean_reminder_text,
    record_label,
    reschedule,
    to_view,
)
from bot.domain.roles import Actor, Permission, require
from bot.domain.when import check_due, days_later
from storage.models import Reminder

logger = logging.getLogger(__name__)

CALL_BACK = "call_back"
CALL_BACK_DAYS = (1, 3, 7, 14, 30)


async def schedule_follow_up(
    session: AsyncSession,
    *,
    user_id: int,
    record: RecordRef,
    reason: str,
    due_at: datetime,
    now: datetime,
    text: str = "",
    created_by: int | None = None,
) -> ReminderView:
    """Remind `user_id` about `record` at `due_at`, moving their open follow-up for `reason`.

    The caller has checked that the user may act on the record.

    Raises:
        NotFound: the record does not exist.
        PastTime, TooFarAhead: the due time is not in the next five years.
    """
    if await record_label(session, record) is None:
        raise NotFound(f"no {record.type} {record.id}")
    due_at = check_due(due_at, now=now)
    row = await _open_follow_up(session, user_id, record, reason)
    if row is None:
        row = Reminder(
            user_id=user_id,
            record_type=record.type,
            record_id=record.id,
            reason=reason,
            created_by=created_by,
            created_at=now,
        )
        session.add(row)
    row.text = clean_reminder_text(text)
    reschedule(row, due_at)
    await session.flush()
    logger.info("follow-up %s (%s) for user %s at %s", row.id, reason, user_id, due_at)
    return await to_view(session, row)


async def cancel_follow_ups(
    session: AsyncSession,
    record: RecordRef,
    reason: str,
    *,
    now: datetime,
    user_id: int | None = None,
) -> int:
    """Cancel the open follow-ups about `record` for `reason` (of one user, or everyone's)."""
    statement = (
        update(Reminder)
        .where(
            Reminder.record_type == record.type,
            Reminder.record_id == record.id,
            Reminder.reason == reason,
            Reminder.status.in_(OPEN),
        )
        .values(status=Status.CANCELLED, closed_at=now)
    )
    if user_id is not None:
        statement = statement.where(Reminder.user_id == user_id)
    result = await session.execute(statement)
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    logger.info("%s follow-ups (%s) about %s %s cancelled", count, reason, record.type, record.id)
    return count


async def find_follow_up(
    session: AsyncSession, user_id: int, record: RecordRef, reason: str
) -> ReminderView | None:
    """Return the user's open follow-up about `record` for `reason`, if any."""
    row = await _open_follow_up(session, user_id, record, reason)
    return await to_view(session, row) if row is not None else None


async def plan_call_back(
    session: AsyncSession,
    actor: Actor,
    record: RecordRef,
    days: int,
    *,
    now: datetime,
    zone: ZoneInfo,
) -> ReminderView:
    """Remind the actor to call back about a customer or site `days` days from today at 9:00.

    Raises:
        InvalidInput: `days` is not one of the offered delays.
        NotFound: the record does not exist.
    """
    require(actor, Permission.READ_CUSTOMERS)
    if days not in CALL_BACK_DAYS:
        raise InvalidInput(f"call back in {days} days is not offered")
    return await schedule_follow_up(
        session,
        user_id=actor.id,
        record=record,
        reason=CALL_BACK,
        due_at=days_later(now, zone, days),
        now=now,
        created_by=actor.id,
    )


async def drop_call_back(
    session: AsyncSession, actor: Actor, record: RecordRef, *, now: datetime
) -> int:
    """Cancel the actor's planned call back about a record."""
    require(actor, Permission.READ_CUSTOMERS)
    return await cancel_follow_ups(session, record, CALL_BACK, now=now, user_id=actor.id)


async def _open_follow_up(
    session: AsyncSession, user_id: int, record: RecordRef, reason: str
) -> Reminder | None:
    return await session.scalar(
        select(Reminder)
        .where(
            Reminder.user_id == user_id,
            Reminder.record_type == record.type,
            Reminder.record_id == record.id,
            Reminder.reason == reason,
            Reminder.status.in_(OPEN),
        )
        .order_by(Reminder.id)
        .limit(1)
    )
