"""/today, /today team and the morning digest, end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.handlers.conftest import World
from tests.handlers.test_remind import (
    move_clock,
    no_digests,
    remind,
    reminders,
    run_at,
    timer,
)
from tests.handlers.test_remind_followups import a_customer_with_a_site, open_card, plan

TUESDAY_8 = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)  # 08:00 in Paris
DIGEST_TIME = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)  # 07:30 in Paris


async def test_today_lists_reminders_and_follow_ups_each_with_a_button(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    customer_id, _ = await a_customer_with_a_site(world)
    await plan(hugo, await open_card(hugo, f"c:{customer_id}"), "Tomorrow")
    await remind(hugo, "call Martin tomorrow 8:30")
    await move_clock(world, TUESDAY_8)

    await hugo.send_text("/today")
    today = await hugo.next_message()

    assert today.text == (
        "📅 Today, Tuesday 3 March\n\nReminders\n• 08:30 call Martin\n\n"
        "Follow-ups\n• 09:00 Call back — 🏢 Dupont Rénovation"
    )
    assert [row[0][0] for row in today.buttons] == [
        "08:30 call Martin",
        "09:00 Call back Dupont Rénovation",
    ]


async def test_an_item_opens_with_its_buttons_and_done_takes_it_off_today(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await remind(hugo, "call Martin tomorrow 8:30")
    await move_clock(world, TUESDAY_8)
    await hugo.send_text("/today")
    today = await hugo.next_message()

    await hugo.press(today, "08:30 call Martin")
    item = await hugo.next_message()
    await hugo.press(item, "✅ Done")
    done = await hugo.next_message()
    await hugo.press(done, "« Today")
    after = await hugo.next_message()

    assert item.text == "🔔 call Martin\n🕘 Tuesday 3 March at 08:30"
    assert [label for label, _ in item.buttons[1]] == ["« Today"]
    assert done.text == "✅ Done: call Martin"
    assert after.text == "Nothing planned for today. Add a reminder with /remind."


async def test_a_delivered_reminder_not_marked_done_stays_on_today_as_overdue(
    world: World,
) -> None:
    lea = await world.member(2003, "Léa", "field")
    await no_digests(world)
    await remind(lea, "commander le carrelage demain 9h")
    await run_at(world, datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    await lea.next_message()
    await move_clock(world, world.clock.now + timedelta(days=1))

    await lea.send_text("/today")
    today = await lea.next_message()

    assert today.text == (
        "📅 Aujourd'hui, mercredi 4 mars\n\nRappels\n• ⚠️ mar. 3 mars 09:00 commander le carrelage"
    )


async def test_nothing_planned_is_said_plainly(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/today")
    answer = await hugo.next_message()

    assert answer.text == "Nothing planned for today. Add a reminder with /remind."


async def test_today_with_an_unknown_word_gets_the_usage(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/today tomorrow")
    answer = await hugo.next_message()

    assert answer.text == "Send /today, or /today team (admin)."


async def test_admin_sees_the_teams_overdue_follow_ups(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    admin = world._admin  # signed up by world.member
    customer_id, _ = await a_customer_with_a_site(world)
    await plan(hugo, await open_card(hugo, f"c:{customer_id}"), "Tomorrow")
    await remind(hugo, "private errand tomorrow 8am")
    await move_clock(world, world.clock.now + timedelta(days=2))

    await admin.send_text("/today équipe")
    team = await admin.next_message()

    assert team.text == (
        "👥 Relances en retard de l'équipe :\n• Hugo — mar. 3 mars 09:00 Rappeler — "
        "🏢 Dupont Rénovation"
    )


async def test_team_view_is_for_admins_only(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/today team")
    answer = await hugo.next_message()

    assert answer.text == "Only an admin can do that."


async def test_morning_digest_comes_at_7_30_once_and_not_on_an_empty_day(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    lea = await world.member(2003, "Léa", "field")
    await remind(hugo, "call Dupont tomorrow 10am")
    await timer(world).run_pass()  # plans the digests of the users who just joined

    await run_at(world, DIGEST_TIME - timedelta(minutes=1))
    await hugo.expect_silence()
    await run_at(world, DIGEST_TIME)
    digest = await hugo.next_message()
    await run_at(world, DIGEST_TIME + timedelta(minutes=1))

    assert (
        digest.text
        == "☀️ Good morning! Your day, Tuesday 3 March:\n\nReminders\n• 10:00 call Dupont"
    )
    assert [row[0][1] for row in digest.buttons] == [f"ri:{(await reminders(world))[0].id}"]
    await hugo.expect_silence()
    await lea.expect_silence()
