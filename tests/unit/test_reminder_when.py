"""Reading when a reminder is due from French and English words, and day maths."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.when import (
    EmptyReminder,
    ImpossibleDate,
    PastTime,
    ReminderTooLong,
    TooFarAhead,
    UnreadableTime,
    at_local_time,
    days_later,
    local_day,
    next_daily,
    read_reminder,
    read_time,
)

PARIS = ZoneInfo("Europe/Paris")
MONDAY_9 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday 2 March, 09:00 in Paris
BEFORE_SPRING_DST = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # Saturday 23:30 in Paris
BEFORE_AUTUMN_DST = datetime(2026, 10, 24, 10, 0, tzinfo=UTC)  # Saturday 12:00 in Paris


def paris(*parts: int) -> datetime:
    """A wall-clock time in Paris, as UTC."""
    return datetime(*parts, tzinfo=PARIS).astimezone(UTC)


@pytest.mark.parametrize(
    ("typed", "text", "due_at"),
    [
        ("rappeler Dupont demain 9h", "rappeler Dupont", paris(2026, 3, 3, 9, 0)),
        ("call Dupont tomorrow 9am", "call Dupont", paris(2026, 3, 3, 9, 0)),
        ("call Dupont in 3 days", "call Dupont", paris(2026, 3, 5, 9, 0)),
        ("dans 3 jours appeler Martin", "appeler Martin", paris(2026, 3, 5, 9, 0)),
        ("lundi prochain relancer le devis", "relancer le devis", paris(2026, 3, 9, 9, 0)),
        ("rappeler Dupont lundi prochain à 10h", "rappeler Dupont", paris(2026, 3, 9, 10, 0)),
        ("next Monday 14:30 send the quote", "send the quote", paris(2026, 3, 9, 14, 30)),
        ("le 12/01 visite chantier", "visite chantier", paris(2027, 1, 12, 9, 0)),
        ("visite le 3 mars à 14h", "visite", paris(2026, 3, 3, 14, 0)),
        ("Rappeler Dupont Demain 14h30", "Rappeler Dupont", paris(2026, 3, 3, 14, 30)),
        ("call Bob at 8am friday", "call Bob", paris(2026, 3, 6, 8, 0)),
        ("dans 2h vérifier la livraison", "vérifier la livraison", paris(2026, 3, 2, 11, 0)),
        ("check the oven in 30 minutes", "check the oven", paris(2026, 3, 2, 9, 30)),
    ],
)
def test_time_phrases_in_french_and_english_are_read_and_cut_from_the_text(
    typed: str, text: str, due_at: datetime
) -> None:
    found = read_reminder(typed, now=MONDAY_9, zone=PARIS)

    assert (found.text, found.due_at) == (text, due_at)


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("appeler au 06 12 34 56 78 demain", "appeler au 06 12 34 56 78"),
        ("relancer devis 12 demain 10h", "relancer devis 12"),
        ("appeler Sept Frères demain", "appeler Sept Frères"),
        ("call Mrs May tomorrow 10am", "call Mrs May"),
    ],
)
def test_numbers_and_month_like_names_stay_in_the_text(typed: str, text: str) -> None:
    found = read_reminder(typed, now=MONDAY_9, zone=PARIS)

    assert found.text == text


@pytest.mark.parametrize(
    ("typed", "text", "due_at"),
    [
        ("rappeler Dupont à 14h", "rappeler Dupont", paris(2026, 3, 2, 14, 0)),
        ("rappeler Dupont à 9h30", "rappeler Dupont", paris(2026, 3, 2, 9, 30)),
        ("ce soir à 20h rappeler", "rappeler", paris(2026, 3, 2, 20, 0)),
        ("demain matin à 8h appeler", "appeler", paris(2026, 3, 3, 8, 0)),
        ("rappeler Dupont 12 janvier", "rappeler Dupont", paris(2027, 1, 12, 9, 0)),
        ("call Dupont 5 March 2027", "call Dupont", paris(2027, 3, 5, 9, 0)),
        ("rappeler Dupont dans 1h30", "rappeler Dupont", paris(2026, 3, 2, 10, 30)),
        ("call in 1h30", "call", paris(2026, 3, 2, 10, 30)),
        ("rappeler le 1er avril", "rappeler", paris(2026, 4, 1, 9, 0)),
        ("rappeler Dupont ce soir", "rappeler Dupont", paris(2026, 3, 2, 19, 0)),
        ("rappeler Dupont demain matin", "rappeler Dupont", paris(2026, 3, 3, 9, 0)),
        ("passer demain après-midi", "passer", paris(2026, 3, 3, 14, 0)),
        ("call Dupont tomorrow evening", "call Dupont", paris(2026, 3, 3, 19, 0)),
        ("rappeler à 11 heures", "rappeler", paris(2026, 3, 2, 11, 0)),
        ("le 12 à 10h appeler", "appeler", paris(2026, 3, 12, 10, 0)),
        ("appeler Dupont mercredi soir", "appeler Dupont", paris(2026, 3, 4, 19, 0)),
        ("appeler jeudi après-midi", "appeler", paris(2026, 3, 5, 14, 0)),
        ("appeler Dupont jeudi soir 20h", "appeler Dupont", paris(2026, 3, 5, 20, 0)),
        ("appeler Dupont demain 9h (urgent)", "appeler Dupont (urgent)", paris(2026, 3, 3, 9, 0)),
    ],
)
def test_phrases_dateparser_misreads_alone_are_read_right(
    typed: str, text: str, due_at: datetime
) -> None:
    found = read_reminder(typed, now=MONDAY_9, zone=PARIS)

    assert (found.text, found.due_at) == (text, due_at)


@pytest.mark.parametrize(
    ("typed", "text", "due_at"),
    [
        ("appeler Mercredi SA demain", "appeler Mercredi SA", paris(2026, 3, 3, 9, 0)),
        ("appeler Lundi Bâtiment 11h", "appeler Lundi Bâtiment", paris(2026, 3, 2, 11, 0)),
        ("call Monday Builders 5pm", "call Monday Builders", paris(2026, 3, 2, 17, 0)),
    ],
)
def test_a_weekday_in_a_customers_name_does_not_beat_the_time_given(
    typed: str, text: str, due_at: datetime
) -> None:
    found = read_reminder(typed, now=MONDAY_9, zone=PARIS)

    assert (found.text, found.due_at) == (text, due_at)


@pytest.mark.parametrize(
    ("typed", "text", "due_at"),
    [
        ("appeler Marc Avril jeudi 10h", "appeler Marc Avril", paris(2026, 3, 5, 10, 0)),
        (
            "appeler Dimanche Immobilier jeudi",
            "appeler Dimanche Immobilier",
            paris(2026, 3, 5, 9, 0),
        ),
        ("prévoir 2h de pose jeudi", "prévoir 2h de pose", paris(2026, 3, 5, 9, 0)),
        ("prévoir 30 min jeudi", "prévoir 30 min", paris(2026, 3, 5, 9, 0)),
        ("spend 2 hours on the roof friday", "spend 2 hours on the roof", paris(2026, 3, 6, 9, 0)),
        (
            "appeler le 06 12 34 56 78 demain 10h",
            "appeler le 06 12 34 56 78",
            paris(2026, 3, 3, 10, 0),
        ),
        ("appeler le 0612345678 demain 10h", "appeler le 0612345678", paris(2026, 3, 3, 10, 0)),
        ("passer commande 500€ demain", "passer commande 500€", paris(2026, 3, 3, 9, 0)),
        ("devis 2023-15 jeudi", "devis 2023-15", paris(2026, 3, 5, 9, 0)),
        ("livrer 3 rue de la Paix demain 8h", "livrer 3 rue de la Paix", paris(2026, 3, 3, 8, 0)),
        ("appeler Dupont mardi prochain soir", "appeler Dupont", paris(2026, 3, 3, 19, 0)),
        ("appeler Dupont demain 9h/10h", "appeler Dupont", paris(2026, 3, 3, 9, 0)),
        ("réunion jeudi 14h-15h", "réunion", paris(2026, 3, 5, 14, 0)),
        ("appeler à 3h de l'après-midi", "appeler", paris(2026, 3, 2, 15, 0)),
        ("appeler à 7h du soir", "appeler", paris(2026, 3, 2, 19, 0)),
        ("check oven in half an hour", "check oven", paris(2026, 3, 2, 9, 30)),
        ("vérifier dans 2 heures et demie", "vérifier", paris(2026, 3, 2, 11, 30)),
        ("rappeler la semaine prochaine", "rappeler", paris(2026, 3, 9, 9, 0)),
    ],
)
def test_durations_numbers_and_ranges_around_the_time_are_read_as_meant(
    typed: str, text: str, due_at: datetime
) -> None:
    found = read_reminder(typed, now=MONDAY_9, zone=PARIS)

    assert (found.text, found.due_at) == (text, due_at)


def test_the_reminder_keeps_the_hours_typed_in_its_text() -> None:
    found = read_reminder("prévoir 2h de pose demain 9h", now=MONDAY_9, zone=PARIS)

    assert (found.text, found.due_at) == ("prévoir 2h de pose", paris(2026, 3, 3, 9, 0))


def test_a_change_of_time_to_an_hour_today_is_today() -> None:
    assert read_time("à 14h", now=MONDAY_9, zone=PARIS) == paris(2026, 3, 2, 14, 0)


def test_year_one_is_named_back_as_a_date_that_does_not_exist() -> None:
    with pytest.raises(ImpossibleDate) as caught:
        read_reminder("call Dupont 01/01/0001 00:00", now=MONDAY_9, zone=PARIS)

    assert caught.value.written == "01/01/0001 00:00"


@pytest.mark.parametrize("typed", ["call yesterday", "hier appeler Dupont", "today call Dupont"])
def test_times_already_past_are_refused(typed: str) -> None:
    with pytest.raises(PastTime):
        read_reminder(typed, now=MONDAY_9, zone=PARIS)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("rappeler 31/02", "31/02"),
        ("rappeler le 30/02/2027", "30/02/2027"),
        ("call 12/13", "12/13"),
        ("call tomorrow 25:00", "25:00"),
        ("rappeler demain 9h75", "9h75"),
    ],
)
def test_dates_and_hours_that_do_not_exist_are_named_back(typed: str, written: str) -> None:
    with pytest.raises(ImpossibleDate) as refused:
        read_reminder(typed, now=MONDAY_9, zone=PARIS)

    assert refused.value.written == written


def test_the_29th_of_february_is_a_date_in_a_leap_year() -> None:
    found = read_reminder("appeler 29/02 le client", now=MONDAY_9, zone=PARIS)

    assert found.due_at == paris(2028, 2, 29, 9, 0)


def test_a_text_with_no_time_is_unreadable() -> None:
    with pytest.raises(UnreadableTime):
        read_reminder("relancer Martin", now=MONDAY_9, zone=PARIS)


def test_a_time_with_nothing_to_remind_is_refused() -> None:
    with pytest.raises(EmptyReminder):
        read_reminder("demain 9h", now=MONDAY_9, zone=PARIS)


def test_a_500_character_text_is_refused_before_any_parsing() -> None:
    with pytest.raises(ReminderTooLong):
        read_reminder("x" * 480 + " tomorrow 9am", now=MONDAY_9, zone=PARIS)


def test_a_reminder_text_over_300_characters_is_refused() -> None:
    with pytest.raises(ReminderTooLong, match="300"):
        read_reminder("call Dupont " * 30 + "tomorrow 9am", now=MONDAY_9, zone=PARIS)


def test_a_date_years_away_is_refused() -> None:
    with pytest.raises(TooFarAhead):
        read_reminder("renew the insurance on 01/01/2040", now=MONDAY_9, zone=PARIS)


def test_tomorrow_nine_across_the_spring_change_is_nine_summer_time() -> None:
    found = read_reminder("call Dupont tomorrow 9am", now=BEFORE_SPRING_DST, zone=PARIS)

    assert found.due_at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_tomorrow_nine_across_the_autumn_change_is_nine_winter_time() -> None:
    found = read_reminder("rappeler Dupont demain 9h", now=BEFORE_AUTUMN_DST, zone=PARIS)

    assert found.due_at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_hours_from_now_count_elapsed_time_across_the_change() -> None:
    found = read_reminder("check the boiler in 3 hours", now=BEFORE_SPRING_DST, zone=PARIS)

    assert found.due_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_alone_is_read_for_a_change_of_time() -> None:
    due_at = read_time("jeudi 10h", now=MONDAY_9, zone=PARIS)

    assert due_at == paris(2026, 3, 5, 10, 0)


def test_next_daily_comes_later_today_or_else_tomorrow() -> None:
    later_today = next_daily(MONDAY_9, PARIS, 17 * 60)
    tomorrow = next_daily(MONDAY_9, PARIS, 7 * 60 + 30)

    assert (later_today, tomorrow) == (paris(2026, 3, 2, 17, 0), paris(2026, 3, 3, 7, 30))


def test_the_daily_digest_keeps_its_wall_clock_hour_across_the_change() -> None:
    saturday_evening = datetime(2026, 3, 28, 18, 0, tzinfo=UTC)

    sunday = next_daily(saturday_evening, PARIS, 7 * 60 + 30)
    monday = next_daily(sunday, PARIS, 7 * 60 + 30)

    assert (sunday, monday) == (
        datetime(2026, 3, 29, 5, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 5, 30, tzinfo=UTC),
    )
    assert next_daily(datetime(2026, 3, 27, 18, 0, tzinfo=UTC), PARIS, 450) == datetime(
        2026, 3, 28, 6, 30, tzinfo=UTC
    )


def test_days_later_lands_at_nine_local_time() -> None:
    due_at = days_later(BEFORE_SPRING_DST, PARIS, 1)

    assert due_at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_the_day_of_the_spring_change_lasts_23_hours() -> None:
    start, end = local_day(datetime(2026, 3, 29, 12, 0, tzinfo=UTC), PARIS)

    assert (end - start).total_seconds() == 23 * 3600
    assert start == at_local_time(date(2026, 3, 29), time(0), PARIS)
