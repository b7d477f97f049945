"""Warn before a new customer or contact duplicates one the company already has."""

from __future__ import annotations

from bot.search.documents import CONTACT, CONTACT_NAME, CUSTOMER, NAME, Hit
from bot.search.index import SearchIndex
from bot.search.normalize import is_legal_form, normalize_text

# A name differing by a typo or a legal form scores above this; one with a word more
# ("Dupont Plomberie Chauffage" for "Dupont Plomberie") scores below.
NEAR_IDENTICAL = 90.0
PEOPLE = (CUSTOMER, CONTACT)


def find_duplicates(
    index: SearchIndex, *, name: str, phone: str = "", city: str = "", limit: int = 5
) -> list[Hit]:
    """Return customers and contacts that look like the one about to be created: the same
    phone digits, or a near-identical name in the same city (anywhere when none is given)."""
    found: dict[tuple[str, int], Hit] = {}
    for hit in index.find_phone(phone, limit=limit) if phone else []:
        found.setdefault((hit.kind, hit.id), hit)
    # "Dupont SAS" duplicates "Dupont SARL": the legal form is left out of the comparison.
    core_name = " ".join(w for w in normalize_text(name).split() if not is_legal_form(w))
    for hit in index.search(core_name, limit=4 * limit, kinds=PEOPLE) if core_name else []:
        if _near_identical(hit, city):
            found.setdefault((hit.kind, hit.id), hit)
    return list(found.values())[:limit]


def _near_identical(hit: Hit, city: str) -> bool:
    if hit.field not in (NAME, CONTACT_NAME) or hit.score < NEAR_IDENTICAL:
        return False
    return not city or normalize_text(city) == normalize_text(hit.city)
