"""The gate every update passes first: private chats, known and active users only."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.domain.users import find_user, to_actor
from bot.handlers.context import Context
from bot.i18n import pick_language, translator
from storage.database import unit_of_work

logger = logging.getLogger(__name__)

LANGUAGE = "language"


async def gate(update: Update, context: Context) -> None:
    """Attach the acting user and language, or answer and stop the update here."""
    tg_user = update.effective_user
    if tg_user is None:
        raise ApplicationHandlerStop

    async with unit_of_work(context.services.sessions) as session:
        user = await find_user(session, tg_user.id)
    active = user is not None and user.active
    context.actor = to_actor(user) if user is not None and active else None
    context.language = pick_language(
        user.language if user else None,
        tg_user.language_code,
        context.services.settings.language,
    )
    context._ = translator(context.language)
    if context.user_data is not None:
        # The error handler gets a fresh context; this is how it learns the language.
        context.user_data[LANGUAGE] = context.language

    refusal = _refusal(update, context, known=active)
    if refusal is not None:
        logger.info("update %s from telegram user %s refused", update.update_id, tg_user.id)
        await _answer(update, context, refusal)
        raise ApplicationHandlerStop


def _refusal(update: Update, context: Context, *, known: bool) -> str | None:
    _ = context._
    if not known and not _is_start(update):
        return _("Sorry, this bot is for the company's staff only.")
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        return _("I only work in a private chat. Write to me directly.")
    if update.edited_message is not None:
        return _("Edited messages are not read again. Send a new message instead.")
    return None


def _is_start(update: Update) -> bool:
    """Let /start through for strangers: it carries invite codes and admin sign-up."""
    text = update.message.text if update.message else None
    return bool(text) and (text == "/start" or text.startswith("/start "))


async def _answer(update: Update, context: Context, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.inline_query is not None:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
