"""Benchmark: the bot's start with 100,000 pending reminders, its memory, and a burst.

Run from the repository root:  python -m benchmarks.reminders

The real `fieldbot run` runs in a subprocess against the Bot API emulator (flood limits on)
served by this process. It prints a table: the start time with an empty database and with
every reminder pending, the bot's peak memory, and for a burst of reminders all due at the
same instant, the delay from due time to arrival at the emulator, against the time Telegram's
30 messages a second allow. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.emulator import BotApiEmulator
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import Reminder, User

TOKEN = "123456:BENCH-TOKEN"
ENTRY_POINT = "from bot.main import main; main()"
FIRST_TELEGRAM_ID = 100_000
CHUNK = 10_000
RATE = 30


@dataclass
class Watch:
    """What the emulator saw: when polling began, and when each reminder arrived."""

    polling_at: float | None = None
    arrivals: list[tuple[float, int]] = field(default_factory=list)


def parse_args() -> argparse.Namespace:
    """Read the sizes of the run from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reminders", type=int, default=100_000, help="pending at start")
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--burst", type=int, default=1_000, help="due at the same instant")
    parser.add_argument(
        "--database-url", default="", help="an empty database (default: a new SQLite file)"
    )
    return parser.parse_args()


async def seed(engine: AsyncEngine, users: int, future: int) -> list[int]:
    """Store users and `future` reminders spread over the next 90 days; return user ids."""
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        rows = [
            {"telegram_id": FIRST_TELEGRAM_ID + n, "name": f"User {n}", "language": "en"}
            for n in range(users)
        ]
        await connection.execute(insert(User), [{**r, "digest_minute": None} for r in rows])
        ids = list(
            await connection.scalars(
                select(User.id).where(User.telegram_id >= FIRST_TELEGRAM_ID).order_by(User.id)
            )
        )
    spread = timedelta(days=90) / max(future, 1)
    for start in range(0, future, CHUNK):
        batch = [
            _reminder(ids[n % users], now + timedelta(hours=1) + spread * n, now)
            for n in range(start, min(start + CHUNK, future))
        ]
        async with engine.begin() as connection:
            await connection.execute(insert(Reminder), batch)
    return ids


def _reminder(user_id: int, due_at: datetime, now: datetime) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "text": "call the customer back",
        "due_at": due_at,
        "status": "pending",
        "created_at": now,
        "attempts": 0,
        "maybe_sent": False,
    }


async def add_burst(engine: AsyncEngine, ids: list[int], count: int, due_at: datetime) -> None:
    """Store `count` reminders all due at `due_at`, spread over the users."""
    now = datetime.now(UTC)
    rows = [_reminder(ids[n % len(ids)], due_at, now) for n in range(count)]
    async with engine.begin() as connection:
        await connection.execute(insert(Reminder), rows)


def watch(emu: BotApiEmulator) -> Watch:
    """Time the first getUpdates and every reminder the emulator receives."""
    seen = Watch()
    fetch, post = emu.state.updates.fetch, emu.state.post_bot_message

    async def timed_fetch(*args: Any, **kwargs: Any) -> Any:
        if seen.polling_at is None:
            seen.polling_at = time.monotonic()
        return await fetch(*args, **kwargs)

    def timed_post(*args: Any, **kwargs: Any) -> dict[str, Any]:
        message = post(*args, **kwargs)
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        seen.arrivals.append((time.time(), int(data.split(":")[1])))
        return message

    emu.state.updates.fetch = timed_fetch  # type: ignore[method-assign]
    emu.state.post_bot_message = timed_post  # type: ignore[method-assign]
    return seen


async def start_bot(url: str, emu: BotApiEmulator, data_dir: Path) -> Any:
    """Run `fieldbot run` against the emulator and the database at `url`."""
    env = {
        **os.environ,
        "FIELDBOT_TOKEN": TOKEN,
        "FIELDBOT_BOT_API_URL": emu.url,
        "FIELDBOT_DATABASE_URL": url,
        "FIELDBOT_DATA_DIR": str(data_dir),
        "FIELDBOT_LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", ENTRY_POINT, "run", cwd=data_dir, env=env
    )


async def time_start(url: str, emu: BotApiEmulator, seen: Watch, data_dir: Path) -> Any:
    """Start the bot; return the process once it polls, with the seconds that took."""
    seen.polling_at = None
    began = time.monotonic()
    process = await start_bot(url, emu, data_dir)
    async with asyncio.timeout(60):
        while seen.polling_at is None:  # noqa: ASYNC110 - the bot is another process
            await asyncio.sleep(0.01)
    return process, seen.polling_at - began


