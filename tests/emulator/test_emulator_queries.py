"""Button presses, inline queries and the command menu."""

import asyncio

import pytest

QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def bot_message_with_buttons(api, alice):
    """Have the bot send Alice a message with two buttons; return her snapshot of it."""
    markup = {
        "inline_keyboard": [
            [
                {"text": "Site A", "callback_data": "site:1"},
                {"text": "Site B", "callback_data": "site:2"},
            ]
        ]
    }
    await api.ok("sendMessage", chat_id=alice.id, text="Pick a site", reply_markup=markup)
    return await alice.next_message()


async def test_press_by_label_sends_the_buttons_callback_data(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)

    query_id = await alice.press(message, "Site B")
    updates = await api.ok("getUpdates")

    query = updates[0]["callback_query"]
    assert query["id"] == query_id
    assert query["data"] == "site:2"
    assert query["message"]["message_id"] == message.message_id
    assert query["from"]["id"] == 1001


async def test_press_by_callback_data_finds_the_button(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)

    await alice.press(message, callback_data="site:1")
    updates = await api.ok("getUpdates")

    assert updates[0]["callback_query"]["data"] == "site:1"


async def test_pressing_a_missing_button_fails_in_the_test(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)

    with pytest.raises(LookupError, match="no button 'Site C'"):
        await alice.press(message, "Site C")


async def test_forged_callback_data_is_delivered_as_sent(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)

    await alice.press_data(message.message_id, "site:999")
    updates = await api.ok("getUpdates")

    assert updates[0]["callback_query"]["data"] == "site:999"


async def test_callback_answer_is_recorded_for_the_user(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)
    query_id = await alice.press(message, "Site A")

    await api.ok("answerCallbackQuery", callback_query_id=query_id, text="Saved", show_alert=True)

    assert alice.callback_answers == [
        {
            "callback_query_id": query_id,
            "text": "Saved",
            "show_alert": True,
            "url": None,
            "cache_time": 0,
        }
    ]


async def test_callback_query_answered_twice_is_refused(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)
    query_id = await alice.press(message, "Site A")
    await api.ok("answerCallbackQuery", callback_query_id=query_id)

    _, description = await api.error("answerCallbackQuery", callback_query_id=query_id)

    assert description == QUERY_TOO_OLD


async def test_unknown_callback_query_is_refused(api):
    _, description = await api.error("answerCallbackQuery", callback_query_id="123")

    assert description == QUERY_TOO_OLD


async def test_callback_answer_over_200_characters_is_refused(emu, api):
    alice = emu.user(1001, "Alice")
    message = await bot_message_with_buttons(api, alice)
    query_id = await alice.press(message, "Site A")

    _, description = await api.error(
        "answerCallbackQuery", callback_query_id=query_id, text="x" * 201
    )

    assert description == "Bad Request: MESSAGE_TOO_LONG"


async def answer_next_inline_query(api, **answer):
    """Act as the bot: fetch the pending inline query and answer it."""
    updates = await api.ok("getUpdates", timeout=2)
    query = updates[-1]["inline_query"]
    await api.ok("getUpdates", offset=updates[-1]["update_id"] + 1)
    return await api.call("answerInlineQuery", inline_query_id=query["id"], **answer)


async def test_inline_query_returns_the_bots_results_and_cache_settings(emu, api):
    alice = emu.user(1001, "Alice")
    results = [
        {
            "type": "article",
            "id": "c1",
            "title": "Dupont SARL",
            "input_message_content": {"message_text": "Dupont SARL"},
        }
    ]

    asking = asyncio.create_task(alice.inline_query("dupont"))
    await answer_next_inline_query(api, results=results, is_personal=True, cache_time=0)
    answer = await asking

    assert [r["title"] for r in answer.results] == ["Dupont SARL"]
    assert (answer.is_personal, answer.cache_time) == (True, 0)


async def test_inline_answer_defaults_to_shared_and_cached_300_seconds(emu, api):
    alice = emu.user(1001, "Alice")

    asking = asyncio.create_task(alice.inline_query("x"))
    await answer_next_inline_query(api, results=[])
    answer = await asking

    assert (answer.is_personal, answer.cache_time) == (False, 300)


async def test_inline_answer_with_over_50_results_is_refused(emu, api):
    alice = emu.user(1001, "Alice")
    results = [
        {
            "type": "article",
            "id": str(n),
            "title": "t",
            "input_message_content": {"message_text": "t"},
        }
        for n in range(51)
    ]

    asking = asyncio.create_task(alice.inline_query("x", timeout=0.2))
    response = await answer_next_inline_query(api, results=results)

    assert response.json()["description"] == "Bad Request: RESULTS_TOO_MUCH"
    with pytest.raises(AssertionError, match="did not answer inline query"):
        await asking


async def test_commands_are_stored_per_scope_and_language(emu, api):
    french = [{"command": "devis", "description": "Créer un devis"}]
    english = [{"command": "quote", "description": "Draft a quote"}]

    await api.ok("setMyCommands", commands=french, language_code="fr")
    await api.ok("setMyCommands", commands=english, scope={"type": "all_private_chats"})

    assert emu.commands(language_code="fr") == french
    assert emu.commands(scope="all_private_chats") == english
    assert emu.commands() == []
    assert await api.ok("getMyCommands", language_code="fr") == french


async def test_invalid_command_name_is_refused(api):
    commands = [{"command": "Devis!", "description": "x"}]

    _, description = await api.error("setMyCommands", commands=commands)

    assert description == "Bad Request: BOT_COMMAND_INVALID"
