"""/users and /invite: admins list users, toggle roles, deactivate; nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from bot.emulator import BotMessage, EmulatedUser
from storage.models import AuditEntry, User
from tests.handlers.conftest import World

ONLY_ADMINS = "Seul un admin peut faire cela."
NOT_TO_YOURSELF = "Vous ne pouvez pas faire cela à votre propre compte."
STALE_BUTTON = "Ce bouton n'est plus valable."


async def stored_user(world: World, telegram_id: int) -> tuple[int, bool, list[str]]:
    """Return (id, active, sorted roles) of the stored user behind a Telegram id."""
    async with world.sessions() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    assert user is not None
    return user.id, user.active, sorted(r.role for r in user.roles)


async def open_user(admin: EmulatedUser, name: str) -> BotMessage:
    """Send /users and open one user's page; return that page."""
    await admin.send_text("/users")
    listing = await admin.next_message()
    label = next(label for row in listing.buttons for label, _ in row if label.startswith(name))
    await admin.press(listing, label)
    return await admin.next_message()


async def help_text(user: EmulatedUser) -> str:
    await user.send_text("/help")
    return (await user.next_message()).text or ""


async def test_users_lists_every_user_as_a_button(world: World) -> None:
    await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")

    await admin.send_text("/users")
    listing = await admin.next_message()

    assert listing.text == "Utilisateurs :"
    assert [[label for label, _ in row] for row in listing.buttons] == [
        ["Claire · admin"],
        ["Hugo · commercial"],
    ]


async def test_deactivated_users_are_marked_and_listed_last(world: World) -> None:
    await world.member(2002, "Anna", "field")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Anna")
    await admin.press(page, "Désactiver")
    await admin.next_message()

    await admin.send_text("/users")
    listing = await admin.next_message()

    assert [[label for label, _ in row] for row in listing.buttons] == [
        ["Claire · admin"],
        ["⛔ Anna · terrain"],
    ]


async def test_opening_a_user_shows_their_roles_as_toggles(world: World) -> None:
    await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")

    page = await open_user(admin, "Hugo")

    assert page.kind == "edited"
    assert page.text == "Hugo (actif)\nRôles : commercial"
    assert [[label for label, _ in row] for row in page.buttons] == [
        ["✅ commercial", "▫️ terrain", "▫️ SAV"],
        ["▫️ magasin", "▫️ finance", "▫️ admin"],
        ["Désactiver", "« Utilisateurs"],
    ]


