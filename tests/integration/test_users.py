"""Users and roles: install-time admins, role changes and deactivation, with their audit."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.errors import LastRole, NotAllowed, SelfLockout
from bot.domain.roles import Role
from bot.domain.users import admit_admin, load_actor, set_active, set_role
from storage.database import unit_of_work
from tests.factories import NOW, audit_actions, make_user


async def test_admit_admin_registers_an_unknown_id_as_admin(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await admit_admin(session, telegram_id=5001, name="  Marie   Curie ", now=NOW)

    async with sessions() as session:
        actor = await load_actor(session, 5001)
    assert actor is not None
    assert (actor.name, actor.roles) == ("Marie Curie", {Role.ADMIN})


async def test_admit_admin_reactivates_a_deactivated_admin(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await make_user(session, Role.ADMIN, telegram_id=5002, active=False)

    async with unit_of_work(sessions) as session:
        await admit_admin(session, telegram_id=5002, name="Marie", now=NOW)

    async with sessions() as session:
        actor = await load_actor(session, 5002)
    assert actor is not None and actor.roles == {Role.ADMIN}


async def test_admit_admin_adds_admin_to_the_roles_a_user_already_holds(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await make_user(session, Role.SALES, telegram_id=5003)

    async with unit_of_work(sessions) as session:
        actor = await admit_admin(session, telegram_id=5003, name="Marie", now=NOW)

    assert actor.roles == {Role.SALES, Role.ADMIN}


async def test_deactivated_user_is_not_let_in(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        await make_user(session, Role.SALES, telegram_id=5004, active=False)

    async with sessions() as session:
        actor = await load_actor(session, 5004)

    assert actor is None


async def test_set_role_gives_a_role_the_user_lacks(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    async with unit_of_work(sessions) as session:
        view = await set_role(session, admin, rep.id, Role.FIELD, True, now=NOW)

    assert view.roles == {Role.SALES, Role.FIELD}


async def test_set_role_takes_away_a_role_the_user_holds(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES, Role.FIELD)

    async with unit_of_work(sessions) as session:
        await set_role(session, admin, rep.id, Role.SALES, False, now=NOW)

    async with sessions() as session:
        reloaded = await load_actor(session, rep.telegram_id)
    assert reloaded is not None and reloaded.roles == {Role.FIELD}


async def test_admin_cannot_take_away_their_own_admin_role(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN, Role.SALES)

    with pytest.raises(SelfLockout, match="own admin role"):
        async with unit_of_work(sessions) as session:
            await set_role(session, admin, admin.id, Role.ADMIN, False, now=NOW)


async def test_admin_may_take_away_another_admins_admin_role(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        other = await make_user(session, Role.ADMIN, Role.FINANCE)

    async with unit_of_work(sessions) as session:
        view = await set_role(session, admin, other.id, Role.ADMIN, False, now=NOW)

    assert view.roles == {Role.FINANCE}


async def test_user_keeps_at_least_one_role(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    with pytest.raises(LastRole, match="at least one role"):
        async with unit_of_work(sessions) as session:
            await set_role(session, admin, rep.id, Role.SALES, False, now=NOW)


async def test_sales_rep_cannot_change_roles(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)
        colleague = await make_user(session, Role.FIELD)

    with pytest.raises(NotAllowed, match="manage_users"):
        async with unit_of_work(sessions) as session:
            await set_role(session, rep, colleague.id, Role.ADMIN, True, now=NOW)


async def test_role_change_is_audited(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    async with unit_of_work(sessions) as session:
        await set_role(session, admin, rep.id, Role.WAREHOUSE, True, now=NOW)

    async with sessions() as session:
        assert await audit_actions(session, "user") == [("role_granted", rep.id)]


async def test_admin_cannot_deactivate_themselves(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)

    with pytest.raises(SelfLockout, match="deactivate themselves"):
        async with unit_of_work(sessions) as session:
            await set_active(session, admin, admin.id, False, now=NOW)


async def test_deactivation_shuts_the_user_out(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    async with unit_of_work(sessions) as session:
        await set_active(session, admin, rep.id, False, now=NOW)

    async with sessions() as session:
        assert await load_actor(session, rep.telegram_id) is None


async def test_deactivation_is_audited(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    async with unit_of_work(sessions) as session:
        await set_active(session, admin, rep.id, False, now=NOW)

    async with sessions() as session:
        assert await audit_actions(session, "user") == [("deactivated", rep.id)]


async def test_asking_again_for_a_role_already_given_changes_and_audits_nothing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    for _ in range(2):
        async with unit_of_work(sessions) as session:
            view = await set_role(session, admin, rep.id, Role.FIELD, True, now=NOW)

    assert view.roles == {Role.SALES, Role.FIELD}
    async with sessions() as session:
        assert await audit_actions(session, "user") == [("role_granted", rep.id)]


async def test_deactivating_twice_audits_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        rep = await make_user(session, Role.SALES)

    for _ in range(2):
        async with unit_of_work(sessions) as session:
            await set_active(session, admin, rep.id, False, now=NOW)

    async with sessions() as session:
        assert await audit_actions(session, "user") == [("deactivated", rep.id)]
