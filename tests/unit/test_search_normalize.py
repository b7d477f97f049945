"""Normalisation rules of the search index: each one on its own."""

from __future__ import annotations

import pytest

from bot.search.normalize import (
    LEGAL_FORMS,
    email_text,
    is_legal_form,
    looks_like_phone,
    normalize_many,
    normalize_text,
    phone_digits,
    phone_digits_many,
)


def test_normalize_lowercases_text() -> None:
    assert normalize_text("DUPONT Plomberie") == "dupont plomberie"


def test_normalize_strips_accents() -> None:
    assert normalize_text("Lévêque Élodie Noël façade") == "leveque elodie noel facade"


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Œuvre", "oeuvre"), ("cœur", "coeur"), ("Lætitia", "laetitia"), ("Straße", "strasse")],
)
def test_normalize_spells_out_ligatures(typed: str, folded: str) -> None:
    assert normalize_text(typed) == folded


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_normalize_turns_apostrophes_into_spaces(apostrophe: str) -> None:
    assert normalize_text(f"rue de l{apostrophe}Église") == "rue de l eglise"


def test_normalize_turns_punctuation_into_single_spaces() -> None:
    assert normalize_text("Dupont & Fils -- (Lyon), « 3e »!") == "dupont fils lyon 3e"


def test_normalize_joins_dotted_abbreviations() -> None:
    assert normalize_text("S.A.R.L. Dupont") == "sarl dupont"


def test_normalize_keeps_letters_of_other_scripts() -> None:
    assert normalize_text("Ελένη مرحبا") == "ελενη مرحبا"


def test_normalize_drops_emoji_and_invisible_marks() -> None:
    assert normalize_text("🏗️ Dupont\u200f") == "dupont"


@pytest.mark.parametrize("form", ["SARL", "SAS", "SASU", "EURL", "SCI", "SA", "SNC", "EI", "EIRL"])
def test_common_legal_forms_are_recognised(form: str) -> None:
    assert is_legal_form(normalize_text(form))


def test_ets_counts_as_a_legal_form() -> None:
    assert is_legal_form(normalize_text("Ets."))


def test_a_surname_is_not_a_legal_form() -> None:
    assert not is_legal_form("dupont")


def test_legal_forms_are_stored_normalised() -> None:
    assert all(form == normalize_text(form) for form in LEGAL_FORMS)


@pytest.mark.parametrize(
    "written",
    [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "0033 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
    ],
)
def test_phone_digits_agree_whatever_the_spacing_and_prefix(written: str) -> None:
    assert phone_digits(written) == "612345678"


def test_phone_digits_keep_a_foreign_country_code() -> None:
    assert phone_digits("+32 2 123 45 67") == "3221234567"


def test_looks_like_phone_accepts_separators() -> None:
    assert looks_like_phone("+33 (0)6 12.34-56 78")


def test_looks_like_phone_refuses_letters() -> None:
    assert not looks_like_phone("06 12 AB 34 56")


def test_looks_like_phone_refuses_a_postcode() -> None:
    assert not looks_like_phone("69003")


def test_an_email_address_reads_as_its_words() -> None:
    assert normalize_text(email_text("J.Martin@BTP-Sud.fr")) == "j martin btp sud fr"


def test_normalize_many_gives_the_same_as_one_by_one() -> None:
    texts = ["l'Église", "S.A.R.L. Dupont", "", "Ελένη", "a\x01b", "Straße  Nord", "😀"]

    assert normalize_many(texts) == [normalize_text(text) for text in texts]


def test_phone_digits_many_gives_the_same_as_one_by_one() -> None:
    numbers = ["06 12 34 56 78", "", "+33 7 11 22 33 44", "n/a", "٠٦١٢"]

    assert phone_digits_many(numbers) == [phone_digits(number) for number in numbers]
