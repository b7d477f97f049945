"""Settings: documented defaults, parsing, and errors that name the variable to fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Drop FIELDBOT_* variables and work in an empty directory, so no .env is read."""
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_settings_default_to_the_documented_values() -> None:
    settings = load_settings()

    assert (
        settings.token,
        settings.bot_api_url,
        settings.data_dir,
        settings.admin_ids,
        settings.timezone,
        settings.language,
    ) == ("", "https://api.telegram.org", Path("data"), frozenset(), "Europe/Paris", "fr")


def test_database_defaults_to_a_sqlite_file_in_the_data_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDBOT_DATA_DIR", "/srv/fieldbot")

    settings = load_settings()

    assert settings.effective_database_url == "sqlite+aiosqlite:////srv/fieldbot/fieldbot.db"


def test_admin_ids_are_read_from_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDBOT_ADMIN_IDS", "1, 2")

    settings = load_settings()

    assert settings.admin_ids == {1, 2}


def test_non_numeric_admin_id_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDBOT_ADMIN_IDS", "1, @boss")

    with pytest.raises(SettingsError, match="^FIELDBOT_ADMIN_IDS: .*numeric"):
        load_settings()


def test_malformed_bot_api_url_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDBOT_BOT_API_URL", "api.telegram.org")

    with pytest.raises(SettingsError, match="^FIELDBOT_BOT_API_URL: "):
        load_settings()


def test_bot_api_url_loses_its_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDBOT_BOT_API_URL", "http://localhost:8081/")

    settings = load_settings()

    assert settings.bot_api_url == "http://localhost:8081"


def test_unknown_time_zone_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDBOT_TIMEZONE", "Europe/Atlantis")

    with pytest.raises(SettingsError, match="^FIELDBOT_TIMEZONE: .*time zone"):
        load_settings()


def test_unknown_language_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDBOT_LANGUAGE", "de")

    with pytest.raises(SettingsError, match="^FIELDBOT_LANGUAGE: "):
        load_settings()


def test_running_the_bot_without_a_token_is_refused_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="^FIELDBOT_TOKEN: "):
        load_settings(require_token=True)


def test_commands_other_than_run_need_no_token() -> None:
    settings = load_settings(require_token=False)

    assert settings.token == ""


def test_a_dotenv_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("FIELDBOT_TIMEZONE=America/Montreal\n", encoding="utf-8")

    settings = load_settings()

    assert settings.timezone == "America/Montreal"


def test_environment_wins_over_the_dotenv_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("FIELDBOT_LANGUAGE=en\n", encoding="utf-8")
    monkeypatch.setenv("FIELDBOT_LANGUAGE", "fr")

    settings = load_settings()

    assert settings.language == "fr"


@pytest.mark.parametrize("ids", ["--5", "-5,7", "١٢٣", "12345678901234567890123", "0"])
def test_admin_ids_that_no_telegram_user_has_are_refused(
    monkeypatch: pytest.MonkeyPatch, ids: str
) -> None:
    monkeypatch.setenv("FIELDBOT_ADMIN_IDS", ids)

    with pytest.raises(SettingsError, match="^FIELDBOT_ADMIN_IDS: "):
        load_settings()


@pytest.mark.parametrize("token", ["abc", "123456:BAD TOKEN", ":ABC", "123456:"])
def test_a_token_not_shaped_like_botfathers_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    monkeypatch.setenv("FIELDBOT_TOKEN", token)

    with pytest.raises(SettingsError, match="^FIELDBOT_TOKEN: ") as caught:
        load_settings()

    assert token not in str(caught.value)


@pytest.mark.parametrize(
    "url", ["garbage", "mysql://x/y", "sqlite:///x.db", "postgresql://user@host/db"]
)
def test_a_database_url_without_an_async_driver_is_refused(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("FIELDBOT_DATABASE_URL", url)

    with pytest.raises(SettingsError, match="^FIELDBOT_DATABASE_URL: "):
        load_settings()


def test_a_bot_api_url_with_an_impossible_port_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDBOT_BOT_API_URL", "http://127.0.0.1:99999")

    with pytest.raises(SettingsError, match="^FIELDBOT_BOT_API_URL: "):
        load_settings()


def test_an_empty_data_dir_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDBOT_DATA_DIR", "")

    with pytest.raises(SettingsError, match="^FIELDBOT_DATA_DIR: "):
        load_settings()
