"""Building the search index from a migrated database, and seeding synthetic data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.search import build, build_index
from bot.synthetic import seed
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import Contact, Customer, Site

EARLIER = datetime(2024, 1, 1, tzinfo=UTC)
LATER = datetime(2024, 6, 1, tzinfo=UTC)


async def add_company(engine: AsyncEngine) -> None:
    """Two customers of the same name (the second updated later), a contact and a site."""
    async with engine.begin() as connection:
        for customer_id, updated in ((1, EARLIER), (2, LATER)):
            await connection.execute(
                insert(Customer).values(
                    id=customer_id,
                    name="Dupont Plomberie SARL",
                    phone="06 12 34 56 7" + str(customer_id),
                    city="Lyon",
                    created_at=EARLIER,
                    updated_at=updated,
                )
            )
        await connection.execute(
            insert(Contact).values(
                id=1, customer_id=1, name="Sophie Dubois", phone="07 98 76 54 32", created_at=LATER
            )
        )
        await connection.execute(
            insert(Site).values(
                id=1,
                customer_id=2,
                name="Rénovation cuisine",
                address="27 boulevard Gambetta",
                postcode="69003",
                city="Lyon",
                created_at=LATER,
            )
        )


async def test_built_index_finds_customers_contacts_and_sites(engine: AsyncEngine) -> None:
    await add_company(engine)

    index = await build_index(engine)

    assert index.search("sophie dubios")[0].id == 1
    assert index.search("27 bd gambetta")[0].kind == "site"
    assert index.search("+33 6 12 34 56 71")[0].id == 1


async def test_built_index_shows_a_contact_with_its_customer(engine: AsyncEngine) -> None:
    await add_company(engine)

    hit = (await build_index(engine)).search("sophie dubois")[0]

    assert (hit.customer_id, hit.customer_name, hit.city) == (1, "Dupont Plomberie SARL", "Lyon")


async def test_built_index_puts_the_latest_updated_first_among_equals(engine: AsyncEngine) -> None:
    await add_company(engine)

    hits = (await build_index(engine)).search("dupont plomberie", kinds={"customer"})

    assert [hit.id for hit in hits] == [2, 1]


async def test_built_index_takes_live_changes(engine: AsyncEngine) -> None:
    await add_company(engine)
    index = await build_index(engine)

    index.remove("customer", 2)

    assert [hit.id for hit in index.search("dupont plomberie", kinds={"customer"})] == [1]


async def test_index_of_an_empty_database_finds_nothing(engine: AsyncEngine) -> None:
    index = await build_index(engine)

    assert len(index) == 0
    assert index.search("dupont") == []


async def count(engine: AsyncEngine, table: type) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table)) or 0


async def test_seed_writes_the_requested_number_of_customers(engine: AsyncEngine) -> None:
    report = await seed(engine, customers=300, seed=7)

    assert report.customers == await count(engine, Customer) == 300


async def test_seed_gives_every_customer_one_to_three_sites(engine: AsyncEngine) -> None:
    await seed(engine, customers=300, seed=7)

    async with engine.connect() as connection:
        per_customer = await connection.execute(
            select(Customer.id, func.count(Site.id)).outerjoin(Site).group_by(Customer.id)
        )
        counts = {sites for _, sites in per_customer}

    assert counts == {1, 2, 3}


async def test_seed_reports_what_it_wrote(engine: AsyncEngine) -> None:
    report = await seed(engine, customers=300, seed=7)

    assert report.contacts == await count(engine, Contact)
    assert report.sites == await count(engine, Site)


async def test_seed_adds_after_the_rows_already_there(engine: AsyncEngine) -> None:
    await seed(engine, customers=50, seed=1)

    await seed(engine, customers=50, seed=2)

    assert await count(engine, Customer) == 100


async def rows_of(engine: AsyncEngine) -> list[tuple]:
    async with engine.connect() as connection:
        customers = await connection.execute(
            select(Customer.name, Customer.phone, Customer.address).order_by(Customer.id)
        )
        sites = await connection.execute(
            select(Site.customer_id, Site.name, Site.city).order_by(Site.id)
        )
        return [*customers, *sites]


async def seeded_sqlite(path: Path, seed_value: int) -> list[tuple]:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade(engine)
    await seed(engine, customers=200, seed=seed_value)
    rows = await rows_of(engine)
    await engine.dispose()
    return rows


async def test_seed_writes_the_same_rows_for_the_same_seed(tmp_path: Path) -> None:
    first = await seeded_sqlite(tmp_path / "first.db", 3)

    second = await seeded_sqlite(tmp_path / "second.db", 3)

    assert first == second


async def test_seed_writes_other_rows_for_another_seed(tmp_path: Path) -> None:
    first = await seeded_sqlite(tmp_path / "first.db", 3)

    second = await seeded_sqlite(tmp_path / "second.db", 4)

    assert first != second


async def test_index_of_a_seeded_database_holds_every_record(engine: AsyncEngine) -> None:
    report = await seed(engine, customers=300, seed=7)

    index = await build_index(engine)

    assert len(index) == report.customers + report.contacts + report.sites


async def test_build_reads_every_page_of_a_table(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = await seed(engine, customers=40, seed=7)
    monkeypatch.setattr(build, "PAGE_ROWS", 7)

    index = await build.build_index(engine)

    assert len(index) == report.customers + report.contacts + report.sites
