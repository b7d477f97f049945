"""Sites: the job sites (chantiers) of a customer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.addresses import CITY_MAX, POSTCODE_MAX
from bot.domain.customers import FIELD_MAX, NAME_MAX, clean_text
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.roles import Actor, Permission, require
from storage.models import Customer, Site


@dataclass(frozen=True)
class NewSite:
    customer_id: int
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class SiteView:
    id: int
    customer_id: int
    customer_name: str
    name: str
    address: str
    postcode: str
    city: str
    lat: float | None
    lon: float | None
    status: str


logger = logging.getLogger(__name__)


def check_point(lat: float | None, lon: float | None) -> None:
    """Reject a GPS point outside the globe, or half a point."""
    if (lat is None) != (lon is None):
        raise InvalidInput("a location needs both latitude and longitude")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput("latitude or longitude is out of range")


async def create_site(
    session: AsyncSession, actor: Actor, new: NewSite, *, now: datetime
) -> SiteView:
    """Create a job site for a customer."""
    require(actor, Permission.CREATE_SITES)
    customer = await session.get(Customer, new.customer_id)
    if customer is None:
        raise NotFound(f"no customer {new.customer_id}")
    check_point(new.lat, new.lon)
    site = Site(
        customer_id=customer.id,
        name=clean_text(new.name, limit=NAME_MAX, what="site name", required=True),
        address=clean_text(new.address, limit=FIELD_MAX, what="address"),
        postcode=clean_text(new.postcode, limit=POSTCODE_MAX, what="postcode"),
        city=clean_text(new.city, limit=CITY_MAX, what="city"),
        lat=new.lat,
        lon=new.lon,
        created_by=actor.id,
        created_at=now,
    )
    session.add(site)
    await session.flush()
    logger.info("user %s created site %s for customer %s", actor.id, site.id, customer.id)
    return _view(site, customer)


async def read_site(session: AsyncSession, actor: Actor, site_id: int) -> SiteView:
    """Return one site."""
    require(actor, Permission.READ_CUSTOMERS)
    site = await session.get(Site, site_id)
    if site is None:
        raise NotFound(f"no site {site_id}")
    customer = await session.get(Customer, site.customer_id)
    assert customer is not None  # the foreign key guarantees it
    return _view(site, customer)


def _view(site: Site, customer: Customer) -> SiteView:
    return SiteView(
        id=site.id,
        customer_id=customer.id,
        customer_name=customer.name,
        name=site.name,
        address=site.address,
        postcode=site.postcode,
        city=site.city,
        lat=site.lat,
        lon=site.lon,
        status=site.status,
    )
