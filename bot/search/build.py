"""Fill a search index from the database at start: plain rows, table by table, page by page."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, Row, Select, cast, extract, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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

PAGE_ROWS = 20_000

Columns = Callable[[Sequence[Row[Any]]], Records]
Pages = Callable[[int | None], Select[Any]]


def epoch_seconds(column: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """Read a datetime as POSIX seconds computed by the database.

    Turning a few hundred thousand datetimes into Python objects costs seconds at start;
    the database does it for free. Times are stored in UTC.
    """
    if dialect == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(extract("epoch", column), Float)


def customer_rows(dialect: str, after: int | None = None) -> Select[Any]:
    """Select the customer columns the index needs, a page of ids after `after`."""
    query = select(
        Customer.id,
        Customer.name,
        Customer.phone,
        Customer.email,
        Customer.address,
        Customer.postcode,
        Customer.city,
        epoch_seconds(Customer.updated_at, dialect),
    )
    return _page(query, Customer.id, after)


def contact_rows(dialect: str, after: int | None = None) -> Select[Any]:
    """Select the contact columns the index needs; contacts have no update time."""
    query = select(
        Contact.id,
        Contact.customer_id,
        Contact.name,
        Contact.phone,
        Contact.email,
        epoch_seconds(Contact.created_at, dialect),
    )
    return _page(query, Contact.id, after)


def site_rows(dialect: str, after: int | None = None) -> Select[Any]:
    """Select the site columns the index needs; sites have no update time."""
    query = select(
        Site.id,
        Site.customer_id,
        Site.name,
        Site.address,
        Site.postcode,
        Site.city,
        epoch_seconds(Site.created_at, dialect),
    )
    return _page(query, Site.id, after)


def _page(query: Select[Any], key: ColumnElement[int], after: int | None) -> Select[Any]:
    """Keep PAGE_ROWS rows whose key follows `after`, in key order."""
    if after is not None:
        query = query.where(key > after)
    return query.order_by(key).limit(PAGE_ROWS)


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


SOURCES: list[tuple[Callable[[str, int | None], Select[Any]], Columns]] = [
    (customer_rows, customer_records),
    (contact_rows, contact_records),
    (site_rows, site_records),
]


async def build_index(engine: AsyncEngine) -> SearchIndex:
    """Read every customer, contact and site into a new index."""
    started = time.perf_counter()
    index = SearchIndex()
    async with engine.connect() as connection:
        async with connection.begin():
            index.reserve(await _count_records(connection))
        for query, columns in SOURCES:
            pages = partial(query, engine.dialect.name)
            await _load_table(connection, index, pages, columns)
    index.compact()
    logger.info(
        "search index built: %s records in %.1f s", len(index), time.perf_counter() - started
    )
    return index


async def _load_table(
    connection: AsyncConnection, index: SearchIndex, query: Pages, columns: Columns
) -> None:
    """Index a table page by page, each page read in its own short transaction.

    On SQLite every transaction takes the write lock (storage begins them IMMEDIATE): one
    read of the whole table would hold writers off for the length of the build.
    """
    # LIMITATION: a record changed while its page is read may be indexed in its old form,
    # after the live update; updating it again fixes it.
    after = None
    while True:
        async with connection.begin():
            rows = (await connection.execute(query(after))).all()
        if not rows:
            return
        index.extend(columns(rows))
        after = rows[-1][0]


async def _count_records(connection: AsyncConnection) -> int:
    total = 0
    for table in (Customer, Contact, Site):
        total += await connection.scalar(select(func.count()).select_from(table)) or 0
    return total
