"""The audit trail: who read or changed something sensitive, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


async def record_audit(
    session: AsyncSession,
    *,
    user_id: int | None,
    action: str,
    record_type: str,
    record_id: int | None,
    now: datetime,
    detail: str = "",
) -> None:
    """Add one audit entry to the current transaction."""
    session.add(
        AuditEntry(
            at=now,
            user_id=user_id,
            action=action,
            record_type=record_type,
            record_id=record_id,
            detail=detail,
        )
    )
