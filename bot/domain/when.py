"""When a reminder is due: read from what a user typed, in French or English, and day maths.

dateparser reads the words ("demain 9h", "in 3 days", "next Monday 14:30", "le 12/01"); this
module only prepares the text for it, picks the phrase that is the time, and checks the result.
Every function that depends on the present takes `now`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser
from dateparser.search import search_dates

from bot.domain.errors import InvalidInput
from bot.domain.timewords import (
    LANGUAGES,
    MASK,
    ImpossibleDate,
    ReminderTooLong,
    prepare,
)

DEFAULT_TIME = time(9, 0)
TEXT_MAX = 300
FURTHEST = timedelta(days=5 * 366)
OLDEST_YEAR = 1900

HAS_TIME = re.compile(
    r"\d:\d\d|\d ?(?:am|pm)\b|\b(?:midi|minuit|noon|midnight|tonight)\b", re.IGNORECASE
)
CLOCK_UNITS = re.compile(r"\b(?:heures?|hours?|minutes?|mins?)\b", re.IGNORECASE)
ANCHOR = re.compile(
    r"\d:\d\d|\d ?(?:am|pm)\b|\d{1,2}/\d{1,2}"
    r"|\b(?:demain|aujourd'hui|après-demain|tomorrow|today|tonight|hier|yesterday)\b"
    r"|\b(?:midi|minuit|noon|midnight)\b"
    r"|\d+ (?:jours?|days?|semaines?|weeks?|heures?|hours?|minutes?|mois|months?)\b",
    re.IGNORECASE,
)
# A word of three letters or fewer ("SA", "lu") is a name or an abbreviation, never the time.
WEAK = re.compile(r"[^\W\d_]{1,3}")
SEARCHES = 3
# Day words dateparser's search sometimes leaves outside the phrase it returns.
DAY_WORDS_ALONE = frozenset(
    ("demain", "aujourd'hui", "après-demain", "tomorrow", "today")
    + ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    + ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
BARE_NUMBER = re.compile(r"^\d+$")
# A number, an amount or a reference glued before the time: "500€", "2023-15", "06.12.34".
NUMBERISH = re.compile(r"(?=.*\d)[\d.,\-€$%n°]+")
PHONE_DIGITS = 8
JOINERS = {"à", "a", "at", "on", "le", "de", ","}
EDGE_JUNK = " ,;:-–—.!?"


class UnreadableTime(InvalidInput):
    """No date or time could be read in the text."""


class PastTime(InvalidInput):
    """The time read is not in the future."""

    def __init__(self, due_at: datetime) -> None:
        super().__init__("the time read has already passed")
        self.due_at = due_at


class TooFarAhead(InvalidInput):
    """The time read is more than five years away: surely a misreading."""


class EmptyReminder(InvalidInput):
    """Only a time was given, nothing to be reminded of."""


@dataclass(frozen=True)
class ReadReminder:
    """What /remind understood: the text to show, and the due time in UTC."""

    text: str
    due_at: datetime


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    text: str
    # What dateparser's search read in this very phrase; None once it was merged or trimmed.
    read: datetime | None = None


def read_reminder(typed: str, *, now: datetime, zone: ZoneInfo) -> ReadReminder:
    """Split "call Dupont tomorrow 9am" into its text and its due time.

    Raises:
        ReminderTooLong, ImpossibleDate, UnreadableTime, PastTime, TooFarAhead,
        EmptyReminder: each with what the user must change.
    """
    prepared = prepare(typed)
    phrase = _time_phrase(prepared.text, now, zone)
    due_at = _due_at(phrase, now, zone)

    # The reminder keeps the user's own words: "prévoir 2h de pose" stays as typed.
    start, end = prepared.typed_span(phrase.start, phrase.end)
    rest = (prepared.typed[:start] + " " + prepared.typed[end:]).split()
    words = " ".join(rest).strip(EDGE_JUNK)
    if not words:
        raise EmptyReminder("the reminder says when but not what")
    if len(words) > TEXT_MAX:
        raise ReminderTooLong(f"reminder text is longer than {TEXT_MAX} characters")
    return ReadReminder(words, due_at)


def read_time(typed: str, *, now: datetime, zone: ZoneInfo) -> datetime:
    """Read only a time ("demain 10h"), as typed to change a reminder's time."""
    text = prepare(typed).text
    return _due_at(_time_phrase(text, now, zone), now, zone)


