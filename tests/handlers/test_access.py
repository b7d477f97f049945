"""Who gets past the gate: strangers, deactivated users, groups, edits, and the language used."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application, start_polling, stop_polling
from bot.emulator import BotApiEmulator, EmulatedUser
from storage.models import Customer, User
from tests.handlers.conftest import TOKEN, Clock, World, settings_for

STAFF_ONLY_FR = "Désolé, ce bot est réservé au personnel de l'entreprise."
STAFF_ONLY_EN = "Sorry, this bot is for the company's staff only."
NOTHING_FOUND_FR = (
    "Rien trouvé pour « Zeta ». Essayez une rue, une ville ou un numéro de téléphone."
)
EDITS_NOT_READ_FR = "Les messages modifiés ne sont pas relus. Envoyez plutôt un nouveau message."


@pytest.fixture
async def english_company(engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[World]:
    """Run the bot with FIELDBOT_LANGUAGE=en instead of the harness's French default."""
    emu = BotApiEmulator(token=TOKEN, bot_username="fieldbot_test_bot")
    await emu.start()
    settings = settings_for(emu, tmp_path).model_copy(update={"language": "en"})
    clock = Clock()
    app = build_application(settings, engine, clock=clock)
    await start_polling(app)
    try:
        yield World(emu, app, app.bot_data["services"].sessions, clock)
    finally:
        await stop_polling(app)
        await emu.stop()


async def deactivate(admin: EmulatedUser, name: str) -> None:
    """Deactivate a user the way an admin does: /users, the user's button, Deactivate."""
    await admin.send_text("/users")
    listing = await admin.next_message()
    label = next(label for row in listing.buttons for label, _ in row if label.startswith(name))
    await admin.press(listing, label)
    await admin.press(await admin.next_message(), "Désactiver")
    await admin.next_message()


async def test_unknown_user_gets_no_help(world: World) -> None:
    stranger = world.user(5555, "Eve")

    await stranger.send_text("/help")
    reply = await stranger.next_message()

    assert reply.text == STAFF_ONLY_FR
    await stranger.expect_silence()
    assert await world.count(User) == 0


async def test_unknown_user_start_without_invite_is_refused_and_not_stored(world: World) -> None:
    stranger = world.user(5555, "Eve")

    await stranger.send_text("/start")
    reply = await stranger.next_message()

    assert reply.text == STAFF_ONLY_FR
    await stranger.expect_silence()
    assert await world.count(User) == 0


async def test_unknown_user_pressing_a_button_gets_the_refusal_as_an_alert(world: World) -> None:
    stranger = world.user(5555, "Eve")
    await stranger.send_text("bonjour")
    refusal = await stranger.next_message()

    query_id = await stranger.press_data(refusal.message_id, "c:1")
    answer = await stranger.answer_to(query_id)

    assert answer["text"] == STAFF_ONLY_FR
    assert answer["show_alert"] is True
    await stranger.expect_silence()


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("fr", STAFF_ONLY_FR), ("en", STAFF_ONLY_EN), ("de", STAFF_ONLY_FR), (None, STAFF_ONLY_FR)],
    ids=["french", "english", "unsupported-falls-back", "none-falls-back"],
)
async def test_refusal_follows_the_telegram_language_or_the_company_default(
    world: World, language_code: str | None, expected: str
) -> None:
    stranger = world.emu.user(5555, "Eve", language_code=language_code)

    await stranger.send_text("hello")
    reply = await stranger.next_message()

    assert reply.text == expected


async def test_company_language_is_used_when_telegram_gives_none(english_company: World) -> None:
    stranger = english_company.emu.user(5555, "Eve")

    await stranger.send_text("bonjour")
    reply = await stranger.next_message()

    assert reply.text == STAFF_ONLY_EN


async def test_known_users_are_answered_in_their_own_language(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    lea = await world.member(2003, "Léa", "sales", language_code="fr")

    await hugo.send_text("/nope")
    english = await hugo.next_message()
    await lea.send_text("/nope")
    french = await lea.next_message()

    assert english.text == "Unknown command. /help lists what you can do."
    assert french.text == "Commande inconnue. /help liste ce que vous pouvez faire."


async def test_deactivated_user_gets_the_refusal(world: World) -> None:
    admin = await world.admin()
    hugo = await world.member(2002, "Hugo", "sales")
    await deactivate(admin, "Hugo")

    await hugo.send_text("Dupont")
    reply = await hugo.next_message()

    assert reply.text == STAFF_ONLY_FR
    await hugo.expect_silence()


async def test_deactivated_user_cannot_come_back_with_start(world: World) -> None:
    admin = await world.admin()
    hugo = await world.member(2002, "Hugo", "sales")
    await deactivate(admin, "Hugo")

    await hugo.send_text("/start")
    reply = await hugo.next_message()

    assert reply.text == STAFF_ONLY_FR
    async with world.sessions() as session:
        stored = await session.scalar(select(User).where(User.telegram_id == 2002))
    assert stored is not None and stored.active is False


async def test_deactivated_user_pressing_an_old_button_gets_the_refusal(world: World) -> None:
    admin = await world.admin()
    hugo = await world.member(2002, "Hugo", "sales")
    await hugo.send_text("/customer")
    await hugo.send_text("Dupont")
    await hugo.next_message()
    kind_question = await hugo.next_message()
    await deactivate(admin, "Hugo")

    query_id = await hugo.press(kind_question, "🏢 Entreprise")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STAFF_ONLY_FR
    await hugo.expect_silence()
    assert await world.count(Customer) == 0


async def test_group_message_gets_one_short_answer_in_the_group(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    group = world.emu.group(-100_200, "Équipe Lyon")

    await hugo.send_text("Dupont", chat=group)
    reply = await group.next_message()

    assert reply.text == "Je ne travaille qu'en conversation privée. Écrivez-moi directement."
    await asyncio.gather(group.expect_silence(), hugo.expect_silence())


async def test_command_in_a_group_starts_no_questions(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    group = world.emu.group(-100_200, "Équipe Lyon")
    await hugo.send_text("/customer", chat=group)
    await group.next_message()

    await hugo.send_text("Zeta")
    reply = await hugo.next_message()

    assert reply.text == NOTHING_FOUND_FR


async def test_edited_command_is_not_run_again(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    command = await hugo.send_text("/customer")
    await hugo.next_message()
    await hugo.send_text("Dupont Rénovation")
    await hugo.press(await hugo.next_message(), "🏢 Entreprise")
    await hugo.press(await hugo.next_message(), "Passer")
    await hugo.press(await hugo.next_message(), "Passer")
    await hugo.next_message()
    await hugo.next_message()
    await hugo.press(await hugo.next_message(), "Terminé")
    await hugo.next_message()

    await hugo.edit_text(command["message_id"], "/customer")
    reply = await hugo.next_message()
    await hugo.send_text("Zeta")
    after = await hugo.next_message()

    assert reply.text == EDITS_NOT_READ_FR
    assert after.text == NOTHING_FOUND_FR
    assert await world.count(Customer) == 1
