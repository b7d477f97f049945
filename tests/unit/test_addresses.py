"""Reading typed addresses and "name + phone" answers."""

from __future__ import annotations

import pytest

from bot.domain.addresses import Address, split_address, split_name_and_phone


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
