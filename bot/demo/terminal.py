"""`fieldbot demo`: chat with the bot in the terminal, offline, as any demo user.

The bot runs unchanged against the local Bot API emulator; this module plays the Telegram
app: it prints the bot's messages, numbers their buttons, and turns what you type into
messages, button presses, photos, files, contact cards and locations.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application

from bot.app import build_application, start_polling, stop_polling
from bot.demo.company import DEMO_USERS, DemoUser, build_company
from bot.emulator import BotApiEmulator, BotMessage, EmulatedUser
from bot.settings import Settings
from storage.database import create_engine, create_sessionmaker, unit_of_work
from storage.migrate import upgrade

DEMO_TOKEN = "424242:DEMO-TOKEN-OFFLINE"
# After the first answer, this much silence means the bot is done answering.
POLL_SECONDS = 0.2
# How long the first answer to something sent to the bot may take on a busy machine.
FIRST_ANSWER_SECONDS = 5.0

HELP = """\
Demo commands (everything else goes to the bot as you type it):
  1, 2, 3…                 press that button of the last message that had buttons
  /as NAME                 talk as another demo user ({names})
  /photo PATH [caption]    send a photo        /file PATH   send a file
  /contact PHONE FIRST [LAST]                  share a contact card
  /location LAT LON        share a location    /quit        leave (Ctrl-C works too)
"""


class DemoChat:
    """Turns typed lines into Telegram actions and bot actions into printed lines."""

    def __init__(self, emu: BotApiEmulator, received: Path, out: Callable[[str], None]) -> None:
        self.users = {
            demo.first_name.lower(): (
                demo,
                emu.user(
                    demo.telegram_id,
                    demo.first_name,
                    last_name=demo.last_name,
                    language_code=demo.language,
                ),
            )
            for demo in DEMO_USERS
        }
        self.received = received
        self.out = out
        self.current: tuple[DemoUser, EmulatedUser] = next(iter(self.users.values()))
        self.buttons: list[tuple[BotMessage, str]] = []
        self.sent = False

    @property
    def user(self) -> EmulatedUser:
        return self.current[1]

    def prompt(self) -> str:
        demo = self.current[0]
        roles = ", ".join(demo.roles)
        return f"[{demo.first_name} {demo.last_name} · {roles}]"

    async def handle(self, line: str) -> bool:
        """Act on one typed line; return False when the user wants to leave."""
        line = line.strip()
        if not line:
            return True
        word, _, rest = line.partition(" ")
        if word == "/quit":
            return False
        if line.isdigit() and self.buttons:
            await self._press(int(line))
            return True
        actions = {
            "/as": self._switch,
            "/photo": self._photo,
            "/file": self._file,
            "/contact": self._contact,
            "/location": self._location,
        }
        if word in actions:
            await actions[word](rest.strip())
        else:
            await self.user.send_text(line[:4096])
            self.sent = True
        return True

    async def show_replies(self) -> None:
        """Print whatever the bot did in the current user's chat since last time."""
        wait = FIRST_ANSWER_SECONDS if self._sent_since_shown() else POLL_SECONDS
        while True:
            try:
                message = await self.user.next_message(timeout=wait)
            except AssertionError:
                return
            self._print(message)
            wait = POLL_SECONDS

    def _sent_since_shown(self) -> bool:
        """Tell whether the user sent the bot something since replies were last shown."""
        sent, self.sent = self.sent, False
        return sent

    def _print(self, message: BotMessage) -> None:
        if self.buttons and self.buttons[0][0].message_id == message.message_id:
            self.buttons = []  # edited or deleted: its old buttons are gone
        if message.kind == "deleted":
            self.out("🤖 (a message was deleted)")
            return
        mark = "🤖 (edited) " if message.kind == "edited" else "🤖 "
        body = message.text or message.caption or ""
        if message.file_data is not None:
            body += "\n   " + self._save(message)
        self.out(mark + body.replace("\n", "\n   "))
        if message.buttons:
            self.buttons = [(message, data) for row in message.buttons for _, data in row if data]
            labels = [label for row in message.buttons for label, data in row if data]
            self.out("   " + "  ".join(f"[{n}] {label}" for n, label in enumerate(labels, 1)))

    def _save(self, message: BotMessage) -> str:
        name = message.file_name or f"photo-{message.chat_id}-{message.message_id}.jpg"
        path = self.received / f"{message.message_id}-{Path(name).name}"
        path.write_bytes(message.file_data or b"")
        return f"📎 saved to {path}"

    async def _press(self, number: int) -> None:
        if not 1 <= number <= len(self.buttons):
            self.out(f"(no button {number}; the last message has {len(self.buttons)})")
            return
        message, data = self.buttons[number - 1]
        if data.startswith(("http://", "https://")):
            self.out(f"(a link: {data})")
            return
        try:
            await self.user.press(message, callback_data=data)
        except LookupError:
            self.out("(that button is no longer on the message)")
            return
        self.sent = True

    async def _switch(self, name: str) -> None:
        found = self.users.get(name.lower())
        if found is None:
            self.out(f"(no demo user {name!r}; try one of: {', '.join(self.users)})")
            return
        self.current, self.buttons = found, []
        self.out(f"(you are now {self.prompt()}; send /start if it is their first time)")

    async def _photo(self, rest: str) -> None:
        path_text, _, caption = rest.partition(" ")
        data = self._read(path_text)
        if data is not None:
            await self.user.send_photo(data, caption or None)
            self.sent = True

    async def _file(self, rest: str) -> None:
        data = self._read(rest)
        if data is not None:
            mime = mimetypes.guess_type(rest)[0] or "application/octet-stream"
            await self.user.send_document(data, Path(rest).name, mime)
            self.sent = True

    async def _contact(self, rest: str) -> None:
        parts = rest.split()
        if len(parts) < 2:
            self.out("(usage: /contact PHONE FIRST [LAST])")
            return
        await self.user.send_contact(parts[0], parts[1], " ".join(parts[2:]) or None)
        self.sent = True

    async def _location(self, rest: str) -> None:
        try:
            lat, lon = (float(part) for part in rest.split())
        except ValueError:
            self.out("(usage: /location 45.76 4.84)")
            return
        await self.user.send_location(lat, lon)
        self.sent = True

    def _read(self, path_text: str) -> bytes | None:
        try:
            return Path(path_text).expanduser().read_bytes()
        except OSError as error:
            self.out(f"(cannot read {path_text!r}: {error.strerror or error})")
            return None


