"""Invites: an admin makes a single-use link, a new person joins with its role."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.errors import InviteUnusable, NotAllowed
from bot.domain.invites import INVITE_LIFETIME, InviteView, accept_invite, create_invite
from bot.domain.roles import Actor, Role
from bot.domain.users import load_actor
from storage.database import unit_of_work
from tests.factories import NOW, audit_actions, make_user


async def invite_for(sessions: async_sessionmaker[AsyncSession], role: Role) -> InviteView:
    """Have a fresh admin make an invite for `role`, committed."""
    async with unit_of_work(sessions) as session:
        admin = await make_user(session, Role.ADMIN)
        return await create_invite(session, admin, role, now=NOW)


async def accept(
    sessions: async_sessionmaker[AsyncSession],
    code: str,
    telegram_id: int,
    *,
    at: datetime = NOW,
) -> Actor:
    """Accept the invite in its own committed transaction, as /start does."""
    async with unit_of_work(sessions) as session:
        return await accept_invite(session, code, telegram_id=telegram_id, name="Noé", now=at)


async def test_accepting_an_invite_registers_the_user_with_its_role(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    invite = await invite_for(sessions, Role.WAREHOUSE)

    await accept(sessions, invite.code, 6001)

    async with sessions() as session:
        actor = await load_actor(session, 6001)
    assert actor is not None and actor.roles == {Role.WAREHOUSE}


async def test_invite_cannot_be_used_twice(sessions: async_sessionmaker[AsyncSession]) -> None:
    invite = await invite_for(sessions, Role.SALES)
    await accept(sessions, invite.code, 6002)

    with pytest.raises(InviteUnusable, match="unknown, used or expired"):
        await accept(sessions, invite.code, 6003)


async def test_expired_invite_is_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    invite = await invite_for(sessions, Role.SALES)
    just_too_late = NOW + INVITE_LIFETIME + timedelta(seconds=1)

    with pytest.raises(InviteUnusable, match="unknown, used or expired"):
        await accept(sessions, invite.code, 6004, at=just_too_late)


async def test_invite_still_works_on_its_last_day(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    invite = await invite_for(sessions, Role.SALES)
    last_minute = NOW + INVITE_LIFETIME - timedelta(minutes=1)

    actor = await accept(sessions, invite.code, 6005, at=last_minute)

    assert actor.roles == {Role.SALES}


async def test_unknown_invite_code_is_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    await invite_for(sessions, Role.SALES)

    with pytest.raises(InviteUnusable, match="unknown, used or expired"):
        await accept(sessions, "no-such-code", 6006)


async def test_only_one_of_two_simultaneous_accepts_gets_in(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    invite = await invite_for(sessions, Role.FIELD)

    outcomes = await asyncio.gather(
        accept(sessions, invite.code, 6007),
        accept(sessions, invite.code, 6008),
        return_exceptions=True,
    )

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Actor", "InviteUnusable"]


async def test_known_user_gains_the_invite_role(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await make_user(session, Role.SALES, telegram_id=6009)
    invite = await invite_for(sessions, Role.SUPPORT)

    actor = await accept(sessions, invite.code, 6009)

    assert actor.roles == {Role.SALES, Role.SUPPORT}


async def test_invite_lasts_seven_days(sessions: async_sessionmaker[AsyncSession]) -> None:
    invite = await invite_for(sessions, Role.SALES)

    assert invite.expires_at == NOW + timedelta(days=7)


async def test_sales_rep_cannot_create_invites(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        rep = await make_user(session, Role.SALES)

    with pytest.raises(NotAllowed, match="manage_users"):
        async with unit_of_work(sessions) as session:
            await create_invite(session, rep, Role.ADMIN, now=NOW)


async def test_invite_creation_is_audited(sessions: async_sessionmaker[AsyncSession]) -> None:
    await invite_for(sessions, Role.FINANCE)

    async with sessions() as session:
        actions = await audit_actions(session, "invite")
    assert [action for action, _ in actions] == ["invite_created"]
