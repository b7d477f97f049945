"""The unit of work, message claims and UTC datetimes against a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.database import AlreadyHandled, claim_message, unit_of_work
from storage.models import Contact, Customer, HandledMessage, User
from tests.factories import NOW, make_customer

CHAT_ID = -100_123
MESSAGE_ID = 77


class Boom(Exception):
    """Stands for whatever makes a use-case fail halfway."""


async def count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_unit_of_work_commits_when_the_block_succeeds(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await make_customer(session)

    assert await count(sessions, Customer) == 1


async def test_unit_of_work_rolls_back_when_the_block_raises(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    with pytest.raises(Boom, match="halfway"):
        async with unit_of_work(sessions) as session:
            await make_customer(session)
            raise Boom("failed halfway")

    assert await count(sessions, Customer) == 0


async def test_claiming_a_handled_message_again_raises_already_handled(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await claim_message(session, CHAT_ID, MESSAGE_ID)

    with pytest.raises(AlreadyHandled, match=f"{CHAT_ID}/{MESSAGE_ID}"):
        async with unit_of_work(sessions) as session:
            await claim_message(session, CHAT_ID, MESSAGE_ID)


async def test_same_message_id_in_another_chat_is_a_different_claim(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await claim_message(session, CHAT_ID, MESSAGE_ID)

    async with unit_of_work(sessions) as session:
        await claim_message(session, CHAT_ID + 1, MESSAGE_ID)

    assert await count(sessions, HandledMessage) == 2


async def test_refused_claim_keeps_the_other_writes_of_its_transaction(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await make_customer(session)
        await claim_message(session, CHAT_ID, MESSAGE_ID)
        with pytest.raises(AlreadyHandled, match="already handled"):
            await claim_message(session, CHAT_ID, MESSAGE_ID)

    assert (await count(sessions, Customer), await count(sessions, HandledMessage)) == (1, 1)


async def test_claim_rolled_back_with_its_transaction_can_be_claimed_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    with pytest.raises(Boom, match="after the claim"):
        async with unit_of_work(sessions) as session:
            await claim_message(session, CHAT_ID, MESSAGE_ID)
            raise Boom("failed after the claim")

    async with unit_of_work(sessions) as session:
        await claim_message(session, CHAT_ID, MESSAGE_ID)

    assert await count(sessions, HandledMessage) == 1


async def test_datetimes_come_back_aware_and_in_utc(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    paris_morning = datetime(2026, 7, 14, 8, 15, tzinfo=ZoneInfo("Europe/Paris"))
    async with unit_of_work(sessions) as session:
        session.add(User(telegram_id=1, name="Léa", created_at=paris_morning))

    async with sessions() as session:
        stored = await session.scalar(select(User.created_at))

    assert stored == paris_morning
    assert stored is not None and stored.tzinfo is UTC


async def test_naive_datetimes_are_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    naive = NOW.replace(tzinfo=None)

    with pytest.raises(StatementError, match="naive datetimes are not stored"):
        async with unit_of_work(sessions) as session:
            session.add(User(telegram_id=2, name="Hugo", created_at=naive))
            await session.flush()


async def test_a_failed_statement_keeps_the_values_it_carried_out_of_the_error(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # The error handler logs the traceback: a contact's name or phone must not ride along.
    with pytest.raises(IntegrityError) as caught:
        async with unit_of_work(sessions) as session:
            session.add(Contact(customer_id=987_654, name="Mme Secret", phone="0612345678"))

    assert "Secret" not in str(caught.value)
    assert "0612345678" not in str(caught.value)
