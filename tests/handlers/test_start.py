"""/start, /help, invites and the access gate, end to end."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.models import User
from tests.handlers.conftest import World


async def test_install_time_admin_is_welcomed_on_first_start(world: World) -> None:
    admin = world.user(1001, "Claire")

    await admin.send_text("/start")
    reply = await admin.next_message()

    assert "Claire" in (reply.text or "")
    assert "/invite" in (reply.text or "")


async def test_unknown_user_gets_one_short_refusal(world: World) -> None:
    stranger = world.user(5555, "Eve")

    await stranger.send_text("bonjour")
    reply = await stranger.next_message()

    assert reply.text == "Désolé, ce bot est réservé au personnel de l'entreprise."
    await stranger.expect_silence()


async def test_invited_user_joins_with_the_role_of_the_invite(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales")

    await hugo.send_text("/help")
    reply = await hugo.next_message()

    assert "/customer" in (reply.text or "")
    assert "/invite" not in (reply.text or "")


async def test_invite_link_works_only_once(world: World) -> None:
    admin = await world.admin()
    await admin.send_text("/invite")
    await admin.press(await admin.next_message(), callback_data="inv:field")
    code = ((await admin.next_message()).text or "").rsplit("start=", 1)[1].split()[0]
    await world.user(2003, "Léa").send_text(f"/start {code}")
    await world.user(2003, "Léa").next_message()

    late = world.user(2004, "Max")
    await late.send_text(f"/start {code}")
    reply = await late.next_message()

    assert "expiré" in (reply.text or "")
    async with world.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 2


async def test_expired_invite_is_refused(world: World) -> None:
    admin = await world.admin()
    await admin.send_text("/invite")
    await admin.press(await admin.next_message(), callback_data="inv:sales")
    code = ((await admin.next_message()).text or "").rsplit("start=", 1)[1].split()[0]
    world.clock.advance(timedelta(days=7, seconds=1))

    newcomer = world.user(2005, "Tom", language_code="en")
    await newcomer.send_text(f"/start {code}")
    reply = await newcomer.next_message()

    assert reply.text == "This invite link is used or expired. Ask an admin for a new one."
