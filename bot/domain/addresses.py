"""Reading a typed French address: street, then a five-digit postcode and the city."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import InvalidInput

ADDRESS_MAX = 300

POSTCODE_CITY = re.compile(r"(?:^|[\s,])(\d{5})\s+([^\d,][^,]*)$")
TRAILING_PHONE = re.compile(r"(\+?\d[\d\s.\-]{7,}\d)\s*$")


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str


def split_address(text: str) -> Address:
    """Split "12 rue de la Paix, 75002 Paris" into its parts; keep it whole if unsure."""
    text = " ".join(text.split()).strip(" ,")
    match = POSTCODE_CITY.search(text)
    if match is None:
        return Address(street=text, postcode="", city="")
    street = text[: match.start()].strip(" ,")
    return Address(street=street, postcode=match.group(1), city=match.group(2).strip())


def read_address(text: str) -> Address:
    """Split a typed address; raise InvalidInput when it is too long to be one."""
    if len(text) > ADDRESS_MAX:
        raise InvalidInput(f"an address has at most {ADDRESS_MAX} characters")
    return split_address(text)


def split_name_and_phone(text: str) -> tuple[str, str]:
    """Split "Jean Martin 06 12 34 56 78" into the name and the phone number."""
    text = " ".join(text.split())
    match = TRAILING_PHONE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].strip(" ,;"), match.group(1)
