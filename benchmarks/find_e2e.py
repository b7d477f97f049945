"""Benchmark /find end to end: update in, buttons out, through the local Bot API emulator.

    python benchmarks/find_e2e.py [--customers 100000] [--queries 300] [--data-dir DIR]

Seeds a SQLite database (kept in --data-dir for the next run), starts the emulator and the
real bot, then times each round trip from the user's message to the bot's answer: /find with
a misspelt customer name, and /help as the baseline (same path, no search). Prints ready time
(start to polling, index included), p50/p95/p99 of both, and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bot.app import build_application, start_polling, stop_polling
from bot.emulator import BotApiEmulator
from bot.settings import Settings
from bot.synthetic import seed
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import Customer

TOKEN = "777:BENCH"
ADMIN = 4242


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "fb-e2e")
    return parser.parse_args()


def misspell(rng: random.Random, name: str) -> str:
    """Drop one letter of the longest word, as a thumb on a small keyboard does."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) > 4:
        cut = rng.randrange(1, len(word) - 1)
        words[longest] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


async def prepare_database(url: str, customers: int) -> list[str]:
    engine = create_engine(url)
    await upgrade(engine)
    async with engine.connect() as connection:
        have = len((await connection.execute(select(Customer.id).limit(customers))).all())
    if have < customers:
        await seed(engine, customers - have, seed=have + 1)
    async with engine.connect() as connection:
        names = (await connection.execute(select(Customer.name).limit(20_000))).scalars().all()
    await engine.dispose()
    return list(names)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def round_trips(user, texts: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    took = []
    for text in texts:
        started = time.perf_counter()
        await user.send_text(text)
        await user.next_message(timeout=30)
        took.append((time.perf_counter() - started) * 1000)
    return took


async def main() -> None:
    args = parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite+aiosqlite:///{args.data_dir / f'e2e-{args.customers}.db'}"
    names = await prepare_database(url, args.customers)
    rng = random.Random(7)
    queries = [f"/find {misspell(rng, rng.choice(names))}" for _ in range(args.queries)]

    emu = BotApiEmulator(token=TOKEN, bot_username="bench_bot")
    await emu.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        token=TOKEN,
        bot_api_url=emu.url,
        database_url=url,
        admin_ids=frozenset({ADMIN}),
        log_level="WARNING",
    )
    engine = create_engine(url)
    app = build_application(settings, engine)
    started = time.perf_counter()
    await start_polling(app)
    ready = time.perf_counter() - started
    user = emu.user(ADMIN, "Bench", language_code="en")
    await round_trips(user, ["/start"] * 5)

    found = await round_trips(user, queries)
    baseline = await round_trips(user, ["/help"] * args.queries)
    await stop_polling(app)
    await emu.stop()
    await engine.dispose()

    print(f"customers {args.customers:,}; ready (start to polling, index built) {ready:.2f} s")
    print(f"{'round trip':<12}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'mean':>10}")
    for label, values in (("/find", found), ("/help", baseline)):
        print(
            f"{label:<12}{len(values):>6}{percentile(values, 0.5):>10.1f}"
            f"{percentile(values, 0.95):>10.1f}{percentile(values, 0.99):>10.1f}"
            f"{statistics.mean(values):>10.1f}"
        )
    ratio = percentile(found, 0.95) / percentile(baseline, 0.95)
    print(f"/find p95 is {ratio:.2f}× the /help baseline p95")


if __name__ == "__main__":
    asyncio.run(main())
