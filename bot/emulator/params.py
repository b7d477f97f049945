"""Read Bot API call parameters from query strings, forms, multipart uploads and JSON."""

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.emulator.errors import bad_request

_TRUE = {"true", "1", "yes"}


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """Typed access to one call's parameters, whichever encoding the client chose."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    def text(self, name: str) -> str | None:
        """Return a string parameter, or None when absent."""
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str) -> int | None:
        """Return an integer parameter, or None when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def required_integer(self, name: str, missing: str) -> int:
        """Return an integer parameter, refusing the call with `missing` when absent."""
        value = self.integer(name)
        if value is None:
            raise bad_request(missing)
        return value

    def number(self, name: str, default: float) -> float:
        """Return a numeric parameter, or `default` when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        """Return a boolean parameter; absent means False."""
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        return str(value).lower() in _TRUE

    def json(self, name: str) -> Any:
        """Return a JSON-encoded parameter decoded (JSON bodies hold it already decoded)."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def upload(self, reference: str) -> Upload | None:
        """Return the uploaded part named directly or through an "attach://" reference."""
        return self.uploads.get(reference.removeprefix("attach://"))


async def read_params(request: web.Request) -> Params:
    """Collect the parameters of a request: query string, then body."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return Params(values)

    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON request body must be an object")
        values.update(body)
        return Params(values)

    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = Upload(value.file.read(), value.filename, value.content_type)
        else:
            values[key] = value
    return Params(values, uploads)
