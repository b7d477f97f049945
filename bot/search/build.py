"""Fill a search index from the database at start, streaming plain rows table by table."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, Row, Select, cast, extract, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncResult

from bot.search.documents import (
    CITY,
    CONTACT,
    CONTACT_NAME,
    CUSTOMER,
    EMAIL,
    NAME,
    PHONE,
    POSTCODE,
    SITE,
    STREET,
    Records,
)
from bot.search.index import SearchIndex
from storage.models import Contact, Customer, Site

logger = logging.getLogger(__name__)

STREAM_ROWS = 50000

Columns = Callable[[Sequence[Row[Any]]], Records]


def epoch_seconds(column: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """Read a datetime as POSIX seconds computed by the database.

    Turning a few hundred thousand datetimes into Python objects costs seconds at start;
    the database does it for free. Times are stored in UTC.
    """
    if dialect == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(extract("epoch", column), Float)


def customer_rows(dialect: str) -> Select[Any]:
    """Select the customer columns the index needs."""
    return select(
        Customer.id,
        Customer.name,
        Customer.phone,
        Customer.email,
        Customer.address,
        Customer.postcode,
        Customer.city,
        epoch_seconds(Customer.updated_at, dialect),
    ).order_by(Customer.id)


def contact_rows(dialect: str) -> Select[Any]:
    """Select the contact columns the index needs; contacts have no update time."""
    return select(
        Contact.id,
        Contact.customer_id,
        Contact.name,
        Contact.phone,
        Contact.email,
        epoch_seconds(Contact.created_at, dialect),
    ).order_by(Contact.id)


def site_rows(dialect: str) -> Select[Any]:
    """Select the site columns the index needs; sites have no update time."""
    return select(
        Site.id,
        Site.customer_id,
        Site.name,
        Site.address,
        Site.postcode,
        Site.city,
        epoch_seconds(Site.created_at, dialect),
    ).order_by(Site.id)


def customer_records(rows: Sequence[Row[Any]]) -> Records:
    """Turn rows of customer_rows() into index columns."""
    ids, names, phones, emails, streets, postcodes, cities, updated = zip(*rows, strict=True)
    fields = {NAME: names, STREET: streets, POSTCODE: postcodes, CITY: cities}
    fields |= {PHONE: phones, EMAIL: emails}
    return Records(CUSTOMER, ids, names, fields, cities, ids, updated)


def contact_records(rows: Sequence[Row[Any]]) -> Records:
    """Turn rows of contact_rows() into index columns; contacts show their customer's city."""
    ids, customer_ids, names, phones, emails, created = zip(*rows, strict=True)
    fields = {CONTACT_NAME: names, PHONE: phones, EMAIL: emails}
    return Records(CONTACT, ids, names, fields, [""] * len(ids), customer_ids, created)


def site_records(rows: Sequence[Row[Any]]) -> Records:
    """Turn rows of site_rows() into index columns."""
    ids, customer_ids, names, streets, postcodes, cities, created = zip(*rows, strict=True)
    fields = {NAME: names, STREET: streets, POSTCODE: postcodes, CITY: cities}
    return Records(SITE, ids, names, fields, cities, customer_ids, created)


SOURCES: list[tuple[Callable[[str], Select[Any]], Columns]] = [
    (customer_rows, customer_records),
    (contact_rows, contact_records),
    (site_rows, site_records),
]


async def build_index(engine: AsyncEngine) -> SearchIndex:
    """Read every customer, contact and site into a new index."""
    started = time.perf_counter()
    index = SearchIndex()
    async with engine.connect() as connection:
        index.reserve(await _count_records(connection))
        for query, columns in SOURCES:
            statement = query(engine.dialect.name).execution_options(yield_per=STREAM_ROWS)
            result = await connection.stream(statement)
            await _load_partitions(result, index, columns)
    index.compact()
    logger.info(
        "search index built: %s records in %.1f s", len(index), time.perf_counter() - started
    )
    return index


async def _load_partitions(result: AsyncResult[Any], index: SearchIndex, columns: Columns) -> None:
    """Index each partition while the driver's thread already reads the next one."""
    partitions = result.partitions(STREAM_ROWS)
    pending = asyncio.ensure_future(anext(partitions, None))
    while (rows := await pending) is not None:
        pending = asyncio.ensure_future(anext(partitions, None))
        # Let the fetch start before the CPU-bound indexing holds the event loop.
        await asyncio.sleep(0)
        index.extend(columns(rows))


async def _count_records(connection: AsyncConnection) -> int:
    total = 0
    for table in (Customer, Contact, Site):
        total += await connection.scalar(select(func.count()).select_from(table)) or 0
    return total
