"""Migrations: they build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import SQLITE_BUSY_TIMEOUT_MS
from storage.migrate import alembic_config, upgrade
from storage.models import Base

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("FIELDBOT_TEST_DATABASE_URL")),
    reason="SQLite pragmas do not apply to PostgreSQL",
)


def schema_differences(connection: Connection) -> list[object]:
    """Return what autogenerate would add or drop to make the database match the models."""
    return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def stored_revisions(connection: Connection) -> list[str]:
    return list(connection.scalars(text("SELECT version_num FROM alembic_version")))


async def test_migrations_build_exactly_the_models_schema(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(schema_differences)

    assert differences == []


async def test_upgrade_leaves_the_database_at_the_head_revision(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        revisions = await connection.run_sync(stored_revisions)

    assert revisions == [head_revision()]


async def test_upgrading_an_up_to_date_database_changes_nothing(engine: AsyncEngine) -> None:
    await upgrade(engine)

    async with engine.connect() as connection:
        revisions = await connection.run_sync(stored_revisions)
        differences = await connection.run_sync(schema_differences)

    assert (revisions, differences) == ([head_revision()], [])


async def test_database_refuses_a_row_whose_foreign_key_points_nowhere(
    engine: AsyncEngine,
) -> None:
    insert_orphan = text(
        "INSERT INTO contacts (customer_id, name, role, phone, email, created_at)"
        " VALUES (424242, 'Orphan', '', '', '', CURRENT_TIMESTAMP)"
    )

    async with engine.connect() as connection:
        with pytest.raises(IntegrityError, match="(?i)foreign key"):
            await connection.execute(insert_orphan)


@sqlite_only
async def test_sqlite_runs_in_wal_mode(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        mode = await connection.scalar(text("PRAGMA journal_mode"))

    assert mode == "wal"


@sqlite_only
async def test_sqlite_enforces_foreign_keys(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        enforced = await connection.scalar(text("PRAGMA foreign_keys"))

    assert enforced == 1


@sqlite_only
async def test_sqlite_waits_for_a_busy_database_instead_of_failing(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        timeout_ms = await connection.scalar(text("PRAGMA busy_timeout"))

    assert timeout_ms == SQLITE_BUSY_TIMEOUT_MS > 0
