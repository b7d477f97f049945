"""Translations: every text a user reads is looked up here, in French or English.

Source strings in the code are English; `bot/locales/fr.po` holds the French catalogue,
read with Babel at import, so no compile step stands between an edit and a run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from bot.settings import LANGUAGES

LOCALES = Path(__file__).parent / "locales"

Translate = Callable[[str], str]


@cache
def catalogue(language: str) -> dict[str, str]:
    """Return msgid → msgstr for a language; English is the source and needs none."""
    path = LOCALES / f"{language}.po"
    if language == "en" or not path.exists():
        return {}
    with path.open("rb") as po:
        messages = read_po(po)
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def translator(language: str) -> Translate:
    """Return the `_` function for one language."""
    table = catalogue(language)

    def _(text: str) -> str:
        return table.get(text, text)

    return _


def pick_language(stored: str | None, telegram_code: str | None, default: str) -> str:
    """Choose the user's setting, else Telegram's language_code, else the company default."""
    if stored in LANGUAGES:
        return stored
    short = (telegram_code or "").split("-")[0].lower()
    return short if short in LANGUAGES else default


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction only"
    """Mark a string for the catalogue without translating it yet."""
    return text
