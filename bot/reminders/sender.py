"""Delivering due reminders and digests through the Bot API, each row claimed before its send.

LIMITATION: Telegram offers no idempotency key, so a send whose answer never came back (the
bot was killed, or the request timed out) cannot be known to have arrived. Each row is claimed
("sending", committed) just before its sendMessage and settled just after it, so only the sends
in flight (IN_FLIGHT at most) are ever in that doubt. Such a row is resent once more, flagged
"you may already have this one": a reminder may then arrive twice, marked so, but is never
lost. Digests take the opposite rule (moved to the next day before sending): a crash mid-send
loses that day's digest rather than repeating it.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.domain.agenda import build_agenda, day_of
from bot.domain.reminders import Status, record_label
from bot.domain.users import to_actor
from bot.handlers.today import agenda_message
from bot.i18n import pick_language, translator
from bot.reminders import queue
from bot.reminders.pacing import Pacer
from bot.reminders.queue import MAX_ATTEMPTS, Outgoing
from bot.reminders.render import (
    describe_when,
    record_line,
    reminder_keyboard,
    reminder_text,
    reminder_title,
)
from bot.settings import Settings
from storage.database import unit_of_work

logger = logging.getLogger(__name__)

BATCH = 100
# Sends in flight at once: Telegram's 30 a second need a few over a real network's round
# trip, and each one in flight is a row left in doubt if the bot is killed.
IN_FLIGHT = 4
LATE_AFTER = timedelta(minutes=2)
DIGEST_TRIES = 3


# PTB warns about RetryAfter.retry_after turning into a timedelta each time it builds the
# error itself, which no caller can avoid; retry_seconds reads either type.
warnings.filterwarnings("ignore", message=".*`retry_after`", category=PTBDeprecationWarning)


class SendInterrupted(Exception):
    """The Bot API could not be reached, or did not answer: stop the pass and retry later."""


Stopping = Callable[[], bool]


class Flights:
    """The sends in flight: at most IN_FLIGHT at once, with their row ids."""

    def __init__(self) -> None:
        self.window = asyncio.Semaphore(IN_FLIGHT)
        self.ids: set[int] = set()
        self.tasks: set[asyncio.Task[None]] = set()

    def launch(self, reminder_id: int, send: Coroutine[Any, Any, None]) -> None:
        """Start a send whose window slot is already taken."""
        task = asyncio.create_task(send)
        self.ids.add(reminder_id)
        self.tasks.add(task)
        task.add_done_callback(lambda done: self._land(reminder_id, done))

    def _land(self, reminder_id: int, task: asyncio.Task[None]) -> None:
        self.ids.discard(reminder_id)
        self.tasks.discard(task)
        self.window.release()


class Sender:
    """Send what is due, paced within Telegram's limits, recording each outcome."""

    def __init__(
        self,
        bot: Bot,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        clock: Callable[[], datetime],
        pacer: Pacer | None = None,
    ) -> None:
        self.bot = bot
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.pacer = pacer or Pacer()
        self._interrupted = False
        self._failure: Exception | None = None
        self._sent = 0

    async def deliver_reminders(self, stopping: Stopping) -> int:
        """Send every reminder due now, oldest first; return how many were sent."""
        self._interrupted, self._failure, self._sent = False, None, 0
        flights = Flights()
        while not (stopping() or self._interrupted):
            async with unit_of_work(self.sessions) as session:
                due = await queue.due_reminders(session, now=self.clock(), limit=BATCH)
            batch = [item for item in due if item.id not in flights.ids]
            if batch:
                await self._dispatch(batch, flights, stopping)
            elif flights.tasks:
                # A 429 gives rows back: look again once a send lands.
                await asyncio.wait(flights.tasks, return_when=asyncio.FIRST_COMPLETED)
            else:
                break

        if flights.tasks:
            await asyncio.wait(flights.tasks)
        if self._failure is not None:
            raise self._failure
        if self._interrupted:
            raise SendInterrupted("the Bot API failed mid-burst")
        return self._sent

    async def _dispatch(self, batch: list[Outgoing], flights: Flights, stopping: Stopping) -> None:
        waiting = list(batch)
        while waiting:
            await flights.window.acquire()
            item = await self._next_turn(waiting)
            if stopping() or self._interrupted:
                flights.window.release()
                return
            waiting.remove(item)
            self.pacer.sent(item.chat_id)
            flights.launch(item.id, self._deliver_in(item))

    async def _next_turn(self, waiting: list[Outgoing]) -> Outgoing:
        """Wait for the first chat free to receive: a busy chat does not hold up the others."""
        item = min(waiting, key=lambda o: self.pacer.wait_for(o.chat_id))
        # Checked again after the sleep: a 429 met by a send in flight moves the deadline.
        while (delay := self.pacer.wait_for(item.chat_id)) > 0:  # noqa: ASYNC110
            await asyncio.sleep(delay)
        return item

    async def _deliver_in(self, item: Outgoing) -> None:
        try:
            self._sent += await self._deliver(item)
        except SendInterrupted:
            self._interrupted = True
        except Exception as error:
            # Kept and raised once the other sends in flight have landed and been recorded.
            self._interrupted = True
            self._failure = self._failure or error

    async def _deliver(self, item: Outgoing) -> int:
        now = self.clock()
        async with unit_of_work(self.sessions) as session:
            if not await queue.claim(session, item.id, now=now):
                return 0
            if item.attempts >= MAX_ATTEMPTS:
                logger.warning("reminder %s given up after %s attempts", item.id, item.attempts)
                await queue.settle(session, item.id, Status.UNDELIVERABLE, now=now)
                return 0
            label = await record_label(session, item.record) if item.record else None
        # Rendered after the claim commits: a row that cannot be rendered stays claimed, and
        # its attempts run out, instead of being retried forever.
        text, markup = self._render(item, label, now)

        status = await self._send(item, text, markup)
        if status is None:
            return 0
        async with unit_of_work(self.sessions) as session:
            await queue.settle(session, item.id, status, now=self.clock())
        return 1 if status == Status.SENT else 0

    async def _send(
        self, item: Outgoing, text: str, markup: InlineKeyboardMarkup
    ) -> Status | None:
        """Call sendMessage; return the outcome, or None when the row was given back."""
        try:
            await self.bot.send_message(
                item.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        except RetryAfter as error:
            self.pacer.hold(retry_seconds(error))
            await self._release(item, maybe_sent=False)
            return None
        except (Forbidden, BadRequest) as error:
            logger.warning("reminder %s undeliverable: %s", item.id, type(error).__name__)
            return Status.UNDELIVERABLE
        except TelegramError as error:
            logger.warning("reminder %s in doubt after %s", item.id, type(error).__name__)
            await self._release(item, maybe_sent=True)
            raise SendInterrupted(f"sending reminder {item.id} failed") from error
        logger.debug("reminder %s sent to user %s", item.id, item.user_id)
        return Status.SENT

    async def _release(self, item: Outgoing, *, maybe_sent: bool) -> None:
        async with unit_of_work(self.sessions) as session:
            await queue.release(session, item.id, maybe_sent=maybe_sent)

    def _render(
        self, item: Outgoing, label: str | None, now: datetime
    ) -> tuple[str, InlineKeyboardMarkup]:
        language = pick_language(item.language, None, self.settings.language)
        zone = ZoneInfo(item.timezone) if item.timezone else self.settings.zone
        _ = translator(language)
        when = describe_when(_, language, zone, item.due_at, now=now)
        text = reminder_text(
            _,
            reminder_title(_, item.text, item.reason),
            record_line(item.record.type if item.record else None, label or ""),
            when=when,
            late=now - item.due_at > LATE_AFTER,
            maybe_sent=item.maybe_sent,
        )
        return text, reminder_keyboard(_, item.id, has_record=label is not None)

    async def deliver_digests(self, stopping: Stopping) -> int:
        """Send each due daily digest that has something to say; return how many went."""
        async with unit_of_work(self.sessions) as session:
            user_ids = await queue.due_digests(session, now=self.clock())
        sent = 0
        for user_id in user_ids:
            if stopping():
                break
            message = await self._take_digest(user_id)
            if message is not None:
                sent += await self._send_digest(*message)
        return sent

    async def _take_digest(self, user_id: int) -> tuple[int, str, InlineKeyboardMarkup] | None:
        now = self.clock()
        async with unit_of_work(self.sessions) as session:
            user = await queue.take_digest(
                session, user_id, now=now, default_zone=self.settings.zone
            )
            if user is None:
                return None
            zone = ZoneInfo(user.timezone) if user.timezone else self.settings.zone
            sections = await build_agenda(session, to_actor(user), day_of(now, zone))
        if not sections:
            return None
        language = pick_language(user.language, user.chat_language, self.settings.language)
        text, markup = agenda_message(
            translator(language), language, zone, sections, now=now, digest=True
        )
        return user.telegram_id, text, markup

    async def _send_digest(self, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> int:
        for _try in range(DIGEST_TRIES):
            await asyncio.sleep(self.pacer.wait_for(chat_id))
            self.pacer.sent(chat_id)
            try:
                await self.bot.send_message(
                    chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
                )
                return 1
            except RetryAfter as error:
                self.pacer.hold(retry_seconds(error))
            except (Forbidden, BadRequest) as error:
                logger.warning(
                    "digest to chat %s undeliverable: %s", chat_id, type(error).__name__
                )
                return 0
        return 0


def retry_seconds(error: RetryAfter) -> float:
    """Return the wait a 429 asks for, in seconds, whichever type this PTB version gives."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
