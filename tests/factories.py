"""Small builders for test data: each adds rows to the session it is given and flushes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.roles import Actor, Role
from bot.domain.users import to_actor
from storage.models import AuditEntry, Customer, User, UserRole

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

_telegram_ids = itertools.count(700_000_001)


def next_telegram_id() -> int:
    """Return a Telegram user id no other factory call has handed out."""
    return next(_telegram_ids)


async def make_user(
    session: AsyncSession,
    *roles: Role,
    telegram_id: int | None = None,
    name: str = "Camille Petit",
    active: bool = True,
) -> Actor:
    """Store a user holding `roles` and return it as the domain sees it."""
    user = User(
        telegram_id=telegram_id if telegram_id is not None else next_telegram_id(),
        name=name,
        active=active,
        created_at=NOW,
        roles=[UserRole(role=role) for role in roles],
    )
    session.add(user)
    await session.flush()
    return to_actor(user)


async def make_customer(
    session: AsyncSession,
    name: str = "Dupont Rénovation",
    *,
    city: str = "Lyon",
    phone: str = "",
    address: str = "",
    postcode: str = "",
) -> int:
    """Store a customer without going through permission checks; return its id."""
    customer = Customer(
        name=name,
        city=city,
        phone=phone,
        address=address,
        postcode=postcode,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(customer)
    await session.flush()
    return customer.id


async def audit_actions(session: AsyncSession, record_type: str) -> list[tuple[str, int | None]]:
    """Return (action, record_id) of the audit entries about one kind of record, oldest first."""
    rows = await session.execute(
        select(AuditEntry.action, AuditEntry.record_id)
        .where(AuditEntry.record_type == record_type)
        .order_by(AuditEntry.id)
    )
    return [(action, record_id) for action, record_id in rows]
