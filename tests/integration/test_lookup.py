"""Finding records: the index built from the database, kept current after each commit."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.customers import NewCustomer, create_customer, read_customer
from bot.domain.lookup import find_records, leading_mention, records_mentioned
from bot.domain.roles import Actor, Role
from bot.search import SearchIndex, build_index
from bot.search.live import keep_current
from storage.database import unit_of_work
from storage.models import Contact, Customer
from tests.factories import NOW, make_customer, make_user


async def live_index(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> SearchIndex:
    index = await build_index(engine)
    keep_current(index, sessions)
    return index


async def names(
    sessions: async_sessionmaker[AsyncSession], index: SearchIndex, actor: Actor, text: str
) -> list[str]:
    async with unit_of_work(sessions) as session:
        found = await find_records(session, index, actor, text)
    return [hit.name for hit in found.hits]


async def test_customer_stored_before_start_is_found_despite_case_and_typo(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        await make_customer(session, "Maison GIRARD")
        await make_customer(session, "Dupont")
        rep = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    found = await names(sessions, index, rep, "girrard")

    assert found[0] == "Maison GIRARD"


async def test_customer_created_after_start_is_found_by_the_next_search(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    async with unit_of_work(sessions) as session:
        await create_customer(session, rep, NewCustomer("Boulangerie Lemaire"), now=NOW)

    assert await names(sessions, index, rep, "lemaire") == ["Boulangerie Lemaire"]


async def test_renamed_and_deleted_customers_are_seen_at_once(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        first = await make_customer(session, "Hôtel du Parc")
        second = await make_customer(session, "Camping Les Pins")
        rep = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    async with unit_of_work(sessions) as session:
        (await session.get(Customer, first)).name = "Hôtel Bellevue"  # type: ignore[union-attr]
        await session.delete(await session.get(Customer, second))

    assert await names(sessions, index, rep, "bellevue") == ["Hôtel Bellevue"]
    assert "Hôtel du Parc" not in await names(sessions, index, rep, "hotel parc")
    assert await names(sessions, index, rep, "camping pins") == []


async def test_rolled_back_change_never_reaches_the_index(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    try:
        async with unit_of_work(sessions) as session:
            await create_customer(session, rep, NewCustomer("Pharmacie Bonnet"), now=NOW)
            raise RuntimeError("the write failed after the flush")
    except RuntimeError:
        pass

    assert await names(sessions, index, rep, "bonnet") == []


async def test_opened_cards_win_ties_between_equal_matches(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        ids = [await make_customer(session, "Martin", city="Lyon") for _ in range(3)]
        rep = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)
    firsts = []
    for minutes, opened in enumerate((ids[0], ids[2], ids[1])):
        async with unit_of_work(sessions) as session:
            await read_customer(session, rep, opened, now=NOW + timedelta(minutes=minutes))
            found = await find_records(session, index, rep, "martin")
        firsts.append(found.hits[0].id)

    assert firsts == [ids[0], ids[2], ids[1]]


async def mentioned(
    sessions: async_sessionmaker[AsyncSession], index: SearchIndex, actor: Actor, text: str
) -> list[tuple[str, str]]:
    async with unit_of_work(sessions) as session:
        found = await records_mentioned(session, index, actor, text)
    return [(m.record.type, m.label) for m in found]


async def test_a_reminder_names_the_customer_whose_name_it_holds(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        await make_customer(session, "Dupont Rénovation")
        await make_customer(session, "Girard Peinture")
        hugo = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    found = await mentioned(sessions, index, hugo, "rappeler Dupont pour le devis")

    assert found == [("customer", "Dupont Rénovation")]


async def test_a_contacts_name_stands_for_its_customer(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        customer_id = await make_customer(session, "Hôtel du Parc")
        session.add(Contact(customer_id=customer_id, name="Sylvie Lemaire", created_at=NOW))
        hugo = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    found = await mentioned(sessions, index, hugo, "call Lemaire back")

    assert found == [("customer", "Hôtel du Parc")]


async def test_a_record_named_by_more_words_comes_first_and_leads(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        await make_customer(session, "Paul Dupont")
        await make_customer(session, "Dupont Rénovation")
        hugo = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    async with unit_of_work(sessions) as session:
        found = await records_mentioned(session, index, hugo, "Dupont rénovation devis")
        tied = await records_mentioned(session, index, hugo, "rappeler Dupont")

    assert [m.label for m in found] == ["Dupont Rénovation", "Paul Dupont"]
    assert leading_mention(found) == found[0]
    assert len(tied) == 2 and leading_mention(tied) is None


async def test_short_words_cities_and_streets_name_no_record(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        await make_customer(session, "SCI Les Tilleuls", city="Grenoble", address="rue Moreau")
        hugo = await make_user(session, Role.SALES)
    index = await live_index(engine, sessions)

    found = await mentioned(sessions, index, hugo, "acheter les vis à Grenoble rue Moreau")

    assert found == []
