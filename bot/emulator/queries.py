"""Bot API methods that send no message: getMe, getUpdates, deleteWebhook, commands,
callback and inline query answers, getFile."""

import re
from collections import Counter
from typing import Any

from bot.emulator.errors import bad_request
from bot.emulator.files import DOWNLOAD_LIMIT
from bot.emulator.params import Params
from bot.emulator.state import EmulatorState, InlineAnswer

QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
ANSWER_TEXT_LIMIT = 200
INLINE_RESULTS_LIMIT = 50
COMMAND_LIMIT = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def get_me(state: EmulatorState, params: Params) -> dict[str, Any]:
    """Describe the bot."""
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(state: EmulatorState, params: Params) -> list[dict[str, Any]]:
    """Confirm updates before `offset`, then long-poll up to `timeout` seconds."""
    limit = min(max(params.integer("limit") or 100, 1), 100)
    timeout = max(params.number("timeout", 0.0), 0.0)
    allowed = params.json("allowed_updates")
    if allowed is not None and not isinstance(allowed, list):
        raise bad_request("can't parse allowed_updates JSON object")
    return await state.updates.fetch(params.integer("offset"), limit, timeout, allowed)


def delete_webhook(state: EmulatorState, params: Params) -> bool:
    """Accept the call polling bots make at start; drop pending updates if asked."""
    if params.flag("drop_pending_updates"):
        state.updates.clear()
    return True


def set_my_commands(state: EmulatorState, params: Params) -> bool:
    """Store the command menu for a scope and language."""
    commands = params.json("commands")
    if not isinstance(commands, list) or len(commands) > COMMAND_LIMIT:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        _check_command(command)

    key = _commands_key(params)
    stored = [{"command": c["command"], "description": c["description"]} for c in commands]
    state.commands[key] = stored
    return True


def get_my_commands(state: EmulatorState, params: Params) -> list[dict[str, str]]:
    """Return the command menu stored for exactly this scope and language."""
    return state.commands.get(_commands_key(params), [])


def delete_my_commands(state: EmulatorState, params: Params) -> bool:
    """Forget the command menu of a scope and language."""
    state.commands.pop(_commands_key(params), None)
    return True


def answer_callback_query(state: EmulatorState, params: Params) -> bool:
    """Answer a button press once; record the answer for the pressing user."""
    query_id = params.text("callback_query_id") or ""
    query = state.callback_queries.get(query_id)
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    text = params.text("text") or ""
    if len(text) > ANSWER_TEXT_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")

    query.answered = True
    answer = {
        "callback_query_id": query_id,
        "text": text or None,
        "show_alert": params.flag("show_alert"),
        "url": params.text("url"),
        "cache_time": params.integer("cache_time") or 0,
    }
    state.callback_answers.setdefault(query.user_id, []).append(answer)
    return True


def answer_inline_query(state: EmulatorState, params: Params) -> bool:
    """Hand the results of an inline query to the user waiting for them."""
    waiter = state.inline_queries.get(params.text("inline_query_id") or "")
    if waiter is None or waiter.done():
        raise bad_request(QUERY_TOO_OLD)
    results = params.json("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise bad_request("can't parse results JSON object")
    if len(results) > INLINE_RESULTS_LIMIT:
        raise bad_request("RESULTS_TOO_MUCH")
    if any(count > 1 for count in Counter(str(r.get("id")) for r in results).values()):
        raise bad_request("RESULT_ID_DUPLICATE")

    cache_time = params.integer("cache_time")
    answer = InlineAnswer(
        results=results,
        is_personal=params.flag("is_personal"),
        cache_time=300 if cache_time is None else cache_time,
        next_offset=params.text("next_offset") or "",
    )
    waiter.set_result(answer)
    return True


def get_file(state: EmulatorState, params: Params) -> dict[str, Any]:
    """Give the download path of a file."""
    stored = state.files.get(params.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > DOWNLOAD_LIMIT:
        raise bad_request("file is too big")
    return stored.describe()


def _check_command(command: Any) -> None:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    if not _COMMAND.fullmatch(str(command.get("command", ""))):
        raise bad_request("BOT_COMMAND_INVALID")
    if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
        raise bad_request("command description must be 1-256 characters long")


def _commands_key(params: Params) -> tuple[str, str]:
    return scope_key(params.json("scope")), params.text("language_code") or ""


def scope_key(scope: Any) -> str:
    """Name a BotCommandScope: "default", "all_private_chats", "chat:42", "chat_member:42:7"."""
    if not scope:
        return "default"
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    parts = [str(scope["type"])] + [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
    return ":".join(parts)


METHODS = {
    "getme": get_me,
    "getupdates": get_updates,
    "deletewebhook": delete_webhook,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "answercallbackquery": answer_callback_query,
    "answerinlinequery": answer_inline_query,
    "getfile": get_file,
}
