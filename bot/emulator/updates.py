"""The queue of updates the bot fetches with getUpdates (long polling)."""

import asyncio
from collections.abc import Callable
from typing import Any


class Signal:
    """Wake every coroutine waiting for a condition to become true."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake the current waiters; later waiters wait for the next notify."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, condition: Callable[[], bool], within: float) -> bool:
        """Wait until `condition()` holds or `within` seconds pass; return the condition."""
        try:
            async with asyncio.timeout(within):
                while not condition():
                    await self._event.wait()
        except TimeoutError:
            return condition()
        return True


class UpdateQueue:
    """Pending updates, numbered in arrival order and dropped once the bot confirms them."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.closed = False
        self._next_id = 1
        self._signal = Signal()

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Enqueue an update of `kind` ("message", "callback_query"...) and wake pollers."""
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self.pending.append(update)
        self._signal.notify()
        return update

    def confirm(self, offset: int) -> None:
        """Drop updates before `offset`; a negative offset keeps only the last -offset."""
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def clear(self) -> None:
        """Drop every pending update (deleteWebhook with drop_pending_updates)."""
        self.pending.clear()

    async def fetch(
        self, offset: int | None, limit: int, within: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """Confirm up to `offset`, then wait up to `within` seconds for wanted updates."""
        # LIMITATION: two concurrent polls both wait here; Telegram would answer the older one
        # 409 Conflict. Run one polling bot per emulator.
        if offset is not None:
            self.confirm(offset)

        def wanted() -> list[dict[str, Any]]:
            if not allowed:
                return self.pending
            return [u for u in self.pending if set(u) & set(allowed)]

        await self._signal.wait_until(lambda: bool(wanted()) or self.closed, within)
        return wanted()[:limit]

    def close(self) -> None:
        """Answer every waiting long poll now, so the server can shut down at once."""
        self.closed = True
        self._signal.notify()
