"""Settings read from the environment and a `.env` file, checked once at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

LANGUAGES = ("fr", "en")
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,100}")
# Telegram user ids are positive and fit in 52 bits.
USER_ID = re.compile(r"[1-9][0-9]{0,15}")
DATABASE_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    """Everything the operator can set, as DESIGN.md lists it."""

    model_config = SettingsConfigDict(
        env_prefix="FIELDBOT_", env_file=".env", extra="ignore", frozen=True
    )

    token: str = ""
    bot_api_url: str = "https://api.telegram.org"
    database_url: str = ""
    data_dir: Path = Path("./data")
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Paris"
    language: str = "fr"
    log_level: str = "INFO"

    @field_validator("bot_api_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        try:
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
            raise ValueError("must be an http(s) URL such as https://api.telegram.org")
        return value.rstrip("/")

    @field_validator("token")
    @classmethod
    def _check_token(cls, value: str) -> str:
        # BotFather's tokens are "<bot id>:<secret>"; checking the shape catches a pasted
        # half or a stray space before the Bot API is even called.
        if value and not TOKEN_SHAPE.fullmatch(value):
            raise ValueError("is not a bot token: BotFather gives one shaped <digits>:<letters>")
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value:
            return value
        try:
            driver = make_url(value).drivername
        except ArgumentError:
            raise ValueError("is not a database URL") from None
        if driver not in DATABASE_DRIVERS:
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
            ) from None
        return value

    @field_validator("data_dir", mode="before")
    @classmethod
    def _check_data_dir(cls, value: object) -> object:
        # An empty variable would put the database wherever the bot happens to start.
        if isinstance(value, str) and not value.strip():
            raise ValueError("must name a folder, such as ./data")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = [part.strip() for part in value.split(",") if part.strip()]
        if not all(USER_ID.fullmatch(part) for part in ids):
            raise ValueError("must be comma-separated numeric Telegram user ids")
        return frozenset(int(part) for part in ids)

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not a known time zone (e.g. Europe/Paris)") from None
        return value

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @property
    def effective_database_url(self) -> str:
        """Return the configured database URL, or the SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'fieldbot.db'}"

    @property
    def zone(self) -> ZoneInfo:
        """Return the company time zone."""
        return ZoneInfo(self.timezone)


def load_settings(*, require_token: bool = False, **overrides: object) -> Settings:
    """Read and check the settings; raise SettingsError naming the first bad variable."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = "FIELDBOT_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        reason = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name}: {reason}") from None
    if require_token and not settings.token:
        raise SettingsError("FIELDBOT_TOKEN: required to run the bot (get one from @BotFather)")
    return settings