def _settings(now: datetime, zone: ZoneInfo, **extra: object) -> dict[str, object]:
    # dateparser stamps the offset in force at RELATIVE_BASE on every result, which is wrong
    # across a DST change; it returns wall-clock times here, and the zone is attached after.
    base = now.astimezone(zone).replace(tzinfo=None)
    return {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base, "DATE_ORDER": "DMY", **extra}


def _parse(text: str, now: datetime, zone: ZoneInfo, **extra: object) -> datetime | None:
    return dateparser.parse(text, languages=LANGUAGES, settings=_settings(now, zone, **extra))


def _time_phrase(text: str, now: datetime, zone: ZoneInfo) -> Phrase:
    for _attempt in range(SEARCHES):
        found = search_dates(text, languages=LANGUAGES, settings=_settings(now, zone)) or []
        located = [_without_leading_month(p, now, zone) for p in _locate(text, found)]
        phrases = [p for p in located if not _month_only(p, now, zone)]
        weak = [p for p in phrases if WEAK.fullmatch(p.text)]
        if not weak:
            break
        # "Mercredi SA": dateparser takes "SA" for samedi and then overlooks the real time.
        for phrase in weak:
            text = text[: phrase.start] + MASK * len(phrase.text) + text[phrase.end :]
    kept = [p for p in phrases if not (WEAK.fullmatch(p.text) or BARE_NUMBER.match(p.text))]
    phrases = _merge_neighbours(text, kept, now, zone)
    if not phrases:
        raise UnreadableTime("no date or time found")
    # A phrase with an hour, a date or "demain" beats a weekday that may be part of a name
    # ("Lundi Bâtiment 9h"); among equals, the last, since the time mostly ends the text
    # ("appeler Dimanche Immobilier jeudi").
    best = max(phrases, key=lambda p: (ANCHOR.search(p.text) is not None, p.start))
    return _with_day_word(text, _trim_numbers(best, now, zone), now, zone)


def _locate(text: str, found: list[tuple[str, datetime]]) -> list[Phrase]:
    phrases, cursor = [], 0
    for piece, read in found:
        start = text.find(piece, cursor)
        if start < 0:
            continue
        cursor = start + len(piece)
        phrases.append(Phrase(start, cursor, piece, read))
    return phrases


def _month_only(phrase: Phrase, now: datetime, zone: ZoneInfo) -> bool:
    """Tell a lone month ("mars", "May", "sept") apart: likely a name, never a due day."""
    with_month = _parse(phrase.text, now, zone, REQUIRE_PARTS=["month"])
    with_day = _parse(phrase.text, now, zone, REQUIRE_PARTS=["day"])
    return with_month is not None and with_day is None


def _merge_neighbours(
    text: str, phrases: list[Phrase], now: datetime, zone: ZoneInfo
) -> list[Phrase]:
    """Join "lundi" and "à 10:00" when only small words stand between them."""
    merged: list[Phrase] = []
    for phrase in phrases:
        if merged:
            gap = text[merged[-1].end : phrase.start].split()
            joined = Phrase(merged[-1].start, phrase.end, text[merged[-1].start : phrase.end])
            if all(w.lower() in JOINERS for w in gap) and _parse(joined.text, now, zone):
                merged[-1] = joined
                continue
        merged.append(phrase)
    return merged


def _trim_numbers(phrase: Phrase, now: datetime, zone: ZoneInfo) -> Phrase:
    """Drop numbers glued before the date ("devis 12 demain", "le 06 12 34 56 78 demain")."""
    words = phrase.text.split(" ")
    start = phrase.start
    # "le 06 12 …", "au 0612345678": a joiner before a phone number, not before a date.
    if len(words) > 2 and words[0].lower() in JOINERS and _phone_like(words[1:3]):
        start += len(words[0]) + 1
        words = words[1:]
    while len(words) > 1 and NUMBERISH.fullmatch(words[0]):
        rest = " ".join(words[1:])
        # "12 janvier": the number is the day of the month that follows it.
        if _parse(rest, now, zone) is None or _month_only(Phrase(0, 0, rest), now, zone):
            break
        start += len(words[0]) + 1
        words = words[1:]
    if start == phrase.start:
        return phrase
    return Phrase(start, phrase.end, " ".join(words))


