"""Logging setup: the bot token never reaches the output; HTTP loggers stay quiet."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from bot.logs import configure_logging

TOKEN = "123456789:AAH-secret-token-from-botfather"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Put back the handlers and levels configure_logging replaces, for the next tests."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    quieted = ("httpx", "httpcore", "alembic.runtime.plugins", "telegram", "aiosqlite")
    noisy = {name: logging.getLogger(name).level for name in quieted}
    hook = sys.excepthook
    yield
    sys.excepthook = hook
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, noisy_level in noisy.items():
        logging.getLogger(name).setLevel(noisy_level)


def test_token_in_a_log_argument_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])

    logging.getLogger("telegram.ext").info("POST https://api.telegram.org/bot%s/getMe", TOKEN)

    err = capsys.readouterr().err
    assert TOKEN not in err and "https://api.telegram.org/bot<redacted>/getMe" in err


def test_token_in_a_preformatted_message_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])

    logging.getLogger("fieldbot").warning(f"retrying {TOKEN}")

    err = capsys.readouterr().err
    assert TOKEN not in err and "retrying <redacted>" in err


def test_token_in_a_logged_exception_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])

    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except ConnectionError:
        logging.getLogger("telegram.ext").exception("polling failed")

    assert TOKEN not in capsys.readouterr().err


def test_messages_without_secrets_are_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])

    logging.getLogger("fieldbot").info("visit %s closed", 42)

    assert "fieldbot: visit 42 closed" in capsys.readouterr().err


def test_empty_token_redacts_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [""])

    logging.getLogger("fieldbot").info("customer %s created", 7)

    assert "customer 7 created" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["httpx", "httpcore"])
def test_http_client_loggers_are_kept_at_warning(name: str) -> None:
    configure_logging("DEBUG", [TOKEN])

    level = logging.getLogger(name).level

    assert level == logging.WARNING


def test_root_logger_runs_at_the_configured_level() -> None:
    configure_logging("WARNING", [TOKEN])

    level = logging.getLogger().level

    assert level == logging.WARNING


def test_debug_keeps_library_lines_that_carry_message_contents_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("DEBUG", [TOKEN])

    logging.getLogger("telegram.ext.ExtBot").debug("sendMessage {'text': 'Jean 06 12 34 56 78'}")
    logging.getLogger("aiosqlite").debug("executing INSERT ('Jean Martin', '06 12')")
    logging.getLogger("bot.search.build").debug("index step")

    err = capsys.readouterr().err
    assert "Jean" not in err and "index step" in err


def test_an_uncaught_error_is_logged_with_the_token_redacted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO", [TOKEN])

    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)

    err = capsys.readouterr().err
    assert TOKEN not in err and "The token `<redacted>` was rejected" in err
