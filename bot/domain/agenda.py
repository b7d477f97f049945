"""The daily agenda behind /today and the morning digest: sections that use-cases register.

A section is a titled list of items for one user and one day. Reminders and follow-ups
register theirs here; visits, quotes and tickets add their own with `agenda_section`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import InvalidInput, NotFound
from bot.domain.reminders import OPEN, RecordRef, record_label
from bot.domain.roles import Actor, Permission, require
from bot.domain.when import local_day, next_daily
from bot.i18n import N_
from storage.models import Reminder, User

logger = logging.getLogger(__name__)

SECTION_LIMIT = 10
TEAM_LIMIT = 40


@dataclass(frozen=True)
class Day:
    """The day an agenda covers, for one user: its UTC bounds and the present moment."""

    start: datetime
    end: datetime
    now: datetime
    zone: ZoneInfo


def day_of(now: datetime, zone: ZoneInfo) -> Day:
    """Return the calendar day `now` falls on in `zone`."""
    start, end = local_day(now, zone)
    return Day(start, end, now, zone)


@dataclass(frozen=True)
class AgendaItem:
    """One line of an agenda: `kind` and `id` say what its button opens."""

    kind: str
    id: int
    text: str
    at: datetime
    overdue: bool
    reason: str | None = None
    record_type: str | None = None
    record_label: str = ""


@dataclass(frozen=True)
class AgendaSection:
    key: str
    title: str
    items: list[AgendaItem]
    more: int = 0


# A section's items, at most `limit` of them, and how many there are in all.
SectionFetch = Callable[[AsyncSession, Actor, Day, int], Awaitable[tuple[list[AgendaItem], int]]]


@dataclass(frozen=True)
class SectionSource:
    key: str
    title: str
    order: int
    fetch: SectionFetch


SECTIONS: dict[str, SectionSource] = {}


def agenda_section(key: str, title: str, order: int) -> Callable[[SectionFetch], SectionFetch]:
    """Register a section: `fetch(session, actor, day, limit)` returns (items, total)."""

    def register(fetch: SectionFetch) -> SectionFetch:
        SECTIONS[key] = SectionSource(key, title, order, fetch)
        return fetch

    return register


async def build_agenda(session: AsyncSession, actor: Actor, day: Day) -> list[AgendaSection]:
    """Return the actor's non-empty sections for the day, in their registered order."""
    sections = []
    for source in sorted(SECTIONS.values(), key=lambda s: s.order):
        items, total = await source.fetch(session, actor, day, SECTION_LIMIT)
        if items:
            sections.append(AgendaSection(source.key, source.title, items, total - len(items)))
    return sections


async def _reminder_items(
    session: AsyncSession, actor: Actor, day: Day, limit: int, *, follow_ups: bool
) -> tuple[list[AgendaItem], int]:
    reason = Reminder.reason.is_not(None) if follow_ups else Reminder.reason.is_(None)
    wanted = (
        Reminder.user_id == actor.id,
        Reminder.status.in_(OPEN),
        Reminder.due_at < day.end,
        reason,
    )
    rows = await session.scalars(
        select(Reminder).where(*wanted).order_by(Reminder.due_at, Reminder.id).limit(limit)
    )
    items = [await _item(session, row, day.now) for row in rows]
    total = await session.scalar(select(func.count()).select_from(Reminder).where(*wanted))
    return items, total or 0


async def _item(session: AsyncSession, row: Reminder, now: datetime) -> AgendaItem:
    label = ""
    if row.record_type and row.record_id:
        label = await record_label(session, RecordRef(row.record_type, row.record_id)) or ""
    overdue = row.due_at < now and row.status != "pending"
    return AgendaItem(
        "reminder", row.id, row.text, row.due_at, overdue, row.reason, row.record_type, label
    )


@agenda_section("reminders", N_("Reminders"), order=10)
async def reminders_section(
    session: AsyncSession, actor: Actor, day: Day, limit: int
) -> tuple[list[AgendaItem], int]:
    """The actor's open reminders due today, and older ones not marked done."""
    return await _reminder_items(session, actor, day, limit, follow_ups=False)


@agenda_section("follow_ups", N_("Follow-ups"), order=20)
async def follow_ups_section(
    session: AsyncSession, actor: Actor, day: Day, limit: int
) -> tuple[list[AgendaItem], int]:
    """The actor's open follow-ups due today, and overdue ones."""
    return await _reminder_items(session, actor, day, limit, follow_ups=True)


@dataclass(frozen=True)
class TeamLine:
    user_name: str
    item: AgendaItem


async def team_overdue(
    session: AsyncSession, actor: Actor, *, now: datetime
) -> tuple[list[TeamLine], int]:
    """Return the oldest TEAM_LIMIT open follow-ups past due, everyone's, and their total."""
    require(actor, Permission.MANAGE_USERS)
    overdue = (Reminder.reason.is_not(None), Reminder.status.in_(OPEN), Reminder.due_at < now)
    total = await session.scalar(select(func.count()).select_from(Reminder).where(*overdue))
    rows = await session.execute(
        select(Reminder, User.name)
        .join(User, User.id == Reminder.user_id)
        .where(*overdue)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(TEAM_LIMIT)
    )
    return [TeamLine(name, await _item(session, row, now)) for row, name in rows], total or 0


async def digest_minute(session: AsyncSession, actor: Actor) -> int | None:
    """Return when the actor's daily digest comes, in minutes after midnight (None: off)."""
    user = await session.get(User, actor.id)
    if user is None:
        raise NotFound(f"no user {actor.id}")
    return user.digest_minute


async def set_digest_minute(
    session: AsyncSession, actor: Actor, minute: int | None, *, now: datetime, zone: ZoneInfo
) -> datetime | None:
    """Set (or switch off with None) the actor's digest time; return when it next comes."""
    if minute is not None and not 0 <= minute < 24 * 60:
        raise InvalidInput("a digest time is a minute of the day")
    user = await session.get(User, actor.id)
    if user is None:
        raise NotFound(f"no user {actor.id}")
    user.digest_minute = minute
    user.digest_next_at = next_daily(now, zone, minute) if minute is not None else None
    logger.info("user %s set the daily digest to minute %s", actor.id, minute)
    return user.digest_next_at


async def note_chat_language(session: AsyncSession, user_id: int, language: str) -> None:
    """Remember the language of the user's Telegram app, for messages sent unasked."""
    user = await session.get(User, user_id)
    if user is not None and user.chat_language != language:
        user.chat_language = language
