"""Shared fixtures: a fresh, migrated database per test (SQLite file, or PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.database import create_engine, create_sessionmaker
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get("FIELDBOT_TEST_DATABASE_URL", "")


def pytest_report_header() -> str:
    if POSTGRES_URL:
        return "database: PostgreSQL (FIELDBOT_TEST_DATABASE_URL)"
    return "database: SQLite files; the PostgreSQL run is skipped (set FIELDBOT_TEST_DATABASE_URL)"


async def fresh_engine(tmp_path: Path) -> AsyncEngine:
    """Return an engine on an empty database: a new SQLite file, or a wiped PostgreSQL schema."""
    if not POSTGRES_URL:
        return create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fieldbot.db'}")
    engine = create_engine(POSTGRES_URL)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated database for one test."""
    engine = await fresh_engine(tmp_path)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)
