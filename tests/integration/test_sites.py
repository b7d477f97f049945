"""Sites: who may create them, what a valid site is, and reading one back."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.customers import read_customer
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.roles import Role
from bot.domain.sites import NewSite, create_site, read_site
from storage.database import unit_of_work
from tests.factories import NOW, make_customer, make_user


async def test_field_technician_can_create_a_site(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        technician = await make_user(session, Role.FIELD)
        customer_id = await make_customer(session, "Maison Girard")

        site = await create_site(session, technician, NewSite(customer_id, "Extension"), now=NOW)

    assert (site.customer_name, site.name, site.status) == ("Maison Girard", "Extension", "open")


async def test_warehouse_cannot_create_a_site(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        storekeeper = await make_user(session, Role.WAREHOUSE)
        customer_id = await make_customer(session)

        with pytest.raises(NotAllowed, match="create_sites"):
            await create_site(session, storekeeper, NewSite(customer_id, "Extension"), now=NOW)


async def test_finance_cannot_create_a_site(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        cfo = await make_user(session, Role.FINANCE)
        customer_id = await make_customer(session)

        with pytest.raises(NotAllowed, match="create_sites"):
            await create_site(session, cfo, NewSite(customer_id, "Extension"), now=NOW)


async def test_site_for_unknown_customer_is_not_found(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

        with pytest.raises(NotFound, match="no customer 31337"):
            await create_site(session, rep, NewSite(31337, "Extension"), now=NOW)


async def test_site_name_cannot_be_empty(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)

        with pytest.raises(InvalidInput, match="site name is empty"):
            await create_site(session, rep, NewSite(customer_id, "   "), now=NOW)


async def test_site_name_longer_than_200_characters_is_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)

        with pytest.raises(InvalidInput, match="site name is longer than 200"):
            await create_site(session, rep, NewSite(customer_id, "é" * 201), now=NOW)


@pytest.mark.parametrize(("lat", "lon"), [(90.5, 2.35), (-91.0, 2.35), (48.85, 180.01)])
async def test_gps_point_off_the_globe_is_refused(
    sessions: async_sessionmaker[AsyncSession], lat: float, lon: float
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)
        new = NewSite(customer_id, "Extension", lat=lat, lon=lon)

        with pytest.raises(InvalidInput, match="out of range"):
            await create_site(session, rep, new, now=NOW)


@pytest.mark.parametrize(("lat", "lon"), [(48.85, None), (None, 2.35)])
async def test_half_a_gps_point_is_refused(
    sessions: async_sessionmaker[AsyncSession], lat: float | None, lon: float | None
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)
        new = NewSite(customer_id, "Extension", lat=lat, lon=lon)

        with pytest.raises(InvalidInput, match="both latitude and longitude"):
            await create_site(session, rep, new, now=NOW)


async def test_site_keeps_its_gps_point(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)
        new = NewSite(customer_id, "Pointe", lat=-90.0, lon=180.0)
        created = await create_site(session, rep, new, now=NOW)

    async with sessions() as session:
        site = await read_site(session, rep, created.id)

    assert (site.lat, site.lon) == (-90.0, 180.0)


async def test_new_site_is_listed_on_its_customer_card(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        customer_id = await make_customer(session)
        new = NewSite(customer_id, "Extension", city="Rennes")
        created = await create_site(session, rep, new, now=NOW)

    async with unit_of_work(sessions) as session:
        card = await read_customer(session, rep, customer_id, now=NOW)

    assert [(s.id, s.name, s.city) for s in card.sites] == [(created.id, "Extension", "Rennes")]


async def test_reading_an_unknown_site_is_not_found(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

        with pytest.raises(NotFound, match="no site 12"):
            await read_site(session, rep, 12)
