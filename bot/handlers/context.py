"""What every handler gets: the services, the acting user and their language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.roles import Actor
from bot.i18n import Translate, translator
from bot.search import SearchIndex
from bot.settings import Settings


def utc_now() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Long-lived collaborators, built once by the application factory."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = utc_now
    # Filled from the database when the bot starts, then kept current after every commit.
    index: SearchIndex = field(default_factory=SearchIndex)


class Context(CallbackContext[ExtBot[None], dict, dict, dict]):  # type: ignore[type-arg]
    """The callback context, with the access gate's findings attached."""

    def __init__(
        self, application: Application, chat_id: int | None = None, user_id: int | None = None
    ) -> None:  # type: ignore[type-arg]
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.actor: Actor | None = None
        default = application.bot_data["services"].settings.language
        self.language: str = default
        self._: Translate = translator(default)

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]

    @property
    def me(self) -> Actor:
        """Return the acting user; the access gate guarantees one past it."""
        if self.actor is None:
            raise RuntimeError("handler reached without a known user")
        return self.actor

    def now(self) -> datetime:
        return self.services.clock()

    def zone(self) -> ZoneInfo:
        """Return the acting user's time zone, else the company's."""
        if self.actor and self.actor.timezone:
            return ZoneInfo(self.actor.timezone)
        return self.services.settings.zone
