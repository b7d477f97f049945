"""Reminders: something to tell a user at a time, optionally about a record.

The rows are the truth: the sender (bot/reminders/) delivers them when due. This module holds
what users do with them (create, read, mark done, snooze) and what a record links to.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import DomainError, InvalidInput, NotFound
from bot.domain.roles import Actor, Permission, require
from bot.domain.when import TEXT_MAX, check_due
from storage.models import Customer, Reminder, Site

logger = logging.getLogger(__name__)

SNOOZE = timedelta(hours=1)


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNDELIVERABLE = "undeliverable"
    DONE = "done"
    CANCELLED = "cancelled"


# Not closed: still something the user has to do (shown by /today until marked done).
OPEN = (Status.PENDING, Status.SENDING, Status.SENT, Status.UNDELIVERABLE)


class ReminderClosed(DomainError):
    """The reminder is already done or cancelled."""


@dataclass(frozen=True)
class RecordRef:
    """A record a reminder is about: its type ("customer", "site"…) and id."""

    type: str
    id: int


RecordLabel = Callable[[AsyncSession, int], Awaitable[str | None]]

# Record types a reminder can be about, with how to name one (None: the record is gone).
# The quote and ticket use-cases register theirs with `register_record_type`.
RECORD_TYPES: dict[str, RecordLabel] = {}


def register_record_type(record_type: str, label: RecordLabel) -> None:
    """Let reminders be about records of `record_type`, named by `label`."""
    RECORD_TYPES[record_type] = label


async def _customer_label(session: AsyncSession, record_id: int) -> str | None:
    return await session.scalar(select(Customer.name).where(Customer.id == record_id))


async def _site_label(session: AsyncSession, record_id: int) -> str | None:
    return await session.scalar(select(Site.name).where(Site.id == record_id))


register_record_type("customer", _customer_label)
register_record_type("site", _site_label)


async def record_label(session: AsyncSession, record: RecordRef) -> str | None:
    """Return the record's display name, or None if it no longer exists."""
    label = RECORD_TYPES.get(record.type)
    if label is None:
        raise NotImplementedError(f"reminders about {record.type} records are not built yet")
    return await label(session, record.id)


@dataclass(frozen=True)
class ReminderView:
    id: int
    user_id: int
    text: str
    due_at: datetime
    status: Status
    reason: str | None
    record: RecordRef | None
    record_label: str

    @property
    def closed(self) -> bool:
        """Tell whether the reminder is done or cancelled."""
        return self.status not in OPEN


async def to_view(session: AsyncSession, row: Reminder) -> ReminderView:
    """Build the view of a stored reminder, with the name of the record it is about."""
    record = RecordRef(row.record_type, row.record_id) if row.record_type else None
    label = await record_label(session, record) if record and row.record_id else None
    return ReminderView(
        id=row.id,
        user_id=row.user_id,
        text=row.text,
        due_at=row.due_at,
        status=Status(row.status),
        reason=row.reason,
        record=record if label is not None else None,
        record_label=label or "",
    )


def clean_reminder_text(text: str) -> str:
    """Collapse whitespace; refuse a reminder text over TEXT_MAX characters."""
    words = " ".join(text.split())
    if len(words) > TEXT_MAX:
        raise InvalidInput(f"reminder text is longer than {TEXT_MAX} characters")
    return words


async def create_reminder(
    session: AsyncSession,
    actor: Actor,
    text: str,
    due_at: datetime,
    *,
    now: datetime,
    record: RecordRef | None = None,
) -> ReminderView:
    """Store a reminder for the actor, about `record` if given; due in the future, not empty.

    Raises:
        PastTime, TooFarAhead: the due time is not in the next five years.
        InvalidInput: the text is empty or too long.
        NotAllowed: the actor may not read the record.
        NotFound: the record no longer exists.
    """
    words = clean_reminder_text(text)
    if not words:
        raise InvalidInput("a reminder needs a text")
    if record is not None:
        require(actor, Permission.READ_CUSTOMERS)
        if await record_label(session, record) is None:
            raise NotFound(f"no {record.type} {record.id}")
    row = Reminder(
        user_id=actor.id,
        text=words,
        due_at=check_due(due_at, now=now),
        created_by=actor.id,
        created_at=now,
        record_type=record.type if record else None,
        record_id=record.id if record else None,
    )
    session.add(row)
    await session.flush()
    logger.info("user %s created reminder %s", actor.id, row.id)
    return await to_view(session, row)


async def get_reminder(session: AsyncSession, actor: Actor, reminder_id: int) -> ReminderView:
    """Return one of the actor's own reminders."""
    return await to_view(session, await _own(session, actor, reminder_id))


async def complete_reminder(
    session: AsyncSession, actor: Actor, reminder_id: int, *, now: datetime
) -> ReminderView:
    """Mark the actor's reminder done; raise ReminderClosed if it already was."""
    row = await _open(session, actor, reminder_id)
    row.status = Status.DONE
    row.closed_at = now
    logger.info("user %s completed reminder %s", actor.id, row.id)
    return await to_view(session, row)


async def snooze_reminder(
    session: AsyncSession, actor: Actor, reminder_id: int, until: datetime, *, now: datetime
) -> ReminderView:
    """Deliver the actor's reminder again at `until`."""
    row = await _open(session, actor, reminder_id)
    reschedule(row, check_due(until, now=now))
    logger.info("user %s moved reminder %s", actor.id, row.id)
    return await to_view(session, row)


def reschedule(row: Reminder, due_at: datetime) -> None:
    """Make a reminder pending again at `due_at`, as a fresh delivery."""
    row.due_at = due_at
    row.status = Status.PENDING
    row.attempts = 0
    row.maybe_sent = False
    row.claimed_at = None
    row.closed_at = None


async def _own(session: AsyncSession, actor: Actor, reminder_id: int) -> Reminder:
    row = await session.get(Reminder, reminder_id)
    # Someone else's reminder is reported missing: its existence is not theirs to learn.
    if row is None or row.user_id != actor.id:
        raise NotFound(f"user {actor.id} has no reminder {reminder_id}")
    return row


async def _open(session: AsyncSession, actor: Actor, reminder_id: int) -> Reminder:
    row = await _own(session, actor, reminder_id)
    if row.status not in OPEN:
        raise ReminderClosed(f"reminder {reminder_id} is already {row.status}")
    return row
