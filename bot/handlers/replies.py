"""Sending answers: HTML-escaped, short, edited in place when a button was pressed."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.handlers.context import Context

logger = logging.getLogger(__name__)

TEXT_LIMIT = 4096


def esc(value: object) -> str:
    """Escape a stored value for Telegram HTML."""
    return html.escape(str(value), quote=False)


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    """Keep an HTML message within Telegram's length limit, without splitting tag or entity.

    Lines are whole HTML pieces (a bold name, an escaped "&amp;"), so the cut is made at the
    end of the last line that fits.
    """
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 1)
    if cut <= 0:
        cut = limit - 1
        entity = text.rfind("&", 0, cut)
        if entity >= 0 and ";" not in text[entity:cut]:
            cut = entity
    return text[:cut] + "…"


async def say(
    update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None
) -> int | None:
    """Send a new message to the chat the update came from; return its id."""
    chat = update.effective_chat
    if chat is None:
        return None
    sent = await context.bot.send_message(
        chat.id, clip(text), parse_mode="HTML", reply_markup=markup
    )
    return sent.message_id


async def show(
    update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None
) -> int | None:
    """Answer a button press by editing its message in place; otherwise send a message.

    Return the id of the message that shows the text.
    """
    query = update.callback_query
    if query is None or query.message is None:
        return await say(update, context, text, markup)
    await query.answer()
    try:
        await query.edit_message_text(clip(text), parse_mode="HTML", reply_markup=markup)
    except BadRequest as error:
        # Pressing the same button twice asks for the same content: nothing to change.
        if "not modified" not in str(error):
            raise
    return query.message.message_id


async def show_buttons(update: Update, markup: InlineKeyboardMarkup) -> None:
    """Answer a button press by changing only the buttons of its message."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:
        # A double tap asks for the buttons already shown.
        if "not modified" not in str(error):
            raise


async def refuse_button(update: Update, context: Context) -> None:
    """Answer a stale, forged or no-longer-allowed button with a short notice."""
    query = update.callback_query
    if query is not None:
        await query.answer(context._("This button is no longer valid."), show_alert=True)
