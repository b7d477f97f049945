"""The duplicate guard: warn before creating a customer or contact that already exists."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.search import SearchIndex, contact_document, customer_document, find_duplicates

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def existing() -> SearchIndex:
    index = SearchIndex()
    index.load(
        [
            customer_document(
                1, "Dupont Plomberie SARL", "06 12 34 56 78", "", "", "69002", "Lyon", NOW
            ),
            customer_document(2, "Jean Martin", "", "", "", "42000", "Saint-Étienne", NOW),
            contact_document(1, 1, "Sophie Dubois", "07 98 76 54 32", "", NOW),
        ]
    )
    return index


def found(hits: list) -> set[tuple[str, int]]:
    return {(hit.kind, hit.id) for hit in hits}


def test_same_phone_digits_in_another_format_is_a_duplicate() -> None:
    hits = find_duplicates(existing(), name="Plomberie du Rhône", phone="+33 6 12 34 56 78")

    assert found(hits) == {("customer", 1)}


def test_a_contact_with_the_same_phone_is_a_duplicate() -> None:
    hits = find_duplicates(existing(), name="S. Dubois", phone="0798765432")

    assert found(hits) == {("contact", 1)}


def test_near_identical_name_in_the_same_city_is_a_duplicate() -> None:
    hits = find_duplicates(existing(), name="Dupond Plomberie SAS", city="lyon")

    assert found(hits) == {("customer", 1)}


def test_the_same_name_in_another_city_is_not_a_duplicate() -> None:
    hits = find_duplicates(existing(), name="Jean Martin", city="Lyon")

    assert hits == []


def test_the_same_name_with_no_city_given_is_a_duplicate() -> None:
    hits = find_duplicates(existing(), name="Martin Jean")

    assert found(hits) == {("customer", 2)}


def test_a_name_with_another_word_is_not_a_duplicate() -> None:
    hits = find_duplicates(existing(), name="Dupont Plomberie Chauffage", city="Lyon")

    assert hits == []


def test_a_new_name_and_phone_find_nothing() -> None:
    hits = find_duplicates(existing(), name="Garnier Couverture", phone="05 55 55 55 55")

    assert hits == []
