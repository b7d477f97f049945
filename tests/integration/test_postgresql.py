"""The PostgreSQL run: the whole suite goes to PostgreSQL when its URL is given."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine


@pytest.mark.skipif(
    not os.environ.get("FIELDBOT_TEST_DATABASE_URL"),
    reason="FIELDBOT_TEST_DATABASE_URL not set: the PostgreSQL run is skipped",
)
async def test_suite_runs_on_postgresql_when_its_url_is_set(engine: AsyncEngine) -> None:
    dialect = engine.dialect.name

    assert dialect == "postgresql"
