"""Invites: single-use links an admin makes so a new person can join with a role."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.audit import record_audit
from bot.domain.errors import InviteUnusable
from bot.domain.roles import Actor, Permission, Role, require
from bot.domain.users import clean_name, find_user, to_actor
from storage.models import Invite, User, UserRole

logger = logging.getLogger(__name__)

INVITE_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class InviteView:
    code: str
    role: Role
    expires_at: datetime


async def create_invite(
    session: AsyncSession, actor: Actor, role: Role, *, now: datetime
) -> InviteView:
    """Make a single-use invite for `role`, valid for seven days."""
    require(actor, Permission.MANAGE_USERS)
    # 16 url-safe characters: fits Telegram's 64-character start parameter, unguessable.
    invite = Invite(
        code=secrets.token_urlsafe(12),
        role=role,
        created_by=actor.id,
        created_at=now,
        expires_at=now + INVITE_LIFETIME,
    )
    session.add(invite)
    await session.flush()
    await record_audit(
        session,
        user_id=actor.id,
        action="invite_created",
        record_type="invite",
        record_id=invite.id,
        now=now,
        detail=str(role),
    )
    logger.info("user %s created invite %s for role %s", actor.id, invite.id, role)
    return InviteView(code=invite.code, role=role, expires_at=invite.expires_at)


async def accept_invite(
    session: AsyncSession,
    code: str,
    *,
    telegram_id: int,
    name: str,
    now: datetime,
) -> Actor:
    """Register the Telegram user with the invite's role and spend the invite.

    A known user gains the role (and is reactivated); the invite cannot be used again.

    Raises:
        InviteUnusable: the code is unknown, already used or expired.
    """
    # A conditional UPDATE spends the invite atomically: two people racing for one link
    # cannot both get in, on SQLite or PostgreSQL.
    spent = await session.execute(
        update(Invite)
        .where(Invite.code == code, Invite.used_at.is_(None), Invite.expires_at > now)
        .values(used_at=now)
        .returning(Invite.id, Invite.role)
    )
    row = spent.one_or_none()
    if row is None:
        raise InviteUnusable("this invite is unknown, used or expired")
    invite_id, role = row

    user = await find_user(session, telegram_id)
    if user is None:
        user = User(telegram_id=telegram_id, name=clean_name(name), created_at=now)
        session.add(user)
    user.active = True
    if role not in {r.role for r in user.roles}:
        user.roles.append(UserRole(role=role))
    await session.flush()

    await session.execute(update(Invite).where(Invite.id == invite_id).values(used_by=user.id))
    await record_audit(
        session,
        user_id=user.id,
        action="invite_accepted",
        record_type="invite",
        record_id=invite_id,
        now=now,
    )
    logger.info("invite %s accepted by user %s", invite_id, user.id)
    return to_actor(user)