async def test_granting_a_role_adds_its_commands_to_help(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Léa")

    await admin.press(page, "▫️ commercial")
    updated = await admin.next_message()

    assert updated.text == "Léa (actif)\nRôles : commercial, terrain"
    assert "/customer" in await help_text(lea)


async def test_removing_a_role_takes_its_commands_out_of_help(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Hugo")
    await admin.press(page, "▫️ terrain")
    page = await admin.next_message()

    await admin.press(page, "✅ commercial")
    await admin.next_message()

    text = await help_text(hugo)
    assert "/customer" not in text
    assert "/site" in text


async def test_admin_cannot_remove_their_own_admin_role(world: World) -> None:
    admin = await world.admin()
    page = await open_user(admin, "Claire")

    query_id = await admin.press(page, "✅ admin")
    answer = await admin.answer_to(query_id)

    assert answer["text"] == NOT_TO_YOURSELF
    assert answer["show_alert"] is True
    await admin.expect_silence()
    assert (await stored_user(world, 1001))[2] == ["admin"]


async def test_admin_cannot_deactivate_themselves(world: World) -> None:
    admin = await world.admin()
    page = await open_user(admin, "Claire")

    query_id = await admin.press(page, "Désactiver")
    answer = await admin.answer_to(query_id)

    assert answer["text"] == NOT_TO_YOURSELF
    assert answer["show_alert"] is True
    await admin.expect_silence()
    assert (await stored_user(world, 1001))[1] is True


async def test_a_user_keeps_at_least_one_role(world: World) -> None:
    await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Hugo")

    query_id = await admin.press(page, "✅ commercial")
    answer = await admin.answer_to(query_id)

    assert answer["text"] == "Un utilisateur garde au moins un rôle."
    assert (await stored_user(world, 2002))[2] == ["sales"]


async def test_users_command_is_refused_to_a_non_admin(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("/users")
    reply = await hugo.next_message()

    assert reply.text == ONLY_ADMINS
    assert reply.buttons == []


async def test_invite_command_is_refused_to_a_non_admin(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("/invite")
    reply = await hugo.next_message()

    assert reply.text == ONLY_ADMINS
    assert reply.buttons == []


async def test_forged_role_button_from_a_sales_user_changes_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    hugo_id, _, _ = await stored_user(world, 2002)
    await hugo.send_text("/help")
    help_message = await hugo.next_message()

    query_id = await hugo.press_data(help_message.message_id, f"ur:{hugo_id}:admin:1")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    assert (await stored_user(world, 2002))[2] == ["sales"]
    assert "/invite" not in await help_text(hugo)


async def test_forged_deactivate_button_from_a_sales_user_changes_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    admin_id, _, _ = await stored_user(world, 1001)
    await hugo.send_text("/help")
    help_message = await hugo.next_message()

    query_id = await hugo.press_data(help_message.message_id, f"ua:{admin_id}:0")
    answer = await hugo.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    assert (await stored_user(world, 1001))[1] is True


async def test_press_on_an_old_users_list_is_refused_once_admin_is_taken_away(
    world: World,
) -> None:
    paul = await world.member(2004, "Paul", "admin")
    await world.member(2002, "Hugo", "sales")
    await paul.send_text("/users")
    old_listing = await paul.next_message()
    claire = world.user(1001, "Claire")
    page = await open_user(claire, "Paul")
    await claire.press(page, "▫️ commercial")
    await claire.press(await claire.next_message(), "✅ admin")
    await claire.next_message()

    query_id = await paul.press(old_listing, "Hugo · commercial")
    answer = await paul.answer_to(query_id)

    assert answer["text"] == STALE_BUTTON
    await paul.expect_silence()


async def test_role_change_is_audited(world: World) -> None:
    await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Hugo")

    await admin.press(page, "▫️ terrain")
    await admin.next_message()

    admin_id, _, _ = await stored_user(world, 1001)
    hugo_id, _, _ = await stored_user(world, 2002)
    async with world.sessions() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "role_granted"))
    assert entry is not None
    assert (entry.user_id, entry.record_type, entry.record_id, entry.detail) == (
        admin_id,
        "user",
        hugo_id,
        "field",
    )


async def test_deactivation_is_audited(world: World) -> None:
    await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Hugo")

    await admin.press(page, "Désactiver")
    updated = await admin.next_message()

    admin_id, _, _ = await stored_user(world, 1001)
    hugo_id, active, _ = await stored_user(world, 2002)
    async with world.sessions() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "deactivated"))
    assert updated.text == "Hugo (désactivé)\nRôles : commercial"
    assert active is False
    assert entry is not None
    assert (entry.user_id, entry.record_type, entry.record_id) == (admin_id, "user", hugo_id)


async def test_reactivated_user_is_let_in_again(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Hugo")
    await admin.press(page, "Désactiver")
    page = await admin.next_message()

    await admin.press(page, "Réactiver")
    await admin.next_message()
    await hugo.send_text("Zeta")
    reply = await hugo.next_message()

    assert reply.text == (
        "Rien trouvé pour « Zeta ». Essayez une rue, une ville ou un numéro de téléphone."
    )


async def test_a_role_press_that_comes_twice_grants_the_role_once(world: World) -> None:
    await world.member(2002, "Hugo", "sales")
    admin = world.user(1001, "Claire")
    page = await open_user(admin, "Hugo")
    [data] = [d for row in page.buttons for label, d in row if label == "▫️ terrain"]

    await admin.press_data(page.message_id, data)
    await admin.next_message()
    await admin.press_data(page.message_id, data)

    await admin.expect_silence()
    _, _, roles = await stored_user(world, 2002)
    assert roles == ["field", "sales"]
