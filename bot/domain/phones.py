"""Phone numbers shown so that a tap on an old phone dials them."""

from __future__ import annotations

import re

from bot.search.normalize import ascii_digits

FRENCH_NATIONAL = re.compile(r"^0(\d{9})$")


def dialable(phone: str) -> str:
    """Write a French number in international form ("+33 6 12 34 56 78").

    Telegram apps turn international numbers into tappable links; national ones not always.
    Anything else is returned as typed.
    """
    # "+33 (0)6 …" is how French numbers are often written: the (0) is not dialled.
    digits = re.sub(r"[^0-9+]", "", ascii_digits(phone).replace("(0)", ""))
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("33") and len(digits) == 11:
        # Telegram shares a contact's number without its "+".
        digits = "0" + digits[2:]
    match = FRENCH_NATIONAL.match(digits)
    if match is None:
        return phone
    rest = match.group(1)
    pairs = " ".join(rest[i : i + 2] for i in range(1, 9, 2))
    return f"+33 {rest[0]} {pairs}"
