"""/settings: the daily digest's hour, or off, end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage.models import User
from tests.handlers.conftest import World
from tests.handlers.test_remind import remind, run_at, timer

TUESDAY_7_30 = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
TUESDAY_8_00 = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)


async def digest_settings(world: World, telegram_id: int) -> tuple[int | None, datetime | None]:
    async with world.sessions() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    assert user is not None
    return user.digest_minute, user.digest_next_at


async def test_settings_show_the_default_digest_hour_with_choices(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text("/settings")
    shown = await hugo.next_message()

    assert shown.text == (
        "⚙️ Daily digest of your reminders and follow-ups: every day at 07:30 (Europe/Paris).\n"
        "Days with nothing planned send nothing."
    )
    assert [label for row in shown.buttons for label, _ in row] == [
        "06:30",
        "07:00",
        "✅ 07:30",
        "08:00",
        "08:30",
        "09:00",
        "🔕 Off",
    ]


async def test_picking_eight_moves_the_digest_to_eight(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await remind(hugo, "call Dupont tomorrow 10am")
    await hugo.send_text("/settings")

    await hugo.press(await hugo.next_message(), "08:00")
    changed = await hugo.next_message()
    await run_at(world, TUESDAY_7_30)
    await hugo.expect_silence()
    await run_at(world, TUESDAY_8_00)
    digest = await hugo.next_message()

    assert "every day at 08:00" in (changed.text or "")
    assert await digest_settings(world, 2002) == (480, datetime(2026, 3, 4, 7, 0, tzinfo=UTC))
    assert (digest.text or "").startswith("☀️ Good morning! Your day, Tuesday 3 March:")


async def test_switching_the_digest_off_sends_none(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await remind(hugo, "call Dupont tomorrow 10am")
    await hugo.send_text("/settings")

    await hugo.press(await hugo.next_message(), "🔕 Off")
    changed = await hugo.next_message()
    await timer(world).run_pass()
    await run_at(world, TUESDAY_8_00)

    assert (changed.text or "").startswith("⚙️ Daily digest of your reminders and follow-ups: off.")
    await hugo.expect_silence()
    assert await digest_settings(world, 2002) == (None, None)


async def test_a_typed_hour_sets_the_digest_and_nonsense_gets_the_usage(world: World) -> None:
    lea = await world.member(2003, "Léa", "field")

    await lea.send_text("/settings 6h45")
    typed = await lea.next_message()
    await lea.send_text("/settings bientôt")
    nonsense = await lea.next_message()

    assert "chaque jour à 06:45" in (typed.text or "")
    assert nonsense.text == "Envoyez /settings 6:45 pour un résumé à 6h45, ou /settings off."
    assert (await digest_settings(world, 2003))[0] == 6 * 60 + 45


async def test_forged_settings_button_changes_nothing(world: World) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")
    await hugo.send_text("/settings")
    shown = await hugo.next_message()

    for data in ("sd:12", "sd:9999999", "sd:on", "sd:"):
        await hugo.press_data(shown.message_id, data)
        await hugo.expect_silence()

    assert {a["text"] for a in hugo.callback_answers} == {"This button is no longer valid."}
    assert (await digest_settings(world, 2002))[0] == 450


@pytest.mark.parametrize(
    ("typed", "minute"),
    [("7am", 420), ("7:30 am", 450), ("6pm", 1080), ("12am", 0), ("6 h 45", 405), ("6.45", 405)],
)
async def test_hours_typed_the_english_or_the_french_way_set_the_digest(
    world: World, typed: str, minute: int
) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text(f"/settings {typed}")
    await hugo.next_message()

    assert (await digest_settings(world, 2002))[0] == minute


@pytest.mark.parametrize("typed", ["13pm", "0am", "25:00", "7:75"])
async def test_impossible_typed_hours_get_the_usage(world: World, typed: str) -> None:
    hugo = await world.member(2002, "Hugo", "sales", language_code="en")

    await hugo.send_text(f"/settings {typed}")
    answer = await hugo.next_message()

    assert (answer.text or "").startswith("Send /settings 6:45")
    assert (await digest_settings(world, 2002))[0] == 450
