"""Bot API methods that change sent messages: editMessageText, editMessageReplyMarkup,
deleteMessage."""

import time
from typing import Any

from bot.emulator.chats import Chat, StoredMessage
from bot.emulator.errors import bad_request
from bot.emulator.formatting import read_text, text_fields
from bot.emulator.keyboards import read_markup
from bot.emulator.params import Params
from bot.emulator.sending import markup_fields
from bot.emulator.state import EmulatorState

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def edit_message_text(state: EmulatorState, params: Params) -> dict[str, Any]:
    """Replace the text (and inline keyboard) of a bot message."""
    chat, stored = _editable(state, params)
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    text = read_text(params)
    markup = read_markup(params)

    # Without reply_markup, Telegram removes the inline keyboard: compare with None.
    new = {**text_fields(text), **markup_fields(markup)}
    _apply_edit(state, chat, stored, new, ("text", "entities", "reply_markup"))
    stored.source = text.source
    state.publish(chat, "edited", stored)
    return stored.data


def edit_message_reply_markup(state: EmulatorState, params: Params) -> dict[str, Any]:
    """Replace or remove the inline keyboard of a bot message."""
    chat, stored = _editable(state, params)
    markup = read_markup(params)

    _apply_edit(state, chat, stored, markup_fields(markup), ("reply_markup",))
    state.publish(chat, "edited", stored)
    return stored.data


def delete_message(state: EmulatorState, params: Params) -> bool:
    """Delete a message of the chat, the bot's or a user's."""
    chat = state.chat(params.text("chat_id"))
    stored = state.stored_message(chat, params, "message to delete not found")

    del chat.messages[stored.data["message_id"]]
    state.publish(chat, "deleted", stored)
    return True


def _editable(state: EmulatorState, params: Params) -> tuple[Chat, StoredMessage]:
    if params.text("inline_message_id"):
        # LIMITATION: messages sent through inline mode are not kept, so cannot be edited.
        raise bad_request("inline_message_id is not supported by the emulator")
    chat = state.target_chat(params)
    stored = state.stored_message(chat, params, "message to edit not found")
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return chat, stored


def _apply_edit(
    state: EmulatorState,
    chat: Chat,
    stored: StoredMessage,
    new: dict[str, Any],
    fields: tuple[str, ...],
) -> None:
    current = {key: stored.data[key] for key in fields if key in stored.data}
    if new == current:
        raise bad_request(NOT_MODIFIED)

    state.admit(chat)
    for key in fields:
        stored.data.pop(key, None)
    stored.data.update(new, edit_date=int(time.time()))
    state.sent_count += 1


METHODS = {
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
}
