"""Bot API failures, answered to the bot in Telegram's error envelope."""

from typing import Any


class ApiError(Exception):
    """A refused Bot API call: HTTP status, Telegram's description, optional retry delay."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> dict[str, Any]:
        """Return the JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """Build a 400 error worded as Telegram words it ("Bad Request: ...")."""
    return ApiError(400, f"Bad Request: {reason}")
