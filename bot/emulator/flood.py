"""Telegram's flood limits as token buckets: about 1 message/s per chat, 30/s overall."""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """Hold up to `capacity` tokens, refilled at `rate` tokens per second."""

    capacity: float
    rate: float
    tokens: float
    stamp: float

    def refill(self, now: float) -> None:
        """Add the tokens earned since the last look."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_time(self) -> float:
        """Return the seconds until one token is available (0 if one is there)."""
        return max(0.0, (1 - self.tokens) / self.rate)


class FloodControl:
    """Admit or refuse bot messages like Telegram's per-chat and global limits."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        per_chat: tuple[float, float] = (3, 1.0),
        overall: tuple[float, float] = (30, 30.0),
    ) -> None:
        self.clock = clock
        self.per_chat = per_chat
        self.overall = self._bucket(overall)
        self.chats: dict[int, TokenBucket] = {}

    def _bucket(self, shape: tuple[float, float]) -> TokenBucket:
        capacity, rate = shape
        return TokenBucket(capacity, rate, capacity, self.clock())

    def admit(self, chat_id: int) -> int | None:
        """Take a token for one message to `chat_id`; if none, return whole seconds to wait."""
        now = self.clock()
        chat = self.chats.setdefault(chat_id, self._bucket(self.per_chat))
        buckets = (chat, self.overall)
        for bucket in buckets:
            bucket.refill(now)

        wait = max(bucket.wait_time() for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.tokens -= 1
        return None
