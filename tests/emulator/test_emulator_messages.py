"""Sending, editing and deleting messages within Telegram's limits."""

import pytest

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def keyboard(*buttons: tuple[str, str]) -> dict:
    """Build a one-row inline keyboard of (text, callback_data) buttons."""
    return {"inline_keyboard": [[{"text": t, "callback_data": d} for t, d in buttons]]}


async def test_empty_text_is_refused(emu, api):
    emu.user(1001, "Alice")

    status, description = await api.error("sendMessage", chat_id=1001, text="")

    assert (status, description) == (400, "Bad Request: message text is empty")


async def test_text_that_is_only_tags_is_empty_after_parsing(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error(
        "sendMessage", chat_id=1001, text="<b> </b>", parse_mode="HTML"
    )

    assert description == "Bad Request: message text is empty"


async def test_text_of_4096_characters_is_accepted(emu, api):
    emu.user(1001, "Alice")

    result = await api.ok("sendMessage", chat_id=1001, text="é" * 4096)

    assert len(result["text"]) == 4096


async def test_text_of_4097_characters_is_refused_as_too_long(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error("sendMessage", chat_id=1001, text="x" * 4097)

    assert description == "Bad Request: message is too long"


async def test_length_is_counted_after_tags_are_stripped(emu, api):
    emu.user(1001, "Alice")

    result = await api.ok(
        "sendMessage", chat_id=1001, text=f"<b>{'x' * 4096}</b>", parse_mode="HTML"
    )

    assert len(result["text"]) == 4096


async def test_caption_over_1024_characters_is_refused(emu, api, make_image):
    emu.user(1001, "Alice")

    _, description = await api.error(
        "sendPhoto", {"photo": ("p.jpg", make_image(100, 100))}, chat_id=1001, caption="c" * 1025
    )

    assert description == "Bad Request: message caption is too long"


@pytest.mark.parametrize("data", ["", "x" * 65, "é" * 33])
async def test_callback_data_outside_1_to_64_bytes_is_refused(emu, api, data):
    emu.user(1001, "Alice")

    _, description = await api.error(
        "sendMessage", chat_id=1001, text="pick", reply_markup=keyboard(("A", data))
    )

    assert description == "Bad Request: BUTTON_DATA_INVALID"


async def test_callback_data_of_64_bytes_is_accepted(emu, api):
    emu.user(1001, "Alice")

    result = await api.ok(
        "sendMessage", chat_id=1001, text="pick", reply_markup=keyboard(("A", "x" * 64))
    )

    assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "x" * 64


async def test_inline_button_without_text_is_refused(emu, api):
    emu.user(1001, "Alice")
    markup = {"inline_keyboard": [[{"callback_data": "a"}]]}

    _, description = await api.error("sendMessage", chat_id=1001, text="t", reply_markup=markup)

    assert (
        description == "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
    )


async def test_inline_button_without_action_is_refused(emu, api):
    emu.user(1001, "Alice")
    markup = {"inline_keyboard": [[{"text": "A"}]]}

    _, description = await api.error("sendMessage", chat_id=1001, text="t", reply_markup=markup)

    assert description.endswith("Text buttons are unallowed in the inline keyboard")


async def test_bot_message_snapshot_lists_buttons_as_text_and_data(emu, api):
    alice = emu.user(1001, "Alice")
    markup = {
        "inline_keyboard": [
            [{"text": "Yes", "callback_data": "y"}],
            [{"text": "Map", "url": "https://example.com"}],
        ]
    }

    await api.ok("sendMessage", chat_id=1001, text="ok?", reply_markup=markup)
    message = await alice.next_message()

    assert message.buttons == [[("Yes", "y")], [("Map", "https://example.com")]]


async def test_edit_with_same_text_and_markup_is_refused_as_not_modified(emu, api):
    emu.user(1001, "Alice")
    markup = keyboard(("A", "a"))
    sent = await api.ok("sendMessage", chat_id=1001, text="same", reply_markup=markup)

    _, description = await api.error(
        "editMessageText",
        chat_id=1001,
        message_id=sent["message_id"],
        text="same",
        reply_markup=markup,
    )

    assert description == NOT_MODIFIED


async def test_edit_with_same_text_but_no_markup_removes_the_keyboard(emu, api):
    alice = emu.user(1001, "Alice")
    sent = await api.ok(
        "sendMessage", chat_id=1001, text="same", reply_markup=keyboard(("A", "a"))
    )

    result = await api.ok(
        "editMessageText", chat_id=1001, message_id=sent["message_id"], text="same"
    )
    await alice.next_message()
    edited = await alice.next_message()

    assert "reply_markup" not in result
    assert (edited.kind, edited.buttons) == ("edited", [])


async def test_edit_text_changes_the_message_and_tells_the_user(emu, api):
    alice = emu.user(1001, "Alice")
    sent = await api.ok("sendMessage", chat_id=1001, text="draft")

    result = await api.ok(
        "editMessageText", chat_id=1001, message_id=sent["message_id"], text="final"
    )
    await alice.next_message()
    edited = await alice.next_message()

    assert result["text"] == "final"
    assert "edit_date" in result
    assert (edited.kind, edited.message_id, edited.text) == ("edited", sent["message_id"], "final")


async def test_edit_reply_markup_with_same_markup_is_refused_as_not_modified(emu, api):
    emu.user(1001, "Alice")
    markup = keyboard(("A", "a"))
    sent = await api.ok("sendMessage", chat_id=1001, text="t", reply_markup=markup)

    _, description = await api.error(
        "editMessageReplyMarkup", chat_id=1001, message_id=sent["message_id"], reply_markup=markup
    )

    assert description == NOT_MODIFIED


async def test_edit_reply_markup_replaces_the_buttons(emu, api):
    alice = emu.user(1001, "Alice")
    sent = await api.ok("sendMessage", chat_id=1001, text="t", reply_markup=keyboard(("A", "a")))

    await api.ok(
        "editMessageReplyMarkup",
        chat_id=1001,
        message_id=sent["message_id"],
        reply_markup=keyboard(("B", "b")),
    )
    await alice.next_message()
    edited = await alice.next_message()

    assert edited.buttons == [[("B", "b")]]


async def test_editing_an_unknown_message_is_refused(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error("editMessageText", chat_id=1001, message_id=99, text="x")

    assert description == "Bad Request: message to edit not found"


async def test_editing_a_users_message_is_refused(emu, api):
    alice = emu.user(1001, "Alice")
    mine = await alice.send_text("hello")

    _, description = await api.error(
        "editMessageText", chat_id=1001, message_id=mine["message_id"], text="x"
    )

    assert description == "Bad Request: message can't be edited"


async def test_deleting_an_unknown_message_is_refused(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error("deleteMessage", chat_id=1001, message_id=99)

    assert description == "Bad Request: message to delete not found"


async def test_deleting_a_message_tells_the_user_and_forgets_it(emu, api):
    alice = emu.user(1001, "Alice")
    sent = await api.ok("sendMessage", chat_id=1001, text="bye")

    assert await api.ok("deleteMessage", chat_id=1001, message_id=sent["message_id"]) is True
    await alice.next_message()
    deleted = await alice.next_message()
    _, again = await api.error("deleteMessage", chat_id=1001, message_id=sent["message_id"])

    assert (deleted.kind, deleted.text) == ("deleted", "bye")
    assert again == "Bad Request: message to delete not found"


async def test_reply_to_a_known_message_carries_it(emu, api):
    alice = emu.user(1001, "Alice")
    asked = await alice.send_text("price?")

    result = await api.ok(
        "sendMessage",
        chat_id=1001,
        text="12 EUR",
        reply_parameters={"message_id": asked["message_id"]},
    )

    assert result["reply_to_message"]["text"] == "price?"


async def test_chat_action_is_recorded_and_not_a_message(emu, api):
    alice = emu.user(1001, "Alice")

    await api.ok("sendChatAction", chat_id=1001, action="typing")

    assert alice.chat_actions == ["typing"]
    await alice.expect_silence(timeout=0.05)


async def test_next_message_fails_clearly_when_the_bot_sent_nothing(emu):
    alice = emu.user(1001, "Alice")

    with pytest.raises(AssertionError, match="the bot sent nothing to chat 1001"):
        await alice.next_message(timeout=0.05)


async def test_expect_silence_fails_when_the_bot_spoke(emu, api):
    alice = emu.user(1001, "Alice")
    await api.ok("sendMessage", chat_id=1001, text="surprise")

    with pytest.raises(AssertionError, match="expected to stay silent"):
        await alice.expect_silence(timeout=0.05)


async def test_group_messages_reach_the_group_not_the_private_chat(emu, api):
    alice = emu.user(1001, "Alice")
    team = emu.group(-100123, "Site team")
    said = await alice.send_text("hi all", chat=team)

    await api.ok("sendMessage", chat_id=-100123, text="hello team")

    assert said["chat"] == {"id": -100123, "type": "group", "title": "Site team"}
    assert (await team.next_message()).text == "hello team"
    await alice.expect_silence(timeout=0.05)
