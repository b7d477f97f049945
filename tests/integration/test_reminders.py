"""Reminder use-cases on a real database: ownership, follow-ups, the agenda, digest settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.agenda import (
    SECTIONS,
    AgendaItem,
    agenda_section,
    build_agenda,
    day_of,
    set_digest_minute,
    team_overdue,
)
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.followups import (
    CALL_BACK,
    cancel_follow_ups,
    find_follow_up,
    plan_call_back,
    schedule_follow_up,
)
from bot.domain.reminders import (
    RecordRef,
    ReminderClosed,
    complete_reminder,
    create_reminder,
    get_reminder,
    record_label,
    snooze_reminder,
)
from bot.domain.roles import Actor, Role
from bot.domain.users import to_actor
from bot.domain.when import PastTime
from storage.database import unit_of_work
from storage.models import Customer, Reminder, User, UserRole

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris
Sessions = async_sessionmaker[AsyncSession]


async def add_user(
    session: AsyncSession, telegram_id: int, *roles: Role, name: str = "Hugo"
) -> Actor:
    user = User(telegram_id=telegram_id, name=name, created_at=NOW)
    user.roles = [UserRole(role=r) for r in roles or (Role.SALES,)]
    session.add(user)
    await session.flush()
    return to_actor(user)


async def add_customer(session: AsyncSession, name: str = "Dupont Rénovation") -> RecordRef:
    customer = Customer(name=name, created_at=NOW, updated_at=NOW)
    session.add(customer)
    await session.flush()
    return RecordRef("customer", customer.id)


async def test_a_users_reminder_is_not_someone_elses_to_read_or_close(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo, lea = await add_user(session, 1), await add_user(session, 2, name="Léa")
        view = await create_reminder(
            session, hugo, "call Dupont", NOW + timedelta(hours=1), now=NOW
        )

    async with unit_of_work(sessions) as session:
        with pytest.raises(NotFound):
            await get_reminder(session, lea, view.id)
        with pytest.raises(NotFound):
            await complete_reminder(session, lea, view.id, now=NOW)


async def test_a_done_reminder_cannot_be_snoozed(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        view = await create_reminder(
            session, hugo, "call Dupont", NOW + timedelta(hours=1), now=NOW
        )
        await complete_reminder(session, hugo, view.id, now=NOW)

    async with unit_of_work(sessions) as session:
        with pytest.raises(ReminderClosed):
            await snooze_reminder(session, hugo, view.id, NOW + timedelta(hours=2), now=NOW)


async def test_a_reminder_in_the_past_or_without_text_is_refused(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        with pytest.raises(PastTime):
            await create_reminder(session, hugo, "call", NOW - timedelta(minutes=1), now=NOW)
        with pytest.raises(InvalidInput):
            await create_reminder(session, hugo, "   ", NOW + timedelta(hours=1), now=NOW)


async def test_scheduling_a_follow_up_again_moves_the_open_one(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        customer = await add_customer(session)
        first = await schedule_follow_up(
            session,
            user_id=hugo.id,
            record=customer,
            reason="quote",
            due_at=NOW + timedelta(1),
            now=NOW,
        )
        second = await schedule_follow_up(
            session,
            user_id=hugo.id,
            record=customer,
            reason="quote",
            due_at=NOW + timedelta(2),
            now=NOW,
        )

    assert first.id == second.id
    assert second.due_at == NOW + timedelta(2)
    assert second.record_label == "Dupont Rénovation"


async def test_cancelling_a_follow_up_leaves_other_reasons_and_records_alone(
    sessions: Sessions,
) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        dupont, martin = await add_customer(session), await add_customer(session, "Martin")
        for record, reason in ((dupont, "quote"), (dupont, "visit"), (martin, "quote")):
            await schedule_follow_up(
                session,
                user_id=hugo.id,
                record=record,
                reason=reason,
                due_at=NOW + timedelta(1),
                now=NOW,
            )

    async with unit_of_work(sessions) as session:
        cancelled = await cancel_follow_ups(session, dupont, "quote", now=NOW)
        statuses = {
            (r.record_id, r.reason): r.status for r in await session.scalars(select(Reminder))
        }

    assert cancelled == 1
    assert statuses == {
        (dupont.id, "quote"): "cancelled",
        (dupont.id, "visit"): "pending",
        (martin.id, "quote"): "pending",
    }


async def test_a_follow_up_about_a_missing_record_is_refused(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        with pytest.raises(NotFound):
            await plan_call_back(
                session, hugo, RecordRef("customer", 4242), 3, now=NOW, zone=PARIS
            )


async def test_a_follow_up_about_an_unbuilt_record_type_fails_loudly(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        with pytest.raises(NotImplementedError, match="quote"):
            await record_label(session, RecordRef("quote", 1))


async def test_a_call_back_comes_at_nine_on_the_chosen_day(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        customer = await add_customer(session)
        view = await plan_call_back(session, hugo, customer, 7, now=NOW, zone=PARIS)
        found = await find_follow_up(session, hugo.id, customer, CALL_BACK)

    assert view.due_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    assert found == view


async def test_the_agenda_holds_todays_and_overdue_items_by_section(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        customer = await add_customer(session)
        await create_reminder(session, hugo, "today", NOW + timedelta(hours=3), now=NOW)
        await create_reminder(session, hugo, "tomorrow", NOW + timedelta(days=1), now=NOW)
        await schedule_follow_up(
            session,
            user_id=hugo.id,
            record=customer,
            reason=CALL_BACK,
            due_at=NOW + timedelta(hours=1),
            now=NOW,
        )

    async with unit_of_work(sessions) as session:
        sections = await build_agenda(session, hugo, day_of(NOW, PARIS))

    assert [(s.key, [i.text or i.reason for i in s.items]) for s in sections] == [
        ("reminders", ["today"]),
        ("follow_ups", [CALL_BACK]),
    ]


async def test_a_registered_section_joins_the_agenda_in_its_order(sessions: Sessions) -> None:
    async def visits(
        session: AsyncSession, actor: Actor, day: object, limit: int
    ) -> tuple[list[AgendaItem], int]:
        return [AgendaItem("visit", 7, "Visit the Cuisine site", NOW, overdue=False)], 1

    agenda_section("visits_test", "Visits", order=15)(visits)
    try:
        async with unit_of_work(sessions) as session:
            hugo = await add_user(session, 1)
            await create_reminder(session, hugo, "today", NOW + timedelta(hours=3), now=NOW)
            sections = await build_agenda(session, hugo, day_of(NOW, PARIS))
    finally:
        SECTIONS.pop("visits_test")

    assert [s.key for s in sections] == ["reminders", "visits_test"]


async def test_team_overdue_lists_everyones_late_follow_ups_for_an_admin(
    sessions: Sessions,
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await add_user(session, 1, Role.ADMIN, name="Claire")
        hugo = await add_user(session, 2)
        customer = await add_customer(session)
        await schedule_follow_up(
            session,
            user_id=hugo.id,
            record=customer,
            reason=CALL_BACK,
            due_at=NOW + timedelta(hours=1),
            now=NOW,
        )
        await create_reminder(session, hugo, "private", NOW + timedelta(hours=1), now=NOW)

    later = NOW + timedelta(days=1)
    async with unit_of_work(sessions) as session:
        lines, total = await team_overdue(session, admin, now=later)
        with pytest.raises(NotAllowed):
            await team_overdue(session, hugo, now=later)

    assert [(line.user_name, line.item.reason) for line in lines] == [("Hugo", CALL_BACK)]
    assert total == 1


async def test_setting_the_digest_time_plans_the_next_one_in_the_users_zone(
    sessions: Sessions,
) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        next_at = await set_digest_minute(session, hugo, 6 * 60, now=NOW, zone=PARIS)
        off = await set_digest_minute(session, hugo, None, now=NOW, zone=PARIS)
        with pytest.raises(InvalidInput):
            await set_digest_minute(session, hugo, 24 * 60, now=NOW, zone=PARIS)

    assert (next_at, off) == (datetime(2026, 3, 3, 5, 0, tzinfo=UTC), None)


async def test_a_long_section_counts_every_item_it_leaves_out(sessions: Sessions) -> None:
    async with unit_of_work(sessions) as session:
        hugo = await add_user(session, 1)
        for n in range(30):
            await create_reminder(
                session, hugo, f"call {n}", NOW + timedelta(minutes=n + 1), now=NOW
            )

    async with unit_of_work(sessions) as session:
        [section] = await build_agenda(session, hugo, day_of(NOW, PARIS))

    assert (len(section.items), section.more) == (10, 20)
