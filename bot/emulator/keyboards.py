"""Reply markup: inline keyboards checked against Telegram's rules, reply keyboards kept."""

from dataclasses import dataclass
from typing import Any

from bot.emulator.errors import bad_request
from bot.emulator.params import Params

CALLBACK_DATA_LIMIT = 64
BUTTON_LIMIT = 100
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "copy_text",
    "callback_game",
    "pay",
)


@dataclass(frozen=True)
class Markup:
    """The reply_markup of a call: the inline keyboard kept on the message, or a reply one."""

    inline: dict[str, Any] | None = None
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False


def read_markup(params: Params) -> Markup:
    """Read and check the optional `reply_markup` parameter."""
    markup = params.json("reply_markup")
    if markup is None:
        return Markup()
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")

    if "inline_keyboard" in markup:
        return Markup(inline={"inline_keyboard": _check_inline(markup["inline_keyboard"])})
    if "keyboard" in markup:
        return Markup(reply_keyboard=_reply_texts(markup["keyboard"]))
    if markup.get("remove_keyboard"):
        return Markup(remove_keyboard=True)
    if markup.get("force_reply"):
        return Markup()
    raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup JSON object")
    if sum(len(row) for row in rows) > BUTTON_LIMIT:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            _check_button(button)
    return rows


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_INVALID")
    if not any(key in button for key in _BUTTON_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not button["url"]:
        raise bad_request("BUTTON_URL_INVALID")


def _reply_texts(rows: Any) -> list[list[str]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]


def button_pairs(inline: dict[str, Any] | None) -> list[list[tuple[str, str | None]]]:
    """Return an inline keyboard as rows of (text, callback_data or url)."""
    if not inline:
        return []
    return [
        [(button["text"], button.get("callback_data", button.get("url"))) for button in row]
        for row in inline["inline_keyboard"]
    ]
