"""Keep the index current: every committed change to a customer, contact or site is applied.

The hook sits on the session class, so no use-case can forget to tell the index; a rolled
back transaction changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.search.documents import (
    CONTACT,
    CUSTOMER,
    SITE,
    Document,
    contact_document,
    customer_document,
    site_document,
)
from bot.search.index import SearchIndex
from storage.models import Contact, Customer, Site

logger = logging.getLogger(__name__)

PENDING = "search_changes"
KINDS: dict[type, str] = {Customer: CUSTOMER, Contact: CONTACT, Site: SITE}


def keep_current(index: SearchIndex, sessions: async_sessionmaker[AsyncSession]) -> None:
    """Make every session of `sessions` report its committed changes to `index`."""
    session_class = type("IndexedSession", (Session,), {})
    sessions.configure(sync_session_class=session_class)

    @event.listens_for(session_class, "after_flush")
    def collect(session: Session, _context: Any) -> None:
        changes: dict[tuple[str, int], Document | None] = session.info.setdefault(PENDING, {})
        for record in (*session.new, *session.dirty):
            if type(record) in KINDS:
                changes[(KINDS[type(record)], record.id)] = describe(record)
        for record in session.deleted:
            if type(record) in KINDS:
                changes[(KINDS[type(record)], record.id)] = None

    @event.listens_for(session_class, "after_commit")
    def apply(session: Session) -> None:
        for (kind, record_id), document in session.info.pop(PENDING, {}).items():
            if document is None:
                index.remove(kind, record_id)
            else:
                index.update(document)

    @event.listens_for(session_class, "after_rollback")
    def forget(session: Session) -> None:
        session.info.pop(PENDING, None)


def describe(record: Customer | Contact | Site) -> Document:
    """Turn a stored record into what the index holds."""
    if isinstance(record, Customer):
        return customer_document(
            record.id,
            record.name,
            record.phone,
            record.email,
            record.address,
            record.postcode,
            record.city,
            record.updated_at,
        )
    if isinstance(record, Contact):
        return contact_document(
            record.id,
            record.customer_id,
            record.name,
            record.phone,
            record.email,
            record.created_at,
        )
    return site_document(
        record.id,
        record.customer_id,
        record.name,
        record.address,
        record.postcode,
        record.city,
        record.created_at,
    )
