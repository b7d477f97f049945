"""Engine, sessions and the unit of work: each use-case runs in one transaction."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.models import HandledMessage

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000


def create_engine(url: str) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    # A failed statement's error quotes its values, and the error handler logs it: names and
    # phone numbers must stay out of the log.
    if not parsed.drivername.startswith("sqlite"):
        return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, hide_parameters=True)
    event.listen(engine.sync_engine, "connect", _tune_sqlite)
    event.listen(engine.sync_engine, "begin", _begin_sqlite)
    return engine


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module opens transactions on its own terms and none before a SAVEPOINT,
    # which breaks nested transactions; take transaction control back (see _begin_sqlite).
    dbapi_connection.isolation_level = None
    # SQLite's own lower() folds ASCII only; case-insensitive matching needs "É" → "é" too.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _begin_sqlite(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue on the busy timeout instead
    # of one failing when it upgrades from reading to writing.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the session factory the whole bot shares."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """Open one transaction: commit when the block ends, roll back if it raises."""
    async with sessions() as session, session.begin():
        yield session


class AlreadyHandled(Exception):
    """This Telegram message was already turned into a write."""


async def claim_message(session: AsyncSession, chat_id: int, message_id: int) -> None:
    """Mark a message as handled in the current transaction, or raise AlreadyHandled.

    The row commits together with the write it guards, so a redelivered update finds it.
    """
    try:
        async with session.begin_nested():
            session.add(HandledMessage(chat_id=chat_id, message_id=message_id))
            await session.flush()
    except IntegrityError:
        raise AlreadyHandled(f"message {chat_id}/{message_id} was already handled") from None
