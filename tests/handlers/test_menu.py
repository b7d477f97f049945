"""The command menu set at start, per language, and /help as each user's roles allow."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application, start_polling, stop_polling
from bot.emulator import BotApiEmulator, EmulatedUser
from storage.database import create_sessionmaker
from tests.handlers.conftest import TOKEN, Clock, World, settings_for

FRENCH_CORE = [
    ("start", "Démarrer, ou rejoindre avec une invitation"),
    ("help", "Ce que je peux faire pour vous"),
    ("customer", "Créer une fiche client"),
    ("site", "Créer un chantier pour un client"),
    ("cancel", "Arrêter la question en cours"),
]
ENGLISH_CORE = [
    ("start", "Start, or join with an invite"),
    ("help", "What I can do for you"),
    ("customer", "Create a customer file"),
    ("site", "Create a job site for a customer"),
    ("cancel", "Stop the current question"),
]


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
        yield World(emu, app, create_sessionmaker(engine), clock)
    finally:
        await stop_polling(app)
        await emu.stop()


def menu(emu: BotApiEmulator, language_code: str) -> list[tuple[str, str]]:
    return [(c["command"], c["description"]) for c in emu.commands(language_code=language_code)]


async def test_french_menu_describes_the_commands_in_french(world: World) -> None:
    french = menu(world.emu, "fr")

    assert [entry for entry in FRENCH_CORE if entry not in french] == []


async def test_english_menu_describes_the_commands_in_english(world: World) -> None:
    english = menu(world.emu, "en")

    assert [entry for entry in ENGLISH_CORE if entry not in english] == []


async def test_french_and_english_menus_offer_the_same_commands(world: World) -> None:
    french = [name for name, _ in menu(world.emu, "fr")]
    english = [name for name, _ in menu(world.emu, "en")]

    assert french == english


async def test_menu_for_other_languages_is_in_the_company_language(world: World) -> None:
    default = menu(world.emu, "")

    assert default == menu(world.emu, "fr")


async def test_menu_for_other_languages_follows_an_english_company_language(
    english_company: World,
) -> None:
    default = menu(english_company.emu, "")

    assert default == menu(english_company.emu, "en")
    assert [entry for entry in ENGLISH_CORE if entry not in default] == []


async def test_admin_commands_stay_out_of_every_shared_menu(world: World) -> None:
    names = {name for language in ("fr", "en", "") for name, _ in menu(world.emu, language)}

    assert "invite" not in names
    assert "users" not in names


async def help_lines(user: EmulatedUser) -> list[str]:
    await user.send_text("/help")
    return ((await user.next_message()).text or "").splitlines()


def commands_in(lines: list[str]) -> set[str]:
    return {line.split(" ", 1)[0] for line in lines if line.startswith("/")}


async def test_help_for_a_field_user_offers_sites_but_not_customers(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")

    lines = await help_lines(lea)

    assert "/site — Créer un chantier pour un client" in lines
    assert "/cancel — Arrêter la question en cours" in lines
    assert lines[-1] == "Tout autre texte cherche dans les fiches clients."
    assert commands_in(lines) & {"/customer", "/invite", "/users"} == set()


async def test_help_for_a_warehouse_user_offers_no_creation(world: World) -> None:
    marc = await world.member(2005, "Marc", "warehouse", language_code="en")

    lines = await help_lines(marc)

    assert "/help — What I can do for you" in lines
    assert lines[-1] == "Any other text searches the customer files."
    assert commands_in(lines) & {"/customer", "/site", "/invite", "/users"} == set()


async def test_help_for_an_admin_lists_invite_and_users(world: World) -> None:
    admin = await world.admin()

    lines = await help_lines(admin)

    assert "/invite — Inviter un nouvel utilisateur (admin)" in lines
    assert "/users — Utilisateurs et rôles (admin)" in lines
    assert "/customer — Créer une fiche client" in lines


async def test_help_for_a_user_with_two_roles_lists_what_either_allows(world: World) -> None:
    marc = await world.member(2005, "Marc", "warehouse")
    await world.member(2005, "Marc", "support")

    lines = await help_lines(marc)

    assert "/customer — Créer une fiche client" in lines
    assert commands_in(lines) & {"/invite", "/users"} == set()
