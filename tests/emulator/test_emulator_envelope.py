"""The emulator answers in Telegram's envelope, whatever way the parameters arrive."""

import asyncio

from bot.emulator import BotApiEmulator


async def test_get_me_answers_in_an_ok_envelope_with_the_bot_user(api):
    response = await api.call("getMe")

    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["result"]["username"] == "fieldbot_demo_bot"
    assert response.json()["result"]["is_bot"] is True


async def test_wrong_token_is_refused_with_401_unauthorized(emu: BotApiEmulator, api):
    response = await api.client.post(f"{emu.url}/bot999:WRONG/getMe")

    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_is_refused_with_404_not_found(api):
    status, description = await api.error("sendDice", chat_id=1)

    assert status == 404
    assert description == "Not Found"


async def test_method_names_are_case_insensitive_like_telegram(api):
    result = await api.ok("getme")

    assert result["id"] == 123456


async def test_json_body_is_accepted(emu: BotApiEmulator, api):
    emu.user(1001, "Alice")

    response = await api.client.post("sendMessage", json={"chat_id": 1001, "text": "hi"})

    assert response.json()["result"]["text"] == "hi"


async def test_get_query_parameters_are_accepted(emu: BotApiEmulator, api):
    emu.user(1001, "Alice")

    response = await api.client.get("sendMessage", params={"chat_id": "1001", "text": "hi"})

    assert response.json()["result"]["chat"]["id"] == 1001


async def test_sending_to_an_unknown_chat_is_refused_as_chat_not_found(api):
    status, description = await api.error("sendMessage", chat_id=42, text="hi")

    assert status == 400
    assert description == "Bad Request: chat not found"


async def test_sending_to_a_user_who_blocked_the_bot_is_forbidden(emu, api):
    alice = emu.user(1001, "Alice")
    alice.block()

    status, description = await api.error("sendMessage", chat_id=1001, text="hi")

    assert status == 403
    assert description == "Forbidden: bot was blocked by the user"


async def test_unblocked_user_receives_messages_again(emu, api):
    alice = emu.user(1001, "Alice")
    alice.block()
    alice.unblock()

    await api.ok("sendMessage", chat_id=1001, text="welcome back")

    assert (await alice.next_message()).text == "welcome back"


async def test_stop_answers_a_pending_long_poll_at_once(emu: BotApiEmulator, api):
    poll = asyncio.create_task(api.call("getUpdates", timeout=30))
    await asyncio.sleep(0.1)

    await emu.stop()
    response = await asyncio.wait_for(poll, 2)

    assert response.json() == {"ok": True, "result": []}
