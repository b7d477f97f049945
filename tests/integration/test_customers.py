"""Customers and contacts: creation rules, permissions, the audited card."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.customers import (
    NewCustomer,
    add_contact,
    create_customer,
    read_customer,
)
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.roles import Role
from storage.database import unit_of_work
from tests.factories import NOW, audit_actions, make_customer, make_user


async def test_created_customer_can_be_read_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        new = NewCustomer(name="  Maison   Girard ", phone="06 12 34 56 78", city="Nantes")
        created = await create_customer(session, rep, new, now=NOW)

    async with unit_of_work(sessions) as session:
        card = await read_customer(session, rep, created.id, now=NOW)

    assert (card.name, card.phone, card.city) == ("Maison Girard", "06 12 34 56 78", "Nantes")


async def test_customer_name_cannot_be_empty(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

        with pytest.raises(InvalidInput, match="name is empty"):
            await create_customer(session, rep, NewCustomer(name=" \t "), now=NOW)


async def test_customer_name_longer_than_200_characters_is_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

        with pytest.raises(InvalidInput, match="name is longer than 200 characters"):
            await create_customer(session, rep, NewCustomer(name="x" * 201), now=NOW)


async def test_customer_phone_with_letters_is_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        new = NewCustomer(name="Maison Girard", phone="call me maybe")

        with pytest.raises(InvalidInput, match="phone number"):
            await create_customer(session, rep, new, now=NOW)


async def test_warehouse_cannot_create_customers(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        storekeeper = await make_user(session, Role.WAREHOUSE)

        with pytest.raises(NotAllowed, match="create_customers"):
            await create_customer(session, storekeeper, NewCustomer(name="Girard"), now=NOW)


async def test_support_can_create_customers(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        agent = await make_user(session, Role.SUPPORT)

        card = await create_customer(session, agent, NewCustomer(name="Girard"), now=NOW)

    assert card.name == "Girard"


async def test_added_contact_appears_on_the_customer_card(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)

    async with unit_of_work(sessions) as session:
        await add_contact(
            session, rep, customer_id, name="Paul Girard", phone="+33 6 12 34 56 78", now=NOW
        )

    async with unit_of_work(sessions) as session:
        card = await read_customer(session, rep, customer_id, now=NOW)
    assert [(c.name, c.phone) for c in card.contacts] == [("Paul Girard", "+33 6 12 34 56 78")]


async def test_contact_name_cannot_be_empty(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)

        with pytest.raises(InvalidInput, match="name is empty"):
            await add_contact(session, rep, customer_id, name="", now=NOW)


async def test_contact_for_unknown_customer_is_not_found(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

        with pytest.raises(NotFound, match="no customer 999"):
            await add_contact(session, rep, 999, name="Paul Girard", now=NOW)


async def test_field_technician_cannot_add_contacts(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        technician = await make_user(session, Role.FIELD)
        customer_id = await make_customer(session)

        with pytest.raises(NotAllowed, match="create_customers"):
            await add_contact(session, technician, customer_id, name="Paul Girard", now=NOW)


async def test_reading_a_customer_card_is_audited(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        storekeeper = await make_user(session, Role.WAREHOUSE)
        customer_id = await make_customer(session)

    async with unit_of_work(sessions) as session:
        await read_customer(session, storekeeper, customer_id, now=NOW)

    async with sessions() as session:
        assert await audit_actions(session, "customer") == [("read", customer_id)]


async def test_reading_an_unknown_customer_is_not_found(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

        with pytest.raises(NotFound, match="no customer 404"):
            await read_customer(session, rep, 404, now=NOW)
