"""Customers and their contacts: create, read the card, add a contact."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.domain.addresses import CITY_MAX, POSTCODE_MAX
from bot.domain.audit import record_audit
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.roles import Actor, Permission, require
from bot.search.normalize import ascii_digits
from storage.models import Contact, Customer

logger = logging.getLogger(__name__)

NAME_MAX = 200
FIELD_MAX = 300
PHONE_DIGITS = re.compile(r"^\+?[0-9\s.\-()/]{6,30}$")
PHONE_MIN_DIGITS = 6


class CustomerKind(StrEnum):
    COMPANY = "company"
    PERSON = "person"


@dataclass(frozen=True)
class NewCustomer:
    name: str
    kind: CustomerKind = CustomerKind.COMPANY
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class ContactView:
    id: int
    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class SiteLine:
    id: int
    name: str
    city: str
    status: str


@dataclass(frozen=True)
class CustomerCard:
    id: int
    name: str
    kind: CustomerKind
    phone: str
    email: str
    address: str
    postcode: str
    city: str
    contacts: list[ContactView]
    sites: list[SiteLine]


@dataclass(frozen=True)
class CustomerLine:
    id: int
    name: str
    city: str


def clean_text(value: str, *, limit: int, what: str, required: bool = False) -> str:
    """Collapse whitespace and enforce a length; raise InvalidInput naming the field."""
    text = " ".join(value.split())
    if required and not text:
        raise InvalidInput(f"{what} is empty")
    if len(text) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    return text


def clean_phone(value: str) -> str:
    """Accept a phone number in any usual spacing and any script's digits, stored as 0-9.

    Raises:
        InvalidInput: the text holds other characters than digits and separators, or fewer
            than PHONE_MIN_DIGITS digits.
    """
    text = " ".join(ascii_digits(value).split())
    if text and not PHONE_DIGITS.match(text):
        raise InvalidInput("phone number holds characters other than digits and separators")
    if text and sum(c.isdigit() for c in text) < PHONE_MIN_DIGITS:
        raise InvalidInput(f"a phone number has at least {PHONE_MIN_DIGITS} digits")
    return text


async def create_customer(
    session: AsyncSession, actor: Actor, new: NewCustomer, *, now: datetime
) -> CustomerCard:
    """Create a customer file from the answers to the guided questions."""
    require(actor, Permission.CREATE_CUSTOMERS)
    customer = Customer(
        name=clean_text(new.name, limit=NAME_MAX, what="name", required=True),
        kind=new.kind,
        phone=clean_phone(new.phone),
        email=clean_text(new.email, limit=NAME_MAX, what="e-mail"),
        address=clean_text(new.address, limit=FIELD_MAX, what="address"),
        postcode=clean_text(new.postcode, limit=POSTCODE_MAX, what="postcode"),
        city=clean_text(new.city, limit=CITY_MAX, what="city"),
        created_by=actor.id,
        created_at=now,
        updated_at=now,
    )
    session.add(customer)
    await session.flush()
    logger.info("user %s created customer %s", actor.id, customer.id)
    return await read_customer(session, actor, customer.id, now=now, audit=False)


async def add_contact(
    session: AsyncSession,
    actor: Actor,
    customer_id: int,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    role: str = "",
    now: datetime,
) -> ContactView:
    """Add a contact person to a customer."""
    require(actor, Permission.CREATE_CUSTOMERS)
    await _load(session, customer_id)
    contact = Contact(
        customer_id=customer_id,
        name=clean_text(name, limit=NAME_MAX, what="name", required=True),
        phone=clean_phone(phone),
        email=clean_text(email, limit=NAME_MAX, what="e-mail"),
        role=clean_text(role, limit=100, what="role"),
        created_at=now,
    )
    session.add(contact)
    await session.flush()
    logger.info("user %s added contact %s to customer %s", actor.id, contact.id, customer_id)
    return _contact_view(contact)


async def read_customer(
    session: AsyncSession, actor: Actor, customer_id: int, *, now: datetime, audit: bool = True
) -> CustomerCard:
    """Return the customer card; reading contacts' personal data is audited."""
    require(actor, Permission.READ_CUSTOMERS)
    customer = await _load(session, customer_id)
    if audit:
        await record_audit(
            session,
            user_id=actor.id,
            action="read",
            record_type="customer",
            record_id=customer.id,
            now=now,
        )
    return CustomerCard(
        id=customer.id,
        name=customer.name,
        kind=CustomerKind(customer.kind),
        phone=customer.phone,
        email=customer.email,
        address=customer.address,
        postcode=customer.postcode,
        city=customer.city,
        contacts=[_contact_view(c) for c in customer.contacts],
        sites=[SiteLine(s.id, s.name, s.city, s.status) for s in customer.sites],
    )


async def customer_to_extend(
    session: AsyncSession, actor: Actor, customer_id: int, permission: Permission
) -> CustomerLine:
    """Return the customer a new contact or site would join, if the actor may add it."""
    require(actor, permission)
    customer = await session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"no customer {customer_id}")
    return CustomerLine(customer.id, customer.name, customer.city)


async def _load(session: AsyncSession, customer_id: int) -> Customer:
    customer = await session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .options(selectinload(Customer.contacts), selectinload(Customer.sites))
    )
    if customer is None:
        raise NotFound(f"no customer {customer_id}")
    return customer


def _contact_view(contact: Contact) -> ContactView:
    return ContactView(contact.id, contact.name, contact.role, contact.phone, contact.email)
