"""The search index on a small hand-made company: query kinds, live changes, ordering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.search import (
    Document,
    Hit,
    SearchIndex,
    contact_document,
    customer_document,
    site_document,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def company() -> list[Document]:
    """A few customers with their contacts and sites, as field staff would meet them."""
    return [
        customer_document(
            1,
            "Dupont Plomberie SARL",
            "06 12 34 56 78",
            "contact@dupont-plomberie.fr",
            "12 rue de l'Église",
            "69002",
            "Lyon",
            days_ago(30),
        ),
        customer_document(
            2,
            "Lefèvre Maçonnerie",
            "+33 4 78 00 11 22",
            "",
            "3 avenue Victor Hugo",
            "38000",
            "Grenoble",
            days_ago(20),
        ),
        customer_document(
            3,
            "Jean Martin",
            "07.11.22.33.44",
            "jean.martin@orange.fr",
            "8 chemin des Lilas",
            "42000",
            "Saint-Étienne",
            days_ago(10),
        ),
        customer_document(
            4,
            "SCI Les Tilleuls",
            "",
            "",
            "5 place Bellecour",
            "69002",
            "Lyon",
            days_ago(5),
        ),
        contact_document(
            1, 1, "Sophie Dubois", "06 98 76 54 32", "s.dubois@free.fr", days_ago(30)
        ),
        contact_document(2, 2, "Karim Benali", "", "karim@lefevre.fr", days_ago(20)),
        site_document(1, 1, "Rénovation cuisine", "27 boulevard Gambetta", "69003", "Lyon", NOW),
        site_document(2, 4, "Ravalement façade", "5 place Bellecour", "69002", "Lyon", NOW),
        site_document(3, 3, "Extension garage", "14 rue Pasteur", "42100", "Saint-Étienne", NOW),
    ]


def index_of(documents: list[Document]) -> SearchIndex:
    index = SearchIndex()
    index.load(documents)
    return index


def keys(hits: list[Hit]) -> list[tuple[str, int]]:
    return [(hit.kind, hit.id) for hit in hits]


def first(index: SearchIndex, text: str, **options: object) -> tuple[str, int]:
    hits = index.search(text, **options)
    assert hits, f"nothing found for {text!r}"
    return hits[0].kind, hits[0].id


def test_search_finds_customer_despite_a_typo() -> None:
    assert first(index_of(company()), "dupnot") == ("customer", 1)


def test_search_finds_customer_despite_two_typos_in_a_word() -> None:
    assert first(index_of(company()), "plonmbeire") == ("customer", 1)


def test_search_finds_customer_typed_without_accents() -> None:
    assert first(index_of(company()), "lefevre maconnerie") == ("customer", 2)


def test_search_finds_customer_from_the_first_letters_of_its_words() -> None:
    assert first(index_of(company()), "lef maç") == ("customer", 2)


def test_search_finds_customer_with_words_swapped() -> None:
    assert first(index_of(company()), "martin jean") == ("customer", 3)


def test_search_finds_site_from_its_street_alone() -> None:
    assert first(index_of(company()), "27 bd gambetta") == ("site", 1)


def test_search_finds_records_of_a_postcode() -> None:
    hits = index_of(company()).search("69002")

    assert set(keys(hits)) == {("customer", 1), ("customer", 4), ("site", 2)}


def test_search_finds_records_of_a_city_typed_loosely() -> None:
    hits = index_of(company()).search("saint etiene")

    assert set(keys(hits)) == {("customer", 3), ("site", 3)}


@pytest.mark.parametrize("typed", ["0612345678", "+33 6 12 34 56 78", "06.12.34.56.78"])
def test_search_finds_customer_by_phone_in_any_format(typed: str) -> None:
    assert first(index_of(company()), typed) == ("customer", 1)


def test_search_finds_contact_by_name_and_shows_its_customer() -> None:
    hit = index_of(company()).search("sophie dubios")[0]

    assert (hit.kind, hit.id, hit.customer_id) == ("contact", 1, 1)
    assert (hit.name, hit.city, hit.customer_name) == (
        "Sophie Dubois",
        "Lyon",
        "Dupont Plomberie SARL",
    )


def test_search_finds_contact_by_email_address() -> None:
    assert first(index_of(company()), "s.dubois@free.fr") == ("contact", 1)


def test_legal_form_counts_less_than_a_name() -> None:
    hits = index_of(company()).search("tilleuls sarl")

    assert keys(hits)[0] == ("customer", 4)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("dupont", "name"),
        ("gambetta", "street"),
        ("grenoble", "city"),
        ("06 98 76 54 32", "phone"),
        ("karim benali", "contact"),
        ("orange.fr", "email"),
    ],
)
def test_search_reports_the_field_that_matched(typed: str, field: str) -> None:
    assert index_of(company()).search(typed)[0].field == field


def test_a_result_carries_what_a_list_shows() -> None:
    hit = index_of(company()).search("rénovation cuisine")[0]

    assert (hit.kind, hit.id, hit.name, hit.city) == ("site", 1, "Rénovation cuisine", "Lyon")
    assert 0 < hit.score <= 100


def test_added_record_is_found_by_the_next_search() -> None:
    index = index_of(company())

    index.add(customer_document(9, "Boulangerie Moreau", "", "", "", "44000", "Nantes", NOW))

    assert first(index, "boulangerie moreau") == ("customer", 9)


def test_added_phone_is_found_by_the_next_search() -> None:
    index = index_of(company())

    index.add(contact_document(7, 2, "Paul Roche", "06 55 44 33 22", "", NOW))

    assert first(index, "0655443322") == ("contact", 7)


def test_renamed_record_is_found_by_its_new_name() -> None:
    index = index_of(company())

    index.update(customer_document(2, "Lefèvre Bâtiment", "", "", "", "38000", "Grenoble", NOW))

    assert first(index, "lefevre batiment") == ("customer", 2)


def test_renamed_record_is_no_longer_found_by_its_old_name() -> None:
    index = index_of(company())

    index.update(customer_document(2, "Garnier Bâtiment", "", "", "", "38000", "Grenoble", NOW))

    assert ("customer", 2) not in keys(index.search("lefevre maconnerie"))


def test_removed_record_is_not_found() -> None:
    index = index_of(company())

    index.remove("customer", 3)

    assert ("customer", 3) not in keys(index.search("jean martin"))


def test_removing_an_unknown_record_says_so() -> None:
    assert index_of(company()).remove("customer", 404) is False


def test_live_changes_survive_a_compaction() -> None:
    index = index_of(company())
    index.add(customer_document(9, "Boulangerie Moreau", "", "", "", "44000", "Nantes", NOW))
    index.remove("customer", 1)

    index.compact()

    assert first(index, "moreau") == ("customer", 9)
    assert ("customer", 1) not in keys(index.search("dupont plomberie"))


def test_visible_filter_hides_what_the_user_may_not_see() -> None:
    hits = index_of(company()).search("lyon", visible=lambda kind, _id: kind != "site")

    assert hits and all(hit.kind != "site" for hit in hits)


def test_kinds_filter_keeps_only_those_kinds() -> None:
    hits = index_of(company()).search("lyon", kinds={"site"})

    assert set(keys(hits)) == {("site", 1), ("site", 2)}


def twins() -> list[Document]:
    """Two customers nothing in a name search tells apart; the second updated later."""
    return [
        customer_document(1, "Jean Martin", "", "", "", "", "Lyon", days_ago(9)),
        customer_document(2, "Jean Martin", "", "", "", "", "Lyon", days_ago(1)),
    ]


def test_equal_matches_go_to_the_most_recently_updated_record() -> None:
    assert first(index_of(twins()), "jean martin") == ("customer", 2)


def test_equal_matches_go_first_to_what_the_user_touched_last() -> None:
    activity = {("customer", 1): NOW}

    assert first(index_of(twins()), "jean martin", activity=activity) == ("customer", 1)


def test_touching_a_customer_lifts_its_sites_among_equals() -> None:
    documents = [
        site_document(1, 10, "Ravalement façade", "", "", "Lyon", days_ago(1)),
        site_document(2, 20, "Ravalement façade", "", "", "Lyon", days_ago(9)),
    ]
    activity = {("customer", 20): NOW}

    assert first(index_of(documents), "ravalement", activity=activity) == ("site", 2)


def test_activity_does_not_beat_a_better_match() -> None:
    activity = {("customer", 2): NOW}

    assert first(index_of(company()), "dupont", activity=activity) == ("customer", 1)


def test_a_new_kind_of_document_can_be_indexed() -> None:
    index = index_of(company())

    index.add(
        Document("item", 5, "Ciment prompt 25 kg", {"name": "Ciment prompt", "sku": "CIM-25"})
    )

    assert first(index, "ciment promt") == ("item", 5)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "a",
        "x" * 4000,
        "🏗️🧱",
        "%",
        "_",
        "'\"",
        "<b>dupont</b>",
        "'; DROP TABLE customers; --",
        "Robert'); DELETE FROM sites;--",
        "مرحبا شركة",
        "\u202edupont",
        "06 12 AB 34 56",
        "\x00\x01",
    ],
)
def test_odd_input_returns_a_list_without_error(typed: str) -> None:
    assert isinstance(index_of(company()).search(typed), list)


@pytest.mark.parametrize("typed", ["", " ", "a", "🏗️🧱", "%", "_", "'\""])
def test_input_without_two_letters_finds_nothing(typed: str) -> None:
    assert index_of(company()).search(typed) == []


def test_a_word_beyond_typos_gets_a_known_spelling_suggested() -> None:
    index = index_of(company())

    assert index.search("plmbri") == []
    assert "Plomberie" in index.suggest("plmbri")


def test_an_empty_index_finds_nothing() -> None:
    assert SearchIndex().search("dupont") == []


def test_an_index_filled_only_by_live_adds_finds_despite_typos() -> None:
    index = SearchIndex()

    for document in company():
        index.add(document)

    assert first(index, "lefevre maconerie") == ("customer", 2)


@pytest.mark.parametrize("stored", ["٠٦ ٩٨ ٧٦ ٥٤ ٣٢", "０６９８７６５４３２"])
def test_phone_stored_in_other_digits_loads_and_is_found_by_its_number(stored: str) -> None:
    document = customer_document(9, "Atelier Nour", stored, "", "", "", "Lyon", NOW)

    index = index_of([document])

    assert [hit.id for hit in index.search("06 98 76 54 32")] == [9]


def test_a_suggestion_is_spelled_as_the_record_writes_it() -> None:
    document = customer_document(8, "Cœur de Ville", "", "", "", "42000", "Saint-Étienne", NOW)
    index = index_of([document])

    assert (index.suggest("bœuf"), index.suggest("etiene")) == (["Cœur"], ["Étienne"])
