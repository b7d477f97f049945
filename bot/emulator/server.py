"""The HTTP face of the emulator: Telegram's routes, envelope, and the test's handle."""

import hmac
import inspect
import logging
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.emulator import editing, queries, sending
from bot.emulator.errors import ApiError
from bot.emulator.params import read_params
from bot.emulator.state import EmulatorState
from bot.emulator.users import EmulatedGroup, EmulatedUser

logger = logging.getLogger(__name__)

METHODS = {**sending.METHODS, **editing.METHODS, **queries.METHODS}
UPLOAD_LIMIT = 50 * 1024 * 1024


class BotApiEmulator:
    """A local Telegram Bot API server, and the users who talk to the bot through it."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "fieldbot_demo_bot",
        *,
        bot_name: str = "Fieldbot",
        flood_limits: bool = False,
        files_dir: Path | None = None,
    ) -> None:
        prefix = token.partition(":")[0]
        bot_id = int(prefix) if prefix.isdigit() else 1
        bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.state = EmulatorState(token, bot_user, flood_limits, files_dir)
        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    @property
    def token(self) -> str:
        """Return the bot token the emulator accepts."""
        return self.state.token

    @property
    def url(self) -> str:
        """Return the root URL, "http://127.0.0.1:PORT"; the bot's base_url is url + "/bot"."""
        if self._url is None:
            raise RuntimeError("the emulator is not started; await emu.start() first")
        return self._url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve the Bot API; port 0 lets the system choose a free port."""
        self.state.updates.closed = False
        app = web.Application(client_max_size=UPLOAD_LIMIT)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()

        address = self._runner.addresses[0]
        self._url = f"http://{address[0]}:{address[1]}"
        logger.info("Bot API emulator listening on %s", self._url)

    async def stop(self) -> None:
        """Answer pending long polls and stop serving."""
        self.state.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        logger.info("Bot API emulator stopped")

    async def __aenter__(self) -> "BotApiEmulator":
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> EmulatedUser:
        """Create a user and their private chat with the bot (chat id == user id)."""
        info: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        optional = {"last_name": last_name, "username": username, "language_code": language_code}
        info.update({key: value for key, value in optional.items() if value is not None})
        return EmulatedUser(self.state, info)

    def group(self, chat_id: int, title: str) -> EmulatedGroup:
        """Create a group chat the bot is a member of."""
        chat = self.state.add_chat({"id": chat_id, "type": "group", "title": title})
        return EmulatedGroup(self.state, chat)

    def commands(self, scope: str = "default", language_code: str = "") -> list[dict[str, str]]:
        """Return what setMyCommands stored for a scope ("default", "chat:42"...) and language."""
        return self.state.commands.get((scope, language_code), [])

    def file_bytes(self, file_id: str) -> bytes:
        """Return the bytes of a file the emulator stores."""
        stored = self.state.files.get(file_id)
        if stored is None:
            raise LookupError(f"no file with id {file_id!r}")
        return self.state.files.read(stored)

    @property
    def flood_limits(self) -> bool:
        """Tell whether flood limits (429 answers) are on."""
        return self.state.flood_limits

    @flood_limits.setter
    def flood_limits(self, enabled: bool) -> None:
        self.state.flood_limits = enabled

    @property
    def sent_count(self) -> int:
        """Count the messages the bot sent or edited successfully."""
        return self.state.sent_count

    @property
    def rejected_429(self) -> int:
        """Count the calls refused with 429 Too Many Requests."""
        return self.state.rejected_429

    def _token_ok(self, request: web.Request) -> bool:
        given = request.match_info["token"].encode()
        return hmac.compare_digest(given, self.state.token.encode())

    async def _api(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return web.json_response(ApiError(401, "Unauthorized").envelope(), status=401)
        name = request.match_info["method"]
        method = METHODS.get(name.lower())
        if method is None:
            logger.warning("the emulator does not implement Bot API method %s", name)
            return web.json_response(ApiError(404, "Not Found").envelope(), status=404)

        logger.debug("Bot API call %s", name)
        try:
            params = await read_params(request)
            result = method(self.state, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            logger.debug("Bot API call %s refused: %s", name, error.description)
            return web.json_response(error.envelope(), status=error.status)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return web.json_response(ApiError(401, "Unauthorized").envelope(), status=401)
        stored = self.state.files.by_path(request.match_info["path"])
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").envelope(), status=404)
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=self.state.files.read(stored), content_type=content_type)
