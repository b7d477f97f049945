"""The client side: users and groups that talk to the bot, as plain Python calls.

Each user action stores a message and queues its update, as a Telegram app would; the bot's
answers are read back with `next_message`, in order, one at a time.
"""

import asyncio
import copy
import re
import time
from typing import Any

from bot.emulator.chats import BotMessage, Chat, StoredMessage
from bot.emulator.files import encode_photo
from bot.emulator.formatting import CAPTION_LIMIT, TEXT_LIMIT
from bot.emulator.html import utf16_length
from bot.emulator.state import CallbackQuery, EmulatorState, InlineAnswer

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


class EmulatedGroup:
    """A group chat; users post in it with `chat=group`."""

    def __init__(self, state: EmulatorState, chat: Chat) -> None:
        self.state = state
        self.chat = chat
        self.id = chat.id

    @property
    def chat_actions(self) -> list[str]:
        """Return the chat actions ("typing"...) the bot sent here."""
        return self.chat.chat_actions

    async def next_message(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument reads best in tests
    ) -> BotMessage:
        """Take the next bot action in this chat not yet taken; fail after `timeout` s."""
        return await self.chat.next_action(timeout)

    async def expect_silence(
        self,
        timeout: float = 0.3,  # noqa: ASYNC109 - a timeout argument reads best in tests
    ) -> None:
        """Fail if the bot does anything in this chat within `timeout` seconds."""
        await self.chat.expect_silence(timeout)


ChatRef = EmulatedGroup | int | None


