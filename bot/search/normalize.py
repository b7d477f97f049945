"""Fold typed text to the form the index compares: lowercase ASCII words, phone digits."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Written in French company names with or without dots ("S.A.R.L."); they say little about
# which company is meant, so the index weighs them down instead of dropping them.
LEGAL_FORMS = frozenset(
    ("sarl", "sas", "sasu", "eurl", "sci", "sa", "snc", "ei", "eirl", "ets", "etablissement")
    + ("etablissements", "scop", "scm", "sca", "scs", "selarl", "selas", "sem", "gie", "sccv")
    + ("earl", "gaec", "cie")
)

SPELLED_OUT = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d"}
# Unicode files these apostrophes under letters, so they would glue "lʼéglise" together.
SPELLED_OUT |= {"ʼ": " ", "ʻ": " ", "ʹ": " "}
SPELLED_OUT_PATTERN = re.compile("[" + "".join(SPELLED_OUT) + "]")
OTHER_THAN_ACCENTS = re.compile(r"[^\x00-\x7f\u0300-\u036f]")
DOTTED_ABBREVIATION = re.compile(r"(?<![a-z0-9])((?:[a-z]\.){2,}[a-z]?)", re.IGNORECASE)
# \d is any script's decimal digit; ascii_digits turns them all into 0-9 first.
ANY_DIGIT = re.compile(r"\d")
NON_DIGIT = re.compile(r"[^0-9]")
PHONE_LIKE = re.compile(r"\+?[\d\s.\-/()]+")
# Bytes translation is several times faster than str.translate, and most input is ASCII.
ASCII_WORD_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(128)
ASCII_PUNCTUATION = {c: " " for c in range(128) if not chr(c).isalnum()}
# Batches join texts with a control character that folding leaves in place and that
# str.split() does not take for a space (it does take \x1c-\x1f for one).
BATCH_SEPARATOR = "\x01"
ASCII_BATCH_BYTES = ASCII_WORD_BYTES[:1] + b"\x01" + ASCII_WORD_BYTES[2:]
ASCII_BATCH_PUNCTUATION = ASCII_PUNCTUATION | {1: BATCH_SEPARATOR}
NON_DIGIT_OR_SEPARATOR = re.compile(r"[^\d\x01]")
NOT_DIGIT_OR_SEPARATOR_BYTES = bytes(c for c in range(128) if not (chr(c).isdigit() or c == 1))


def _fold_non_ascii(text: str) -> str:
    if SPELLED_OUT_PATTERN.search(text):
        text = SPELLED_OUT_PATTERN.sub(lambda m: SPELLED_OUT[m.group()], text)
    text = unicodedata.normalize("NFKD", text)
    if not OTHER_THAN_ACCENTS.search(text):
        return text.encode("ascii", "ignore").decode()
    # Other scripts keep their letters; signs such as curly apostrophes become spaces.
    return "".join(_fold_character(c) for c in text)


def _fold_character(character: str) -> str:
    if character.isascii() or character.isalnum():
        return character
    return "" if unicodedata.combining(character) else " "


def normalize_text(text: str) -> str:
    """Lowercase, strip accents and punctuation: "l'Église S.A.R.L." -> "l eglise sarl"."""
    text = text.lower()
    if not text.isascii():
        text = _fold_non_ascii(text)
    if "." in text:
        text = _join_abbreviations(text)
    if text.isascii():
        return " ".join(text.encode().translate(ASCII_WORD_BYTES).decode().split())
    return " ".join(text.translate(ASCII_PUNCTUATION).split())


def _join_abbreviations(text: str) -> str:
    return DOTTED_ABBREVIATION.sub(lambda m: m.group(1).replace(".", ""), text)


def fold_joined(texts: Sequence[str]) -> str:
    """Normalise many texts into one string, with BATCH_SEPARATOR as a word between them.

    Splitting the result gives every word of every text in order: a bulk load folds a whole
    column in a few calls instead of several per value.
    """
    texts = [_join_abbreviations(text) if "." in text else text for text in texts]
    joined = BATCH_SEPARATOR.join(texts)
    if joined.count(BATCH_SEPARATOR) != len(texts) - 1:
        joined = BATCH_SEPARATOR.join(text.replace(BATCH_SEPARATOR, " ") for text in texts)
    text = joined.lower()
    if not text.isascii():
        text = _fold_non_ascii(text)
    if text.isascii():
        text = text.encode().translate(ASCII_BATCH_BYTES).decode()
    else:
        text = text.translate(ASCII_BATCH_PUNCTUATION)
    return text.replace(BATCH_SEPARATOR, f" {BATCH_SEPARATOR} ")


def normalize_many(texts: Sequence[str]) -> list[str]:
    """Normalise many texts; the same as normalize_text on each, only faster."""
    return [" ".join(part.split()) for part in fold_joined(texts).split(BATCH_SEPARATOR)]


def words(text: str) -> list[str]:
    """Split text into normalised words."""
    return normalize_text(text).split()


def is_legal_form(word: str) -> bool:
    """Tell whether a normalised word is a legal form such as "sarl" or "ets"."""
    return word in LEGAL_FORMS


def ascii_digits(text: str) -> str:
    """Write every decimal digit as 0-9: phones typed as "٠٦…" or "０６…" are the same numbers."""
    if text.isascii():
        return text
    return ANY_DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), text)


def phone_digits(text: str) -> str:
    """Reduce a phone number to its national digits: "+33 6 12.34" and "06 12 34" agree."""
    return _national(NON_DIGIT.sub("", ascii_digits(text)))


def phone_digits_many(texts: Sequence[str]) -> list[str]:
    """Return phone_digits of each text, faster."""
    joined = BATCH_SEPARATOR.join(texts)
    if joined.isascii():
        digits = joined.encode().translate(None, NOT_DIGIT_OR_SEPARATOR_BYTES).decode()
    else:
        digits = ascii_digits(NON_DIGIT_OR_SEPARATOR.sub("", joined))
    parts = digits.split(BATCH_SEPARATOR)
    if len(parts) != len(texts):
        return [phone_digits(text) for text in texts]
    return [_national(part) for part in parts]


def _national(digits: str) -> str:
    if digits.startswith("0033"):
        digits = digits[4:]
    elif digits.startswith("33") and len(digits) in (11, 12):
        digits = digits[2:]
    return digits.lstrip("0")


def looks_like_phone(text: str, *, min_digits: int = 6) -> bool:
    """Tell whether the text is only a phone number, in any usual spacing."""
    text = text.strip()
    if not PHONE_LIKE.fullmatch(text):
        return False
    return len(NON_DIGIT.sub("", ascii_digits(text))) >= min_digits


def email_text(address: str) -> str:
    """Spell an e-mail address as words: dots part words there ("j.martin" is j, martin)."""
    return address.replace(".", " ")
