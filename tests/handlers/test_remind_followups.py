"""Call backs planned from customer and site cards: follow-ups end to end."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from bot.emulator import BotMessage, EmulatedUser
from storage.models import Customer, Reminder, Site
from tests.handlers.conftest import World
from tests.handlers.test_remind import no_digests, reminders, run_at

THURSDAY_9 = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # 09:00 in Paris, three days on


async def a_customer_with_a_site(world: World) -> tuple[int, int]:
    now = world.clock.now
    async with world.sessions() as session, session.begin():
        customer = Customer(name="Dupont Rénovation", city="Lyon", created_at=now, updated_at=now)
        session.add(customer)
        await session.flush()
        site = Site(customer_id=customer.id, name="Cuisine", created_at=now)
        session.add(site)
        await session.flush()
        return customer.id, site.id


async def open_card(user: EmulatedUser, data: str) -> BotMessage:
    """Show a card by pressing its button on a bot message, as a search result would."""
    await user.send_text("/help")
    message = await user.next_message()
    await user.press_data(message.message_id, data)
    return await user.next_message()


async def plan(
    user: EmulatedUser, card: BotMessage, delay: str, call_back: str = "📞 Call back in…"
) -> BotMessage:
    await user.press(card, call_back)
    choices = await user.next_message()
    await user.press(choices, delay)
    return await user.next_message()


async def test_call_back_from_a_customer_card_is_planned_delivered_and_opens_the_card(
    world: World,
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    customer_id, _ = await a_customer_with_a_site(world)
    card = await open_card(hugo, f"c:{customer_id}")

    planned = await plan(hugo, card, "In 3 days")
    await run_at(world, THURSDAY_9)
    delivered = await hugo.next_message()
    await hugo.press(delivered, "📂 Open")
    opened = await hugo.next_message()

    assert (
        planned.text
        == "📞 Call back Dupont Rénovation: I will remind you Thursday 5 March at 09:00."
    )
    assert delivered.text == "🔔 Call back\n🏢 Dupont Rénovation\n🕘 Thursday 5 March at 09:00"
    assert [label for label, _ in delivered.buttons[1]] == ["📂 Open"]
    assert opened.kind == "sent"
    assert (opened.text or "").startswith("🏢 Dupont Rénovation")


async def test_planning_a_call_back_again_moves_the_one_follow_up(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    customer_id, _ = await a_customer_with_a_site(world)

    await plan(hugo, await open_card(hugo, f"c:{customer_id}"), "Tomorrow")
    await plan(hugo, await open_card(hugo, f"c:{customer_id}"), "In 1 week")

    assert [(r.reason, r.status, r.due_at) for r in await reminders(world)] == [
        ("call_back", "pending", datetime(2026, 3, 9, 8, 0, tzinfo=UTC))
    ]


async def test_no_call_back_needed_cancels_it_and_nothing_comes(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await no_digests(world)
    customer_id, _ = await a_customer_with_a_site(world)
    planned = await plan(hugo, await open_card(hugo, f"c:{customer_id}"), "In 3 days")

    await hugo.press(planned, "✖ No call back needed")
    cancelled = await hugo.next_message()
    await run_at(world, THURSDAY_9)

    assert cancelled.text == "No call back planned for Dupont Rénovation."
    await hugo.expect_silence()
    assert [r.status for r in await reminders(world)] == ["cancelled"]


async def test_call_back_from_a_site_card_is_about_the_site(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")
    _, site_id = await a_customer_with_a_site(world)
    card = await open_card(lea, f"st:{site_id}")

    planned = await plan(lea, card, "Demain", call_back="📞 Rappeler dans…")

    assert planned.text == "📞 Rappeler Cuisine : je vous le rappellerai mardi 3 mars à 09:00."
    async with world.sessions() as session:
        row = await session.scalar(select(Reminder))
    assert row is not None and (row.record_type, row.record_id) == ("site", site_id)


async def test_forged_call_back_buttons_change_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    customer_id, _ = await a_customer_with_a_site(world)
    message = await open_card(hugo, f"c:{customer_id}")
    answered = len(hugo.callback_answers)

    for data in (
        f"fs:customer:{customer_id}:2",
        f"fs:invoice:{customer_id}:3",
        "fs:customer:424242:3",
        "fu:customer:424242",
        "fu:customer:x",
        f"fs:customer:{customer_id}:³",
    ):
        await hugo.press_data(message.message_id, data)
        await hugo.expect_silence()

    answers = {a["text"] for a in hugo.callback_answers[answered:]}
    assert answers == {"This button is no longer valid."}
    assert await reminders(world) == []


async def test_a_double_tap_on_call_back_shows_the_delays_once_and_nothing_fails(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    customer_id, _ = await a_customer_with_a_site(world)
    card = await open_card(hugo, f"c:{customer_id}")
    [data] = [d for row in card.buttons for label, d in row if label == "📞 Call back in…"]

    first = await hugo.press_data(card.message_id, data)
    delays = await hugo.next_message()
    second = await hugo.press_data(card.message_id, data)

    assert "In 3 days" in [label for row in delays.buttons for label, _ in row]
    assert (await hugo.answer_to(first))["text"] is None
    assert (await hugo.answer_to(second))["text"] is None
    await hugo.expect_silence()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_no_call_back_needed_on_a_deleted_site_is_a_stale_button(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")
    _, site_id = await a_customer_with_a_site(world)
    planned = await plan(lea, await open_card(lea, f"st:{site_id}"), "Demain", "📞 Rappeler dans…")
    async with world.sessions() as session, session.begin():
        await session.execute(delete(Site).where(Site.id == site_id))

    query_id = await lea.press(planned, "✖ Pas besoin de rappeler")

    assert (await lea.answer_to(query_id))["text"] == "Ce bouton n'est plus valable."
    await lea.expect_silence()