class EmulatedUser:
    """A Telegram user; acts in their private chat with the bot unless given `chat=`."""

    def __init__(self, state: EmulatorState, info: dict[str, Any]) -> None:
        private = {"id": info["id"], "type": "private", "first_name": info["first_name"]}
        private.update({k: info[k] for k in ("last_name", "username") if k in info})
        self.state = state
        self.chat = state.add_chat(private)
        self.id: int = info["id"]
        self.info = info

    @property
    def chat_actions(self) -> list[str]:
        """Return the chat actions ("typing"...) the bot sent to the private chat."""
        return self.chat.chat_actions

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """Return the answerCallbackQuery payloads for this user's presses, oldest first."""
        return self.state.callback_answers.setdefault(self.id, [])

    async def answer_to(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument reads best in tests
    ) -> dict[str, Any]:
        """Wait for the bot's answerCallbackQuery to one press; fail after `timeout` s."""
        async with asyncio.timeout(timeout):
            while True:
                for answer in self.callback_answers:
                    if answer["callback_query_id"] == query_id:
                        return answer
                await asyncio.sleep(0.01)

    def block(self) -> None:
        """Block the bot: its sends to this user now fail with 403."""
        self.chat.blocked = True

    def unblock(self) -> None:
        """Unblock the bot."""
        self.chat.blocked = False

    async def next_message(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument reads best in tests
        chat: ChatRef = None,
    ) -> BotMessage:
        """Take the next bot action in the chat not yet taken; fail after `timeout` s."""
        return await self._chat(chat).next_action(timeout)

    async def expect_silence(
        self,
        timeout: float = 0.3,  # noqa: ASYNC109 - a timeout argument reads best in tests
        chat: ChatRef = None,
    ) -> None:
        """Fail if the bot does anything in the chat within `timeout` seconds."""
        await self._chat(chat).expect_silence(timeout)

    async def send_text(self, text: str, chat: ChatRef = None) -> dict[str, Any]:
        """Send a text; a leading /command gets its bot_command entity, as in Telegram."""
        return self._post(chat, _text_content(text))

    async def send_photo(
        self,
        data: bytes,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: ChatRef = None,
    ) -> dict[str, Any]:
        """Send a photo the normal way: re-encoded to JPEG sizes without EXIF."""
        renditions = await asyncio.to_thread(encode_photo, data)
        content: dict[str, Any] = {"photo": self.state.files.store_photo(renditions)}
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        return self._post(chat, {**content, **_caption(caption)})

    async def send_album(
        self, images: list[bytes], caption: str | None = None, chat: ChatRef = None
    ) -> list[dict[str, Any]]:
        """Send 2-10 photos as an album: one update each, sharing a media_group_id."""
        if not 2 <= len(images) <= 10:
            raise ValueError("an album holds 2 to 10 photos")
        group_id = self.state.new_id()
        messages = []
        for index, image in enumerate(images):
            text = caption if index == 0 else None
            messages.append(await self.send_photo(image, text, group_id, chat))
        return messages

    async def send_document(
        self,
        data: bytes,
        filename: str,
        mime_type: str,
        caption: str | None = None,
        chat: ChatRef = None,
    ) -> dict[str, Any]:
        """Send a file; it arrives byte for byte (EXIF and HEIC included)."""
        document = self.state.files.add_document(data, filename, mime_type)
        return self._post(chat, {"document": document, **_caption(caption)})

    async def send_contact(
        self,
        phone_number: str,
        first_name: str,
        last_name: str | None = None,
        user_id: int | None = None,
        chat: ChatRef = None,
    ) -> dict[str, Any]:
        """Share a contact card."""
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        optional = {"last_name": last_name, "user_id": user_id}
        contact.update({key: value for key, value in optional.items() if value is not None})
        return self._post(chat, {"contact": contact})

    async def send_location(
        self, latitude: float, longitude: float, chat: ChatRef = None
    ) -> dict[str, Any]:
        """Share a location point."""
        return self._post(chat, {"location": {"latitude": latitude, "longitude": longitude}})

    async def send_sticker(self, emoji: str = "👍", chat: ChatRef = None) -> dict[str, Any]:
        """Send a static sticker."""
        return self._post(chat, {"sticker": self.state.files.add_sticker(emoji)})

    async def send_voice(
        self, duration: int = 3, data: bytes | None = None, chat: ChatRef = None
    ) -> dict[str, Any]:
        """Send a voice note (placeholder OGG bytes unless `data` is given)."""
        return self._post(chat, {"voice": self.state.files.add_voice(data, duration)})

    async def edit_text(self, message_id: int, text: str, chat: ChatRef = None) -> dict[str, Any]:
        """Edit one of this user's texts; the bot gets an edited_message update."""
        stored = self._own_message(self._chat(chat), message_id)
        if "text" not in stored.data:
            raise ValueError(f"message {message_id} has no text to edit")

        stored.data.pop("entities", None)
        stored.data.update(_text_content(text), edit_date=int(time.time()))
        self.state.updates.push("edited_message", copy.deepcopy(stored.data))
        return copy.deepcopy(stored.data)

    async def press(
        self,
        message: BotMessage | int,
        text: str | None = None,
        *,
        callback_data: str | None = None,
        chat: ChatRef = None,
    ) -> str:
        """Press an inline button of a bot message, by label or data; return the query id."""
        if isinstance(message, BotMessage):
            chat = message.chat_id if chat is None else chat
            message = message.message_id
        stored = self._message(self._chat(chat), message)
        for row in (stored.data.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == text or (
                    callback_data is not None and button.get("callback_data") == callback_data
                ):
                    return self._callback(stored, button)
        raise LookupError(f"message {message} has no button {text or callback_data!r}")

    async def press_data(self, message_id: int, data: str, chat: ChatRef = None) -> str:
        """Send a callback query with any data, as a forged or stale client could."""
        stored = self._message(self._chat(chat), message_id)
        return self._callback(stored, {"text": "?", "callback_data": data})

    async def inline_query(
        self,
        query: str,
        offset: str = "",
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument reads best in tests
    ) -> InlineAnswer:
        """Type "@bot query" and wait for the bot's answerInlineQuery."""
        query_id = self.state.new_id()
        waiter: asyncio.Future[InlineAnswer] = asyncio.get_running_loop().create_future()
        self.state.inline_queries[query_id] = waiter
        payload = {
            "id": query_id,
            "from": self.info,
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        self.state.updates.push("inline_query", payload)
        try:
            async with asyncio.timeout(timeout):
                return await waiter
        except TimeoutError:
            raise AssertionError(f"the bot did not answer inline query {query!r}") from None
        finally:
            self.state.inline_queries.pop(query_id, None)

    def _chat(self, chat: ChatRef) -> Chat:
        if chat is None:
            return self.chat
        if isinstance(chat, EmulatedGroup):
            return chat.chat
        if chat not in self.state.chats:
            raise LookupError(f"no chat {chat} in the emulator")
        return self.state.chats[chat]

    def _post(self, chat: ChatRef, content: dict[str, Any]) -> dict[str, Any]:
        message = self.state.post_user_message(self._chat(chat), self.info, content)
        return copy.deepcopy(message)

    def _message(self, chat: Chat, message_id: int) -> StoredMessage:
        stored = chat.messages.get(message_id)
        if stored is None:
            raise LookupError(f"no message {message_id} in chat {chat.id}")
        return stored

    def _own_message(self, chat: Chat, message_id: int) -> StoredMessage:
        stored = self._message(chat, message_id)
        if stored.data["from"]["id"] != self.id:
            raise ValueError(f"message {message_id} was not sent by user {self.id}")
        return stored

    def _callback(self, stored: StoredMessage, button: dict[str, Any]) -> str:
        if "callback_data" not in button:
            raise ValueError(f"button {button['text']!r} sends no callback query")
        query_id = self.state.new_id()
        self.state.callback_queries[query_id] = CallbackQuery(self.id)
        chat_id = stored.data["chat"]["id"]
        payload = {
            "id": query_id,
            "from": self.info,
            "message": copy.deepcopy(stored.data),
            "chat_instance": str(abs(hash((chat_id, self.id)))),
            "data": button["callback_data"],
        }
        self.state.updates.push("callback_query", payload)
        return query_id


def _text_content(text: str) -> dict[str, Any]:
    if not text.strip():
        raise ValueError("Telegram apps send no empty message")
    if len(text) > TEXT_LIMIT:
        raise ValueError("Telegram apps split texts over 4096 characters; send the parts")
    content: dict[str, Any] = {"text": text}
    # Telegram marks a leading /command, also in edits: PTB's CommandHandler relies on it.
    command = _COMMAND.match(text)
    if command:
        length = utf16_length(command.group())
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content


def _caption(caption: str | None) -> dict[str, Any]:
    if caption is None:
        return {}
    if len(caption) > CAPTION_LIMIT:
        raise ValueError("Telegram apps refuse captions over 1024 characters")
    return {"caption": caption}
