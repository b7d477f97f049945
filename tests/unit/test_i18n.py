"""Language choice and translation lookup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import i18n
from bot.i18n import pick_language, translator

FRENCH_CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Customer"
msgstr "Client"

#, fuzzy
msgid "Site"
msgstr "Chantier"

msgid "Quote"
msgstr ""
"""


@pytest.fixture
def french_catalogue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Point the translator at a small fr.po holding one good, one fuzzy, one empty entry."""
    (tmp_path / "fr.po").write_text(FRENCH_CATALOGUE, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.catalogue.cache_clear()
    yield
    i18n.catalogue.cache_clear()


def test_stored_language_comes_first() -> None:
    language = pick_language("en", "fr-FR", "fr")

    assert language == "en"


def test_telegram_language_code_is_used_when_nothing_is_stored() -> None:
    language = pick_language(None, "en-GB", "fr")

    assert language == "en"


def test_telegram_language_code_is_read_case_insensitively() -> None:
    language = pick_language(None, "EN", "fr")

    assert language == "en"


def test_unsupported_stored_language_is_ignored() -> None:
    language = pick_language("xx", "en-US", "fr")

    assert language == "en"


def test_unsupported_telegram_language_falls_back_to_the_default() -> None:
    language = pick_language(None, "de-DE", "fr")

    assert language == "fr"


def test_no_language_at_all_gives_the_default() -> None:
    language = pick_language(None, None, "en")

    assert language == "en"


def test_french_translator_uses_the_catalogue(french_catalogue: None) -> None:
    _ = translator("fr")

    assert _("Customer") == "Client"


def test_text_missing_from_the_catalogue_comes_back_as_written(french_catalogue: None) -> None:
    _ = translator("fr")

    assert _("Warehouse") == "Warehouse"


def test_fuzzy_translation_is_not_used(french_catalogue: None) -> None:
    _ = translator("fr")

    assert _("Site") == "Site"


def test_empty_translation_is_not_used(french_catalogue: None) -> None:
    _ = translator("fr")

    assert _("Quote") == "Quote"


def test_english_needs_no_catalogue(french_catalogue: None) -> None:
    _ = translator("en")

    assert _("Customer") == "Customer"


def test_language_without_a_catalogue_falls_back_to_the_source_text(
    french_catalogue: None,
) -> None:
    _ = translator("es")

    assert _("Customer") == "Customer"
