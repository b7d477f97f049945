"""Chats as the emulator keeps them: messages, and the bot's actions awaiting the test."""

import copy
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.keyboards import button_pairs
from bot.emulator.updates import Signal


@dataclass
class StoredMessage:
    """A message in a chat, with what the Bot API does not return about it."""

    data: dict[str, Any]
    from_bot: bool
    source: str | None = None
    reply_keyboard: list[list[str]] | None = None


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of one bot action in a chat, as a test reads it.

    `kind` is "sent", "edited" or "deleted". `text` and `caption` are the plain texts Telegram
    shows; `html` is the text or caption exactly as the bot sent it. `buttons` lists the
    inline keyboard as rows of (text, callback_data or url); `keyboard` the reply keyboard.
    `file_data` holds the bytes of the photo (largest size) or document.
    """

    kind: str
    chat_id: int
    message_id: int
    text: str | None = None
    caption: str | None = None
    html: str | None = None
    buttons: list[list[tuple[str, str | None]]] = field(default_factory=list)
    keyboard: list[list[str]] | None = None
    photo_file_id: str | None = None
    document_file_id: str | None = None
    file_name: str | None = None
    media_group_id: str | None = None
    file_data: bytes | None = field(default=None, repr=False)
    message: dict[str, Any] = field(default_factory=dict, repr=False)

    def button_data(self, text: str) -> str | None:
        """Return the callback_data (or url) of the button labelled `text`."""
        for row in self.buttons:
            for label, data in row:
                if label == text:
                    return data
        raise LookupError(f"no button {text!r} on message {self.message_id}")


def snapshot(kind: str, stored: StoredMessage, file_data: bytes | None) -> BotMessage:
    """Freeze the current state of a bot message for the test to read."""
    data = stored.data
    photo = data.get("photo")
    document = data.get("document")
    return BotMessage(
        kind=kind,
        chat_id=data["chat"]["id"],
        message_id=data["message_id"],
        text=data.get("text"),
        caption=data.get("caption"),
        html=stored.source,
        buttons=button_pairs(data.get("reply_markup")),
        keyboard=stored.reply_keyboard,
        photo_file_id=photo[-1]["file_id"] if photo else None,
        document_file_id=document["file_id"] if document else None,
        file_name=document.get("file_name") if document else None,
        media_group_id=data.get("media_group_id"),
        file_data=file_data,
        message=copy.deepcopy(data),
    )


class Chat:
    """A private chat with one user, or a group, and everything the bot did in it."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.info = info
        self.blocked = False
        self.messages: dict[int, StoredMessage] = {}
        self.outbox: list[BotMessage] = []
        self.read_upto = 0
        self.chat_actions: list[str] = []
        self._last_message_id = 0
        self._signal = Signal()

    @property
    def id(self) -> int:
        """Return the chat id."""
        return int(self.info["id"])

    def next_message_id(self) -> int:
        """Number a new message in this chat."""
        self._last_message_id += 1
        return self._last_message_id

    def publish(self, action: BotMessage) -> None:
        """Record a bot action for `next_message` and wake its waiters."""
        self.outbox.append(action)
        self._signal.notify()

    def unread(self) -> list[BotMessage]:
        """Return the bot actions no test has taken yet."""
        return self.outbox[self.read_upto :]

    async def next_action(self, within: float) -> BotMessage:
        """Take the oldest unread bot action, waiting up to `within` seconds for one."""
        if not await self._signal.wait_until(lambda: bool(self.unread()), within):
            raise AssertionError(f"the bot sent nothing to chat {self.id} within {within} s")
        action = self.outbox[self.read_upto]
        self.read_upto += 1
        return action

    async def expect_silence(self, within: float) -> None:
        """Fail if the bot does anything in this chat within `within` seconds."""
        if await self._signal.wait_until(lambda: bool(self.unread()), within):
            raise AssertionError(f"the bot was expected to stay silent, but sent {self.unread()}")