async def stop_bot(process: Any) -> None:
    """Stop the bot as an operator would, with SIGTERM."""
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 30)


def rss_mb(pid: int) -> tuple[float, float]:
    """Return the process's resident memory now and at its peak, in MB (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in status.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }
    return values["VmRSS"], values["VmHWM"]


async def wait_burst(seen: Watch, count: int, within: float) -> None:
    """Wait until `count` reminders have arrived at the emulator."""
    async with asyncio.timeout(within):
        while len(seen.arrivals) < count:  # noqa: ASYNC110 - the bot is another process
            await asyncio.sleep(0.05)


async def run(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """Start the bot on an empty database, then with every reminder pending; time the burst."""
    data_dir = Path(tempfile.mkdtemp(prefix="fieldbot-bench-"))
    url = args.database_url or f"sqlite+aiosqlite:///{data_dir / 'fieldbot.db'}"
    engine = create_engine(url)
    await upgrade(engine)
    emu = BotApiEmulator(token=TOKEN, flood_limits=True)
    await emu.start()
    seen = watch(emu)
    try:
        empty, empty_start = await time_start(url, emu, seen, data_dir)
        empty_rss, _ = rss_mb(empty.pid)
        await stop_bot(empty)

        future = args.reminders - args.burst
        began = time.monotonic()
        ids = await seed(engine, args.users, future)
        for telegram_id in range(FIRST_TELEGRAM_ID, FIRST_TELEGRAM_ID + args.users):
            emu.user(telegram_id, "bench")
        due_at = datetime.now(UTC) + timedelta(seconds=15)
        await add_burst(engine, ids, args.burst, due_at)
        seed_seconds = time.monotonic() - began

        process, full_start = await time_start(url, emu, seen, data_dir)
        await wait_burst(seen, args.burst, 15 + 3 * args.burst / RATE + 30)
        rss, peak = rss_mb(process.pid)
        await stop_bot(process)
    finally:
        await emu.stop()
        await engine.dispose()
    starts = Starts(empty_start, full_start, seed_seconds, empty_rss, rss, peak)
    return table(args, seen, due_at, starts, emu)


@dataclass(frozen=True)
class Starts:
    """The start and memory figures of the two runs of the bot."""

    empty: float
    full: float
    seeding: float
    empty_rss: float
    rss: float
    peak: float


def table(
    args: argparse.Namespace, seen: Watch, due_at: datetime, starts: Starts, emu: BotApiEmulator
) -> list[tuple[str, str, str]]:
    """Turn the measures into rows: measure, value, goal."""
    delays = sorted(at - due_at.timestamp() for at, _ in seen.arrivals)
    times = Counter(rid for _, rid in seen.arrivals)
    allowed = args.burst / RATE
    p95 = delays[int(len(delays) * 0.95) - 1]
    return [
        ("pending reminders at start", f"{args.reminders:,} ({args.users} users)", ""),
        ("seeding them (not the bot)", f"{starts.seeding:.1f} s", ""),
        ("start: spawn → polling, empty database", f"{starts.empty:.2f} s", ""),
        ("start: spawn → polling, all pending", f"{starts.full:.2f} s", "≤ 5 s"),
        ("bot memory at start, empty database", f"{starts.empty_rss:.0f} MB", ""),
        (
            "bot memory after the burst (RSS / peak)",
            f"{starts.rss:.0f} / {starts.peak:.0f} MB",
            "",
        ),
        ("burst: reminders due at the same instant", f"{args.burst:,}", ""),
        ("burst: delivered / twice / 429 answers", _counts(times, emu), "all / 0 / 0"),
        ("burst: delay to arrival, first", f"{delays[0]:.2f} s", ""),
        ("burst: delay to arrival, median", f"{statistics.median(delays):.2f} s", ""),
        ("burst: delay to arrival, p95", f"{p95:.2f} s", ""),
        ("burst: delay to arrival, last", f"{delays[-1]:.2f} s", f"≈ {allowed:.1f} s"),
        ("time 30 msg/s allows for the burst", f"{allowed:.1f} s", ""),
    ]


def _counts(times: Counter[int], emu: BotApiEmulator) -> str:
    twice = sum(1 for n in times.values() if n > 1)
    return f"{len(times):,} / {twice} / {emu.rejected_429}"


def print_table(rows: list[tuple[str, str, str]]) -> None:
    """Print the rows as a Markdown table."""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"| {'measure':<{widths[0]}} | {'value':<{widths[1]}} | {'goal':<{widths[2]}} |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")


def main() -> None:
    """Run the benchmark and print its table."""
    print_table(asyncio.run(run(parse_args())))


if __name__ == "__main__":
    main()
