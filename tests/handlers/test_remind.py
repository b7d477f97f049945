"""/remind end to end: reading the time, confirming, delivery, and the reminder's buttons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from telegram import Update

from bot.emulator import BotMessage, EmulatedUser
from bot.reminders.service import ReminderService, reminder_service
from storage.models import Customer, Reminder, User
from tests.factories import make_customer
from tests.handlers.conftest import World


def timer(world: World) -> ReminderService:
    service = reminder_service(world.app)
    assert service is not None
    return service


async def move_clock(world: World, moment: datetime) -> None:
    """Move the clock once the timer is idle: a pass must not see time jump under it."""
    await timer(world).idle()
    world.clock.now = moment


async def run_at(world: World, moment: datetime) -> None:
    """Move the clock to `moment` and run a delivery pass, as the timer would then."""
    await move_clock(world, moment)
    await timer(world).run_pass()


async def no_digests(world: World) -> None:
    """Switch every user's morning digest off, for tests about reminders alone."""
    async with world.sessions() as session, session.begin():
        await session.execute(update(User).values(digest_minute=None, digest_next_at=None))


async def reminders(world: World) -> list[Reminder]:
    async with world.sessions() as session:
        return list(await session.scalars(select(Reminder).order_by(Reminder.id)))


async def remind(user: EmulatedUser, typed: str) -> BotMessage:
    """Send /remind and confirm the time understood; return the confirmation."""
    await user.send_text(f"/remind {typed}")
    question = await user.next_message()
    await user.press(question, callback_data="rc")
    return await user.next_message()


TUESDAY_9 = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # 09:00 in Paris


async def test_french_reminder_is_repeated_in_the_users_zone_and_saved_once_confirmed(
    world: World,
) -> None:
    lea = await world.member(2003, "Léa", "field")

    await lea.send_text("/remind rappeler Dupont demain 9h")
    question = await lea.next_message()
    await lea.press(question, "✅ Confirmer")
    confirmed = await lea.next_message()

    assert (
        question.text
        == "🔔 rappeler Dupont\n🕘 mardi 3 mars à 09:00\nJe vous le rappelle à ce moment-là ?"
    )
    assert [label for label, _ in question.buttons[0]] == [
        "✅ Confirmer",
        "✏️ Changer l'heure",
        "✖ Annuler",
    ]
    assert confirmed.text == "✅ Je vous le rappellerai mardi 3 mars à 09:00."
    assert [(r.text, r.due_at, r.status) for r in await reminders(world)] == [
        ("rappeler Dupont", TUESDAY_9, "pending")
    ]


