"""What the index holds (documents) and what a search returns (hits)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

CUSTOMER = "customer"
CONTACT = "contact"
SITE = "site"

NAME = "name"
CONTACT_NAME = "contact"
STREET = "street"
POSTCODE = "postcode"
CITY = "city"
PHONE = "phone"
EMAIL = "email"

# How much a word found in a field counts, against the same word found in a name. An
# e-mail address repeats the name, so a hit there alone must rank below the name itself.
FIELD_WEIGHTS = {
    NAME: 1.0,
    CONTACT_NAME: 1.0,
    STREET: 1.0,
    POSTCODE: 0.95,
    CITY: 0.95,
    EMAIL: 0.8,
}
OTHER_FIELD_WEIGHT = 0.9


@dataclass(frozen=True)
class Document:
    """One record as the index sees it: searchable fields plus what a result shows.

    `fields` maps a field name to raw text. A field named "phone" is matched on its digits,
    "email" on the words of the address; any other name (a later "caption" or "note") is
    plain text. A document without its own city shows the city of its customer.
    """

    kind: str
    id: int
    title: str
    fields: Mapping[str, str] = field(default_factory=dict)
    city: str = ""
    customer_id: int | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Records:
    """Many records of one kind, column by column: the fast way to fill the index."""

    kind: str
    ids: Sequence[int]
    titles: Sequence[str]
    fields: Mapping[str, Sequence[str]]
    cities: Sequence[str]
    customer_ids: Sequence[int | None]
    # Datetimes, or POSIX seconds as the bulk load reads them.
    updated_at: Sequence[datetime | float | None]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, documents: Sequence[Document]) -> Records:
        """Return the columns of documents of one kind; a missing field is empty."""
        names = {name for document in documents for name in document.fields}
        return cls(
            documents[0].kind,
            [document.id for document in documents],
            [document.title for document in documents],
            {name: [d.fields.get(name, "") for d in documents] for name in names},
            [document.city for document in documents],
            [document.customer_id for document in documents],
            [document.updated_at for document in documents],
        )


@dataclass(frozen=True)
class Hit:
    """One search result: which record, why it matched, and what to show.

    `field` names the field that matched best ("name", "contact", "street", "postcode",
    "city", "phone", "email"); `score` runs from 0 to 100. `customer_id` and
    `customer_name` give the customer file the record belongs to (itself for a customer).
    """

    kind: str
    id: int
    field: str
    score: float
    name: str
    city: str
    customer_id: int | None
    customer_name: str


def customer_document(
    id: int,
    name: str,
    phone: str,
    email: str,
    address: str,
    postcode: str,
    city: str,
    updated_at: datetime | None,
) -> Document:
    """Describe a customer row for the index."""
    fields = {NAME: name, STREET: address, POSTCODE: postcode, CITY: city}
    fields |= {PHONE: phone, EMAIL: email}
    return Document(CUSTOMER, id, name, fields, city, id, updated_at)


def contact_document(
    id: int,
    customer_id: int,
    name: str,
    phone: str,
    email: str,
    updated_at: datetime | None,
) -> Document:
    """Describe a contact row for the index; it shows its customer's city."""
    fields = {CONTACT_NAME: name, PHONE: phone, EMAIL: email}
    return Document(CONTACT, id, name, fields, "", customer_id, updated_at)


def site_document(
    id: int,
    customer_id: int,
    name: str,
    address: str,
    postcode: str,
    city: str,
    updated_at: datetime | None,
) -> Document:
    """Describe a site row for the index."""
    fields = {NAME: name, STREET: address, POSTCODE: postcode, CITY: city}
    return Document(SITE, id, name, fields, city, customer_id, updated_at)
