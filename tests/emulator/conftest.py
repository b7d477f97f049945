"""Fixtures for the Bot API emulator tests: a running emulator, an HTTP client, images."""

import io
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from PIL import Image

from bot.emulator import BotApiEmulator

TOKEN = "123456:TEST-TOKEN"


class ApiClient:
    """Call the emulator over HTTP as a bot does, with form-encoded parameters."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def call(self, method: str, files: dict | None = None, **params: Any) -> httpx.Response:
        """POST a Bot API call; dicts and lists are JSON-encoded like python-telegram-bot."""
        data = {
            key: json.dumps(value) if isinstance(value, dict | list) else str(value)
            for key, value in params.items()
        }
        return await self.client.post(method, data=data, files=files)

    async def ok(self, method: str, files: dict | None = None, **params: Any) -> Any:
        """Make a call that must succeed and return its result."""
        body = (await self.call(method, files, **params)).json()
        assert body["ok"] is True, body
        return body["result"]

    async def error(
        self, method: str, files: dict | None = None, **params: Any
    ) -> tuple[int, str]:
        """Make a call that must fail and return its HTTP status and description."""
        response = await self.call(method, files, **params)
        body = response.json()
        assert body["ok"] is False, body
        assert body["error_code"] == response.status_code
        return response.status_code, body["description"]


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    """Provide a started emulator with flood limits off."""
    emulator = BotApiEmulator(token=TOKEN, bot_username="fieldbot_demo_bot")
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def api(emu: BotApiEmulator) -> AsyncIterator[ApiClient]:
    """Provide an HTTP client that calls the emulator with the right token."""
    # Plain HTTP to localhost: skipping the TLS context saves ~80 ms per test.
    base_url = f"{emu.url}/bot{TOKEN}/"
    async with httpx.AsyncClient(base_url=base_url, timeout=10, verify=False) as client:
        yield ApiClient(client)


@pytest.fixture
def make_image() -> Callable[..., bytes]:
    """Provide a factory of encoded images, optionally carrying EXIF with a GPS tag."""

    def build(
        width: int = 1600, height: int = 1200, fmt: str = "JPEG", exif: bool = False
    ) -> bytes:
        image = Image.new("RGB", (width, height), (200, 120, 40))
        buffer = io.BytesIO()
        if exif:
            tags = Image.Exif()
            tags[0x010F] = "FieldCam"  # Make
            tags[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS: latitude of a job site
            image.save(buffer, fmt, exif=tags)
        else:
            image.save(buffer, fmt)
        return buffer.getvalue()

    return build
