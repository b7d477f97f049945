"""Spacing sends within Telegram's flood limits: 30 messages a second, one a second per chat."""

from __future__ import annotations

import time
from collections.abc import Callable

OVERALL_RATE = 30.0
CHAT_GAP = 1.0


class Pacer:
    """Say how long to wait before the next send to a chat, and remember the sends made."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        rate: float = OVERALL_RATE,
        chat_gap: float = CHAT_GAP,
    ) -> None:
        self.clock = clock
        self.gap = 1.0 / rate
        self.chat_gap = chat_gap
        self.next_any = 0.0
        self.next_chat: dict[int, float] = {}

    def wait_for(self, chat_id: int) -> float:
        """Return the seconds to wait before a message to `chat_id` may go (0: now)."""
        ready = max(self.next_any, self.next_chat.get(chat_id, 0.0))
        return max(0.0, ready - self.clock())

    def sent(self, chat_id: int) -> None:
        """Note a message that goes to `chat_id` now."""
        now = self.clock()
        # Keep to the grid of slots when a send starts a little late, so that small delays
        # do not add up over a burst; after a pause, start a new grid from now.
        start = self.next_any if now - self.next_any < self.gap else now
        self.next_any = start + self.gap
        self.next_chat[chat_id] = now + self.chat_gap
        self._forget(now)

    def hold(self, seconds: float, chat_id: int | None = None) -> None:
        """Send nothing (to `chat_id`, or at all) for `seconds`: Telegram said retry later."""
        until = self.clock() + seconds
        if chat_id is None:
            self.next_any = max(self.next_any, until)
        else:
            self.next_chat[chat_id] = max(self.next_chat.get(chat_id, 0.0), until)

    def _forget(self, now: float) -> None:
        # Keep the table small across a long run: a chat whose gap is over needs no entry.
        if len(self.next_chat) > 10_000:
            self.next_chat = {c: t for c, t in self.next_chat.items() if t > now}
