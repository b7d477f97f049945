"""`fieldbot` started as an operator would: a bad token or database stops it in one line."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINT = "from bot.main import main; main()"
WRONG_TOKEN = "123456:WRONG-SECRET"


async def run_fieldbot(cwd: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run `fieldbot ARGS` with only these FIELDBOT_* settings; return exit code and stderr."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("FIELDBOT_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        ENTRY_POINT,
        *args,
        cwd=cwd,
        env={**base, "PYTHONPATH": str(ROOT), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_a_token_the_bot_api_refuses_stops_the_bot_in_one_line_without_it(
    tmp_path: Path,
) -> None:
    async with BotApiEmulator(token="123456:RIGHT-SECRET") as emu:
        code, stderr = await run_fieldbot(
            tmp_path,
            "run",
            FIELDBOT_TOKEN=WRONG_TOKEN,
            FIELDBOT_BOT_API_URL=emu.url,
            FIELDBOT_LOG_LEVEL="ERROR",
        )

    assert code == 1
    assert WRONG_TOKEN not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "fieldbot: FIELDBOT_TOKEN: the Bot API refused this token"
    )


async def test_a_data_dir_that_cannot_be_made_stops_the_command_in_one_line(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    code, stderr = await run_fieldbot(
        tmp_path, "db", "upgrade", FIELDBOT_DATA_DIR=str(blocker / "data")
    )

    assert code == 1
    assert stderr.strip().splitlines() == [
        "fieldbot: FIELDBOT_DATA_DIR: cannot open the database (NotADirectoryError)"
    ]
