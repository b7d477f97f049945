"""The "Did you mean …?" step before a new record that looks like an existing one."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.handlers.context import Context
from bot.handlers.keyboards import button, column
from bot.handlers.replies import say
from bot.search import Hit

KIND_ICONS = {"customer": "🏢", "contact": "👤", "site": "🏗"}


async def did_you_mean(
    update: Update, context: Context, twins: list[Hit], go_on: InlineKeyboardButton
) -> None:
    """List the look-alikes as buttons that open them, and a button to go on anyway."""
    buttons = [button(twin_label(hit)[:64], f"c:{hit.customer_id}") for hit in twins]
    await say(update, context, context._("Did you mean …?"), column([*buttons, go_on]))


def twin_label(hit: Hit) -> str:
    """Icon, name, the customer a contact belongs to, and the city."""
    parts = [f"{KIND_ICONS.get(hit.kind, '•')} {hit.name}"]
    if hit.kind != "customer" and hit.customer_name:
        parts.append(hit.customer_name)
    if hit.city:
        parts.append(hit.city)
    return " · ".join(parts)
