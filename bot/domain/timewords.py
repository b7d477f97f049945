"""Typed time words made readable for dateparser, remembering where each piece was typed.

dateparser misreads "9h" (nine hours from now), does not know "lundi prochain", "ce soir" or
"1er", and bends "31/02" into another date. `prepare` rewrites those pieces and refuses the
impossible ones; the reminder's text is still cut from what the user typed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import dateparser

from bot.domain.errors import InvalidInput

LANGUAGES = ["fr", "en"]
INPUT_MAX = 400

# Parts of the day dateparser does not know ("mercredi soir", "demain matin", "this
# evening"): the day word as dateparser reads it, and the hour the company means by the part
# unless the user gives one ("ce soir à 20h").
DAY_WORDS = {"ce": "aujourd'hui", "cet": "aujourd'hui", "this": "today"}
DAY_WORDS |= {
    day: day
    for day in (
        *("demain", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        *("tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"),
        "sunday",
    )
}
PART_HOURS = {"matin": "9:00", "morning": "9:00", "après-midi": "14:00", "aprem": "14:00"}
PART_HOURS |= {"afternoon": "14:00", "soir": "19:00", "evening": "19:00"}
TYPED_HOUR = re.compile(r"\d ?(?:h|heures?)\b|\d ?h ?\d\d|\d:\d\d|\d ?(?:am|pm)\b", re.IGNORECASE)
MASK = "§"
# Words for lengths of time, as dateparser reads them.
SPANS = {
    "une demi-heure": "30 minutes",
    "demi-heure": "30 minutes",
    "half an hour": "30 minutes",
    "un quart d'heure": "15 minutes",
    "a quarter of an hour": "15 minutes",
    "trois quarts d'heure": "45 minutes",
    "3/4 d'heure": "45 minutes",
    "la semaine prochaine": "lundi",
    "semaine prochaine": "lundi",
}
_HOUR = r"(?<![\w:])(?P<{h}>\d{{1,2}}) ?(?:h|heures?)(?: ?(?P<{m}>\d{{2}}))?"
# What dateparser misreads, rewritten before it reads, in this order at any one place:
# - a part of the day after a day word ("mercredi soir", "demain matin", "mardi prochain
#   soir"), as that day at the hour above;
# - a range of hours ("14h-15h", "9h/10h"), as its first hour;
# - a length of time before "de" ("prévoir 2h de pose", "2 hours on the roof"), or in
#   minutes ("prévoir 30 min"), hidden unless after "dans" or "in": it is not when;
# - "9h", "9 h", "14h30", "9 heures et demie", "3h de l'après-midi" (a bare "9h" is nine
#   hours from now to dateparser);
# - "lundi prochain", unknown to it (a weekday alone already means the next one);
# - "1er avril", and the words for lengths of time above.
REWRITES = re.compile(
    r"(?P<part>\b(?P<day>"
    + "|".join(DAY_WORDS)
    + r")(?: prochaine?)? (?P<when>"
    + "|".join(PART_HOURS)
    + r")\b)"
    + r"|(?P<range>"
    + _HOUR.format(h="rh", m="rm")
    + r" ?[-–/] ?\d{1,2} ?h(?: ?\d{2})?(?!\w))"
    + r"|(?P<span>(?<![\w:])\d{1,3} ?(?:h|heures?|min|minutes?|hours?)"
    + r"(?= (?:de|d['’]|of|on)\b(?! ?l['’]après-midi))"
    + r"|(?<![\w:])\d{1,3} ?min(?:utes?)?\b)"
    + r"|(?P<hour>"
    + _HOUR.format(h="h", m="m")
    + r"(?P<half> et demie)?(?P<pm> (?:de l['’]après-midi|du soir))?(?!\w))"
    + r"|(?P<next>(?P<word>\w+) prochaine?\b)"
    + r"|(?P<first>\b1er\b)"
    + r"|(?P<words>\b(?:"
    + "|".join(re.escape(w) for w in SPANS)
    + r")\b)",
    re.IGNORECASE,
)
AFTER_IN = re.compile(r"(?:\bdans|\bin) $", re.IGNORECASE)
DAY_MONTH = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?!\d)")


class ImpossibleDate(InvalidInput):
    """The text names a date or hour that does not exist, such as 31/02 or 25:00."""

    def __init__(self, written: str) -> None:
        super().__init__(f"{written} is not a date or hour that exists")
        self.written = written


class ReminderTooLong(InvalidInput):
    """The reminder text is longer than TEXT_MAX characters."""


@dataclass(frozen=True)
class Prepared:
    """The text rewritten for dateparser, and where each rewritten piece stood as typed."""

    typed: str
    text: str
    # (start, end) in `text`, then (start, end) in `typed`, in order.
    edits: list[tuple[int, int, int, int]]

    def typed_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of `typed` that the span of `text` was made from."""
        return self._typed_at(start, at_end=False), self._typed_at(end, at_end=True)

    def _typed_at(self, position: int, *, at_end: bool) -> int:
        shift = 0
        for start, end, typed_start, typed_end in self.edits:
            if position <= start:
                break
            if position < end:
                return typed_end if at_end else typed_start
            shift = typed_end - end
        return position + shift


