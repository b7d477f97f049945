"""The French catalogue covers every text a user can read, and keeps its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

import bot
from bot.i18n import catalogue

PLACEHOLDER = re.compile(r"\{\w+\}")


def source_strings() -> set[str]:
    """Every string the code passes to `_` or `N_`."""
    root = Path(bot.__file__).parent
    return {
        message for _, _, message, *_ in extract_from_dir(str(root)) if isinstance(message, str)
    }


def test_every_user_text_has_a_french_translation() -> None:
    french = catalogue("fr")

    missing = sorted(s for s in source_strings() if not french.get(s))

    assert missing == []


def test_french_translations_keep_the_same_placeholders() -> None:
    french = catalogue("fr")

    mismatched = [
        s
        for s in source_strings()
        if s in french and set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(french[s]))
    ]

    assert mismatched == []


def test_extraction_finds_the_texts_of_the_handlers() -> None:
    assert "Sorry, that failed. It has been logged." in source_strings()