def _phone_like(words: list[str]) -> bool:
    if all(BARE_NUMBER.match(word) for word in words):
        return True
    return sum(c.isdigit() for c in words[0]) >= PHONE_DIGITS


def _without_leading_month(phrase: Phrase, now: datetime, zone: ZoneInfo) -> Phrase:
    """Drop a month name that opens the phrase when the rest is a day ("Marc Avril jeudi")."""
    first, _, rest = phrase.text.partition(" ")
    if not rest or not _month_only(Phrase(0, 0, first), now, zone):
        return phrase
    if _parse(rest, now, zone) is None or _month_only(Phrase(0, 0, rest), now, zone):
        return phrase
    return Phrase(phrase.start + len(first) + 1, phrase.end, rest)


def _with_day_word(text: str, phrase: Phrase, now: datetime, zone: ZoneInfo) -> Phrase:
    """Take in a day word the search left out beside the phrase ("… Paix demain 8h")."""
    before = text[: phrase.start].split(" ")
    while before and (not before[-1] or before[-1].lower() in JOINERS):
        before.pop()
    after = [word for word in text[phrase.end :].split(" ") if word][:1]
    start, end = phrase.start, phrase.end
    if before and before[-1].lower() in DAY_WORDS_ALONE:
        start = text.rfind(before[-1], 0, phrase.start)
    elif after and after[0].lower() in DAY_WORDS_ALONE:
        end = text.find(after[0], phrase.end) + len(after[0])
    if (start, end) == (phrase.start, phrase.end):
        return phrase
    wider = Phrase(start, end, text[start:end])
    return wider if _parse(wider.text, now, zone) is not None else phrase


def _due_at(found: Phrase, now: datetime, zone: ZoneInfo) -> datetime:
    # Read again only a phrase that was merged or trimmed: alone, dateparser takes "à 14:00"
    # for English and puts it yesterday, and "le 12 à 10:00" in January.
    words = found.text.split(" ")
    while len(words) > 1 and words[0].lower() in JOINERS:
        words = words[1:]
    phrase = " ".join(words)
    wall = found.read or _parse(phrase, now, zone)
    if wall is None:
        raise UnreadableTime("the time phrase could not be read again")
    if wall.year < OLDEST_YEAR:
        # Year 1 cannot even be moved to UTC; no one means such a date for a reminder.
        raise ImpossibleDate(phrase)
    if CLOCK_UNITS.search(phrase):
        # "in 2 hours" is elapsed time: count it in UTC, so a DST change cannot bend it.
        base = now.astimezone(zone).replace(tzinfo=None)
        due_at = now.astimezone(UTC) + (wall - base)
    else:
        if not HAS_TIME.search(phrase):
            wall = datetime.combine(wall.date(), DEFAULT_TIME)
        due_at = wall.replace(tzinfo=zone).astimezone(UTC)
    return check_due(due_at, now=now)


def check_due(due_at: datetime, *, now: datetime) -> datetime:
    """Return `due_at` if it is in the future and within five years; raise otherwise."""
    if due_at <= now:
        raise PastTime(due_at)
    if due_at - now > FURTHEST:
        raise TooFarAhead("the time read is more than five years away")
    return due_at


def at_local_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of a wall-clock time on a day in `zone`."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def days_later(now: datetime, zone: ZoneInfo, days: int, at: time = DEFAULT_TIME) -> datetime:
    """Return `at` o'clock `days` calendar days after today, in `zone`, as UTC."""
    today = now.astimezone(zone).date()
    return at_local_time(today + timedelta(days=days), at, zone)


def next_daily(now: datetime, zone: ZoneInfo, minute_of_day: int) -> datetime:
    """Return the next instant strictly after `now` when the clock in `zone` shows that minute."""
    at = time(minute_of_day // 60, minute_of_day % 60)
    today = now.astimezone(zone).date()
    candidate = at_local_time(today, at, zone)
    return candidate if candidate > now else at_local_time(today + timedelta(days=1), at, zone)


def local_day(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Return the UTC start and end of the calendar day `now` falls on in `zone`."""
    today = now.astimezone(zone).date()
    return at_local_time(today, time(0), zone), at_local_time(today + timedelta(1), time(0), zone)
