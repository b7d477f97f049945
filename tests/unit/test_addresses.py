"""Reading typed addresses and "name + phone" answers."""

from __future__ import annotations

import pytest

from bot.domain.addresses import Address, read_address, split_address, split_name_and_phone
from bot.domain.customers import clean_phone
from bot.domain.errors import InvalidInput
from bot.domain.phones import dialable


def test_address_splits_into_street_postcode_and_city() -> None:
    address = split_address("12 rue de la Paix, 75002 Paris")

    assert address == Address(street="12 rue de la Paix", postcode="75002", city="Paris")


def test_address_without_comma_still_splits() -> None:
    address = split_address("3 avenue Foch 69006 Lyon")

    assert address == Address(street="3 avenue Foch", postcode="69006", city="Lyon")


def test_city_keeps_its_spaces_and_hyphens() -> None:
    address = split_address("1 chemin des Vignes, 13100 Aix-en-Provence Sud")

    assert address.city == "Aix-en-Provence Sud"


def test_postcode_and_city_alone_leave_the_street_empty() -> None:
    address = split_address("44000 Nantes")

    assert address == Address(street="", postcode="44000", city="Nantes")


@pytest.mark.parametrize("text", ["Zone artisanale, lot 4", "12 rue Haute, 7500 Paris"])
def test_address_without_a_five_digit_postcode_stays_whole_in_the_street(text: str) -> None:
    address = split_address(text)

    assert address == Address(street=text, postcode="", city="")


def test_address_whitespace_is_collapsed() -> None:
    address = split_address("  5   place   Bellecour ,  69002   Lyon  ")

    assert address == Address(street="5 place Bellecour", postcode="69002", city="Lyon")


def test_trailing_phone_is_split_from_the_name() -> None:
    name, phone = split_name_and_phone("Jean Martin 06 12 34 56 78")

    assert (name, phone) == ("Jean Martin", "06 12 34 56 78")


def test_international_phone_is_split_from_the_name() -> None:
    name, phone = split_name_and_phone("Sophie Leroy, +33 6.12.34.56.78")

    assert (name, phone) == ("Sophie Leroy", "+33 6.12.34.56.78")


def test_name_without_phone_comes_back_alone() -> None:
    name, phone = split_name_and_phone("  Jean   Martin ")

    assert (name, phone) == ("Jean Martin", "")


def test_short_number_in_a_name_is_not_taken_for_a_phone() -> None:
    name, phone = split_name_and_phone("Équipe 12")

    assert (name, phone) == ("Équipe 12", "")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Jean Martin 06.12.34.56.78.", ("Jean Martin", "06.12.34.56.78")),
        ("Jean Martin (06 12 34 56 78)", ("Jean Martin", "06 12 34 56 78")),
        ("06 12 34 56 78 Jean Martin", ("Jean Martin", "06 12 34 56 78")),
        ("Jean Martin: +33 6 12 34 56 78", ("Jean Martin", "+33 6 12 34 56 78")),
        ("Anne ٠٦١٢٣٤٥٦٧٨", ("Anne", "0612345678")),
        ("Entreprise 2000 06 11 22 33 44", ("Entreprise 2000", "06 11 22 33 44")),
        ("Jean Martin +33 (0)6 12 34 56 78", ("Jean Martin", "+33 (0)6 12 34 56 78")),
    ],
)
def test_phone_is_found_wherever_it_sits_in_a_typed_contact(
    typed: str, expected: tuple[str, str]
) -> None:
    assert split_name_and_phone(typed) == expected


def test_city_longer_than_its_column_is_refused_at_the_address_step() -> None:
    with pytest.raises(InvalidInput, match="city"):
        read_address("12 rue X, 75002 " + "Saint-" * 30 + "Paris")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "06 12 34 56 78"),
        ("٠٦١٢٣٤٥٦٧٨", "0612345678"),
        ("０６１２３４５６７８", "0612345678"),
        ("+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78"),
    ],
)
def test_phone_is_stored_in_ascii_digits(typed: str, stored: str) -> None:
    assert clean_phone(typed) == stored


@pytest.mark.parametrize("typed", ["------", "()()()()", "06 12", "06 12 AB 56 78", "+33 6"])
def test_text_that_is_not_a_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        clean_phone(typed)


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34 56 78",
        "+33612345678",
        "33612345678",
        "0033 6 12 34 56 78",
        "٠٦١٢٣٤٥٦٧٨",
        "+33 (0)6 12 34 56 78",
    ],
)
def test_french_numbers_are_shown_in_international_form(phone: str) -> None:
    assert dialable(phone) == "+33 6 12 34 56 78"


def test_foreign_numbers_are_shown_as_typed() -> None:
    assert dialable("+41 22 123 45 67") == "+41 22 123 45 67"
