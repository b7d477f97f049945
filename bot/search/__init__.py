"""Fuzzy search over customers, contacts and sites: typos, accents, prefixes, phones."""

from bot.search.build import build_index
from bot.search.documents import (
    Document,
    Hit,
    Records,
    contact_document,
    customer_document,
    site_document,
)
from bot.search.duplicates import find_duplicates
from bot.search.index import SearchIndex
from bot.search.normalize import normalize_text, phone_digits

__all__ = [
    "Document",
    "Hit",
    "Records",
    "SearchIndex",
    "build_index",
    "contact_document",
    "customer_document",
    "find_duplicates",
    "normalize_text",
    "phone_digits",
    "site_document",
]
