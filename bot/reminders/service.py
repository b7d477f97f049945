"""The one timer behind reminders and digests: sleep until the next due row, then deliver.

The database holds every reminder; nothing is loaded at start but the time of the next one.
The timer is a single asyncio task, not an APScheduler job: APScheduler drops a job that
misses its time by more than a second by default and cancels running jobs at shutdown, which
would cut a burst mid-send. It sleeps at most a minute, so rows another process wrote (a new
user's digest, a reminder from a second replica) are picked up without being told.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application

from bot.reminders import queue
from bot.reminders.sender import Sender, SendInterrupted
from bot.settings import Settings
from storage.database import unit_of_work

logger = logging.getLogger(__name__)

KEY = "reminders"
MAX_SLEEP = 60.0
# A pass ends only when nothing is due; should a row stay due anyway, do not spin on it.
MIN_SLEEP = 1.0
BACKOFF = 30.0
STOP_TIMEOUT = 10.0
# A claim older than this belongs to a sender that failed without recording its outcome;
# a live one holds a claim for one sendMessage call only.
CLAIM_LEASE = timedelta(minutes=5)


class ReminderService:
    """Run delivery passes when something falls due, and whenever woken."""

    def __init__(
        self,
        sender: Sender,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        clock: Callable[[], datetime],
    ) -> None:
        self.sender = sender
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.next_at: datetime | None = None
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Take back rows a previous run left mid-send, then start the timer."""
        async with unit_of_work(self.sessions) as session:
            await queue.recover_orphans(session, claimed_before=None)
        self._task = asyncio.create_task(self._loop(), name="reminder-timer")

    def due_changed(self, due_at: datetime) -> None:
        """Re-arm the timer if a reminder now falls due before the one it waits for."""
        if self.next_at is None or due_at < self.next_at:
            self.next_at = due_at
            self._wake.set()

    async def idle(self) -> None:
        """Wait until no pass is running or about to start (a test moves its clock only then)."""
        # Two flags, set from several places: a short poll reads simpler than two events.
        while self._wake.is_set() or self._lock.locked():  # noqa: ASYNC110
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Let the sends in flight land and be recorded, then stop the timer."""
        self._stopping = True
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._task, STOP_TIMEOUT)
        except TimeoutError:
            logger.warning("reminder timer did not stop in %s s; cancelled", STOP_TIMEOUT)

    async def run_pass(self) -> datetime | None:
        """Deliver everything due now; return when the next reminder or digest is due."""
        async with self._lock:
            now = self.clock()
            async with unit_of_work(self.sessions) as session:
                await queue.recover_orphans(session, claimed_before=now - CLAIM_LEASE)
                await queue.give_up_inactive(session, now=now)
                await queue.plan_digests(session, now=now, default_zone=self.settings.zone)
            sent = await self.sender.deliver_reminders(self._is_stopping)
            digests = await self.sender.deliver_digests(self._is_stopping)
            if sent or digests:
                logger.info("delivered %s reminders and %s digests", sent, digests)
            self.next_at = await self._next_due()
            return self.next_at

    async def _next_due(self) -> datetime | None:
        async with unit_of_work(self.sessions) as session:
            times = [await queue.next_due(session), await queue.next_digest(session)]
        return min((t for t in times if t is not None), default=None)

    def _is_stopping(self) -> bool:
        return self._stopping

    async def _loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            delay = await self._pass_then_delay()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def _pass_then_delay(self) -> float:
        try:
            next_at = await self.run_pass()
        except SendInterrupted:
            logger.warning("the Bot API failed mid-pass; retrying in %s s", BACKOFF)
            return BACKOFF
        except Exception:
            # The timer must outlive any one failure, or no reminder would ever go out again.
            logger.exception("reminder pass failed; retrying in %s s", BACKOFF)
            return BACKOFF
        if next_at is None:
            return MAX_SLEEP
        delay = (next_at - self.clock()).total_seconds()
        return MIN_SLEEP if delay <= 0 else min(MAX_SLEEP, delay)


def reminder_service(application: Application) -> ReminderService | None:  # type: ignore[type-arg]
    """Return the application's reminder service, once started."""
    return application.bot_data.get(KEY)


def rearm(application: Application, due_at: datetime) -> None:  # type: ignore[type-arg]
    """Tell the timer a reminder or digest now falls due at `due_at`."""
    service = reminder_service(application)
    if service is not None:
        service.due_changed(due_at)


async def start_reminders(application: Application) -> None:  # type: ignore[type-arg]
    """Build and start the reminder service from the application's services."""
    services = application.bot_data["services"]
    sender = Sender(application.bot, services.sessions, services.settings, services.clock)
    service = ReminderService(sender, services.sessions, services.settings, services.clock)
    application.bot_data[KEY] = service
    await service.start()


async def stop_reminders(application: Application) -> None:  # type: ignore[type-arg]
    """Stop the reminder service, if it runs."""
    service = reminder_service(application)
    if service is not None:
        await service.stop()
