"""Logging to stderr, with the bot token kept out of every line."""

from __future__ import annotations

import logging

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
    """Log to stderr at `level`; keep URL-printing HTTP loggers at WARNING."""
    logging.basicConfig(level=level, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(secrets))
    # httpx logs each request URL at INFO, and Telegram URLs carry the token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Alembic names each of its built-in plugins at INFO on import: seven lines at every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
