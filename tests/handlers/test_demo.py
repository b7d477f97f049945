"""`fieldbot demo`: the Constructio company and the terminal chat."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from bot.demo.terminal import DemoRun, start_demo
from bot.settings import Settings


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[tuple[DemoRun, list[str]]]:
    lines: list[str] = []
    run = await start_demo(Settings(_env_file=None), tmp_path, lines.append)  # type: ignore[call-arg]
    yield run, lines
    await run.stop()


async def say(run: DemoRun, lines: list[str], text: str) -> str:
    """Type one line in the demo and return what it printed in answer."""
    lines.clear()
    await run.chat.handle(text)
    await run.chat.show_replies()
    return "\n".join(lines)


async def test_demo_company_has_users_of_every_role_and_customers(
    demo: tuple[DemoRun, list[str]],
) -> None:
    run, lines = demo

    assert "6 users, 30 customers" in lines[0]
    assert {role for user, _ in run.chat.users.values() for role in user.roles} == {
        "admin",
        "sales",
        "field",
        "support",
        "warehouse",
        "finance",
    }


async def test_buttons_are_numbered_and_pressed_by_number(
    demo: tuple[DemoRun, list[str]],
) -> None:
    run, lines = demo
    await say(run, lines, "/start")

    found = await say(run, lines, "Dupont")
    card = await say(run, lines, "1")

    assert "[1] " in found
    assert "➕ Contact" in card and "(edited)" in card


async def test_a_number_after_the_buttons_went_away_is_typed_text_not_a_crash(
    demo: tuple[DemoRun, list[str]],
) -> None:
    run, lines = demo
    await say(run, lines, "/start")
    await say(run, lines, "/remind rappeler Dupont demain 9h")

    asked = await say(run, lines, "2")
    typed = await say(run, lines, "1")

    assert "Quand ?" in asked
    assert "Je n'ai pas trouvé quand" in typed


async def test_switching_user_talks_as_that_user(demo: tuple[DemoRun, list[str]]) -> None:
    run, lines = demo

    switched = await say(run, lines, "/as nadia")
    welcome = await say(run, lines, "/start")

    assert "Nadia Roux · support" in switched
    assert "Hello Nadia Roux" in welcome


async def test_a_photo_is_sent_from_a_file_path(
    demo: tuple[DemoRun, list[str]], tmp_path: Path
) -> None:
    run, lines = demo
    await say(run, lines, "/start")
    image = tmp_path / "meter.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, "JPEG")
    image.write_bytes(buffer.getvalue())

    answer = await say(run, lines, f"/photo {image} compteur")
    missing = await say(run, lines, "/photo /no/such/file.jpg")

    assert "photo" in answer.lower()
    assert "cannot read" in missing


def test_demo_command_starts_chats_and_quits_cleanly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from bot.main import main; main()", "demo"],
        input="Dupont\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "FIELDBOT_LANGUAGE": "fr", "TMPDIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stderr
    assert "Bonjour Claire Martin" in result.stdout
    # Constructio has three Duponts, so the search lists them instead of opening one card.
    assert "Résultats pour « Dupont » :" in result.stdout
    for label in (
        "🏢 SARL Dupont Rénovation · Grenoble",
        "🏢 Paul Dupont · Chambéry",
        "🏢 Hélène Dupont · Bourg-en-Bresse",
    ):
        assert label in result.stdout
    assert "Traceback" not in result.stderr
    # The chat is the show: routine log lines stay out of it.
    assert " INFO " not in result.stdout + result.stderr
