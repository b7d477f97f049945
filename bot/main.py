"""The `fieldbot` command: read settings, set up logging, start what was asked."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run one subcommand."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(require_token=args.command == "run")
    except SettingsError as error:
        sys.exit(f"fieldbot: {error}")
    configure_logging(settings.log_level, [settings.token])
    args.action(settings, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldbot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling)").set_defaults(action=_run)
    commands.add_parser("demo", help="offline demo chat in the terminal").set_defaults(
        action=_demo
    )
    seed = commands.add_parser("seed", help="write synthetic customers for benchmarks")
    seed.add_argument("--customers", type=_positive, required=True, metavar="N")
    seed.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    seed.set_defaults(action=_seed)
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("operation", choices=["upgrade"])
    db.set_defaults(action=_db)
    return parser


def _run(settings: Settings, _args: argparse.Namespace) -> None:
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application

    engine = _open_database(settings)
    try:
        build_application(settings, engine).run_polling(allowed_updates=None)
    except InvalidToken:
        sys.exit("fieldbot: FIELDBOT_TOKEN: the Bot API refused this token")
    except NetworkError as error:
        sys.exit(
            f"fieldbot: FIELDBOT_BOT_API_URL: cannot reach {settings.bot_api_url} "
            f"({type(error).__name__})"
        )


def _open_database(settings: Settings) -> AsyncEngine:
    """Open the database and migrate it; stop with one line naming the setting if it fails."""
    from storage.database import create_engine
    from storage.migrate import upgrade

    async def migrate(engine: AsyncEngine) -> None:
        await upgrade(engine)
        await engine.dispose()

    variable = "FIELDBOT_DATABASE_URL" if settings.database_url else "FIELDBOT_DATA_DIR"
    try:
        engine = create_engine(settings.effective_database_url)
        asyncio.run(migrate(engine))
    except (OSError, SQLAlchemyError) as error:
        # The error's text may quote the URL and its password: name its kind only.
        sys.exit(f"fieldbot: {variable}: cannot open the database ({type(error).__name__})")
    return engine


def _demo(settings: Settings, _args: argparse.Namespace) -> None:
    from bot.demo.terminal import run_demo

    # Ctrl-C ends the demo; run_demo has already stopped the bot and the emulator.
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_demo(settings))


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(text)


def _seed(settings: Settings, args: argparse.Namespace) -> None:
    from bot.synthetic import seed

    engine = _open_database(settings)

    async def write() -> None:
        report = await seed(engine, args.customers, seed=args.seed)
        await engine.dispose()
        print(
            f"wrote {report.customers} customers, {report.contacts} contacts, {report.sites} sites"
        )

    asyncio.run(write())


def _db(settings: Settings, _args: argparse.Namespace) -> None:
    _open_database(settings)
    print("database schema is up to date")
