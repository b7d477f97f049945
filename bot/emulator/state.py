"""Everything the emulated Telegram knows: the bot, chats, messages, files, queries."""

import asyncio
import itertools
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.emulator.chats import BotMessage, Chat, StoredMessage, snapshot
from bot.emulator.errors import ApiError, bad_request
from bot.emulator.files import FileStore
from bot.emulator.flood import FloodControl
from bot.emulator.params import Params
from bot.emulator.updates import UpdateQueue

logger = logging.getLogger(__name__)


@dataclass
class CallbackQuery:
    """A button press awaiting answerCallbackQuery."""

    user_id: int
    answered: bool = False


@dataclass(frozen=True)
class InlineAnswer:
    """What the bot answered to an inline query."""

    results: list[dict[str, Any]]
    is_personal: bool
    cache_time: int
    next_offset: str = ""


@dataclass
class EmulatorState:
    """The world behind the HTTP API and the client side."""

    token: str
    bot_user: dict[str, Any]
    flood_limits: bool = False
    files_dir: Path | None = None
    chats: dict[int, Chat] = field(default_factory=dict)
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    flood: FloodControl = field(default_factory=FloodControl)
    callback_queries: dict[str, CallbackQuery] = field(default_factory=dict)
    callback_answers: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    inline_queries: dict[str, asyncio.Future[InlineAnswer]] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    sent_count: int = 0
    rejected_429: int = 0

    def __post_init__(self) -> None:
        self.files = FileStore(self.files_dir)
        self._ids = itertools.count(1)

    def new_id(self) -> str:
        """Return a fresh id for a callback query, inline query or media group."""
        return str(next(self._ids) + 10**15)

    def add_chat(self, info: dict[str, Any]) -> Chat:
        """Register a chat, or return the one already known under that id."""
        chat_id = int(info["id"])
        if chat_id not in self.chats:
            self.chats[chat_id] = Chat(info)
        return self.chats[chat_id]

    def chat(self, chat_id: Any) -> Chat:
        """Return a known chat, or refuse the call with "chat not found"."""
        try:
            return self.chats[int(chat_id)]
        except (KeyError, TypeError, ValueError):
            # LIMITATION: "@username" chat ids (public channels) are not emulated.
            raise bad_request("chat not found") from None

    def target_chat(self, params: Params) -> Chat:
        """Return the chat a sending call addresses, refusing a user who blocked the bot."""
        chat_id = params.text("chat_id")
        if not chat_id:
            raise bad_request("chat_id is empty")
        chat = self.chat(chat_id)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def admit(self, chat: Chat) -> None:
        """Apply the flood limits, when switched on, to one more message to `chat`."""
        if not self.flood_limits:
            return
        retry_after = self.flood.admit(chat.id)
        if retry_after is not None:
            self.rejected_429 += 1
            logger.info("flood limit hit in chat %s, retry after %s s", chat.id, retry_after)
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def stored_message(self, chat: Chat, params: Params, missing: str) -> StoredMessage:
        """Return the message `message_id` of `chat`, or refuse with `missing`."""
        message_id = params.required_integer("message_id", "message identifier is not specified")
        stored = chat.messages.get(message_id)
        if stored is None:
            raise bad_request(missing)
        return stored

    def post_bot_message(
        self,
        chat: Chat,
        content: dict[str, Any],
        source: str | None = None,
        reply_keyboard: list[list[str]] | None = None,
    ) -> dict[str, Any]:
        """Store a message from the bot and show it to the test; return the Message object."""
        message = {
            "message_id": chat.next_message_id(),
            "from": self.bot_user,
            "chat": chat.info,
            "date": int(time.time()),
            **content,
        }
        stored = StoredMessage(message, True, source, reply_keyboard)
        chat.messages[message["message_id"]] = stored
        self.publish(chat, "sent", stored)
        self.sent_count += 1
        return message

    def post_user_message(
        self, chat: Chat, user: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        """Store a message from a user and queue its update for the bot."""
        message = {
            "message_id": chat.next_message_id(),
            "from": user,
            "chat": chat.info,
            "date": int(time.time()),
            **content,
        }
        chat.messages[message["message_id"]] = StoredMessage(message, from_bot=False)
        self.updates.push("message", message)
        return message

    def publish(self, chat: Chat, kind: str, stored: StoredMessage) -> BotMessage:
        """Show the test a bot action on a message."""
        action = snapshot(kind, stored, self._file_data(stored.data))
        chat.publish(action)
        return action

    def _file_data(self, message: dict[str, Any]) -> bytes | None:
        media = message.get("photo") or [message.get("document")]
        if not media[-1]:
            return None
        stored = self.files.get(media[-1]["file_id"])
        return self.files.read(stored) if stored else None
