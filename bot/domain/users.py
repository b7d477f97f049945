"""Users: who may talk to the bot, with which roles; admins manage them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.audit import record_audit
from bot.domain.errors import LastRole, NotFound, SelfLockout
from bot.domain.roles import Actor, Permission, Role, require
from storage.models import User, UserRole

logger = logging.getLogger(__name__)

NAME_MAX = 200


@dataclass(frozen=True)
class UserView:
    id: int
    telegram_id: int
    name: str
    roles: frozenset[Role]
    active: bool


def to_actor(user: User) -> Actor:
    """Build the domain Actor from a stored user."""
    return Actor(
        id=user.id,
        telegram_id=user.telegram_id,
        name=user.name,
        roles=frozenset(Role(r.role) for r in user.roles),
        language=user.language,
        timezone=user.timezone,
    )


def to_view(user: User) -> UserView:
    return UserView(
        id=user.id,
        telegram_id=user.telegram_id,
        name=user.name,
        roles=frozenset(Role(r.role) for r in user.roles),
        active=user.active,
    )


async def find_user(session: AsyncSession, telegram_id: int) -> User | None:
    """Return the stored user for a Telegram id, active or not."""
    return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def load_actor(session: AsyncSession, telegram_id: int) -> Actor | None:
    """Return the active user behind a Telegram id, or None if unknown or deactivated."""
    user = await find_user(session, telegram_id)
    if user is None or not user.active:
        return None
    return to_actor(user)


async def admit_admin(
    session: AsyncSession, *, telegram_id: int, name: str, now: datetime
) -> Actor:
    """Register (or reactivate) an install-time admin id with the admin role."""
    user = await find_user(session, telegram_id)
    if user is None:
        user = User(telegram_id=telegram_id, name=clean_name(name), created_at=now)
        session.add(user)
    user.active = True
    if Role.ADMIN not in {r.role for r in user.roles}:
        user.roles.append(UserRole(role=Role.ADMIN))
    await session.flush()
    await record_audit(
        session,
        user_id=user.id,
        action="admin_admitted",
        record_type="user",
        record_id=user.id,
        now=now,
    )
    logger.info("install-time admin %s admitted as user %s", telegram_id, user.id)
    return to_actor(user)


async def list_users(session: AsyncSession, actor: Actor) -> list[UserView]:
    """List every user, active ones first, for an admin."""
    require(actor, Permission.MANAGE_USERS)
    users = await session.scalars(select(User).order_by(User.active.desc(), User.name))
    return [to_view(user) for user in users]


async def get_user(session: AsyncSession, actor: Actor, user_id: int) -> UserView:
    """Return one user for an admin."""
    require(actor, Permission.MANAGE_USERS)
    return to_view(await _load(session, user_id))


async def set_role(
    session: AsyncSession, actor: Actor, user_id: int, role: Role, held: bool, *, now: datetime
) -> UserView:
    """Give (`held`) or take away one role; asking for the state it is already in changes
    nothing, so a redelivered press cannot undo the first one.

    Raises:
        LastRole: the change would leave the user with no role.
        SelfLockout: the admin would take away their own admin role.
    """
    require(actor, Permission.MANAGE_USERS)
    user = await _load(session, user_id)
    current = {r.role: r for r in user.roles}
    if (role in current) == held:
        return to_view(user)
    if not held:
        if user.id == actor.id and role == Role.ADMIN:
            raise SelfLockout("an admin cannot remove their own admin role")
        if len(current) == 1:
            raise LastRole("a user keeps at least one role")
        user.roles.remove(current[role])
    else:
        user.roles.append(UserRole(role=role))
    await session.flush()
    await record_audit(
        session,
        user_id=actor.id,
        action="role_granted" if held else "role_removed",
        record_type="user",
        record_id=user.id,
        now=now,
        detail=str(role),
    )
    logger.info("user %s set role %s of user %s to %s", actor.id, role, user.id, held)
    return to_view(user)


async def set_active(
    session: AsyncSession, actor: Actor, user_id: int, active: bool, *, now: datetime
) -> UserView:
    """Deactivate or reactivate a user; an admin cannot deactivate themselves."""
    require(actor, Permission.MANAGE_USERS)
    user = await _load(session, user_id)
    if user.id == actor.id and not active:
        raise SelfLockout("an admin cannot deactivate themselves")
    if user.active == active:
        return to_view(user)
    user.active = active
    await record_audit(
        session,
        user_id=actor.id,
        action="activated" if active else "deactivated",
        record_type="user",
        record_id=user.id,
        now=now,
    )
    logger.info("user %s set user %s active=%s", actor.id, user.id, active)
    return to_view(user)


async def set_language(session: AsyncSession, actor: Actor, language: str) -> None:
    """Store the user's chosen language."""
    user = await _load(session, actor.id)
    user.language = language


async def _load(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def clean_name(name: str) -> str:
    """Trim a display name to what the table holds."""
    return " ".join(name.split())[:NAME_MAX] or "?"