async def test_english_reminder_next_monday_is_read_in_english(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    confirmed = await remind(hugo, "call Dupont next Monday 14:30")

    assert confirmed.text == "✅ I will remind you Monday 9 March at 14:30."


async def test_change_time_asks_again_and_keeps_the_text(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/remind call Dupont tomorrow 9am")

    await hugo.press(await hugo.next_message(), "✏️ Change time")
    asked = await hugo.next_message()
    await hugo.send_text("in 3 days")
    again = await hugo.next_message()
    await hugo.press(again, "✅ Confirm")
    await hugo.next_message()

    assert asked.text is not None and asked.text.startswith("When?")
    assert again.text == "🔔 call Dupont\n🕘 Thursday 5 March at 09:00\nShall I remind you then?"
    assert [(r.text, r.due_at) for r in await reminders(world)] == [
        ("call Dupont", datetime(2026, 3, 5, 8, 0, tzinfo=UTC))
    ]


async def test_cancel_button_saves_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/remind call Dupont tomorrow 9am")

    await hugo.press(await hugo.next_message(), "✖ Cancel")
    answer = await hugo.next_message()

    assert answer.text == "Cancelled. Nothing was saved."
    assert await reminders(world) == []


async def test_text_without_a_time_gets_examples_and_saves_nothing(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")

    await lea.send_text("/remind relancer Martin")
    answer = await lea.next_message()

    assert answer.text is not None
    assert answer.text.startswith("Je n'ai pas trouvé quand. Indiquez un jour ou une heure.")
    assert "/remind rappeler Dupont demain 9h" in answer.text
    assert await reminders(world) == []


async def test_bad_times_are_refused_with_a_reason(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    answers = []

    for typed in ("call Dupont yesterday", "call Dupont 31/02", "call Dupont tomorrow 25:00"):
        await hugo.send_text(f"/remind {typed}")
        answers.append(((await hugo.next_message()).text or "").split("\n")[0])

    assert answers == [
        "Sunday 1 March at 09:00 has already passed. Give a time to come.",
        "31/02 does not exist: check the day, month and hour.",
        "25:00 does not exist: check the day, month and hour.",
    ]
    assert await reminders(world) == []


async def test_a_past_time_is_refused_in_a_sentence_that_starts_with_a_capital(
    world: World,
) -> None:
    lea = await world.member(2003, "Léa", "field")

    await lea.send_text("/remind rappeler Dupont hier")
    answer = await lea.next_message()

    assert (answer.text or "").startswith("Dimanche 1 mars à 09:00 est déjà passé.")


async def test_500_character_reminder_is_refused_and_nothing_saved(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/remind " + "call Dupont about the roof " * 18 + "tomorrow 9am")
    answer = await hugo.next_message()

    assert (answer.text or "").startswith("That is too long: a reminder holds at most 300")
    assert await reminders(world) == []


async def test_bare_remind_asks_what_and_when(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/remind")
    answer = await hugo.next_message()

    assert (answer.text or "").startswith("What and when?\nExamples:")


async def test_redelivered_confirm_press_saves_one_reminder(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/remind call Dupont tomorrow 9am")
    question = await hugo.next_message()
    await hugo.press(question, "✅ Confirm")
    await hugo.next_message()

    again = {"id": "77", "from": hugo.info, "chat_instance": "1", "data": "rc"}
    again["message"] = question.message
    await world.app.process_update(
        Update.de_json({"update_id": 999_999, "callback_query": again}, world.app.bot)
    )

    assert len(await reminders(world)) == 1


async def test_an_older_questions_buttons_do_not_act_on_a_newer_draft(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/remind call Dupont tomorrow 9am")
    older = await hugo.next_message()
    await hugo.send_text("/remind order tiles on Friday")
    newer = await hugo.next_message()

    await hugo.press(older, "✅ Confirm")
    await hugo.expect_silence()
    await hugo.press(newer, "✅ Confirm")
    confirmed = await hugo.next_message()

    assert hugo.callback_answers[0]["text"] == "This button is no longer valid."
    assert confirmed.text == "✅ I will remind you Friday 6 March at 09:00."
    assert [r.text for r in await reminders(world)] == ["order tiles"]


async def test_due_reminder_arrives_once_with_its_buttons(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    await remind(hugo, "call Dupont tomorrow 9am")

    await run_at(world, TUESDAY_9 - timedelta(seconds=1))
    await hugo.expect_silence()
    await run_at(world, TUESDAY_9)
    delivered = await hugo.next_message()
    await run_at(world, TUESDAY_9 + timedelta(minutes=5))

    assert delivered.text == "🔔 call Dupont\n🕘 Tuesday 3 March at 09:00"
    assert [label for label, _ in delivered.buttons[0]] == ["✅ Done", "💤 1 h", "☀️ Tomorrow 9:00"]
    await hugo.expect_silence()
    assert [r.status for r in await reminders(world)] == ["sent"]


async def test_done_closes_the_reminder_and_a_second_press_is_told_so(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    await remind(hugo, "call Dupont tomorrow 9am")
    await run_at(world, TUESDAY_9)
    delivered = await hugo.next_message()

    await hugo.press(delivered, "✅ Done")
    edited = await hugo.next_message()
    await hugo.press_data(delivered.message_id, delivered.button_data("✅ Done") or "")
    await hugo.expect_silence()

    assert edited.text == "✅ Done: call Dupont"
    assert hugo.callback_answers[-1]["text"] == "This reminder is already closed."
    assert [r.status for r in await reminders(world)] == ["done"]


async def test_snooze_delivers_again_one_hour_later(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    await remind(hugo, "call Dupont tomorrow 9am")
    await run_at(world, TUESDAY_9)

    await hugo.press(await hugo.next_message(), "💤 1 h")
    snoozed = await hugo.next_message()
    await run_at(world, TUESDAY_9 + timedelta(minutes=59))
    await hugo.expect_silence()
    await run_at(world, TUESDAY_9 + timedelta(hours=1))
    again = await hugo.next_message()

    assert snoozed.text == "💤 call Dupont: I will remind you again Tuesday 3 March at 10:00."
    assert again.text == "🔔 call Dupont\n🕘 Tuesday 3 March at 10:00"


async def test_tomorrow_button_moves_the_reminder_to_nine_the_next_day(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    await remind(hugo, "call Dupont tomorrow 9am")
    await run_at(world, TUESDAY_9 + timedelta(hours=6))

    await hugo.press(await hugo.next_message(), "☀️ Tomorrow 9:00")
    moved = await hugo.next_message()

    assert moved.text == "💤 call Dupont: I will remind you again Wednesday 4 March at 09:00."
    assert [r.due_at for r in await reminders(world)] == [TUESDAY_9 + timedelta(days=1)]


async def test_forged_or_foreign_reminder_buttons_change_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    lea = await world.member(2003, "Léa", "field", language_code="en")
    await remind(hugo, "call Dupont tomorrow 9am")
    message = await lea.send_text("hello")
    await lea.next_message()
    hugo_reminder = (await reminders(world))[0].id

    for data in (f"rd:{hugo_reminder}", "rd:99999", "rs:abc", "rd:²", "rt:99999999999"):
        await lea.press_data(message["message_id"], data)
        await lea.expect_silence()

    assert {a["text"] for a in lea.callback_answers} == {"This button is no longer valid."}
    assert [r.status for r in await reminders(world)] == ["pending"]


async def test_user_who_blocked_the_bot_is_skipped_and_the_others_get_theirs(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    lea = await world.member(2003, "Léa", "field", language_code="en")
    await no_digests(world)
    await remind(hugo, "call Dupont tomorrow 9am")
    await remind(lea, "order tiles tomorrow 9am")

    hugo.block()
    await run_at(world, TUESDAY_9)
    delivered = await lea.next_message()

    assert delivered.text == "🔔 order tiles\n🕘 Tuesday 3 March at 09:00"
    assert [r.status for r in await reminders(world)] == ["undeliverable", "sent"]


async def test_reminder_across_the_spring_dst_change_comes_at_nine_paris_time(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    await move_clock(world, datetime(2026, 3, 28, 22, 0, tzinfo=UTC))  # Saturday 23:00, Paris

    confirmed = await remind(hugo, "call Dupont tomorrow 9am")
    await run_at(world, datetime(2026, 3, 29, 6, 59, tzinfo=UTC))
    await hugo.expect_silence()
    await run_at(world, datetime(2026, 3, 29, 7, 0, tzinfo=UTC))  # 09:00 summer time
    delivered = await hugo.next_message()

    assert confirmed.text == "✅ I will remind you Sunday 29 March at 09:00."
    assert delivered.text == "🔔 call Dupont\n🕘 Sunday 29 March at 09:00"


async def store_customers(world: World, *names_and_cities: tuple[str, str]) -> list[int]:
    async with world.sessions() as session, session.begin():
        return [await make_customer(session, name, city=city) for name, city in names_and_cities]


async def test_reminder_naming_one_customer_is_about_it_and_opens_its_card(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    [customer_id] = await store_customers(world, ("Dupont Rénovation", "Lyon"))

    await hugo.send_text("/remind call Dupont tomorrow 9am")
    question = await hugo.next_message()
    await hugo.press(question, "✅ Confirm")
    await hugo.next_message()
    await run_at(world, TUESDAY_9)
    delivered = await hugo.next_message()
    await hugo.press(delivered, "📂 Open")
    opened = await hugo.next_message()

    assert question.text == (
        "🔔 call Dupont\n🕘 Tuesday 3 March at 09:00\n🏢 Dupont Rénovation · Lyon\n"
        "Shall I remind you then?"
    )
    assert [(r.record_type, r.record_id) for r in await reminders(world)] == [
        ("customer", customer_id)
    ]
    assert delivered.text == "🔔 call Dupont\n🏢 Dupont Rénovation\n🕘 Tuesday 3 March at 09:00"
    assert (opened.text or "").startswith("🏢 Dupont Rénovation")


async def test_reminder_naming_two_customers_offers_both_and_links_the_one_pressed(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    _, grenoble = await store_customers(
        world, ("Paul Dupont", "Lyon"), ("Anne Dupont", "Grenoble")
    )

    await hugo.send_text("/remind call Dupont tomorrow 9am")
    question = await hugo.next_message()
    await hugo.press(question, "📎 🏢 Anne Dupont · Grenoble")
    linked = await hugo.next_message()
    await hugo.press(linked, "✅ Confirm")
    await hugo.next_message()

    assert "🏢" not in (question.text or "")
    assert sorted(label for row in question.buttons[1:] for label, _ in row) == [
        "📎 🏢 Anne Dupont · Grenoble",
        "📎 🏢 Paul Dupont · Lyon",
    ]
    assert linked.kind == "edited" and "\n🏢 Anne Dupont · Grenoble\n" in (linked.text or "")
    assert "✖ 🏢 Anne Dupont · Grenoble" in [label for row in linked.buttons for label, _ in row]
    assert [(r.record_type, r.record_id) for r in await reminders(world)] == [
        ("customer", grenoble)
    ]


async def test_pressing_the_linked_customer_again_saves_a_plain_reminder(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await store_customers(world, ("Dupont Rénovation", "Lyon"))

    await hugo.send_text("/remind call Dupont tomorrow 9am")
    await hugo.press(await hugo.next_message(), "✖ 🏢 Dupont Rénovation · Lyon")
    unlinked = await hugo.next_message()
    await hugo.press(unlinked, "✅ Confirm")
    await hugo.next_message()

    assert unlinked.text == "🔔 call Dupont\n🕘 Tuesday 3 March at 09:00\nShall I remind you then?"
    assert [(r.record_type, r.record_id) for r in await reminders(world)] == [(None, None)]


async def test_forged_link_button_changes_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await store_customers(world, ("Dupont Rénovation", "Lyon"))
    await hugo.send_text("/remind call Dupont tomorrow 9am")
    question = await hugo.next_message()

    for data in ("rl:1", "rl:x", "rl:", "rl:0:0"):
        await hugo.press_data(question.message_id, data)
    await hugo.press(question, "✅ Confirm")
    await hugo.next_message()

    assert {a["text"] for a in hugo.callback_answers[:4]} == {"This button is no longer valid."}
    assert [r.record_type for r in await reminders(world)] == ["customer"]


async def test_customer_deleted_before_confirming_saves_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    [customer_id] = await store_customers(world, ("Dupont Rénovation", "Lyon"))
    await hugo.send_text("/remind call Dupont tomorrow 9am")
    question = await hugo.next_message()

    async with world.sessions() as session, session.begin():
        await session.execute(delete(Customer).where(Customer.id == customer_id))
    await hugo.press(question, "✅ Confirm")
    answer = await hugo.next_message()

    assert answer.text == "That record was deleted meanwhile. Send /remind again."
    assert await reminders(world) == []


async def test_html_in_a_linked_customers_name_is_shown_as_typed(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await store_customers(world, ("Dupont & <Fils>", "Lyon"))

    await hugo.send_text("/remind call Dupont tomorrow 9am")
    question = await hugo.next_message()

    assert "\n🏢 Dupont & <Fils> · Lyon\n" in (question.text or "")
