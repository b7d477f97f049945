"""Logging to stderr, with the bot token kept out of every line."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Format a record, then blank out secrets anywhere in it, tracebacks included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__(FORMAT)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text


def configure_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level`; keep URL-printing HTTP loggers at WARNING.

    An exception nothing caught is logged too, so its traceback is redacted like any line.
    """
    logging.basicConfig(level=level, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(secrets))
    sys.excepthook = _log_uncaught
    # httpx logs each request URL at INFO, and Telegram URLs carry the token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Alembic names each of its built-in plugins at INFO on import: seven lines at every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # At DEBUG these print whole updates, API call parameters and SQL values: names, phone
    # numbers and message texts. DEBUG is for the bot's own steps. (SQLAlchemy keeps its own
    # loggers at WARNING unless told otherwise.)
    if logging.getLogger().level < logging.INFO:
        for chatty in ("telegram", "aiosqlite"):
            logging.getLogger(chatty).setLevel(logging.INFO)


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    logging.getLogger("fieldbot").critical(
        "stopped by an error", exc_info=(kind, error, traceback)
    )
