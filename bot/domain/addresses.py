"""Reading a typed French address: street, then a five-digit postcode and the city."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import InvalidInput
from bot.search.normalize import ascii_digits

ADDRESS_MAX = 300
POSTCODE_MAX = 12
CITY_MAX = 100

POSTCODE_CITY = re.compile(r"(?:^|[\s,])([0-9]{5})\s+([^\d,][^,]*)$")
# A phone number anywhere in "Jean Martin (06 12 34 56 78)": eight digits or more, with the
# usual separators between them.
PHONE_IN_TEXT = re.compile(r"\+?[0-9](?:[\s.\-/()]*[0-9]){7,}")
NAME_EDGES = " ,;:-–()[]."
NATIONAL_DIGITS = 10


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
    """Split a typed address; raise InvalidInput when it, or its city, is too long."""
    if len(text) > ADDRESS_MAX:
        raise InvalidInput(f"an address has at most {ADDRESS_MAX} characters")
    address = split_address(ascii_digits(text))
    if len(address.city) > CITY_MAX:
        raise InvalidInput(f"a city has at most {CITY_MAX} characters")
    return address


def split_name_and_phone(text: str) -> tuple[str, str]:
    """Split "Jean Martin 06 12 34 56 78" (the number anywhere) into the name and the number."""
    text = " ".join(ascii_digits(text).split())
    match = PHONE_IN_TEXT.search(text)
    if match is None:
        return text, ""
    start, phone = match.start(), match.group()
    # "Entreprise 2000 06 11 22 33 44": a national number has 10 digits, the rest is the name.
    while _digits(phone) > NATIONAL_DIGITS and not phone.startswith(("+", "00")):
        head, _, rest = phone.partition(" ")
        if not rest or _digits(rest) < NATIONAL_DIGITS:
            break
        start, phone = start + len(head) + 1, rest
    name = text[:start].strip(NAME_EDGES) + " " + text[match.end() :].strip(NAME_EDGES)
    return name.strip(), phone


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)