def demo_settings(base: Settings, emu: BotApiEmulator, data_dir: Path) -> Settings:
    """The operator's time zone and language, with the emulator and a fresh data dir."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        token=DEMO_TOKEN,
        bot_api_url=emu.url,
        data_dir=data_dir,
        admin_ids=frozenset({DEMO_USERS[0].telegram_id}),
        timezone=base.timezone,
        language=base.language,
        log_level=base.log_level,
    )


@dataclass
class DemoRun:
    """A running demo: what to chat through, and what to stop at the end."""

    emu: BotApiEmulator
    engine: AsyncEngine
    app: Application  # type: ignore[type-arg]
    chat: DemoChat
    data_dir: Path

    async def stop(self) -> None:
        await stop_polling(self.app)
        await self.emu.stop()
        await self.engine.dispose()


async def start_demo(base: Settings, data_dir: Path, out: Callable[[str], None]) -> DemoRun:
    """Build Constructio in `data_dir`, start the emulator and the bot."""
    emu = BotApiEmulator(token=DEMO_TOKEN, bot_username="constructio_demo_bot")
    await emu.start()
    settings = demo_settings(base, emu, data_dir)
    engine = create_engine(settings.effective_database_url)
    await upgrade(engine)
    async with unit_of_work(create_sessionmaker(engine)) as session:
        customers = await build_company(session, datetime.now(UTC))
    app = build_application(settings, engine)
    await start_polling(app)

    received = data_dir / "received"
    received.mkdir(exist_ok=True)
    out(
        f"Constructio is ready: {len(DEMO_USERS)} users, {customers} customers. Data in {data_dir}"
    )
    return DemoRun(emu, engine, app, DemoChat(emu, received, out), data_dir)


async def run_demo(base: Settings) -> None:
    """Run the terminal chat until /quit, end of input or Ctrl-C."""
    # The chat is the show: keep routine INFO lines from interleaving with it.
    for name in ("", "alembic"):
        logging.getLogger(name).setLevel(max(logging.getLogger().level, logging.WARNING))
    run = await start_demo(base, Path(tempfile.mkdtemp(prefix="fieldbot-demo-")), print)
    chat = run.chat
    print(HELP.format(names=", ".join(chat.users)))
    lines = _stdin_lines()
    try:
        await chat.handle("/start")
        while True:
            await chat.show_replies()
            sys.stdout.write(f"{chat.prompt()} › ")
            sys.stdout.flush()
            line = await lines.get()
            if line is None or not await chat.handle(line):
                break
    finally:
        await run.stop()
        print("\nBye. The demo data stays in", run.data_dir)


def _stdin_lines() -> asyncio.Queue[str | None]:
    """Read stdin in a daemon thread, so Ctrl-C or /quit never waits on a blocked read."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, daemon=True, name="demo-stdin").start()
    return queue