def prepare(typed: str) -> Prepared:
    """Rewrite what dateparser misreads; refuse impossible dates and over-long input."""
    typed = " ".join(typed.split())
    if len(typed) > INPUT_MAX:
        raise ReminderTooLong(f"reminder is longer than {INPUT_MAX} characters")
    _check_calendar(typed)
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    cursor = length = 0
    has_hour = TYPED_HOUR.search(typed) is not None
    for match in REWRITES.finditer(typed):
        written = _rewritten(match, has_hour=has_hour)
        length += match.start() - cursor
        pieces += [typed[cursor : match.start()], written]
        edits.append((length, length + len(written), match.start(), match.end()))
        length += len(written)
        cursor = match.end()
    pieces.append(typed[cursor:])
    return Prepared(typed, "".join(pieces), edits)


def _check_calendar(text: str) -> None:
    """Refuse 31/02, 12/13 or 25:00 outright: dateparser would skip or bend them."""
    for match in DAY_MONTH.finditer(text):
        day, month = int(match[1]), int(match[2])
        year = int(match[3]) if match[3] else 2000  # a leap year: 29/02 exists in some year
        year += 2000 if year < 100 else 0
        if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
            raise ImpossibleDate(match[0])
    for match in CLOCK.finditer(text):
        if int(match[1]) > 23 or int(match[2]) > 59:
            raise ImpossibleDate(match[0])


def _rewritten(match: re.Match[str], *, has_hour: bool) -> str:
    if match["part"]:
        day = DAY_WORDS[match["day"].lower()]
        return day if has_hour else f"{day} {PART_HOURS[match['when'].lower()]}"
    if match["range"]:
        return _clock(match[0], int(match["rh"]), int(match["rm"] or 0))
    if match["span"]:
        # "dans 30 minutes" is when; "prévoir 30 min", "2h de pose" only say how long.
        return match[0] if AFTER_IN.search(match.string[: match.start()]) else MASK * len(match[0])
    if match["hour"]:
        return _hour_words(match)
    if match["next"]:
        return _drop_next(match)
    if match["first"]:
        return "1"
    return SPANS[match["words"].lower()]


def _hour_words(match: re.Match[str]) -> str:
    hours, minutes = int(match["h"]), int(match["m"] or (30 if match["half"] else 0))
    after = AFTER_IN.search(match.string[: match.start()])
    if after:
        # "dans 1h30", "in 1h30": a duration, which dateparser reads in words of one language.
        unit = "heures" if after[0].lower().startswith("dans") else "hours"
        return f"{hours} {unit}" + (f" {minutes} minutes" if minutes else "")
    if match["pm"] and hours < 12:
        hours += 12
    return _clock(match[0], hours, minutes)


def _clock(written: str, hours: int, minutes: int) -> str:
    if hours > 23 or minutes > 59:
        raise ImpossibleDate(written)
    return f"{hours}:{minutes:02d}"


def _drop_next(match: re.Match[str]) -> str:
    # "lundi prochain" is unknown to dateparser, but a weekday alone already means the next one.
    if dateparser.parse(match["word"], languages=LANGUAGES) is not None:
        return match["word"]
    return match[0]
