"""getUpdates: long polling, offsets that confirm updates, limits, update shapes."""

import asyncio
import time


async def test_pending_updates_are_returned_at_once(emu, api):
    alice = emu.user(1001, "Alice")
    await alice.send_text("hello")

    started = time.monotonic()
    updates = await api.ok("getUpdates", timeout=5)

    assert time.monotonic() - started < 1
    assert [u["message"]["text"] for u in updates] == ["hello"]


async def test_long_poll_is_held_until_an_update_arrives(emu, api):
    alice = emu.user(1001, "Alice")
    poll = asyncio.create_task(api.ok("getUpdates", timeout=5))
    await asyncio.sleep(0.1)

    assert not poll.done()
    await alice.send_text("late")
    updates = await asyncio.wait_for(poll, 2)

    assert updates[0]["message"]["text"] == "late"


async def test_long_poll_answers_empty_when_its_timeout_passes(api):
    started = time.monotonic()

    updates = await api.ok("getUpdates", timeout=0.2)

    assert updates == []
    assert 0.15 < time.monotonic() - started < 2


async def test_updates_stay_pending_until_an_offset_confirms_them(emu, api):
    alice = emu.user(1001, "Alice")
    await alice.send_text("one")
    await alice.send_text("two")

    first = await api.ok("getUpdates")
    again = await api.ok("getUpdates")
    after = await api.ok("getUpdates", offset=first[0]["update_id"] + 1)

    assert len(first) == len(again) == 2
    assert [u["message"]["text"] for u in after] == ["two"]


async def test_update_ids_increase_in_arrival_order(emu, api):
    alice = emu.user(1001, "Alice")
    await alice.send_text("one")
    await alice.send_text("two")

    updates = await api.ok("getUpdates")

    assert updates[1]["update_id"] == updates[0]["update_id"] + 1


async def test_limit_caps_the_number_of_updates_returned(emu, api):
    alice = emu.user(1001, "Alice")
    for text in ("a", "b", "c"):
        await alice.send_text(text)

    updates = await api.ok("getUpdates", limit=2)

    assert [u["message"]["text"] for u in updates] == ["a", "b"]


async def test_command_text_gets_a_bot_command_entity_at_offset_zero(emu):
    alice = emu.user(1001, "Alice", username="alice", language_code="fr")

    message = await alice.send_text("/start abc")

    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["from"]["language_code"] == "fr"
    assert message["chat"] == {"id": 1001, "type": "private", "first_name": "Alice",
                               "username": "alice"}  # fmt: skip


async def test_user_edit_arrives_as_an_edited_message_update(emu, api):
    alice = emu.user(1001, "Alice")
    sent = await alice.send_text("/quote 12")

    await alice.edit_text(sent["message_id"], "/quote 13")
    updates = await api.ok("getUpdates")

    edited = updates[1]["edited_message"]
    assert edited["text"] == "/quote 13"
    assert edited["message_id"] == sent["message_id"]
    assert edited["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


async def test_contact_location_sticker_and_voice_have_telegram_shapes(emu, api):
    alice = emu.user(1001, "Alice")
    await alice.send_contact("+33612345678", "Jean", last_name="Dupont", user_id=77)
    await alice.send_location(45.76, 4.83)
    await alice.send_sticker("👍")
    await alice.send_voice(duration=4)

    messages = [u["message"] for u in await api.ok("getUpdates")]

    assert messages[0]["contact"]["phone_number"] == "+33612345678"
    assert messages[1]["location"] == {"latitude": 45.76, "longitude": 4.83}
    assert messages[2]["sticker"]["emoji"] == "👍"
    assert messages[3]["voice"]["duration"] == 4


async def test_allowed_updates_filters_what_is_delivered(emu, api):
    alice = emu.user(1001, "Alice")
    first = await alice.send_text("hello")
    await alice.edit_text(first["message_id"], "hello!")

    updates = await api.ok("getUpdates", allowed_updates=["edited_message"])

    assert [list(u)[1] for u in updates] == ["edited_message"]


async def test_delete_webhook_can_drop_pending_updates(emu, api):
    alice = emu.user(1001, "Alice")
    await alice.send_text("old")

    await api.ok("deleteWebhook", drop_pending_updates=True)

    assert await api.ok("getUpdates") == []
